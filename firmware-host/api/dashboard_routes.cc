#include "firmware-host/api/dashboard_routes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "firmware-host/api/request_origin.h"
#include "firmware-host/api/web_assets.h"
#include "firmware-host/audit/daily_report.h"
#include "firmware-host/audit/record_json.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/sync/platform_state.h"
#include "firmware-host/sync/platform_state_store.h"
#include "firmware-host/sync/transmission_metrics.h"
#include "rules/cargo.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::host {
namespace {

using json = nlohmann::json;
using drivers::HttpRequest;
using drivers::HttpResponse;

constexpr int64_t kHourMs = 3600 * 1000;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr std::string_view kDashboardPrefix = "/api/v1/dashboard/";

HttpResponse reply(int status, const json& j) {
  return {status, "application/json", j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

HttpResponse error(int status, const std::string& message) {
  return reply(status, json{{"error", message}});
}

HttpResponse forbidden(const ApiCaller& who, UserAction a) {
  return error(403, "'" + who.name + "' has the " + std::string(user_role_name(who.role)) +
                        " role, which may not " + std::string(action_name(a)));
}

std::string header(const HttpRequest& req, const std::string& name) {
  auto it = req.headers.find(name);
  return it == req.headers.end() ? "" : it->second;
}

std::optional<gate::v1::AlertLevel> parse_level(const std::string& s) {
  if (s == "none") return gate::v1::ALERT_LEVEL_NONE;
  if (s == "yellow") return gate::v1::ALERT_LEVEL_YELLOW;
  if (s == "orange") return gate::v1::ALERT_LEVEL_ORANGE;
  if (s == "red") return gate::v1::ALERT_LEVEL_RED;
  return std::nullopt;
}

// The daemon knows a manual level; for the rest it tells "downlink", which is the platform's
// when measures of the platform are in force, else the configured level.
std::string alert_source(const AlertView& a, const std::string& database_path, int64_t now) {
  if (a.source != "downlink") return a.source;
  auto store = PlatformStateStore::Open(database_path);
  if (!store.ok()) return "platform or configuration";
  auto state = store.value()->load();
  if (!state.ok()) return "platform or configuration";
  return effective_alert_level(state.value(), gate::v1::ALERT_LEVEL_UNSPECIFIED, now) !=
                 gate::v1::ALERT_LEVEL_UNSPECIFIED
             ? "platform"
             : "configuration";
}

json alert_json(const AlertView& a, int off) {
  return {{"level", std::string(rules::alert_name(a.level))},
          {"source", a.source},
          {"set_by", a.set_by},
          {"reason", a.reason},
          {"set_time", a.set_unix_ms == 0 ? "" : rules::local_time(a.set_unix_ms, off)}};
}

// The text of `body`'s string field `name`; "" when the body is no object or the field is
// absent or not a string.
std::string string_field(const json& body, const char* name) {
  return body.is_object() && body.contains(name) && body[name].is_string()
             ? body[name].get<std::string>()
             : "";
}

// The text `pattern`'s "*" stands for in `route`, "" without a "*"; nullopt when it does not
// match.
std::optional<std::string> match_route(std::string_view pattern, std::string_view route) {
  const auto star = pattern.find('*');
  if (star == std::string_view::npos) {
    return pattern == route ? std::optional<std::string>("") : std::nullopt;
  }
  const std::string_view prefix = pattern.substr(0, star), suffix = pattern.substr(star + 1);
  if (route.size() < prefix.size() + suffix.size() || !route.starts_with(prefix) ||
      !route.ends_with(suffix)) {
    return std::nullopt;
  }
  return std::string(route.substr(prefix.size(), route.size() - prefix.size() - suffix.size()));
}

json me_json(const ApiCaller& who) {
  return {{"user", who.name},
          {"role", user_role_name(who.role)},
          {"session", who.session},
          {"may",
           {{"release", role_may(who.role, UserAction::kRelease)},
            {"ack", role_may(who.role, UserAction::kAcknowledgeAlarm)},
            {"alert", role_may(who.role, UserAction::kSetAlertLevel)},
            {"ledger", role_may(who.role, UserAction::kEditLedger)},
            {"cargo", role_may(who.role, UserAction::kEnterCargo)}}}};
}

json lane_json(const LaneView& l, const std::optional<gate::v1::Passage>& last, int off) {
  return {{"lane", l.lane},
          {"state", l.state},
          {"barrier_online", l.barrier_online},
          {"queued", l.queued},
          {"alert_level", std::string(rules::alert_name(l.alert_level))},
          {"last_refused_seq", l.last_refused_seq},
          {"last", last ? passage_json(*last, off) : json(nullptr)}};
}

json time_or_null(int64_t unix_ms, int off) {
  return unix_ms > 0 ? json(rules::local_time(unix_ms, off)) : json(nullptr);
}

json cameras_json(const std::vector<rules::CameraStatus>& cameras, int off) {
  json arr = json::array();
  for (const auto& c : cameras) {
    arr.push_back({{"lane", c.lane_id},
                   {"camera", c.camera_id},
                   {"online", c.online},
                   {"never_seen", c.never_seen},
                   {"last_seen", time_or_null(c.last_seen_unix_ms, off)},
                   {"last_plate", time_or_null(c.last_plate_unix_ms, off)},
                   {"silent_s", c.silent_ms / 1000}});
  }
  return arr;
}

// The platform's vehicle check for the live page; null before the first check ended (or when
// no lane has one). "since" is the first unanswered check of the degraded spell.
json check_health_json(const CheckHealth& c, int off) {
  if (!c.seen) return nullptr;
  return {{"degraded", c.degraded},
          {"degraded_mode", c.degraded_mode},
          {"reason", c.reason},
          {"since", time_or_null(c.degraded_since_unix_ms, off)},
          {"last_time", time_or_null(c.last_unix_ms, off)},
          {"last_latency_ms", c.last_latency_ms},
          {"answered", c.answered},
          {"unavailable", c.unavailable}};
}

// The trucks held for a share rule, with their place in the order each rule calls them.
json hold_queue_json(const ShareStatus& share, int off) {
  json queue = json::array();
  std::map<std::string, int> position;
  for (const auto& e : share.queue) {
    queue.push_back({{"position", ++position[e.rule_id]},
                     {"plate", e.plate},
                     {"lane", e.lane_id},
                     {"rule", e.rule_id},
                     {"held", rules::local_time(e.held_unix_ms, off)},
                     {"state", e.state == HoldEntry::State::kCalled ? "called" : "waiting"}});
  }
  return queue;
}

json share_lines_json(const ShareStatus& share) {
  json lines = json::array();
  for (const auto& r : share.lines) {
    lines.push_back({{"rule", r.rule_id},
                     {"rule_set", r.rule_set_id},
                     {"counter", r.counter},
                     {"mode", r.mode},
                     {"target_percent", r.target_percent},
                     {"share_percent", r.share_percent},
                     {"worst_end_percent", r.worst_end_percent},
                     {"released", r.released},
                     {"qualifying", r.qualifying}});
    if (r.plant_wide) lines.back()["plant_room_trucks"] = r.plant_room_trucks;
  }
  return lines;
}

}  // namespace

std::optional<HttpResponse> serve_web_asset(const HttpRequest& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  const std::string_view path = req.path == "/" ? std::string_view("/index.html") : req.path;
  for (const auto& a : web_assets()) {
    if (a.path != path) continue;
    HttpResponse res{200, std::string(a.content_type), ""};
    // no-cache: the browser keeps the file but asks each time; a new build changes the ETag.
    res.headers = {{"ETag", std::string(a.etag)},
                   {"Cache-Control", "no-cache"},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}};
    if (header(req, "if-none-match") == a.etag) {
      res.status = 304;
      return res;
    }
    res.body.assign(reinterpret_cast<const char*>(a.data), a.size);
    return res;
  }
  return std::nullopt;
}

Result<std::unique_ptr<DashboardRoutes>> DashboardRoutes::Create(DashboardOptions opt,
                                                                 DashboardPorts ports) {
  auto users = UserStore::Open(opt.database_path);
  if (!users.ok()) return Error{"dashboard users: " + users.error()};
  return std::unique_ptr<DashboardRoutes>(
      new DashboardRoutes(std::move(opt), std::move(ports), std::move(users).value()));
}

std::optional<HttpResponse> DashboardRoutes::handle_public(const HttpRequest& req) {
  if (req.path == "/api/v1/login") {
    if (req.method != "POST") return error(405, "use POST for /api/v1/login");
    return login(req);
  }
  if (req.path == "/api/v1/logout") {
    if (req.method != "POST") return error(405, "use POST for /api/v1/logout");
    const std::string id = WebSessions::id_from_cookie_header(header(req, "cookie"));
    if (auto s = sessions_.touch(id, ports_.now_ms())) log("dashboard: " + s->user + " logged out");
    sessions_.close(id);
    HttpResponse res = reply(200, json{{"logged_out", true}});
    res.headers.push_back({"Set-Cookie", WebSessions::clear_cookie(req.tls)});
    return res;
  }
  if (req.path.starts_with("/api/")) return std::nullopt;
  return serve_web_asset(req);
}

HttpResponse DashboardRoutes::login(const HttpRequest& req) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("user") ||
      !body["user"].is_string() || !body.contains("password") || !body["password"].is_string()) {
    return error(400, "body must be {\"user\": \"name\", \"password\": \"…\"}");
  }
  const std::string name = body["user"];
  const std::string address = address_without_port(req.remote);
  const int64_t now = ports_.now_ms();
  if (auto refused = throttle_.check(name, address, now)) {
    const int64_t seconds = (refused->retry_after_ms + 999) / 1000;
    log("dashboard: login refused for '" + name + "' from " + req.remote +
        " without checking the password: too many failed logins for " + refused->what +
        "; allowed again in " + std::to_string(seconds) + " s");
    HttpResponse res = reply(
        429,
        json{{"error", "too many failed logins for " + refused->what + "; try again in " +
                           std::to_string(seconds) + " s (after " +
                           rules::local_time(now + seconds * 1000, opt_.utc_offset_minutes) + ")"},
             {"retry_after_s", seconds}});
    res.headers.push_back({"Retry-After", std::to_string(seconds)});
    return res;
  }
  auto u = users_->check_login(name, body["password"]);
  if (!u.ok()) return error(503, "cannot read the users: " + u.error());
  if (!u.value()) {
    throttle_.record_failure(name, address, now);
    log("dashboard: login refused for '" + name + "' from " + req.remote);
    return error(401, "unknown user, wrong password or disabled account");
  }
  throttle_.record_success(name, address);
  auto s = sessions_.open(u.value()->name, u.value()->role, ports_.now_ms());
  if (!s) return error(503, "the random source failed; try again");
  log("dashboard: " + s->user + " (" + std::string(user_role_name(s->role)) + ") logged in from " +
      req.remote);
  HttpResponse res = reply(200, json{{"user", s->user}, {"role", user_role_name(s->role)}});
  res.headers.push_back({"Set-Cookie", sessions_.set_cookie(*s, req.tls)});
  return res;
}

