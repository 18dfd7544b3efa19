#include "drivers/display/display_frame.h"

namespace gate::drivers {

const char* colour_name(DisplayColour c) {
  switch (c) {
    case DisplayColour::kGreen:
      return "green";
    case DisplayColour::kRed:
      return "red";
    case DisplayColour::kYellow:
      return "yellow";
    case DisplayColour::kWhite:
      return "white";
  }
  return "white";
}

namespace {

char colour_code(DisplayColour c) {
  switch (c) {
    case DisplayColour::kGreen:
      return 'G';
    case DisplayColour::kRed:
      return 'R';
    case DisplayColour::kYellow:
      return 'Y';
    case DisplayColour::kWhite:
      return 'W';
  }
  return 'W';
}

// Longest prefix of at most `max` bytes that does not split a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

uint16_t crc16_modbus(std::string_view bytes) {
  uint16_t crc = 0xFFFF;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int i = 0; i < 8; ++i)
      crc = (crc & 1) ? static_cast<uint16_t>((crc >> 1) ^ 0xA001) : crc >> 1;
  }
  return crc;
}

std::string encode_display_frame(uint8_t address, const DisplayMessage& m) {
  std::string payload;
  payload += static_cast<char>(kDisplayCmdShow);
  payload += colour_code(m.colour);
  const std::size_t count = std::min(m.lines.size(), kDisplayMaxLines);
  payload += static_cast<char>(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view line = utf8_prefix(m.lines[i], kDisplayMaxLineBytes);
    payload += static_cast<char>(line.size());
    payload += line;
  }
  std::string body;
  body += static_cast<char>(address);
  body += static_cast<char>((payload.size() >> 8) & 0xFF);
  body += static_cast<char>(payload.size() & 0xFF);
  body += payload;
  const uint16_t crc = crc16_modbus(body);
  std::string frame;
  frame += static_cast<char>(kDisplayStx);
  frame += body;
  frame += static_cast<char>(crc & 0xFF);
  frame += static_cast<char>(crc >> 8);
  frame += static_cast<char>(kDisplayEtx);
  return frame;
}

Result<DisplayFrame> decode_display_frame(std::string_view buffer, std::size_t* consumed) {
  *consumed = 0;
  const std::size_t start = buffer.find(static_cast<char>(kDisplayStx));
  if (start == std::string_view::npos) {
    *consumed = buffer.size();
    return Error{"incomplete"};
  }
  const std::string_view b = buffer.substr(start);
  if (b.size() < 4) return Error{"incomplete"};
  const std::size_t len = (static_cast<std::size_t>(static_cast<unsigned char>(b[2])) << 8) |
                          static_cast<unsigned char>(b[3]);
  const std::size_t total = 1 + 3 + len + 2 + 1;
  if (b.size() < total) return Error{"incomplete"};
  const auto bad = [&](const std::string& why) -> Result<DisplayFrame> {
    *consumed = start + 1;
    return Error{"bad display frame: " + why};
  };
  if (static_cast<unsigned char>(b[total - 1]) != kDisplayEtx) return bad("no ETX after the CRC");
  const uint16_t crc = static_cast<uint16_t>(static_cast<unsigned char>(b[4 + len]) |
                                             (static_cast<unsigned char>(b[5 + len]) << 8));
  if (crc != crc16_modbus(b.substr(1, 3 + len))) return bad("CRC mismatch");
  const std::string_view p = b.substr(4, len);
  if (p.size() < 3 || static_cast<unsigned char>(p[0]) != kDisplayCmdShow) {
    return bad("unknown command");
  }
  DisplayFrame f;
  f.address = static_cast<uint8_t>(b[1]);
  switch (p[1]) {
    case 'G':
      f.message.colour = DisplayColour::kGreen;
      break;
    case 'R':
      f.message.colour = DisplayColour::kRed;
      break;
    case 'Y':
      f.message.colour = DisplayColour::kYellow;
      break;
    case 'W':
      f.message.colour = DisplayColour::kWhite;
      break;
    default:
      return bad("unknown colour code");
  }
  const std::size_t count = static_cast<unsigned char>(p[2]);
  std::size_t at = 3;
  for (std::size_t i = 0; i < count; ++i) {
    if (at >= p.size()) return bad("line count exceeds the payload");
    const std::size_t n = static_cast<unsigned char>(p[at]);
    if (at + 1 + n > p.size()) return bad("line length exceeds the payload");
    f.message.lines.emplace_back(p.substr(at + 1, n));
    at += 1 + n;
  }
  if (at != p.size()) return bad("bytes after the last line");
  *consumed = start + total;
  return f;
}

}  // namespace gate::drivers
