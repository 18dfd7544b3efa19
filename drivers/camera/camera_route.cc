#include "drivers/camera/camera_route.h"

#include <cctype>
#include <vector>

namespace gate::drivers {

namespace {

constexpr std::string_view kPrefix = "/camera/";
constexpr std::string_view kUsage =
    "cameras push to /camera/<vzenith|hikvision|dahua>/<lane_id>[/<token>] (Dahua heartbeats: "
    ".../keepalive) or /camera/generic[/<token>]";

std::vector<std::string_view> split_segments(std::string_view rest) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t slash = rest.find('/');
    out.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    rest.remove_prefix(slash + 1);
  }
}

bool is_keepalive(std::string_view s) {
  constexpr std::string_view kWord = "keepalive";
  if (s.size() != kWord.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != kWord[i]) return false;
  }
  return true;
}

Result<CameraVendor> vendor_of(std::string_view name) {
  if (name == "vzenith") return CameraVendor::kVzenith;
  if (name == "hikvision") return CameraVendor::kHikvision;
  if (name == "dahua") return CameraVendor::kDahua;
  if (name == "generic") return CameraVendor::kGeneric;
  return Error{"unknown camera vendor in the URL"};
}

}  // namespace

std::string_view vendor_name(CameraVendor vendor) {
  switch (vendor) {
    case CameraVendor::kVzenith:
      return "vzenith";
    case CameraVendor::kHikvision:
      return "hikvision";
    case CameraVendor::kDahua:
      return "dahua";
    case CameraVendor::kGeneric:
      break;
  }
  return "generic";
}

Result<CameraRoute> parse_camera_route(std::string_view path) {
  const Error no_route{"no route for " + std::string(path.substr(0, 200)) + "; " +
                       std::string(kUsage)};
  if (!path.starts_with(kPrefix)) return no_route;
  std::vector<std::string_view> seg = split_segments(path.substr(kPrefix.size()));
  auto vendor = vendor_of(seg.front());
  if (!vendor.ok()) return no_route;
  CameraRoute route;
  route.vendor = vendor.value();
  seg.erase(seg.begin());
  if (route.vendor == CameraVendor::kDahua && !seg.empty() && is_keepalive(seg.back())) {
    route.keepalive = true;
    seg.pop_back();
  }
  if (route.vendor != CameraVendor::kGeneric) {
    if (seg.empty() || seg.front().empty()) return no_route;
    route.lane = std::string(seg.front());
    seg.erase(seg.begin());
  }
  if (seg.size() > 1 || (seg.size() == 1 && seg.front().empty())) return no_route;
  if (seg.size() == 1) route.token = std::string(seg.front());
  return route;
}

}  // namespace gate::drivers