std::optional<ApiCaller> DashboardRoutes::session_caller(const HttpRequest& req) {
  const std::string id = WebSessions::id_from_cookie_header(header(req, "cookie"));
  if (id.empty()) return std::nullopt;
  // A change not sent from the dashboard's own page is refused even if a browser sent the
  // cookie (the ApiServer answers it 403 before asking; this keeps the rule here too).
  if (cross_site_refusal(req)) return std::nullopt;
  auto s = sessions_.touch(id, ports_.now_ms());
  if (!s) return std::nullopt;
  auto u = users_->find(s->user);
  if (!u.ok() || !u.value() || !u.value()->enabled || u.value()->role != s->role) {
    sessions_.close_user(s->user);
    return std::nullopt;
  }
  return ApiCaller{s->user, s->role, true};
}

// The request being answered, with the path after /api/v1/dashboard/ (`route`) and the text
// the pattern's "*" stood for (`capture`).
struct DashboardRoutes::Call {
  const HttpRequest& req;
  const ApiCaller& who;
  const OnLanes& on_lanes;
  std::string route;
  std::string capture;
};

// A method and a pattern (the path after /api/v1/dashboard/, one "*" standing for any text)
// and the handler that answers them; a handler's nullopt means "not mine" (the ledger edit
// routes decide for themselves). An empty method matches any method: with no handler, that
// entry answers 405 naming the methods the pattern has. The first matching entry answers.
struct DashboardRoutes::Route {
  std::string_view method;
  std::string_view pattern;
  std::optional<HttpResponse> (DashboardRoutes::*handler)(const Call&);
};

