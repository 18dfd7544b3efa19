// camera_relay defaults and checks: see camera_relay_config.h.
#include "drivers/barrier/camera_relay_config.h"

#include <fstream>
#include <string>

namespace gate::drivers {

namespace {

constexpr int kDefaultPort = 80;
constexpr int kDefaultChannel = 1;
constexpr int kDefaultTimeoutMs = 2000;
constexpr int kDefaultProbeIntervalMs = 5000;
constexpr int kMaxTimeoutMs = 10000;

Error relay_error(const std::string& field, const std::string& what) {
  return Error{"barrier config: camera_relay." + field + " " + what};
}

Status normalise_timeout(gate::v1::CameraRelay* r) {
  if (r->timeout_ms() == 0) r->set_timeout_ms(kDefaultTimeoutMs);
  if (r->timeout_ms() < 0 || r->timeout_ms() > kMaxTimeoutMs) {
    return relay_error("timeout_ms", std::to_string(r->timeout_ms()) +
                                         " is outside 1..10000 (a truck waits that long at most)");
  }
  return Status::Ok();
}

// A Vzenith relay is told in gated's answer to the camera's push: no address, no account.
Status normalise_vzenith_relay(gate::v1::CameraRelay* r) {
  const char* unused = !r->host().empty()            ? "host"
                       : r->port() != 0              ? "port"
                       : r->channel() != 0           ? "channel"
                       : !r->user().empty()          ? "user"
                       : !r->password_file().empty() ? "password_file"
                       : r->probe_interval_ms() != 0 ? "probe_interval_ms"
                                                     : nullptr;
  if (unused != nullptr) {
    return relay_error(unused,
                       "is not used with VENDOR_VZENITH (gated opens the relay in its answer to "
                       "the camera's push and makes no call to it): remove it");
  }
  return normalise_timeout(r);
}

}  // namespace

Status normalise_camera_relay(gate::v1::CameraRelay* r) {
  using gate::v1::CameraRelay;
  if (r->vendor() == CameraRelay::VENDOR_VZENITH) return normalise_vzenith_relay(r);
  if (r->vendor() != CameraRelay::VENDOR_HIKVISION && r->vendor() != CameraRelay::VENDOR_DAHUA) {
    return relay_error("vendor",
                       "is not set: write VENDOR_HIKVISION, VENDOR_DAHUA or VENDOR_VZENITH");
  }
  if (r->host().empty()) return relay_error("host", "is empty: give the camera's address");
  if (r->port() == 0) r->set_port(kDefaultPort);
  if (r->port() < 1 || r->port() > 65535) {
    return relay_error("port", std::to_string(r->port()) + " is outside 1..65535");
  }
  if (r->channel() == 0) r->set_channel(kDefaultChannel);
  if (r->channel() < 1) return relay_error("channel", "must be 1 or more");
  if (r->user().empty()) {
    return relay_error("user", "is empty: give the camera account that may open the barrier");
  }
  if (r->password_file().empty()) {
    return relay_error("password_file",
                       "is empty: give a file holding that account's password (mode 0600)");
  }
  if (Status st = normalise_timeout(r); !st.ok()) return st;
  if (r->probe_interval_ms() == 0) r->set_probe_interval_ms(kDefaultProbeIntervalMs);
  if (r->probe_interval_ms() < 0) {
    return relay_error("probe_interval_ms",
                       std::to_string(r->probe_interval_ms()) + " is negative");
  }
  return Status::Ok();
}

Result<std::string> read_relay_password(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{path +
                 ": cannot read it; put the camera account's password on its first line "
                 "and let gated read the file (mode 0600)"};
  }
  std::string password;
  std::getline(in, password);
  while (!password.empty() &&
         (password.back() == '\r' || password.back() == ' ' || password.back() == '\t')) {
    password.pop_back();
  }
  if (password.empty()) return Error{path + ": the first line (the password) is empty"};
  return password;
}

}  // namespace gate::drivers
