// Who may push plate events: the cameras declared per lane (config: lanes[].push_cameras), each
// with its source address and credentials. Checked from the request line and headers only, before
// the body is parsed. Thread-safe.
//
// A lane with no declared camera takes pushes only when `allow_undeclared` is set, which gated
// sets only when the receiver listens on a loopback address (the demo and tests; a vendor relay
// on the same PC): beyond loopback, an undeclared camera is refused.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "drivers/camera/camera_route.h"
#include "drivers/camera/event_readback.h"
#include "drivers/camera/http_auth.h"
#include "drivers/http/http_server.h"

namespace gate::drivers {

enum class CameraAuth { kNone, kBasic, kDigest, kPathToken };

struct DeclaredCamera {
  std::string camera_id;  // for logs and alarms
  std::string lane_id;
  CameraVendor vendor = CameraVendor::kGeneric;
  std::string source_address;  // IP address text, as boost::asio writes it
  CameraAuth auth = CameraAuth::kNone;
  std::string user;    // basic, digest
  std::string secret;  // basic, digest: the password; path_token: the token
  int64_t replay_window_ms = 120'000;
  // Hikvision, Dahua: each event is confirmed through the camera's API before it reaches the
  // lane (camera_receiver.h, readback_client.h).
  bool readback = false;
  CameraApi api;
};

struct CameraAccessPolicy {
  std::vector<DeclaredCamera> cameras;
  bool allow_undeclared = false;
  std::string realm = "gate-camera";
  int64_t nonce_lifetime_ms = 300'000;
};

struct AccessDecision {
  enum class Outcome { kAllow, kChallenge, kForbidden };
  Outcome outcome = Outcome::kForbidden;
  const DeclaredCamera* camera = nullptr;  // kAllow: the camera; null for an undeclared lane
  std::string reason;                      // kChallenge/kForbidden: for the answer and the log
  std::vector<std::string> challenges;     // kChallenge: WWW-Authenticate values
  std::string source;                      // the request's source address
};

class CameraAccess {
 public:
  explicit CameraAccess(CameraAccessPolicy policy);

  AccessDecision check(const CameraRoute& route, const HttpRequest& req, int64_t now_ms);

  // Generic pushes name their lane in the body: true when `camera` (or, for an undeclared
  // generic push, any undeclared lane) may push to `lane_id`.
  bool may_push_to(const DeclaredCamera* camera, const std::string& lane_id) const;

  // Lanes that declare at least one camera.
  bool lane_declares_cameras(const std::string& lane_id) const;

 private:
  AccessDecision check_credentials(const DeclaredCamera& camera, const CameraRoute& route,
                                   const HttpRequest& req, int64_t now_ms);

  CameraAccessPolicy policy_;
  std::unique_ptr<DigestServer> digest_;
};

// The address part of HttpRequest::remote ("1.2.3.4:5678", "[::1]:5678").
std::string source_address_of(const std::string& remote);

}  // namespace gate::drivers