const std::vector<DashboardRoutes::Route>& DashboardRoutes::routes() {
  static const std::vector<Route> table = {
      {"GET", "lanes", &DashboardRoutes::lanes},
      {"GET", "today", &DashboardRoutes::today},
      {"GET", "sync", &DashboardRoutes::sync},
      {"GET", "alert", &DashboardRoutes::alert},
      {"POST", "alert", &DashboardRoutes::set_alert},
      {"", "alert", nullptr},
      {"GET", "alarms", &DashboardRoutes::alarms},
      {"POST", "alarms/*/ack", &DashboardRoutes::acknowledge_alarm},
      {"", "alarms/*/ack", nullptr},
      {"POST", "ledger/suspend", &DashboardRoutes::suspend},
      {"", "ledger/suspend", nullptr},
      {"", "ledger/*", &DashboardRoutes::ledger_edit},
      {"GET", "mismatches", &DashboardRoutes::mismatches},
      {"GET", "passages/*/cargo", &DashboardRoutes::cargo},
      {"POST", "passages/*/cargo", &DashboardRoutes::enter_cargo},
      {"", "passages/*/cargo", nullptr},
  };
  return table;
}

std::optional<HttpResponse> DashboardRoutes::handle(const HttpRequest& req, const ApiCaller& who,
                                                    const OnLanes& on_lanes) {
  if (req.path == "/api/v1/me") return reply(200, me_json(who));
  if (!req.path.starts_with(kDashboardPrefix)) return std::nullopt;
  Call call{req, who, on_lanes, req.path.substr(kDashboardPrefix.size()), ""};
  for (const Route& r : routes()) {
    auto capture = match_route(r.pattern, call.route);
    if (!capture || (!r.method.empty() && r.method != req.method)) continue;
    if (!r.handler) return error(405, "use " + methods_of(r.pattern) + " for " + req.path);
    call.capture = std::move(*capture);
    if (auto res = (this->*r.handler)(call)) return res;
  }
  return error(req.method == "GET" ? 404 : 405, "no dashboard route " + req.method + " " +
                                                    req.path +
                                                    "; see firmware-host/api/dashboard_routes.h");
}

