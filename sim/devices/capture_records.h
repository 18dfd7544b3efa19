// The plate captures a virtual camera holds, written as the camera's read-back answer
// (drivers/camera/event_readback.h, docs/cameras.md "Read-back"). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gate::sim {

struct SimCapture {
  std::string plate;
  int64_t unix_ms = 0;
};

// Hikvision <Plates> of the captures at or after `after_ms`; captureTime as
// "YYYYMMDDTHHMMSS+HHMM" at utc_offset_minutes.
std::string hikvision_plates_answer(const std::vector<SimCapture>& captures, int64_t after_ms,
                                    int utc_offset_minutes);

// Dahua recordFinder text ("found=N", "records[i].PlateNumber=…", "records[i].Time=<unix s>") of
// the captures from `from_ms` to `to_ms`.
std::string dahua_records_answer(const std::vector<SimCapture>& captures, int64_t from_ms,
                                 int64_t to_ms);

}  // namespace gate::sim
