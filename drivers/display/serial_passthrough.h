// The wire format of sending display-protocol frames (display_frame.h) to a display wired to a
// camera's RS-485 port, through Hikvision's ISAPI serial transparent transmission. Pure: no I/O.
// Sources and what is unverified on a real camera: docs/display.md.
//
//   PUT /ISAPI/System/Serial/ports/<port>/Transparent/channels/<ch>/open      (once per session)
//   PUT /ISAPI/System/Serial/ports/<port>/Transparent/channels/<ch>/transData
//       Content-Type: application/octet-stream; body: the frame's bytes, unchanged
//   → 200 with <ResponseStatus>…<statusCode>1</statusCode>… (as every ISAPI write)
#pragma once

#include <string>

#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers {

struct SerialPassthroughRequest {
  std::string method;
  std::string target;
  std::string body;
  std::string content_type;
};

// Opens the camera's transparent channel on its serial port; sent before the first frame and
// again after a failed one (the camera may have rebooted and closed it).
SerialPassthroughRequest hikvision_open_channel_request(const gate::v1::DisplayCamera& camera);
// Writes `frame` (display_frame.h's bytes) to the serial port.
SerialPassthroughRequest hikvision_frame_request(const gate::v1::DisplayCamera& camera,
                                                 const std::string& frame);
// OK when the camera answered 200 with ISAPI statusCode 1; otherwise what it said instead.
Status judge_hikvision_serial_reply(int http_status, const std::string& body);

// The target's prefix: "/ISAPI/System/Serial/ports/<port>/Transparent/channels/<ch>".
std::string hikvision_transparent_channel_path(int serial_port, int channel);

}  // namespace gate::drivers
