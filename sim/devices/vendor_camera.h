// The camera of one lane as the scenario runner plays it: a Vzenith camera (no credentials,
// today's default), a Hikvision camera pushing ISAPI ANPR alarms with HTTP Digest, or a Dahua
// ITC camera pushing ITSAPI TollgateInfo with a secret path token. Requests are built and sent in
// two steps so that a recorded push can be sent again (a replay) and so that an attacker can
// send a camera's request with other credentials or from another address.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "drivers/http/http_client.h"
#include "rules/result.h"
#include "sim/devices/hikvision_push.h"
#include "sim/devices/truck_arrivals.h"

namespace gate::sim {

enum class CameraKind { kVzenith, kHikvision, kDahua };

// "vzenith", "hikvision", "dahua".
std::string_view camera_kind_name(CameraKind kind);

struct CameraCredentials {
  std::string user;      // Hikvision: HTTP Digest user; empty = send no Authorization
  std::string password;  // Hikvision: HTTP Digest password
  std::string token;     // Dahua: the path token; empty = the URL carries none
};

// One push as built, before credentials are added.
struct CameraRequest {
  std::string target;  // /camera/<vendor>/<lane_id> (the path token is added when sent)
  PushBody body;
};

class VendorCamera {
 public:
  VendorCamera(drivers::HttpUrl gate, std::string lane_id, CameraKind kind,
               CameraCredentials credentials, int utc_offset_minutes);

  // The push for one read of `truck` at `now_unix_ms`, with a fresh synthetic picture.
  CameraRequest request_for(const TruckArrival& truck, int64_t now_unix_ms) const;

  // Sends with the camera's own credentials from the default address; the HTTP status.
  Result<int> send(const CameraRequest& request) const;
  // Sends with `credentials` from `source_address` ("" = the system's choice).
  Result<int> send_as(const CameraRequest& request, const CameraCredentials& credentials,
                      const std::string& source_address) const;

  CameraKind kind() const { return kind_; }
  const std::string& lane_id() const { return lane_id_; }
  const CameraCredentials& credentials() const { return credentials_; }

 private:
  drivers::HttpUrl gate_;
  std::string lane_id_;
  CameraKind kind_;
  CameraCredentials credentials_;
  int utc_offset_minutes_;
};

}  // namespace gate::sim
