// The web dashboard (docs/dashboard.md): its static assets (built into the binary, web_assets.h),
// login with users and sessions, and the JSON it reads beyond the operator and auditor routes.
//
//   GET  /, /index.html, /app.js, /app.css       the dashboard (no login needed to load it)
//   POST /api/v1/login  {"user", "password"}    200 {"user", "role"} + session cookie; 401;
//        429 {"error", "retry_after_s"} while the client address must wait after repeated
//        failures for that name or over all names (login_throttle.h); other addresses are not
//        held up
//   POST /api/v1/logout                          ends the session
//   GET  /api/v1/me                              who is calling and what they may do
//   GET  /api/v1/dashboard/lanes                 each lane: barrier, last decision, hold queue;
//                                                the declared cameras' health ("cameras"); the
//                                                platform's vehicle check ("check": null before
//                                                the first, else {"degraded", "degraded_mode",
//                                                "reason", "since", "last_time",
//                                                "last_latency_ms", "answered", "unavailable"})
//   GET  /api/v1/dashboard/mismatches?limit=50   the latest passages whose platform check
//        disagreed with the ledger, newest first: {"passages": [{"seq", "time", "lane",
//        "plate", "decision", "rule", "mismatch", "serial", "may_pass", "platform_reason"}],
//        "more"}; limit 1..500
//   GET  /api/v1/dashboard/today?date=           counts, green share by hour, refusals by rule
//   GET  /api/v1/dashboard/sync                  backlog, last acknowledgement, rate, parked
//   GET  /api/v1/dashboard/alert                 the alert level in force and its source
//   POST /api/v1/dashboard/alert {"level": "none|yellow|orange|red|platform", "reason"}
//   GET  /api/v1/dashboard/alarms                alarms since start, newest first
//   POST /api/v1/dashboard/alarms/<id>/ack       acknowledges one
//   POST /api/v1/dashboard/ledger/suspend {"plate", "suspended": true|false, "reason"}
//        suspends or reinstates a ledger entry, in force for the next truck (manager, admin)
//   GET  /api/v1/dashboard/ledger/entry, POST …/ledger/add, …/ledger/edit, …/ledger/import
//        one entry's fields, add, edit, CSV import with its report (ledger_edit_routes.h)
//   GET  /api/v1/dashboard/passages/<seq>/cargo  {"seq", "entries": [{"revision", "name",
//        "quantity", "unit", "entered_by", "time"}]}, oldest first (the last one is in force)
//   POST /api/v1/dashboard/passages/<seq>/cargo {"name", "quantity": "31.25", "unit": "t|L"}
//        enters the cargo (again: a correction, kept beside the first) and queues it for upload
//        (operator, manager, admin); 400 with what is wrong, 404 no such passage
// Passages, photos, CSV export and the ledger are read through /api/v1/audit/ (auditor_routes.h)
// and a truck is released through /api/v1/lanes/<lane>/manual-release (api_server.h).
//
// Every change is checked against the caller's role (user_roles.h: an auditor changes nothing)
// and logged with the user's name. State of the lanes is read and changed on the lanes' thread
// through `on_lanes`, given by the ApiServer with each request.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/http/http_server.h"
#include "firmware-host/api/ledger_edit_routes.h"
#include "firmware-host/api/live_board.h"
#include "firmware-host/api/login_throttle.h"
#include "firmware-host/api/user_roles.h"
#include "firmware-host/api/user_store.h"
#include "firmware-host/api/web_sessions.h"
#include "firmware-host/policy/policy_runtime.h"
#include "gate/v1/codes.pb.h"
#include "rules/camera_health.h"
#include "rules/result.h"

