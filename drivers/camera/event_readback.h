// Reading a pushed plate event back from the camera's own API: the request that asks a Hikvision
// or Dahua camera for the plates it captured around a time, the parsing of its answer, and the
// rule that says whether the answer confirms the event. Pure; the exchange itself is in
// readback_client.h. Formats and where they come from: docs/cameras.md, "Read-back".
//
//   Hikvision ISAPI: POST /ISAPI/Traffic/channels/<ch>/vehicleDetect/plates with
//     <AfterTime><picTime>YYYYMMDDTHHMMSS</picTime></AfterTime> (camera local time), answered
//     <Plates><Plate><captureTime>…</captureTime><plateNumber>…</plateNumber>…</Plate></Plates>.
//   Dahua CGI: GET /cgi-bin/recordFinder.cgi?action=find&name=TrafficSnapEventInfo
//     &StartTime=<unix s>&EndTime=<unix s>&count=N, answered "found=N" and
//     "records[i].PlateNumber=…" / "records[i].Time=…" lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/camera/camera_route.h"
#include "rules/result.h"

namespace gate::drivers {

// How far the camera's capture time may be from the event's and still be the same capture.
constexpr int64_t kReadbackToleranceMs = 5'000;
// How far back (and, for Dahua, forward) of the event the camera is asked about.
constexpr int64_t kReadbackSearchMs = 60'000;

// The camera's own HTTP API, as the gate reaches it (Digest authentication).
struct CameraApi {
  std::string host;  // the camera's declared source address
  uint16_t port = 80;
  std::string user;
  std::string password;
  int timeout_ms = 800;  // the whole exchange, challenge included
};

struct ReadbackRequest {
  std::string method;
  std::string target;  // path and query
  std::string body;
  std::string content_type;
};

// The request asking `vendor`'s camera (Hikvision or Dahua; channel 1) for its captures around
// `event_unix_ms`; camera local times are written at `utc_offset_minutes`. Other vendors have no
// read-back: an error.
Result<ReadbackRequest> build_readback_request(CameraVendor vendor, int64_t event_unix_ms,
                                               int utc_offset_minutes);

// One plate the camera says it captured.
struct CameraCapture {
  std::string plate;  // as the camera wrote it
  int64_t unix_ms = 0;
};

// The captures in the camera's answer. An answer that is not the vendor's format (not XML with a
// Plates root; no "found=" line) is an error saying what was wrong; entries without a plate or
// with a time that does not read are skipped (the camera logs unread passages too).
Result<std::vector<CameraCapture>> parse_hikvision_plates(std::string_view xml,
                                                          int utc_offset_minutes);
Result<std::vector<CameraCapture>> parse_dahua_records(std::string_view text,
                                                       int utc_offset_minutes);
Result<std::vector<CameraCapture>> parse_readback_reply(CameraVendor vendor, std::string_view body,
                                                        int utc_offset_minutes);

// Hikvision captureTime forms seen from cameras: "20200424T1616270000", "20340109T094130+0400",
// "20260716093012456", and ISO 8601 ("2017-05-18T17:30:08+08:00"). Without a zone: camera local
// time at utc_offset_minutes.
Result<int64_t> parse_hikvision_capture_time(std::string_view text, int utc_offset_minutes);

// True when `capture` is the pushed event: the same plate after rules::normalise_plate, taken
// within kReadbackToleranceMs of `event_unix_ms`.
bool capture_matches(const CameraCapture& capture, std::string_view plate, int64_t event_unix_ms);

enum class ReadbackVerdict {
  kConfirmed,    // the camera holds a matching capture
  kNotCaptured,  // the camera answered, and holds none
  kUnavailable,  // no usable answer: unreachable, timeout, refused login, not its format
};

struct ReadbackOutcome {
  ReadbackVerdict verdict = ReadbackVerdict::kUnavailable;
  std::string reason;  // for logs and alarms: what the camera said, or why it said nothing
};

// The verdict over a parsed answer.
ReadbackOutcome judge_captures(const std::vector<CameraCapture>& captures, std::string_view plate,
                               int64_t event_unix_ms);

}  // namespace gate::drivers
