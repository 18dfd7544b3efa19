// A regional platform that speaks one field-map profile (docs/platform-profiles.md) strictly:
// the double `gate-sim profile-platform` runs for gated to upload to. It issues tokens at the
// profile's login (to the configured account only) and ends them after their lifetime; checks
// every body as the profile describes it (profile_checks.h) and answers in the profile's own
// success shape; keeps each record once by its serial (the field mapped from "key") and counts
// repeats. Fault modes: slow, 500, garbage, token_expired (every token ends now), refuse
// (every record refused with a reason), refuse_photo (every photo message refused), down (503
// to every call until back to normal; its control requests still answer). Slow: a record is
// taken at once and answered after slow_ms. Its control requests on the same port: GET
// /mock/report, POST /mock/mode {"mode": M}, POST /mock/control {"alert_level": "2",
// "strategy": "2", …} (the policy pull's answer from now on, in the platform's codes by our
// control field; put_control_answer in profile_checks.h), POST /mock/vehicles {plate: {…}} (the
// vehicle table checks are answered from from now on, check_answers.h). A vehicle check is
// answered from that table with a serial of its own ("PS-<n>"); mode refuse answers every check
// "may not pass", slow answers it after slow_ms, down with 503. A profile with SCHEME_MD5_HEADER
// has every call's signature checked: 401 when it is wrong.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/http/http_server.h"
#include "gate/v1/platform_profile.pb.h"
#include "rules/result.h"
#include "sim/platform/check_answers.h"

namespace gate::sim {

struct ProfilePlatformOptions {
  gate::v1::PlatformProfile profile;            // checked
  std::map<std::string, std::string> settings;  // the plant's account and codes
  std::string address = "127.0.0.1";
  uint16_t port = 0;         // 0: a free port
  int token_lifetime_s = 0;  // 0: the profile's
  int slow_ms = 3000;
  // SCHEME_MD5_HEADER: the key and secret every call must be signed with.
  std::string app_key;
  std::string app_secret;
  // The policy pull's answer to begin with (see POST /mock/control).
  std::map<std::string, std::string> control;
  // The platform's own vehicle records, answering vehicle checks (see POST /mock/vehicles).
  PlatformVehicleTable vehicles;
};

// A record the platform took: its serial (the field mapped from "key"), message, fields (photos
// shown by size) and when it arrived (system clock, unix ms).
struct ProfileRecord {
  std::string serial;
  gate::v1::PlatformMessage::Kind kind = gate::v1::PlatformMessage::KIND_UNSPECIFIED;
  nlohmann::json record;
  int64_t received_unix_ms = 0;
};

// A vehicle check the platform answered: when it took the question (system clock, unix ms),
// the plate, the serial it gave ("PS-<n>", the n-th check) and its record of the vehicle as
// answered (may_pass false in mode refuse). `held` when the answer did not go out at once (mode
// slow: after slow_ms; drop: never), so a gate may have decided without it.
struct AnsweredCheck {
  int64_t at_unix_ms = 0;
  std::string plate, serial;
  PlatformVehicle answer;
  bool held = false;
};

class ProfilePlatform {
 public:
  enum class Mode {
    kNormal,
    kSlow,
    kError500,
    kGarbage,
    kTokenExpired,
    kRefuse,
    kRefusePhoto,
    kDown,
    kDrop  // each call is taken, then the connection closes without an answer
  };
  static Result<Mode> mode_from_name(const std::string& name);

  static Result<std::unique_ptr<ProfilePlatform>> Start(ProfilePlatformOptions options);
  ~ProfilePlatform();
  ProfilePlatform(const ProfilePlatform&) = delete;
  ProfilePlatform& operator=(const ProfilePlatform&) = delete;

