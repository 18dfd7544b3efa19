// A smart LPR camera that pushes plate events to gated over HTTP, in the Vzenith
// AlarmInfoPlate format or the generic JSON format, with a synthetic JPEG snapshot.
#pragma once

#include <cstdint>
#include <string>

#include "drivers/http/http_client.h"
#include "rules/result.h"
#include "sim/devices/truck_arrivals.h"

namespace gate::sim {

class VirtualCamera {
 public:
  VirtualCamera(drivers::HttpUrl base, std::string lane_id, std::string serial)
      : base_(std::move(base)), lane_id_(std::move(lane_id)), serial_(std::move(serial)) {}

  // Pushes one read of `truck`; returns the HTTP status gated answered with.
  Result<int> push(const TruckArrival& truck, int64_t now_unix_ms);
  // Pushes a raw body to a path (for malformed-event tests and inspectors).
  Result<drivers::HttpReply> push_raw(const std::string& path, const std::string& body);

 private:
  drivers::HttpUrl base_;
  std::string lane_id_;
  std::string serial_;
};

// The confidence a Vzenith event carries: whole percent, rounded (what the gate is told).
inline double vzenith_confidence(double confidence) {
  return static_cast<int>(confidence * 100 + 0.5) / 100.0;
}

// A JPEG of a plate-coloured rectangle with the plate's ASCII characters and the push time
// (unix ms) drawn on it.
std::string synthetic_snapshot(const TruckArrival& truck, int64_t now);
// The plate close-up cameras send besides the scene: a smaller plate-coloured JPEG with the
// plate's ASCII characters and the time, never the same bytes as synthetic_snapshot's.
std::string synthetic_closeup(const TruckArrival& truck, int64_t now);
// AlarmInfoPlate with `jpeg` as imageFile and, when given, `closeup_jpeg` as imageFragmentFile.
std::string vzenith_body(const TruckArrival& truck, const std::string& serial, int64_t now_unix_ms,
                         const std::string& jpeg, const std::string& closeup_jpeg = "");
std::string generic_body(const TruckArrival& truck, const std::string& lane_id,
                         const std::string& camera, int64_t now_unix_ms, const std::string& jpeg);

}  // namespace gate::sim
