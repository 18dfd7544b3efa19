// Hikvision ISAPI alarm pushes ("HTTP listening" / alarm host): an EventNotificationAlert in XML
// (or JSON on newer firmware), alone or as a part of a multipart/form-data body whose other parts
// are pictures (licensePlatePicture.jpg, vehiclePicture.jpg, detectionPicture.jpg). Format and
// sources: tests/drivers/camera/data/README.md. Pure.
//
// eventType ANPR is a plate event: ANPR.licensePlate (required, plate-shaped),
// ANPR.confidenceLevel (required, 0..100), ANPR.plateColor (ISAPI words, unknown words give
// unknown), ANPR.vehicleType, dateTime (required: ISO 8601, the camera's stamp, kept as
// camera_time_unix_ms), camera id macAddress else ipAddress (with "/ch<channelID>" when given).
// The picture kept is the scene (detectionPicture), else the vehicle, else the plate picture;
// every picture part's header is checked. Any other eventType (heartBeat, videoloss, …) is a sign
// of life and never reaches a lane.
#pragma once

#include <string>
#include <string_view>

#include "drivers/camera/camera_push.h"
#include "rules/result.h"

namespace gate::drivers {

// `content_type` is the request's Content-Type; `lane_id` comes from the push URL;
// `utc_offset_minutes` reads a dateTime written without a zone.
Result<CameraPush> parse_hikvision_push(std::string_view content_type, std::string_view body,
                                        const std::string& lane_id, int utc_offset_minutes);

}  // namespace gate::drivers