  uint16_t port() const { return port_; }
  void set_mode(Mode m);
  void set_slow_ms(int ms);
  // Every record taken, in arrival order.
  std::vector<ProfileRecord> received() const;
  const gate::v1::PlatformProfile& profile() const { return opt_.profile; }
  // The policy pull's answer from now on: the platform's codes by our control field.
  void set_control(std::map<std::string, std::string> control);
  // Policy pulls answered so far.
  int64_t pulls() const {
    std::lock_guard lock(mu_);
    return pulls_;
  }
  // Every vehicle check answered, in order (what a conformance judge compares with the gates'
  // records).
  std::vector<AnsweredCheck> answered_checks() const;
  // The vehicle table checks are answered from, from now on.
  void set_vehicles(PlatformVehicleTable vehicles);
  // {"profile", "records": n, "by_kind", "duplicates", "duplicates_by_kind", "cargo_serials"
  //  (each cargo record taken, once, in order), "refused": {reason: n}, "logins",
  //  "token_refusals", "signature_refusals", "statuses", "last_status", "pulls", "control",
  //  "photo_uri_bytes", "checks" (vehicle checks answered), "check_plates" (in order),
  //  "serials", "bodies" (with_records; photo fields shown as their size) and "check_answers"
  //  (with_records: [{plate, serial, may_pass, reason, stage, held}] in order)}.
  nlohmann::json report(bool with_records) const;

 private:
  explicit ProfilePlatform(ProfilePlatformOptions options);
  Status listen();
  drivers::HttpResponse handle(const drivers::HttpRequest& req);
  drivers::HttpResponse take(const drivers::HttpRequest& req);
  drivers::HttpResponse handle_login(const nlohmann::json& body);
  drivers::HttpResponse handle_record(const gate::v1::PlatformMessage& m,
                                      const drivers::HttpRequest& req, const nlohmann::json& body);
  drivers::HttpResponse control(const drivers::HttpRequest& req);
  drivers::HttpResponse set_control_request(const std::string& body);
  drivers::HttpResponse set_vehicles_request(const std::string& body);
  // A vehicle check's answer from the vehicle table; mu_ held.
  drivers::HttpResponse answer_check(const gate::v1::PlatformMessage& m,
                                     const nlohmann::json& record);
  // An answer in the profile's success shape: taken, or refused with `reason`.
  drivers::HttpResponse answer(bool taken, const std::string& reason, int status = 200) const;
  bool token_valid(const std::string& token, int64_t now_s) const;

  ProfilePlatformOptions opt_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread threads_[4];
  std::unique_ptr<drivers::HttpServer> server_;
  uint16_t port_ = 0;

  mutable std::mutex mu_;
  Mode mode_ = Mode::kNormal;
  std::map<std::string, int64_t> tokens_;  // token → valid until (unix s)
  int64_t token_counter_ = 0;
  std::map<std::string, nlohmann::json> records_;  // serial → record fields
  std::vector<std::string> order_;
  std::map<std::string, std::pair<gate::v1::PlatformMessage::Kind, int64_t>> arrived_;
  std::map<std::string, int64_t> by_kind_;
  int64_t duplicates_ = 0;
  std::map<std::string, int64_t> duplicates_by_kind_;  // repeats of a taken serial, by kind
  std::vector<std::string> cargo_serials_;             // KIND_CARGO records taken, in order
  int64_t logins_ = 0;
  int64_t token_refusals_ = 0;
  int64_t statuses_ = 0;  // status reports taken (KIND_STATUS)
  nlohmann::json last_status_ = nullptr;
  // KIND_LANE_STATUS and KIND_CAMERA_STATUS messages taken, by kind name; the latest body of
  // each lane or camera, by kind name and the lane's or camera's id.
  std::map<std::string, int64_t> unit_statuses_;
  std::map<std::string, std::map<std::string, nlohmann::json>> last_unit_status_;
  int64_t photo_uri_bytes_ = 0;     // photo data URIs taken, in bytes (not kept)
  int64_t pulls_ = 0;               // policy pulls answered (KIND_POLICY_PULL)
  int64_t signature_refusals_ = 0;  // calls refused 401 for their MD5 header signature
  std::map<std::string, int64_t> refused_;
  std::vector<AnsweredCheck> checks_;  // vehicle checks answered, in order
};

}  // namespace gate::sim
