// Parsing of plate events pushed by smart LPR cameras. Pure: body in, PlateEvent or a reason
// out. The HTTP receiver (camera_receiver.h) answers 400 with that reason.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "gate/v1/plate_read.pb.h"
#include "rules/result.h"

namespace gate::drivers {

struct PlateEvent {
  gate::v1::PlateRead read;  // image_sha256 left empty; the host stores the photo
  std::string image_jpeg;    // decoded image bytes; empty when the event carried none
  // Plain cameras (lpr_camera.h) send the frame instead: this renders it as the evidence JPEG
  // with the reading and `caption` overlaid. The host calls it once the truck is decided, so
  // that the photo shows the gate and its decision, and stores that. Unset for push cameras.
  std::function<std::string(const std::string& caption)> render_evidence;
};

// Vzenith-style push: {"AlarmInfoPlate":{"serialno":…,"result":{"PlateResult":{"license":…,
// "colorType":N,"confidence":0-100,"timeStamp":{"Timeval":{"sec":…,"usec":…}},
// "imageFile":base64,…}}}}. colorType is mapped with the Vzenith colour table (absent:
// unknown); license and confidence are required. Without timeStamp, time_unix_ms is 0 and the
// caller substitutes its own clock (CameraReceiver does). An absent or empty imageFile means no
// image; a present one must decode as an image. camera_id is serialno, else deviceName.
// `lane_id` comes from the URL the camera was configured to push to.
Result<PlateEvent> parse_vzenith_event(std::string_view body, const std::string& lane_id);

// Generic JSON event: {"plate":"豫H12345","color":"yellow"|code-less name,"confidence":0..1,
// "time_unix_ms":…,"lane":"L1","camera":"cam-1","image_jpeg_base64":…}. plate and lane are
// required; colour defaults to unknown, confidence to 1.0, time to `now_unix_ms` when absent;
// "direction":"in"|"out" is optional. A null field counts as absent.
Result<PlateEvent> parse_generic_event(std::string_view body, int64_t now_unix_ms);

// Base64 (RFC 4648, padding optional, whitespace ignored). Errors name the first bad offset.
Result<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

// Camera images larger than this are refused before they are decoded (rules/image_size.h): a
// few hundred bytes may declare gigapixels. Plate cameras send 1-12 megapixels.
inline constexpr int64_t kMaxCameraImageSide = 8192;
inline constexpr int64_t kMaxCameraImagePixels = 40'000'000;

// Checks that `jpeg` decodes as an image with OpenCV (and that its header declares no more than
// the sizes above); returns "WxH" on success.
Result<std::string> check_image(const std::string& jpeg);

}  // namespace gate::drivers
