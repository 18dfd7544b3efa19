// The push URLs cameras are set to, parsed. Pure.
//
//   /camera/vzenith/<lane_id>[/<token>]
//   /camera/hikvision/<lane_id>[/<token>]
//   /camera/dahua/<lane_id>[/<token>][/keepalive]
//   /camera/generic[/<token>]              (the lane is in the body)
//
// <token> is the camera's path token (auth path_token, for cameras without HTTP
// authentication); the last segment "keepalive" (any case) marks a Dahua heartbeat URL.
#pragma once

#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers {

enum class CameraVendor { kVzenith, kHikvision, kDahua, kGeneric };

// "vzenith", "hikvision", "dahua", "generic".
std::string_view vendor_name(CameraVendor vendor);

struct CameraRoute {
  CameraVendor vendor = CameraVendor::kGeneric;
  std::string lane;   // empty for generic
  std::string token;  // empty when the URL carries none
  bool keepalive = false;
};

// The route of a request path; the error says which URLs exist.
Result<CameraRoute> parse_camera_route(std::string_view path);

}  // namespace gate::drivers
