// The wire formats of barrier control through a camera's relay, per vendor: the request that
// opens the barrier, the cheap request that proves the camera answers, and how their replies
// are judged. Pure: no I/O.
//
// Hikvision (ISAPI, "Vehicle Access Control Management / ANPR Cameras", §11.6.3.1 and
// §11.6.3.2; see docs/barrier.md for the public sources):
//   PUT /ISAPI/Parking/channels/<ch>/barrierGate
//       <?xml version="1.0" encoding="UTF-8"?><BarrierGate><ctrlMode>open</ctrlMode></BarrierGate>
//   → 200 with <ResponseStatus>…<statusCode>1</statusCode><statusString>OK</statusString>…
//   GET /ISAPI/Parking/channels/<ch>/barrierGate/barrierGateStatus (probe)
// Dahua (HTTP API for ITC cameras, trafficSnap.cgi):
//   GET /cgi-bin/trafficSnap.cgi?action=openStrobe&channel=<ch>&info.openType=Normal → "OK"
//   GET /cgi-bin/magicBox.cgi?action=getDeviceType (probe) → 200 "type=…"
#pragma once

#include <string>

#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers {

struct RelayRequest {
  std::string method;
  std::string target;
  std::string body;
  std::string content_type;
};

RelayRequest relay_open_request(const gate::v1::CameraRelay& relay);
RelayRequest relay_probe_request(const gate::v1::CameraRelay& relay);

// OK when the camera confirmed the open command; otherwise what it said instead (its status
// text, or the start of a body that is not its format).
Status judge_open_reply(const gate::v1::CameraRelay& relay, int http_status,
                        const std::string& body);

// "hikvision camera relay 10.0.0.5:80 channel 1": used in every message about the relay.
std::string describe_relay(const gate::v1::CameraRelay& relay);

// At most `limit` bytes of what a camera sent, control characters replaced by '?', so that
// no reply can forge a log line.
std::string printable_excerpt(const std::string& text, std::size_t limit = 120);

}  // namespace gate::drivers
