// Asks a camera whether it captured a pushed plate event: one request to its API
// (event_readback.h) through the Digest client, bounded by CameraApi::timeout_ms. Blocking:
// call it from a worker thread, never from a network thread. Thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "drivers/camera/camera_route.h"
#include "drivers/camera/event_readback.h"

namespace gate::drivers {

// kConfirmed or kNotCaptured when the camera answered in its format; kUnavailable with the
// reason otherwise (connection refused, timeout, 401 to our credentials, another status, an
// answer that is not the vendor's format).
ReadbackOutcome read_back_event(const CameraApi& api, CameraVendor vendor, std::string_view plate,
                                int64_t event_unix_ms, int utc_offset_minutes);

}  // namespace gate::drivers
