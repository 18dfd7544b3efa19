#include "firmware-host/api/api_server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>

#include "firmware-host/api/plant_routes.h"
#include "firmware-host/api/prometheus_text.h"
#include "firmware-host/api/request_origin.h"
#include "rules/display_names.h"

namespace gate::host {
namespace {

using json = nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

drivers::HttpResponse reply(int status, const json& j) {
  return {status, "application/json", dump(j)};
}

drivers::HttpResponse error(int status, const std::string& message) {
  return reply(status, json{{"error", message}});
}

// "127.0.0.1:port", "[::1]:port" (drivers/http endpoint text); anything in 127.0.0.0/8.
bool is_loopback(std::string_view remote) {
  return remote.starts_with("127.") || remote.starts_with("[::1]:") ||
         remote.starts_with("[::ffff:127.");
}

constexpr std::string_view kLanesPrefix = "/api/v1/lanes/";
constexpr std::string_view kReleaseSuffix = "/manual-release";

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::Start(
    boost::asio::io_context& lanes, const std::string& address, uint16_t port,
    std::vector<ApiCredential> credentials, Handlers handlers, std::optional<AuditorRoutes> auditor,
    std::unique_ptr<DashboardRoutes> dashboard, drivers::TlsContext tls) {
  if (credentials.empty()) return Error{"local API: at least one token is required"};
  std::unique_ptr<ApiServer> api(new ApiServer(lanes, std::move(credentials), std::move(handlers),
                                               std::move(auditor), std::move(dashboard)));
  drivers::HttpServer::Options options;
  options.tls = std::move(tls);
  auto server = drivers::HttpServer::Listen(
      api->io_, address, port,
      [self = api.get()](const drivers::HttpRequest& r) { return self->handle(r); }, options);
  if (!server.ok()) return Error{"local API: " + server.error()};
  api->server_ = std::move(server).value();
  api->thread_ = std::thread([self = api.get()] {
    auto work = boost::asio::make_work_guard(self->io_);
    self->io_.run();
  });
  return api;
}

ApiServer::~ApiServer() {
  stop();
}

void ApiServer::stop() {
  stopping_ = true;
  if (server_) server_->stop();
  io_.stop();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool ApiServer::on_lanes(const std::function<void()>& fn) {
  // `fn` refers to the caller's stack: once the caller gave up (abandoned), it must not run.
  struct Call {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    bool abandoned = false;
  };
  auto call = std::make_shared<Call>();
  boost::asio::post(lanes_, [fn, call] {
    std::lock_guard lock(call->mu);
    if (call->abandoned) return;
    fn();
    call->done = true;
    call->cv.notify_all();
  });
  std::unique_lock lock(call->mu);
  // Polled so that stop() from the lanes' thread is never kept waiting for this request.
  while (!call->cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return call->done; })) {
    if (stopping_) {
      call->abandoned = true;
      return false;
    }
  }
  return true;
}

drivers::HttpResponse ApiServer::handle(const drivers::HttpRequest& req) {
  auto auth = req.headers.find("authorization");
  const ApiCredential* who =
      authenticate(creds_, auth == req.headers.end() ? std::string_view() : auth->second);
  if (req.path == "/metrics" && h_.metrics) {
    // Scrapes are frequent: answered without a log line unless refused.
    if (who == nullptr && !is_loopback(req.remote)) {
      auto res = error(401, "/metrics from " + req.remote +
                                " needs \"Authorization: Bearer <token>\" (any role); loopback "
                                "callers need none");
      if (h_.log) h_.log("API " + req.remote + " " + req.method + " /metrics -> 401");
      return res;
    }
    if (req.method != "GET") return error(405, "use GET for /metrics");
    return {200, std::string(kPrometheusContentType), h_.metrics()};
  }
  // A change riding on a dashboard session cookie must come from the dashboard's own page
  // (request_origin.h); a valid token needs no cookie and is not checked.
  if (who == nullptr && dashboard_) {
    if (auto refusal = cross_site_refusal(req)) {
      if (h_.log) {
        h_.log("API " + req.remote + " (session, Origin '" +
               (req.headers.count("origin") ? req.headers.at("origin") : "") + "') " + req.method +
               " " + req.target + " -> 403");
      }
      return error(403, *refusal);
    }
  }
  // The dashboard's files, login and logout need no caller (they log what matters themselves).
  if (dashboard_) {
    if (auto open = dashboard_->handle_public(req)) return std::move(*open);
  }
  std::optional<ApiCaller> caller;
  if (who != nullptr) {
    caller = ApiCaller{
        who->name,
        who->role == gate::v1::API_ROLE_OPERATOR ? UserRole::kOperator : UserRole::kAuditor, false};
  } else if (dashboard_) {
    caller = dashboard_->session_caller(req);
  }
  drivers::HttpResponse res =
      !caller ? error(401,
                      "send a configured API token as \"Authorization: Bearer <token>\" or log "
                      "in to the dashboard (POST /api/v1/login)")
              : route(req, *caller);
  if (h_.log) {
    h_.log("API " + req.remote + " " +
           (!caller ? std::string("(no valid token)")
                    : caller->name + "/" + std::string(user_role_name(caller->role)) +
                          (caller->session ? "/session" : "")) +
           " " + req.method + " " + req.target + " -> " + std::to_string(res.status) +
           (res.status >= 400 && res.content_type == "application/json" ? " " + res.body : ""));
  }
  return res;
}

drivers::HttpResponse ApiServer::route(const drivers::HttpRequest& req, const ApiCaller& who) {
  const bool may_change = role_may(who.role, UserAction::kRelease);
  const std::string_view path = req.path;
  if (path.starts_with(kLanesPrefix) && path.ends_with(kReleaseSuffix) &&
      path.size() > kLanesPrefix.size() + kReleaseSuffix.size()) {
    if (req.method != "POST") return error(405, "use POST for " + req.path);
    if (!may_change) {
      return error(403, "'" + who.name + "' has the " + std::string(user_role_name(who.role)) +
                            " role, which can read and export but change nothing");
    }
    return release(req, who,
                   std::string(path.substr(kLanesPrefix.size(), path.size() - kLanesPrefix.size() -
                                                                    kReleaseSuffix.size())));
  }
  if (dashboard_) {
    auto r = dashboard_->handle(req, who,
                                [this](const std::function<void()>& fn) { return on_lanes(fn); });
    if (r) return std::move(*r);
  }
  if (path.starts_with(AuditorRoutes::kPrefix)) {
    if (!auditor_) return error(404, "the audit API is not enabled on this gate");
    return auditor_->handle(req);
  }
  if (path.starts_with(kPlantApiPrefix)) {
    if (!auditor_) return error(404, "the audit API is not enabled on this gate");
    return auditor_->handle_plant(req);
  }
  if (req.method != "GET") return error(405, "use GET for " + req.path);
  if (path == "/api/v1/share") {
    ShareStatus s;
    if (!on_lanes([&] { s = h_.share_status(); })) return error(503, "the daemon is stopping");
    json rules = json::array();
    for (const auto& l : s.lines) {
      rules.push_back({{"counter", l.counter},
                       {"rule", l.rule_id},
                       {"rule_set", l.rule_set_id},
                       {"target_percent", l.target_percent},
                       {"mode", l.mode},
                       {"released", l.released},
                       {"qualifying", l.qualifying},
                       {"share_percent", l.share_percent},
                       {"budget_left", l.budget_left},
                       {"worst_end_percent", l.worst_end_percent}});
      if (l.plant_wide) {
        rules.back()["plant"] = {{"counted", l.plant_counted},
                                 {"allowance_trucks", l.plant_allowance_trucks},
                                 {"room_trucks", l.plant_room_trucks}};
      }
    }
    json queue = json::array();
    for (const auto& e : s.queue) {
      queue.push_back({{"plate", e.plate},
                       {"lane", e.lane_id},
                       {"rule", e.rule_id},
                       {"held_unix_ms", e.held_unix_ms},
                       {"state", e.state == HoldEntry::State::kCalled ? "called" : "waiting"},
                       {"passage_seq", e.passage_seq}});
    }
    return reply(200, json{{"day", s.window_day}, {"rules", rules}, {"queue", queue}});
  }
  if (path == "/api/v1/policy") {
    std::shared_ptr<const rules::PolicyEngine> e;
    std::string today;
    if (!on_lanes([&] {
          e = h_.policy();
          today = h_.local_date ? h_.local_date() : "";
        })) {
      return error(503, "the daemon is stopping");
    }
    json in_force = json::array();
    if (const auto* r = e->rules_for(today)) {
      for (auto i : r->rule_sets) {
        const auto& rs = e->rule_set(i);
        in_force.push_back({{"id", rs.id()},
                            {"title", rs.title()},
                            {"source", rs.source()},
                            {"from", rs.effective().from()},
                            {"until", rs.effective().until()}});
      }
    }
    const auto& ent = e->enterprise();
    return reply(200, json{{"id", e->id()},
                           {"version", e->version()},
                           {"date", today},
                           {"enterprise",
                            {{"industry", ent.industry()},
                             {"grade", std::string(rules::grade_name(ent.grade()))},
                             {"double_high", ent.double_high()}}},
                           {"rule_sets_in_force", in_force}});
  }
  return error(404,
               "no route for " + req.path + "; see firmware-host/api/api_server.h for the API");
}

drivers::HttpResponse ApiServer::release(const drivers::HttpRequest& req, const ApiCaller& who,
                                         const std::string& lane) {
  bool exists = false;
  if (!on_lanes([&] { exists = h_.lane_exists && h_.lane_exists(lane); })) {
    return error(503, "the daemon is stopping");
  }
  if (!exists) return error(404, "no lane '" + lane + "'");
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("reason") ||
      !body["reason"].is_string() || (body.contains("operator") && !body["operator"].is_string())) {
    return error(400,
                 "body must be {\"reason\": \"why the truck may enter\"} (\"operator\" may be "
                 "given and must then be the caller's own name)");
  }
  // The release is recorded in the name of whoever authenticated it: a name in the body that is
  // not the caller's would put another person's name on the record.
  const std::string named = body.value("operator", std::string());
  if (!named.empty() && named != who.name) {
    return error(400, "operator '" + named + "' is not the caller '" + who.name +
                          "': a manual release is recorded in the name of the token or dashboard "
                          "user that sends it; leave \"operator\" out, or give each person a "
                          "token of their own (api.tokens { name: \"" +
                          named + "\" … })");
  }
  const std::string& op = who.name;
  const std::string reason = body["reason"];
  std::optional<Result<gate::v1::Passage>> p;
  if (!on_lanes([&] { p = h_.manual_release(lane, op, reason); })) {
    return error(503, "the daemon is stopping");
  }
  if (!p->ok()) {
    if (h_.log)
      h_.log("API manual release at lane " + lane + " by " + op + " refused: " + p->error());
    return error(409, p->error());
  }
  const auto& pass = p->value();
  if (h_.log) {
    h_.log("MANUAL_PASS lane " + lane + " #" + std::to_string(pass.seq()) + " " +
           pass.read().plate_text() + " by " + op + " (" + req.remote + "): " + reason);
  }
  return reply(200, json{{"seq", pass.seq()},
                         {"plate", pass.read().plate_text()},
                         {"lane", lane},
                         {"verdict", "manual_pass"},
                         {"operator", op},
                         {"reason", reason},
                         {"explanation", pass.decision().explanation()}});
}

}  // namespace gate::host