std::string DashboardRoutes::methods_of(std::string_view pattern) {
  std::string methods;
  for (const Route& r : routes()) {
    if (r.pattern == pattern && !r.method.empty())
      methods += (methods.empty() ? "" : " or ") + std::string(r.method);
  }
  return methods;
}

std::optional<HttpResponse> DashboardRoutes::lanes(const Call& call) {
  std::vector<LaneView> lanes;
  ShareStatus share;
  AlertView alert;
  if (!call.on_lanes([&] {
        lanes = ports_.lanes();
        if (ports_.share_status) share = ports_.share_status();
        alert = ports_.alert();
      })) {
    return error(503, "the daemon is stopping");
  }
  const int off = opt_.utc_offset_minutes;
  alert.source = alert_source(alert, opt_.database_path, ports_.now_ms());
  json arr = json::array();
  for (const auto& l : lanes) arr.push_back(lane_json(l, ports_.board->last_passage(l.lane), off));
  const auto cameras = ports_.cameras ? ports_.cameras() : std::vector<rules::CameraStatus>{};
  return reply(200, json{{"time", rules::local_time(ports_.now_ms(), off)},
                         {"decisions_since_start", ports_.board->decisions()},
                         {"lanes", std::move(arr)},
                         {"cameras", cameras_json(cameras, off)},
                         {"check", check_health_json(ports_.board->check_health(), off)},
                         {"queue", hold_queue_json(share, off)},
                         {"share", share_lines_json(share)},
                         {"alert", alert_json(alert, off)}});
}

