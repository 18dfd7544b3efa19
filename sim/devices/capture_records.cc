// Read-back answers of the virtual camera: see capture_records.h.
#include "sim/devices/capture_records.h"

#include <cstdlib>

#include "rules/local_time.h"

namespace gate::sim {

namespace {

std::string two_digits(int v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

std::string capture_time(int64_t unix_ms, int utc_offset_minutes) {
  std::string out;
  for (char c : rules::local_time(unix_ms, utc_offset_minutes)) {  // YYYY-MM-DD HH:MM:SS
    if (c == ' ') {
      out += 'T';
    } else if (c != '-' && c != ':') {
      out += c;
    }
  }
  const int off = std::abs(utc_offset_minutes);
  return out + (utc_offset_minutes < 0 ? "-" : "+") + two_digits(off / 60) + two_digits(off % 60);
}

}  // namespace

std::string hikvision_plates_answer(const std::vector<SimCapture>& captures, int64_t after_ms,
                                    int utc_offset_minutes) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Plates version=\"2.0\" xmlns=\"http://www.hikvision.com/ver20/XMLSchema\">\n";
  int n = 0;
  for (const auto& c : captures) {
    if (c.unix_ms < after_ms) continue;
    xml += "<Plate>\n<captureTime>" + capture_time(c.unix_ms, utc_offset_minutes) +
           "</captureTime>\n<plateNumber>" + c.plate + "</plateNumber>\n<picName>" +
           std::to_string(c.unix_ms) + std::to_string(++n) +
           "</picName>\n<country>CHN</country>\n<laneNo>1</laneNo>\n"
           "<direction>forward</direction>\n</Plate>\n";
  }
  return xml + "</Plates>\n";
}

std::string dahua_records_answer(const std::vector<SimCapture>& captures, int64_t from_ms,
                                 int64_t to_ms) {
  std::string records;
  int n = 0;
  for (const auto& c : captures) {
    if (c.unix_ms < from_ms || c.unix_ms > to_ms) continue;
    const std::string at = "records[" + std::to_string(n) + "].";
    records += at + "RecNo=" + std::to_string(n + 1) + "\r\n" + at + "PlateNumber=" + c.plate +
               "\r\n" + at + "Time=" + std::to_string(c.unix_ms / 1000) + "\r\n";
    ++n;
  }
  return "found=" + std::to_string(n) + "\r\n" + records;
}

}  // namespace gate::sim
