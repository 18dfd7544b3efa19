// Parsing of plate events pushed by smart LPR cameras. Pure: body in, PlateEvent or a reason
// out. The HTTP receiver (camera_receiver.h) answers 400 with that reason.
//
// What a camera sends is checked before anything else sees it: the plate text must have the
// shape of a plate read (rules::check_plate_read_shape), ids (lane, camera) are at most 64 bytes,
// and no text field holds a control character (rules/control_characters.h). A picture's header
// is read and its size checked (rules/image_header.h), but it is not decoded here: decoding is
// check_image's, which the receiver runs off the lanes' thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "gate/v1/plate_read.pb.h"
#include "rules/result.h"

namespace gate::drivers {

struct PlateEvent {
  // image_sha256 left empty (the host stores the photo); time_unix_ms left 0 (the receiver
  // stamps the arrival on the gate's clock); camera_time_unix_ms is the camera's own stamp.
  gate::v1::PlateRead read;
  std::string image_jpeg;   // the picture's bytes (base64-decoded); empty when the event had none
  std::string image_field;  // the field they came in, for messages ("imageFile", …)
  // The plate close-up, when the event carried one besides the main picture (Hikvision
  // licensePlatePicture, Dahua CutoutPic, Vzenith imageFragmentFile); empty otherwise, and
  // always empty when image_jpeg is. Checked like the main picture: a close-up that is not a
  // picture within the limits refuses the event, as a bad main picture does.
  std::string closeup_jpeg;
  std::string closeup_field;  // the field it came in, for messages
  // The camera's word for the vehicle's type, mapped to a coarse kind ("truck", …;
  // rules/camera_vendor_codes.h) for the log; empty when the format has none. The ledger, not
  // the camera, classifies the vehicle.
  std::string vehicle_kind;
  // Plain cameras (lpr_camera.h) send the frame instead: this renders it as the evidence JPEG
  // with the reading and `caption` overlaid. The host calls it once the truck is decided, so
  // that the photo shows the gate and its decision, and stores that. Unset for push cameras.
  std::function<std::string(const std::string& caption)> render_evidence;
};

// Vzenith-style push: {"AlarmInfoPlate":{"serialno":…,"result":{"PlateResult":{"license":…,
// "colorType":N,"confidence":0-100,"timeStamp":{"Timeval":{"sec":…,"usec":…}},
// "imageFile":base64,"imageFragmentFile":base64,…}}}}. colorType is mapped with the Vzenith
// colour table (absent: unknown); license and confidence are required. timeStamp becomes
// camera_time_unix_ms (0 when absent). imageFile (the full picture) is the main picture and
// imageFragmentFile (the plate close-up) the close-up; with only the close-up it is the main
// picture, as the other vendors fall back to their plate picture. An absent or empty field
// means no such picture; a present one must be a JPEG, PNG or BMP within the size limits.
// camera_id is serialno, else deviceName.
// `lane_id` comes from the URL the camera was configured to push to.
Result<PlateEvent> parse_vzenith_event(std::string_view body, const std::string& lane_id);

// Generic JSON event: {"plate":"豫H12345","color":"yellow"|code-less name,"confidence":0..1,
// "time_unix_ms":…,"lane":"L1","camera":"cam-1","image_jpeg_base64":…}. plate and lane are
// required; colour defaults to unknown, confidence to 1.0; time_unix_ms (the camera's clock)
// becomes camera_time_unix_ms, 0 when absent; "direction":"in"|"out" is optional. A null field
// counts as absent.
Result<PlateEvent> parse_generic_event(std::string_view body);

// Base64 (RFC 4648, padding optional, whitespace ignored). Errors name the first bad offset.
Result<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

// Checks that `bytes` are a JPEG, PNG or BMP within the size limits (rules/image_header.h) and
// decode whole (drivers/image/picture_decode.h); returns "WxH" on success. Takes time and memory in
// proportion to the picture: never on the lanes' thread.
Result<std::string> check_image(const std::string& bytes);

}  // namespace gate::drivers
