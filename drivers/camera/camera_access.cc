#include "drivers/camera/camera_access.h"

#include <algorithm>

namespace gate::drivers {

namespace {

using Outcome = AccessDecision::Outcome;

AccessDecision forbidden(std::string reason) {
  AccessDecision d;
  d.outcome = Outcome::kForbidden;
  d.reason = std::move(reason);
  return d;
}

AccessDecision allowed(const DeclaredCamera* camera) {
  AccessDecision d;
  d.outcome = Outcome::kAllow;
  d.camera = camera;
  return d;
}

std::string header(const HttpRequest& req, const char* name) {
  const auto it = req.headers.find(name);
  return it == req.headers.end() ? std::string() : it->second;
}

std::string where(const CameraRoute& route) {
  return route.vendor == CameraVendor::kGeneric ? std::string("the generic route")
                                                : "lane " + route.lane;
}

}  // namespace

std::string source_address_of(const std::string& remote) {
  if (remote.starts_with("[")) return remote.substr(1, remote.find(']') - 1);
  const std::size_t colon = remote.rfind(':');
  return colon == std::string::npos ? remote : remote.substr(0, colon);
}

CameraAccess::CameraAccess(CameraAccessPolicy policy)
    : policy_(std::move(policy)),
      digest_(std::make_unique<DigestServer>(policy_.realm, policy_.nonce_lifetime_ms)) {}

bool CameraAccess::lane_declares_cameras(const std::string& lane_id) const {
  return std::any_of(policy_.cameras.begin(), policy_.cameras.end(),
                     [&](const DeclaredCamera& c) { return c.lane_id == lane_id; });
}

bool CameraAccess::may_push_to(const DeclaredCamera* camera, const std::string& lane_id) const {
  if (camera == nullptr) return policy_.allow_undeclared && !lane_declares_cameras(lane_id);
  return std::any_of(policy_.cameras.begin(), policy_.cameras.end(), [&](const DeclaredCamera& c) {
    return c.lane_id == lane_id && c.vendor == camera->vendor &&
           c.source_address == camera->source_address;
  });
}

AccessDecision CameraAccess::check(const CameraRoute& route, const HttpRequest& req,
                                   int64_t now_ms) {
  const std::string source = source_address_of(req.remote);
  std::vector<const DeclaredCamera*> candidates;
  for (const auto& c : policy_.cameras) {
    if (c.vendor == route.vendor &&
        (route.vendor == CameraVendor::kGeneric || c.lane_id == route.lane)) {
      candidates.push_back(&c);
    }
  }
  AccessDecision d;
  const bool lane_open = route.vendor == CameraVendor::kGeneric
                             ? candidates.empty()
                             : !lane_declares_cameras(route.lane);
  if (candidates.empty() && policy_.allow_undeclared && lane_open) {
    d = allowed(nullptr);
  } else if (candidates.empty()) {
    d = forbidden("no " + std::string(vendor_name(route.vendor)) + " camera is declared for " +
                  where(route) + "; declare it in lanes[].push_cameras");
  } else {
    const auto match =
        std::find_if(candidates.begin(), candidates.end(),
                     [&](const DeclaredCamera* c) { return c->source_address == source; });
    d = match == candidates.end()
            ? forbidden(source + " is not a declared " + std::string(vendor_name(route.vendor)) +
                        " camera for " + where(route))
            : check_credentials(**match, route, req, now_ms);
  }
  d.source = source;
  return d;
}

AccessDecision CameraAccess::check_credentials(const DeclaredCamera& camera,
                                               const CameraRoute& route, const HttpRequest& req,
                                               int64_t now_ms) {
  const std::string who = "camera " + camera.camera_id;
  switch (camera.auth) {
    case CameraAuth::kNone:
      return allowed(&camera);
    case CameraAuth::kPathToken:
      if (!route.token.empty() && constant_time_equal(route.token, camera.secret)) {
        return allowed(&camera);
      }
      return forbidden(who + ": the path token is " + (route.token.empty() ? "missing" : "wrong"));
    case CameraAuth::kBasic: {
      const std::string value = header(req, "authorization");
      auto creds = parse_basic_authorization(value);
      if (!creds.ok() && value.empty()) {
        AccessDecision d;
        d.outcome = Outcome::kChallenge;
        d.reason = who + ": credentials required (HTTP Basic)";
        d.challenges = {"Basic realm=\"" + policy_.realm + "\", charset=\"UTF-8\""};
        return d;
      }
      if (creds.ok() && constant_time_equal(creds.value().user, camera.user) &&
          constant_time_equal(creds.value().password, camera.secret)) {
        return allowed(&camera);
      }
      return forbidden(who + ": wrong Basic credentials");
    }
    case CameraAuth::kDigest: {
      const auto check = digest_->verify(header(req, "authorization"), req.method, req.target,
                                         camera.user, camera.secret, now_ms);
      if (check.verdict == DigestServer::Verdict::kOk) return allowed(&camera);
      if (check.verdict == DigestServer::Verdict::kBad) {
        return forbidden(who + ": Digest refused: " + check.reason);
      }
      AccessDecision d;
      d.outcome = Outcome::kChallenge;
      d.reason =
          who + ": " +
          (check.verdict == DigestServer::Verdict::kStale ? "stale nonce"
                                                          : "credentials required (HTTP Digest)");
      d.challenges = digest_->challenges(now_ms, check.verdict == DigestServer::Verdict::kStale);
      return d;
    }
  }
  return forbidden(who + ": unknown authentication");
}

}  // namespace gate::drivers
