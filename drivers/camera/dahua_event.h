// Dahua ITC cameras' ITSAPI push (the "platform server" upload): TollgateInfo JSON with the read
// under Picture.Plate, the stamp under Picture.SnapInfo and pictures base64 in
// Picture.NormalPic/VehiclePic/CutoutPic.Content, as a JSON body or as the JSON part of a
// multipart body whose other parts are the pictures. KeepAlive pushes are signs of life. Format
// and sources: tests/drivers/camera/data/README.md. Pure.
//
// Picture.Plate.PlateNumber is required (plate-shaped); PlateColor is a Dahua word (unknown words
// give unknown); Confidence 0..100 (absent: 1.0); Picture.SnapInfo.AccurateTime (or SnapTime) is
// required, "YYYY-MM-DD HH:MM:SS[.mmm]" in the camera's local time, read at the gate's zone;
// camera id Picture.SnapInfo.DeviceID. The picture kept is the scene (NormalPic), else the
// vehicle, else the plate cut-out; every picture's header is checked.
#pragma once

#include <string>
#include <string_view>

#include "drivers/camera/camera_push.h"
#include "rules/result.h"

namespace gate::drivers {

// `keepalive`: the push came to the camera's heartbeat URL (…/keepalive); its body is read
// leniently (any JSON object, or empty) and never reaches a lane.
Result<CameraPush> parse_dahua_push(std::string_view content_type, std::string_view body,
                                    const std::string& lane_id, bool keepalive,
                                    int utc_offset_minutes);

}  // namespace gate::drivers
