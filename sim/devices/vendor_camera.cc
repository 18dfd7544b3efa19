#include "sim/devices/vendor_camera.h"

#include <cstdio>
#include <functional>

#include "drivers/http/digest_client.h"
#include "sim/devices/dahua_push.h"
#include "sim/devices/virtual_camera.h"

namespace gate::sim {
namespace {

constexpr int kPushTimeoutMs = 5000;

// A stable, made-up MAC address per lane (Hikvision's OUI bc:5e:33): gated names the camera by it.
std::string mac_address_of(const std::string& lane_id) {
  const std::size_t h = std::hash<std::string>{}(lane_id);
  char buf[24];
  std::snprintf(buf, sizeof buf, "bc:5e:33:%02x:%02x:%02x", static_cast<unsigned>(h & 0xff),
                static_cast<unsigned>((h >> 8) & 0xff), static_cast<unsigned>((h >> 16) & 0xff));
  return buf;
}

}  // namespace

std::string_view camera_kind_name(CameraKind kind) {
  switch (kind) {
    case CameraKind::kHikvision:
      return "hikvision";
    case CameraKind::kDahua:
      return "dahua";
    case CameraKind::kVzenith:
      break;
  }
  return "vzenith";
}

VendorCamera::VendorCamera(drivers::HttpUrl gate, std::string lane_id, CameraKind kind,
                           CameraCredentials credentials, int utc_offset_minutes)
    : gate_(std::move(gate)),
      lane_id_(std::move(lane_id)),
      kind_(kind),
      credentials_(std::move(credentials)),
      utc_offset_minutes_(utc_offset_minutes) {}

CameraRequest VendorCamera::request_for(const TruckArrival& truck, int64_t now) const {
  // A synthetic scene and plate close-up: their burnt-in time makes every push's pictures new,
  // which is what the gate's replay guard looks at.
  const std::string jpeg = synthetic_snapshot(truck, now);
  const std::string closeup = synthetic_closeup(truck, now);
  const std::string serial = "SIM-CAM-" + lane_id_;
  CameraRequest r;
  switch (kind_) {
    case CameraKind::kHikvision: {
      HikvisionIdentity id;
      id.mac_address = mac_address_of(lane_id_);
      r.target = "/camera/hikvision/" + lane_id_;
      r.body = hikvision_anpr_push(truck, id, now, utc_offset_minutes_, closeup, jpeg);
      break;
    }
    case CameraKind::kDahua:
      r.target = "/camera/dahua/" + lane_id_;
      r.body = {"application/json",
                dahua_tollgate_json(truck, serial, now, utc_offset_minutes_, jpeg, closeup)};
      break;
    case CameraKind::kVzenith:
      if (truck.vzenith) {
        r.target = "/camera/vzenith/" + lane_id_;
        r.body = {"application/json", vzenith_body(truck, serial, now, jpeg, closeup)};
      } else {
        r.target = "/camera/generic";
        r.body = {"application/json", generic_body(truck, lane_id_, serial, now, jpeg)};
      }
      break;
  }
  return r;
}

Result<int> VendorCamera::send(const CameraRequest& request) const {
  return send_as(request, credentials_, "");
}

Result<int> VendorCamera::send_as(const CameraRequest& request,
                                  const CameraCredentials& credentials,
                                  const std::string& source_address) const {
  drivers::HttpUrl url = gate_;
  url.source_address = source_address;
  const std::string target =
      credentials.token.empty() ? request.target : request.target + "/" + credentials.token;
  Result<drivers::HttpReply> reply = Error{"not sent"};
  if (credentials.user.empty()) {
    reply = drivers::http_request(url, "POST", target, request.body.body, request.body.content_type,
                                  kPushTimeoutMs);
  } else {
    drivers::DigestRequest d;
    d.method = "POST";
    d.target = target;
    d.body = request.body.body;
    d.content_type = request.body.content_type;
    d.user = credentials.user;
    d.password = credentials.password;
    d.timeout_ms = kPushTimeoutMs;
    reply = drivers::http_request_with_digest(url, d);
  }
  if (!reply.ok()) return Error{reply.error()};
  return reply.value().status;
}

}  // namespace gate::sim
