// display.camera defaults and checks: see display_camera_config.h.
#include "drivers/display/display_camera_config.h"

namespace gate::drivers {

namespace {

using gate::v1::DisplayCamera;

constexpr int kDefaultPort = 80;
constexpr int kDefaultTimeoutMs = 2000;
constexpr int kMaxTimeoutMs = 10000;
constexpr int kMaxVzenithSerialChannel = 1;

Error camera_error(const std::string& field, const std::string& what) {
  return Error{"camera." + field + " " + what};
}

Status check_hikvision(DisplayCamera* c) {
  if (c->host().empty()) return camera_error("host", "is empty: give the camera's address");
  if (c->port() == 0) c->set_port(kDefaultPort);
  if (c->port() < 1 || c->port() > 65535) {
    return camera_error("port", std::to_string(c->port()) + " is outside 1..65535");
  }
  if (c->user().empty()) {
    return camera_error("user", "is empty: give the camera account that may use its serial port");
  }
  if (c->password_file().empty()) {
    return camera_error("password_file",
                        "is empty: give a file holding that account's password (mode 0600)");
  }
  if (c->serial_port() == 0) c->set_serial_port(1);
  if (c->serial_port() < 1) {
    return camera_error("serial_port", "must be 1 or more (the RS-485 port's id on the camera)");
  }
  if (c->transparent_channel() == 0) c->set_transparent_channel(1);
  if (c->transparent_channel() < 1) return camera_error("transparent_channel", "must be 1 or more");
  if (c->timeout_ms() == 0) c->set_timeout_ms(kDefaultTimeoutMs);
  if (c->timeout_ms() < 0 || c->timeout_ms() > kMaxTimeoutMs) {
    return camera_error("timeout_ms", std::to_string(c->timeout_ms()) + " is outside 1..10000");
  }
  if (c->serial_channel() != 0) {
    return camera_error("serial_channel",
                        "is for vzenith cameras; a hikvision camera takes serial_port");
  }
  return Status::Ok();
}

Status check_vzenith(const DisplayCamera& c) {
  if (!c.host().empty() || c.port() != 0 || !c.user().empty() || !c.password_file().empty() ||
      c.serial_port() != 0 || c.transparent_channel() != 0 || c.timeout_ms() != 0) {
    return camera_error("vendor",
                        "is VENDOR_VZENITH: gated calls no vzenith camera (the frames go in its "
                        "push reply), so remove host, port, user, password_file, serial_port, "
                        "transparent_channel and timeout_ms");
  }
  if (c.serial_channel() < 0 || c.serial_channel() > kMaxVzenithSerialChannel) {
    return camera_error("serial_channel", std::to_string(c.serial_channel()) +
                                              " is outside 0..1 (0: RS-485-1, 1: RS-485-2)");
  }
  return Status::Ok();
}

}  // namespace

Status normalise_display_camera(DisplayCamera* camera) {
  switch (camera->vendor()) {
    case DisplayCamera::VENDOR_HIKVISION:
      return check_hikvision(camera);
    case DisplayCamera::VENDOR_VZENITH:
      return check_vzenith(*camera);
    default:
      break;
  }
  return camera_error("vendor", "is not set: write VENDOR_HIKVISION or VENDOR_VZENITH");
}

std::string describe_display_camera(const DisplayCamera& camera) {
  if (camera.vendor() == DisplayCamera::VENDOR_VZENITH) {
    return "vzenith camera serial channel " + std::to_string(camera.serial_channel());
  }
  return "hikvision camera " + camera.host() + ":" + std::to_string(camera.port()) +
         " serial port " + std::to_string(camera.serial_port());
}

}  // namespace gate::drivers
