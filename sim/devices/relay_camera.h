// A virtual entrance camera whose relay drives the barrier, answering the Hikvision ISAPI or
// Dahua CGI barrier commands over HTTP (Beast, in-process, its own thread) behind a real
// Digest challenge (RFC 7616, MD5 or SHA-256, qop=auth, a fresh nonce per challenge). Counts
// the relay pulses it was commanded. The behaviour can be switched at any time to misbehave
// the ways the driver must survive: refuse the command in the vendor's format, answer garbage,
// or never answer at all.
//
// It also keeps a list of plate captures and answers the plate read-back of
// drivers/camera/event_readback.h in its vendor's format (Hikvision
// POST /ISAPI/Traffic/channels/1/vehicleDetect/plates, Dahua
// GET /cgi-bin/recordFinder.cgi?action=find&name=TrafficSnapEventInfo), behind the same Digest
// challenge. Captures are added with add_capture() or, from another process, with
// POST /sim/captures {"plate": "豫HF50BC", "time_unix_ms": 1765000000000} (Digest too).
// Hikvision cameras also carry an LED display on their RS-485 port: the ISAPI serial transparent
// channel (PUT /ISAPI/System/Serial/ports/<p>/Transparent/channels/<c>/open, then …/transData
// with the bytes) feeds the display, which decodes the display protocol's frames as the simulated
// LED display does (led_display.h) and keeps what it was told to show. A frame before the channel
// was opened is refused in ISAPI's format. GET /sim/display (no authentication: the simulator's
// own control endpoint) answers {"shown":[{"address":1,"colour":"green","lines":[…]},…],
// "bad_frames":n,"pulses":n}.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/result.h"
#include "sim/devices/led_display.h"

namespace gate::sim {

enum class RelayVendor { kHikvision, kDahua };

enum class RelayBehaviour {
  kConfirm,  // authenticated open command: pulse the relay, answer OK
  kRefuse,   // answer in the vendor's format that the command failed; no pulse
  kGarbage,  // answer 200 with a body that is neither format; no pulse
  kSilent,   // accept the connection, never answer (status requests too)
};

// "confirm", "refuse", "garbage", "silent".
std::optional<RelayBehaviour> relay_behaviour_from_name(std::string_view name);

struct RelayCameraOptions {
  RelayVendor vendor = RelayVendor::kHikvision;
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0 = a free port (see port())
  std::string user = "admin";
  std::string password = "relay-test-password";
  std::string algorithm = "MD5";  // of the challenge: "MD5" or "SHA-256"
  int utc_offset_minutes = 480;   // the camera's zone: Hikvision picTime is local time
};

class RelayCamera {
 public:
  static Result<std::unique_ptr<RelayCamera>> Start(const RelayCameraOptions& options);
  ~RelayCamera();
  RelayCamera(const RelayCamera&) = delete;
  RelayCamera& operator=(const RelayCamera&) = delete;

  uint16_t port() const;
  void set_behaviour(RelayBehaviour b);
  // Relay pulses commanded so far (confirmed open commands).
  int pulses() const;
  // Requests that failed authentication (a wrong password, a stale nonce).
  int refused_logins() const;
  // A plate the camera says it captured at `unix_ms` (read-back answers list it).
  void add_capture(const std::string& plate, int64_t unix_ms);
  // Read-back queries answered so far.
  int readbacks() const;
  // What the display on the serial port was told to show, oldest first.
  std::vector<LedDisplay::Shown> display_shown() const;
  // Bytes on the serial port that were no display frame (each bad frame counts once).
  int display_bad_frames() const;

  struct Impl;

 private:
  explicit RelayCamera(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gate::sim