std::optional<HttpResponse> DashboardRoutes::alert(const Call& call) {
  AlertView a;
  if (!call.on_lanes([&] { a = ports_.alert(); })) return error(503, "the daemon is stopping");
  a.source = alert_source(a, opt_.database_path, ports_.now_ms());
  return reply(200, alert_json(a, opt_.utc_offset_minutes));
}

std::optional<HttpResponse> DashboardRoutes::set_alert(const Call& call) {
  const ApiCaller& who = call.who;
  if (!role_may(who.role, UserAction::kSetAlertLevel)) {
    return forbidden(who, UserAction::kSetAlertLevel);
  }
  const json body = json::parse(call.req.body, nullptr, false);
  const std::string level = string_field(body, "level");
  const std::string reason = string_field(body, "reason");
  const auto parsed = parse_level(level);
  if (!parsed && level != "platform") {
    return error(400,
                 "level must be none, yellow, orange, red, or platform (end the manual "
                 "level), got '" +
                     level + "'");
  }
  if (reason.empty()) return error(400, "a reason is required to set the alert level by hand");
  Status st;
  AlertView after;
  if (!call.on_lanes([&] {
        st = ports_.set_alert(parsed, who.name, reason);
        after = ports_.alert();
      })) {
    return error(503, "the daemon is stopping");
  }
  if (!st.ok()) return error(409, st.message());
  after.source = alert_source(after, opt_.database_path, ports_.now_ms());
  log("ALERT level set to " + level + " by " + who.name + " (" +
      std::string(user_role_name(who.role)) + "): " + reason + "; lanes now use " +
      std::string(rules::alert_name(after.level)) + " from " + after.source);
  return reply(200, alert_json(after, opt_.utc_offset_minutes));
}

std::optional<HttpResponse> DashboardRoutes::alarms(const Call&) {
  const int off = opt_.utc_offset_minutes;
  json arr = json::array();
  for (const auto& a : ports_.board->alarms()) {
    arr.push_back(
        {{"id", a.id},
         {"time", rules::local_time(a.raised_unix_ms, off)},
         {"text", a.text},
         {"acknowledged_by", a.acknowledged_by},
         {"acknowledged_time",
          a.acknowledged_unix_ms == 0 ? "" : rules::local_time(a.acknowledged_unix_ms, off)}});
  }
  return reply(200, json{{"alarms", std::move(arr)}});
}

std::optional<HttpResponse> DashboardRoutes::acknowledge_alarm(const Call& call) {
  const ApiCaller& who = call.who;
  if (!role_may(who.role, UserAction::kAcknowledgeAlarm)) {
    return forbidden(who, UserAction::kAcknowledgeAlarm);
  }
  const std::string& id_text = call.capture;
  char* end = nullptr;
  const long long id = std::strtoll(id_text.c_str(), &end, 10);
  if (id_text.empty() || *end != '\0' ||
      !ports_.board->acknowledge(id, who.name, ports_.now_ms())) {
    return error(404, "no alarm " + id_text + " (GET /api/v1/dashboard/alarms lists them)");
  }
  // Not "ALARM …": that would raise a new alarm (the daemon collects its ALARM lines).
  log("alarm #" + id_text + " acknowledged by " + who.name);
  return reply(200, json{{"id", id}, {"acknowledged_by", who.name}});
}

