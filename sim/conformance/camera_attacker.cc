#include "sim/conformance/camera_attacker.h"

namespace gate::sim {

void AcceptedPushes::record(const CameraRequest& request, const TruckArrival& truck) {
  std::lock_guard lock(mu_);
  last_ = Last{request, truck};
}

void AcceptedPushes::record_passed(const TruckArrival& truck) {
  std::lock_guard lock(mu_);
  passed_ = truck;
}

std::optional<AcceptedPushes::Last> AcceptedPushes::last() const {
  std::lock_guard lock(mu_);
  return last_;
}

std::optional<TruckArrival> AcceptedPushes::plate_that_passes() const {
  std::lock_guard lock(mu_);
  if (passed_) return passed_;
  if (last_) return last_->truck;
  return std::nullopt;
}

namespace {

// Wrong credentials of the camera's kind: a wrong password, or a wrong path token of a valid
// shape (so that it is refused as wrong, not as malformed).
CameraCredentials wrong_credentials(const VendorCamera& camera, std::string& how) {
  CameraCredentials c = camera.credentials();
  if (camera.kind() == CameraKind::kDahua) {
    c.token = "forgedTokenForgedToken01";
    how = "wrong path token";
  } else {
    c.password = "not-the-" + c.password;
    how = "wrong password";
  }
  return c;
}

}  // namespace

std::optional<AttackRecord> send_attack(const PlannedAttack& attack, int sequence,
                                        const VendorCamera& camera, const AcceptedPushes& pushes,
                                        int64_t now) {
  const std::optional<AcceptedPushes::Last> last = pushes.last();
  if (!last) return std::nullopt;
  AttackRecord rec;
  rec.kind = attack.kind;
  rec.lane_id = attack.lane_id;
  rec.time_unix_ms = now;
  Result<int> status = Error{"not sent"};
  switch (attack.kind) {
    case AttackKind::kForged: {
      CameraCredentials creds;  // none
      rec.how = "no credentials";
      if (sequence % 2 == 1) creds = wrong_credentials(camera, rec.how);
      status = camera.send_as(camera.request_for(*pushes.plate_that_passes(), now), creds, "");
      break;
    }
    case AttackKind::kReplayed:
      rec.how = "re-sent push for " + last->truck.plate;
      status = camera.send(last->request);
      break;
    case AttackKind::kForeign:
      rec.how = std::string("from ") + kForeignAddress;
      status = camera.send_as(camera.request_for(*pushes.plate_that_passes(), now),
                              camera.credentials(), kForeignAddress);
      break;
  }
  if (status.ok()) {
    rec.status = status.value();
  } else {
    rec.error = status.error();
  }
  return rec;
}

}  // namespace gate::sim
