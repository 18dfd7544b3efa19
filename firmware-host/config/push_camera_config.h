// The checks of lanes[].push_cameras and camera.replay_* (docs/security.md, "Camera events"):
// every push camera names its vendor, source address and authentication with the secrets that
// authentication needs, and a camera port reachable beyond this PC is refused unless cameras
// are declared. Split from config_loader.cc, which locates the errors in the file.
#pragma once

#include <functional>
#include <string>

#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::host {

// "file:line:col: " of `field` of lanes[lane].push_cameras[camera]; `camera` -1 means the lane's
// push_cameras field itself, `lane` -1 the camera { } block's field.
using PushCameraLocator =
    std::function<std::string(int lane, int camera, const std::string& field)>;

// Fills defaults (replay windows) and checks every field; secrets from files are read later by
// read_push_camera_secrets.
Status validate_push_cameras(gate::v1::GateConfig& cfg, const PushCameraLocator& at);

// Reads password_file / token_file (relative to `base_dir`) into password / token, and checks
// what they hold.
Status read_push_camera_secrets(gate::v1::GateConfig& cfg, const std::string& base_dir,
                                const PushCameraLocator& at);

}  // namespace gate::host