std::optional<HttpResponse> DashboardRoutes::suspend(const Call& call) {
  const ApiCaller& who = call.who;
  if (!role_may(who.role, UserAction::kEditLedger)) return forbidden(who, UserAction::kEditLedger);
  const json body = json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("plate") || !body["plate"].is_string() ||
      !body.contains("suspended") || !body["suspended"].is_boolean() ||
      string_field(body, "reason").empty()) {
    return error(400,
                 "body must be {\"plate\": \"豫A12345\", \"suspended\": true, "
                 "\"reason\": \"why\"} (a reason is required)");
  }
  const std::string plate = rules::normalise_plate(body["plate"].get<std::string>());
  const bool suspended = body["suspended"];
  const std::string reason = body["reason"];
  Status st;
  if (!call.on_lanes(
          [&] { st = ports_.set_suspended(plate, suspended, who.name + ": " + reason); })) {
    return error(503, "the daemon is stopping");
  }
  if (!st.ok()) return error(409, st.message());
  log("LEDGER " + plate + (suspended ? " suspended" : " reinstated") + " by " + who.name + " (" +
      std::string(user_role_name(who.role)) + "): " + reason);
  return reply(200, json{{"plate", plate}, {"suspended", suspended}});
}

namespace {

// The passage number in a route's "*", or 0 when it is none.
int64_t seq_of(const std::string& capture) {
  char* end = nullptr;
  const long long seq = std::strtoll(capture.c_str(), &end, 10);
  return capture.empty() || *end != '\0' || seq <= 0 ? 0 : seq;
}

json cargo_json(int64_t seq, const std::vector<CargoEntry>& entries, int off) {
  json arr = json::array();
  for (const auto& e : entries) {
    arr.push_back({{"revision", e.revision},
                   {"name", e.name},
                   {"quantity", rules::cargo_quantity_text(e.quantity_milli)},
                   {"unit", e.unit},
                   {"entered_by", e.entered_by},
                   {"time", rules::local_time(e.entered_unix_ms, off)}});
  }
  return json{{"seq", seq}, {"entries", std::move(arr)}};
}

constexpr int kMismatchDefaultLimit = 50;
constexpr int kMismatchMaxLimit = 500;

// ?limit= of the mismatch list: 1..kMismatchMaxLimit, kMismatchDefaultLimit when absent.
Result<int> mismatch_limit(const HttpRequest& req) {
  auto it = req.query.find("limit");
  if (it == req.query.end() || it->second.empty()) return kMismatchDefaultLimit;
  char* end = nullptr;
  const long n = std::strtol(it->second.c_str(), &end, 10);
  if (*end != '\0' || n < 1 || n > kMismatchMaxLimit) {
    return Error{"limit must be a number from 1 to " + std::to_string(kMismatchMaxLimit) +
                 ", got '" + it->second + "'"};
  }
  return static_cast<int>(n);
}

// One row of the mismatch list: what an inspector re-verifies (the platform's serial ties the
// passage to the platform's record of its answer).
json mismatch_json(const gate::v1::Passage& p, int off) {
  const auto& c = p.check();
  return {{"seq", p.seq()},
          {"time", rules::local_time(p.time_unix_ms(), off)},
          {"lane", p.lane_id()},
          {"plate", p.read().plate_text()},
          {"decision", rules::verdict_label(p.decision().verdict())},
          {"rule", p.decision().rule_id()},
          {"mismatch", c.ledger_mismatch()},
          {"serial", c.serial()},
          {"may_pass", c.may_pass()},
          {"platform_reason", c.reason()}};
}

}  // namespace

// The latest passages whose platform check disagreed with the ledger, newest first, through the
// same store filter as the auditor API's passages?ledger_mismatch=1.
std::optional<HttpResponse> DashboardRoutes::mismatches(const Call& call) {
  auto limit = mismatch_limit(call.req);
  if (!limit.ok()) return error(400, limit.error());
  auto store = GateStore::Open(opt_.database_path, /*read_only=*/true);
  if (!store.ok()) return error(503, "cannot open the gate database: " + store.error());
  PassageFilter f;
  f.ledger_mismatch_only = true;
  f.newest_first = true;
  f.limit = limit.value() + 1;  // one more than shown tells whether there are more
  auto ps = store.value()->list_passages(f);
  if (!ps.ok()) return error(500, ps.error());
  std::vector<gate::v1::Passage> found = std::move(ps).value();
  const bool more = found.size() > static_cast<std::size_t>(limit.value());
  if (more) found.pop_back();
  json rows = json::array();
  for (const auto& p : found) rows.push_back(mismatch_json(p, opt_.utc_offset_minutes));
  return reply(200, json{{"passages", std::move(rows)}, {"more", more}});
}