namespace gate::host {

// Who is calling: a dashboard user (session cookie) or an API token.
struct ApiCaller {
  std::string name;
  UserRole role = UserRole::kAuditor;
  bool session = false;  // true for a dashboard login, false for a Bearer token
};

struct LaneView {
  std::string lane;
  std::string state;  // "idle", "opening", "passing"
  bool barrier_online = false;
  int queued = 0;  // reads waiting while the lane is busy
  gate::v1::AlertLevel alert_level = gate::v1::ALERT_LEVEL_UNSPECIFIED;
  int64_t last_refused_seq = 0;  // the truck a manual release would let in; 0 = none
};

struct AlertView {
  gate::v1::AlertLevel level = gate::v1::ALERT_LEVEL_UNSPECIFIED;  // what the lanes use
  std::string source;  // "manual", or "downlink" (the routes tell platform from configuration)
  std::string set_by, reason;
  int64_t set_unix_ms = 0;
};

struct DashboardOptions {
  std::string database_path;
  int utc_offset_minutes = 480;
  int64_t live_window_ms = 60000;
  int64_t backlog_alarm_age_ms = 600000;
  int64_t session_idle_ms = WebSessions::kDefaultIdleMs;
  int64_t session_absolute_ms = WebSessions::kDefaultAbsoluteMs;
  LoginThrottleOptions login_throttle;
};

// The daemon's side. Functions marked (lanes) are called on the lanes' thread.
struct DashboardPorts {
  std::function<std::vector<LaneView>()> lanes;  // (lanes)
  std::function<ShareStatus()> share_status;     // (lanes)
  std::function<AlertView()> alert;              // (lanes)
  // (lanes) A manual level (nullopt: back to the platform's or the configured level).
  std::function<Status(std::optional<gate::v1::AlertLevel>, const std::string& user,
                       const std::string& reason)>
      set_alert;
  // (lanes) Suspends or reinstates the entry of `plate` in the gate's ledger and in the ledger
  // the lanes decide with; the ledger history records `actor`.
  std::function<Status(const std::string& plate, bool suspended, const std::string& actor)>
      set_suspended;
  // (lanes) Adds or replaces entries in one transaction and reloads the lanes' ledger
  // (LedgerEditPorts::write).
  std::function<Status(const std::vector<gate::v1::Vehicle>&, const std::string& actor)>
      write_vehicles;
  // The declared cameras' health (docs/cameras.md); any thread; unset = none declared.
  std::function<std::vector<rules::CameraStatus>()> cameras;
  std::shared_ptr<LiveBoard> board;
  std::function<int64_t()> now_ms;
  std::function<void(const std::string&)> log;
};

class DashboardRoutes {
 public:
  using OnLanes = std::function<bool(const std::function<void()>&)>;

  static Result<std::unique_ptr<DashboardRoutes>> Create(DashboardOptions opt,
                                                         DashboardPorts ports);

  // Static assets, login and logout: answered without a token or session; nullopt for others.
  std::optional<drivers::HttpResponse> handle_public(const drivers::HttpRequest& req);
  // The dashboard user of the request's session cookie; nullopt when none, expired, or the user
  // was disabled since logging in.
  std::optional<ApiCaller> session_caller(const drivers::HttpRequest& req);
  // The routes under /api/v1/me and /api/v1/dashboard/ for an authenticated caller; nullopt for
  // other paths.
  std::optional<drivers::HttpResponse> handle(const drivers::HttpRequest& req, const ApiCaller& who,
                                              const OnLanes& on_lanes);

 private:
  DashboardRoutes(DashboardOptions opt, DashboardPorts ports, std::unique_ptr<UserStore> users)
      : opt_(std::move(opt)),
        ports_(std::move(ports)),
        users_(std::move(users)),
        sessions_(opt_.session_idle_ms, opt_.session_absolute_ms),
        throttle_(opt_.login_throttle) {}
  drivers::HttpResponse login(const drivers::HttpRequest& req);

  // The routes under /api/v1/dashboard/, as a table of method and path pattern → handler.
  struct Call;
  struct Route;
  static const std::vector<Route>& routes();
  static std::string methods_of(std::string_view pattern);  // "GET or POST"
  using Answer = std::optional<drivers::HttpResponse>;
  Answer lanes(const Call& call);
  Answer today(const Call& call);
  Answer sync(const Call& call);
  Answer alert(const Call& call);
  Answer set_alert(const Call& call);
  Answer alarms(const Call& call);
  Answer acknowledge_alarm(const Call& call);
  Answer suspend(const Call& call);
  Answer ledger_edit(const Call& call);
  Answer mismatches(const Call& call);
  Answer cargo(const Call& call);
  Answer enter_cargo(const Call& call);
  void log(const std::string& m) const {
    if (ports_.log) ports_.log(m);
  }

  DashboardOptions opt_;
  DashboardPorts ports_;
  std::unique_ptr<UserStore> users_;  // API thread only
  WebSessions sessions_;
  LoginThrottle throttle_;  // API thread only
};

// The HTTP answer for a static asset at `path` ("/" is index.html): ETag, Cache-Control
// no-cache (revalidate: a new build changes the ETag), 304 when If-None-Match matches.
std::optional<drivers::HttpResponse> serve_web_asset(const drivers::HttpRequest& req);

}  // namespace gate::host
