#include "firmware-host/config/push_camera_config.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace gate::host {

namespace {

using gate::v1::PushCamera;

constexpr std::size_t kMinTokenLength = 16;
constexpr int kDefaultReplayWindowS = 120;
constexpr int kDefaultReplayMemory = 1024;
constexpr int kDefaultReadbackTimeoutMs = 800;

std::string camera_name(int lane, int camera) {
  return "lanes[" + std::to_string(lane) + "].push_cameras[" + std::to_string(camera) + "]";
}

bool is_loopback(const std::string& address) {
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address(address, ec);
  return !ec && a.is_loopback();
}

bool token_chars_ok(const std::string& token) {
  return std::all_of(token.begin(), token.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

Status check_token(const std::string& token, const std::string& where, const std::string& what) {
  if (token.size() < kMinTokenLength || !token_chars_ok(token)) {
    return Error{where + what + " must be at least " + std::to_string(kMinTokenLength) +
                 " characters of A-Z a-z 0-9 - _ . (it goes in the URL; make one with "
                 "`openssl rand -hex 16`)"};
  }
  return Status::Ok();
}

bool id_chars_ok(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_.:").find(c) != std::string_view::npos;
  });
}

// The secrets the camera's authentication needs, and none it does not.
Status check_auth_fields(PushCamera& c, int lane, int cam, const PushCameraLocator& at) {
  const std::string name = camera_name(lane, cam);
  const bool has_password = !c.password().empty() || !c.password_file().empty();
  const bool has_token = !c.token().empty() || !c.token_file().empty();
  switch (c.auth()) {
    case gate::v1::PUSH_CAMERA_AUTH_NONE:
      if (has_password || has_token || !c.username().empty()) {
        return Error{at(lane, cam, "auth") + name +
                     ": auth PUSH_CAMERA_AUTH_NONE takes no username, password or token; set the "
                     "auth the secrets are for"};
      }
      return Status::Ok();
    case gate::v1::PUSH_CAMERA_AUTH_BASIC:
    case gate::v1::PUSH_CAMERA_AUTH_DIGEST:
      if (c.username().empty() || c.username().find(':') != std::string::npos) {
        return Error{at(lane, cam, "username") + name +
                     ".username is required for Basic and Digest and holds no ':'"};
      }
      if (c.password().empty() == c.password_file().empty() || has_token) {
        return Error{at(lane, cam, "password") + name +
                     ": give exactly one of password and password_file (and no token)"};
      }
      return Status::Ok();
    case gate::v1::PUSH_CAMERA_AUTH_PATH_TOKEN:
      if (c.token().empty() == c.token_file().empty() || has_password || !c.username().empty()) {
        return Error{at(lane, cam, "token") + name +
                     ": give exactly one of token and token_file (and no username or password)"};
      }
      return c.token().empty() ? Status::Ok()
                               : check_token(c.token(), at(lane, cam, "token"), name + ".token");
    default:
      return Error{at(lane, cam, "auth") + name +
                   ".auth is required: PUSH_CAMERA_AUTH_NONE (source address only), _BASIC, "
                   "_DIGEST or _PATH_TOKEN"};
  }
}

bool has_readback_api(gate::v1::PushCameraVendor vendor) {
  return vendor == gate::v1::PUSH_CAMERA_VENDOR_HIKVISION ||
         vendor == gate::v1::PUSH_CAMERA_VENDOR_DAHUA;
}

// The camera API fields read-back needs; fills the defaults and resolves readback to ON or OFF.
Status check_readback_fields(PushCamera& c, int lane, int cam, const PushCameraLocator& at) {
  const std::string name = camera_name(lane, cam);
  const bool has_api =
      !c.api_user().empty() || !c.api_password().empty() || !c.api_password_file().empty();
  if (c.readback() == gate::v1::PUSH_CAMERA_READBACK_UNSPECIFIED) {
    c.set_readback(!c.api_user().empty() && has_readback_api(c.vendor())
                       ? gate::v1::PUSH_CAMERA_READBACK_ON
                       : gate::v1::PUSH_CAMERA_READBACK_OFF);
  }
  if (c.readback() == gate::v1::PUSH_CAMERA_READBACK_OFF) return Status::Ok();
  if (!has_readback_api(c.vendor())) {
    return Error{at(lane, cam, has_api ? "api_user" : "readback") + name +
                 ": read-back needs the camera's plate records, which only Hikvision and Dahua "
                 "cameras serve here; remove readback and the api_* fields for this camera"};
  }
  if (c.api_user().empty() || c.api_user().find(':') != std::string::npos) {
    return Error{at(lane, cam, "api_user") + name +
                 ": readback PUSH_CAMERA_READBACK_ON needs api_user (an account on the camera, "
                 "no ':') and api_password_file; or set readback PUSH_CAMERA_READBACK_OFF"};
  }
  if (c.api_password().empty() == c.api_password_file().empty()) {
    return Error{at(lane, cam, "api_password_file") + name +
                 ": read-back needs exactly one of api_password and api_password_file (the "
                 "camera account's password)"};
  }
  if (c.api_port() == 0) c.set_api_port(80);
  if (c.api_port() > 65535) {
    return Error{at(lane, cam, "api_port") + name + ".api_port must be 1..65535 (0 = 80)"};
  }
  if (c.readback_timeout_ms() == 0) c.set_readback_timeout_ms(kDefaultReadbackTimeoutMs);
  if (c.readback_timeout_ms() < 100 || c.readback_timeout_ms() > 5000) {
    return Error{at(lane, cam, "readback_timeout_ms") + name +
                 ".readback_timeout_ms must be 100..5000 (0 = 800): the lane waits this long "
                 "at most for the camera to confirm"};
  }
  return Status::Ok();
}

Status check_camera(PushCamera& c, int lane, int cam, int default_window_s,
                    const PushCameraLocator& at) {
  const std::string name = camera_name(lane, cam);
  if (!id_chars_ok(c.camera_id())) {
    return Error{at(lane, cam, "camera_id") + name +
                 ".camera_id is required: 1..64 characters of A-Z a-z 0-9 - _ . :"};
  }
  if (c.vendor() == gate::v1::PUSH_CAMERA_VENDOR_UNSPECIFIED) {
    return Error{at(lane, cam, "vendor") + name +
                 ".vendor is required: PUSH_CAMERA_VENDOR_HIKVISION, _DAHUA, _VZENITH or _GENERIC"};
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(c.source_address(), ec);
  if (ec) {
    return Error{at(lane, cam, "source_address") + name + ".source_address \"" +
                 c.source_address() +
                 "\" is not an IP address (the camera's, as the gate sees it)"};
  }
  c.set_source_address(address.to_string());
  if (Status st = check_auth_fields(c, lane, cam, at); !st.ok()) return st;
  if (Status st = check_readback_fields(c, lane, cam, at); !st.ok()) return st;
  if (c.clock_tolerance_s() == 0) c.set_clock_tolerance_s(default_window_s);
  if (c.clock_tolerance_s() < 1 || c.clock_tolerance_s() > 86400) {
    return Error{at(lane, cam, "clock_tolerance_s") + name +
                 ".clock_tolerance_s must be 1..86400 seconds (0 takes camera.replay_window_s)"};
  }
  return Status::Ok();
}

Status check_replay_settings(gate::v1::CameraServerConfig& camera, const PushCameraLocator& at) {
  if (camera.replay_window_s() == 0) camera.set_replay_window_s(kDefaultReplayWindowS);
  if (camera.replay_memory() == 0) camera.set_replay_memory(kDefaultReplayMemory);
  if (camera.replay_window_s() < 1 || camera.replay_window_s() > 86400) {
    return Error{at(-1, -1, "replay_window_s") +
                 "camera.replay_window_s must be 1..86400 seconds (0 takes the default, 120)"};
  }
  if (camera.replay_memory() < 16 || camera.replay_memory() > 1000000) {
    return Error{at(-1, -1, "replay_memory") +
                 "camera.replay_memory must be 16..1000000 pictures (0 takes the default, 1024)"};
  }
  return Status::Ok();
}

Result<std::string> read_secret(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  if (!in || !(text << in.rdbuf())) return Error{"cannot read " + path};
  std::string secret = text.str();
  while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back()))) {
    secret.pop_back();
  }
  if (secret.empty()) return Error{path + " is empty"};
  return secret;
}