std::optional<HttpResponse> DashboardRoutes::cargo(const Call& call) {
  const int64_t seq = seq_of(call.capture);
  if (seq == 0) return error(404, "no passage '" + call.capture + "': use its number (seq)");
  auto store = GateStore::Open(opt_.database_path, /*read_only=*/true);
  if (!store.ok()) return error(503, "cannot open the gate database: " + store.error());
  auto entries = store.value()->cargo_entries(seq);
  if (!entries.ok()) return error(503, entries.error());
  return reply(200, cargo_json(seq, entries.value(), opt_.utc_offset_minutes));
}

// Writes through a connection of its own, not on the lanes' thread: the entry, its chain entry
// and its outbox row are one transaction that waits for the lanes' commits (busy timeout), and
// the uploader finds the row at its next round.
std::optional<HttpResponse> DashboardRoutes::enter_cargo(const Call& call) {
  const ApiCaller& who = call.who;
  if (!role_may(who.role, UserAction::kEnterCargo)) return forbidden(who, UserAction::kEnterCargo);
  const int64_t seq = seq_of(call.capture);
  if (seq == 0) return error(404, "no passage '" + call.capture + "': use its number (seq)");
  const json body = json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("quantity") || !body["quantity"].is_string()) {
    return error(400,
                 "body must be {\"name\": \"coal\", \"quantity\": \"31.25\", \"unit\": "
                 "\"t\"} (the quantity as text, t or L)");
  }
  auto store = GateStore::Open(opt_.database_path);
  if (!store.ok()) return error(503, "cannot open the gate database: " + store.error());
  const CargoInput in{string_field(body, "name"), string_field(body, "quantity"),
                      string_field(body, "unit"), who.name};
  auto e = store.value()->record_cargo(seq, in, ports_.now_ms());
  if (!e.ok()) {
    const bool missing = e.error().rfind("no passage ", 0) == 0;
    return error(missing ? 404 : 400, e.error());
  }
  log("CARGO of passage " + std::to_string(seq) + " entered by " + who.name + " (" +
      std::string(user_role_name(who.role)) + "): " + e.value().name + ", " +
      rules::cargo_quantity_text(e.value().quantity_milli) + " " + e.value().unit +
      (e.value().revision > 1 ? " (correction " + std::to_string(e.value().revision) + ")" : ""));
  auto all = store.value()->cargo_entries(seq);
  if (!all.ok()) return error(503, all.error());
  return reply(200, cargo_json(seq, all.value(), opt_.utc_offset_minutes));
}

std::optional<HttpResponse> DashboardRoutes::ledger_edit(const Call& call) {
  const LedgerEditPorts ledger{opt_.database_path, ports_.write_vehicles, ports_.log};
  return handle_ledger_edit(call.route, call.req, call.who, ledger, call.on_lanes);
}

