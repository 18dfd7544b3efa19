// A regional platform that speaks one field-map profile (docs/platform-profiles.md) strictly:
// the double `gate-sim profile-platform` runs for gated to upload to. It issues tokens at the
// profile's login (to the configured account only) and ends them after their lifetime; checks
// every body as the profile describes it (profile_checks.h) and answers in the profile's own
// success shape; keeps each record once by its serial (the field mapped from "key") and counts
// repeats. Fault modes: slow, 500, garbage, token_expired (every token ends now), refuse
// (every record refused with a reason), down (503 to every call until back to normal; its
// control requests still answer). Slow: a record is taken at once and answered after slow_ms.
// Its control requests on the same port: GET /mock/report, POST /mock/mode {"mode": M}.
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

namespace gate::sim {

struct ProfilePlatformOptions {
  gate::v1::PlatformProfile profile;            // checked
  std::map<std::string, std::string> settings;  // the plant's account and codes
  std::string address = "127.0.0.1";
  uint16_t port = 0;         // 0: a free port
  int token_lifetime_s = 0;  // 0: the profile's
  int slow_ms = 3000;
};

class ProfilePlatform {
 public:
  enum class Mode { kNormal, kSlow, kError500, kGarbage, kTokenExpired, kRefuse, kDown };
  static Result<Mode> mode_from_name(const std::string& name);

  static Result<std::unique_ptr<ProfilePlatform>> Start(ProfilePlatformOptions options);
  ~ProfilePlatform();
  ProfilePlatform(const ProfilePlatform&) = delete;
  ProfilePlatform& operator=(const ProfilePlatform&) = delete;

  uint16_t port() const { return port_; }
  void set_mode(Mode m);
  // {"profile", "records": n, "by_kind", "duplicates", "duplicates_by_kind", "cargo_serials"
  //  (each cargo record taken, once, in order), "refused": {reason: n}, "logins",
  //  "token_refusals", "statuses", "last_status", "photo_uri_bytes", "serials" and "bodies"
  //  (with_records; photo fields shown as their size)}.
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
  // An answer in the profile's success shape: taken, or refused with `reason`.
  drivers::HttpResponse answer(bool taken, const std::string& reason, int status = 200) const;
  bool token_valid(const std::string& token, int64_t now_s) const;

  ProfilePlatformOptions opt_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread threads_[2];
  std::unique_ptr<drivers::HttpServer> server_;
  uint16_t port_ = 0;

  mutable std::mutex mu_;
  Mode mode_ = Mode::kNormal;
  std::map<std::string, int64_t> tokens_;  // token → valid until (unix s)
  int64_t token_counter_ = 0;
  std::map<std::string, nlohmann::json> records_;  // serial → record fields
  std::vector<std::string> order_;
  std::map<std::string, int64_t> by_kind_;
  int64_t duplicates_ = 0;
  std::map<std::string, int64_t> duplicates_by_kind_;  // repeats of a taken serial, by kind
  std::vector<std::string> cargo_serials_;             // KIND_CARGO records taken, in order
  int64_t logins_ = 0;
  int64_t token_refusals_ = 0;
  int64_t statuses_ = 0;  // status reports taken (KIND_STATUS)
  nlohmann::json last_status_ = nullptr;
  int64_t photo_uri_bytes_ = 0;  // photo data URIs taken, in bytes (not kept)
  std::map<std::string, int64_t> refused_;
};

}  // namespace gate::sim
