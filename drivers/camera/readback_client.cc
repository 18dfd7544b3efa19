// The read-back exchange: see readback_client.h.
#include "drivers/camera/readback_client.h"

#include <string>

#include "drivers/http/digest_client.h"

namespace gate::drivers {

namespace {

ReadbackOutcome unavailable(const CameraApi& api, const std::string& why) {
  return {ReadbackVerdict::kUnavailable,
          "camera API " + api.host + ":" + std::to_string(api.port) + " " + why};
}

}  // namespace

ReadbackOutcome read_back_event(const CameraApi& api, CameraVendor vendor, std::string_view plate,
                                int64_t event_unix_ms, int utc_offset_minutes) {
  auto request = build_readback_request(vendor, event_unix_ms, utc_offset_minutes);
  if (!request.ok()) return unavailable(api, request.error());
  DigestRequest r;
  r.method = request.value().method;
  r.target = request.value().target;
  r.body = request.value().body;
  r.content_type = request.value().content_type;
  r.user = api.user;
  r.password = api.password;
  r.timeout_ms = api.timeout_ms;
  const HttpUrl url{api.host, api.port, r.target};
  auto reply = http_request_with_digest(url, r);
  if (!reply.ok()) return unavailable(api, "did not answer: " + reply.error());
  const int status = reply.value().status;
  if (status == 401) {
    return unavailable(api, "refused our login (401): check api_user and the api password");
  }
  if (status != 200) {
    return unavailable(api, "answered HTTP " + std::to_string(status) + " to " + r.target);
  }
  auto captures = parse_readback_reply(vendor, reply.value().body, utc_offset_minutes);
  if (!captures.ok()) return unavailable(api, "answered without a plate list: " + captures.error());
  return judge_captures(captures.value(), plate, event_unix_ms);
}

}  // namespace gate::drivers