std::string resolve(const std::string& base_dir, const std::string& p) {
  if (p.empty() || std::filesystem::path(p).is_absolute()) return p;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

}  // namespace

Status validate_push_cameras(gate::v1::GateConfig& cfg, const PushCameraLocator& at) {
  if (Status st = check_replay_settings(*cfg.mutable_camera(), at); !st.ok()) return st;
  std::set<std::string> ids;
  int declared = 0;
  for (int i = 0; i < cfg.lanes_size(); ++i) {
    std::set<std::pair<int, std::string>> sources;
    auto* lane = cfg.mutable_lanes(i);
    for (int j = 0; j < lane->push_cameras_size(); ++j) {
      auto& c = *lane->mutable_push_cameras(j);
      if (Status st = check_camera(c, i, j, cfg.camera().replay_window_s(), at); !st.ok())
        return st;
      if (!ids.insert(c.camera_id()).second) {
        return Error{at(i, j, "camera_id") + camera_name(i, j) + ".camera_id \"" + c.camera_id() +
                     "\" is used twice; camera ids must be unique"};
      }
      if (!sources.emplace(c.vendor(), c.source_address()).second) {
        return Error{at(i, j, "source_address") + camera_name(i, j) +
                     ": a camera of this vendor at " + c.source_address() +
                     " is already declared for lane " + lane->lane_id()};
      }
      ++declared;
    }
  }
  if (declared == 0 && !is_loopback(cfg.camera().listen_address())) {
    return Error{at(-1, -1, "listen_address") + "camera.listen_address " +
                 cfg.camera().listen_address() +
                 " is reachable from the gate LAN, but no lane declares push_cameras, so anyone "
                 "there could post plates: declare each camera (lanes[].push_cameras with its "
                 "source_address and auth; docs/security.md) or listen on 127.0.0.1"};
  }
  return Status::Ok();
}