std::optional<HttpResponse> DashboardRoutes::today(const Call& call) {
  const HttpRequest& req = call.req;
  const int off = opt_.utc_offset_minutes;
  const int64_t now = ports_.now_ms();
  auto date_it = req.query.find("date");
  const std::string date =
      date_it == req.query.end() ? rules::local_date(now, off) : date_it->second;
  auto start = rules::parse_local_time(date, off);
  if (!start.ok()) return error(400, "date: " + start.error());
  auto store = GateStore::Open(opt_.database_path, /*read_only=*/true);
  if (!store.ok()) return error(503, "cannot open the gate database: " + store.error());
  PassageFilter f;
  f.from_unix_ms = start.value();
  f.to_unix_ms = start.value() + kDayMs;
  auto ps = store.value()->list_passages(f);
  if (!ps.ok()) return error(500, ps.error());
  const auto& all = ps.value();
  const auto days = daily_stats(all, off);
  const json day = days.empty() ? json::object() : day_counts_json(days.front());
  // The share through the day: at the end of each hour so far, over the day until then.
  json hours = json::array();
  std::size_t upto = 0;
  for (int h = 0; h < 24; ++h) {
    const int64_t end = start.value() + (h + 1) * kHourMs;
    if (end - kHourMs > now) break;
    while (upto < all.size() && all[upto].time_unix_ms() < end) ++upto;
    const auto so_far =
        daily_stats(std::vector<gate::v1::Passage>(all.begin(), all.begin() + upto), off);
    const double share = so_far.empty() ? 0.0 : so_far.front().green_share();
    const int released = so_far.empty() ? 0 : so_far.front().trucks_released;
    hours.push_back({{"hour", h}, {"green_share", share}, {"trucks_released", released}});
  }
  std::map<std::string, std::pair<int, std::string>> refusals;  // rule → count, display text
  for (const auto& p : all) {
    const auto v = p.decision().verdict();
    if (v != gate::v1::VERDICT_REFUSE && v != gate::v1::VERDICT_HOLD) continue;
    auto& r = refusals[p.decision().rule_id()];
    ++r.first;
    if (r.second.empty()) r.second = p.decision().reason();
  }
  json by_reason = json::array();
  for (const auto& [rule, r] : refusals) {
    by_reason.push_back({{"rule", rule}, {"count", r.first}, {"reason", r.second}});
  }
  std::sort(by_reason.begin(), by_reason.end(),
            [](const json& a, const json& b) { return a["count"] > b["count"]; });
  return reply(200, json{{"date", date},
                         {"day", std::move(day)},
                         {"hours", std::move(hours)},
                         {"refusals", std::move(by_reason)}});
}

std::optional<HttpResponse> DashboardRoutes::sync(const Call&) {
  const int off = opt_.utc_offset_minutes;
  const int64_t now = ports_.now_ms();
  auto store = GateStore::Open(opt_.database_path, /*read_only=*/true);
  if (!store.ok()) return error(503, "cannot open the gate database: " + store.error());
  auto platform = PlatformStateStore::Open(opt_.database_path);
  if (!platform.ok()) return error(503, platform.error());
  auto all = store.value()->outbox_stats(opt_.live_window_ms);
  auto hour = store.value()->outbox_stats(opt_.live_window_ms, now - kHourMs);
  auto parked = store.value()->parked_outbox(20);
  auto health = platform.value()->health();
  if (!all.ok() || !hour.ok() || !parked.ok() || !health.ok()) {
    return error(500, !all.ok()      ? all.error()
                      : !hour.ok()   ? hour.error()
                      : !parked.ok() ? parked.error()
                                     : health.error());
  }
  const auto m = compute_metrics(all.value(), now, opt_.backlog_alarm_age_ms);
  json parked_rows = json::array();
  for (const auto& p : parked.value()) {
    parked_rows.push_back({{"key", p.gate_id + "-" + std::to_string(p.passage_seq) + "-" + p.kind},
                           {"parked", rules::local_time(p.parked_unix_ms, off)},
                           {"reason", p.reason}});
  }
  const auto& h = health.value();
  return reply(
      200, json{{"backlog", m.backlog},
                {"backlog_age", format_age(m.backlog_age_ms)},
                {"backlog_alarm", m.alarm},
                {"delivered", m.acked},
                {"live_share", m.live_share},
                {"delivered_last_hour", hour.value().acked},
                {"rate_per_minute", static_cast<double>(hour.value().acked) / 60.0},
                {"last_contact",
                 h.last_contact_unix_ms == 0 ? "" : rules::local_time(h.last_contact_unix_ms, off)},
                {"last_error", h.last_error},
                {"parked", m.parked},
                {"parked_records", std::move(parked_rows)}});
}

}  // namespace gate::host