Status read_push_camera_secrets(gate::v1::GateConfig& cfg, const std::string& base_dir,
                                const PushCameraLocator& at) {
  for (int i = 0; i < cfg.lanes_size(); ++i) {
    for (int j = 0; j < cfg.lanes(i).push_cameras_size(); ++j) {
      auto& c = *cfg.mutable_lanes(i)->mutable_push_cameras(j);
      const std::string name = camera_name(i, j);
      if (!c.password_file().empty()) {
        c.set_password_file(resolve(base_dir, c.password_file()));
        auto secret = read_secret(c.password_file());
        if (!secret.ok()) return Error{at(i, j, "password_file") + name + ": " + secret.error()};
        c.set_password(secret.value());
      }
      if (!c.api_password_file().empty()) {
        c.set_api_password_file(resolve(base_dir, c.api_password_file()));
        auto secret = read_secret(c.api_password_file());
        if (!secret.ok())
          return Error{at(i, j, "api_password_file") + name + ": " + secret.error()};
        c.set_api_password(secret.value());
      }
      if (!c.token_file().empty()) {
        c.set_token_file(resolve(base_dir, c.token_file()));
        auto secret = read_secret(c.token_file());
        if (!secret.ok()) return Error{at(i, j, "token_file") + name + ": " + secret.error()};
        if (Status st = check_token(secret.value(), at(i, j, "token_file"),
                                    name + ": the token in " + c.token_file());
            !st.ok()) {
          return st;
        }
        c.set_token(secret.value());
      }
    }
  }
  return Status::Ok();
}

}  // namespace gate::host
