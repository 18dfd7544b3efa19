#include "firmware-host/api/api_server.h"

#include <nlohmann/json.hpp>

#include <string_view>

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

// Compares without an early exit, so the time taken says nothing about the token.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

constexpr std::string_view kLanesPrefix = "/api/v1/lanes/";
constexpr std::string_view kReleaseSuffix = "/manual-release";

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::Start(boost::asio::io_context& io,
                                                    const std::string& address, uint16_t port,
                                                    std::string token, Handlers handlers) {
  if (token.empty()) return Error{"local API: an operator token is required"};
  std::unique_ptr<ApiServer> api(new ApiServer(std::move(token), std::move(handlers)));
  auto server = drivers::HttpServer::Listen(
      io, address, port,
      [self = api.get()](const drivers::HttpRequest& r) { return self->handle(r); });
  if (!server.ok()) return Error{"local API: " + server.error()};
  api->server_ = std::move(server).value();
  return api;
}

drivers::HttpResponse ApiServer::handle(const drivers::HttpRequest& req) {
  auto auth = req.headers.find("authorization");
  if (auth == req.headers.end() || !same_secret(auth->second, "Bearer " + token_)) {
    return error(401, "send the operator token as \"Authorization: Bearer <token>\"");
  }
  const std::string_view path = req.path;
  if (path.starts_with(kLanesPrefix) && path.ends_with(kReleaseSuffix) &&
      path.size() > kLanesPrefix.size() + kReleaseSuffix.size()) {
    if (req.method != "POST") return error(405, "use POST for " + req.path);
    const std::string lane(path.substr(kLanesPrefix.size(),
                                       path.size() - kLanesPrefix.size() - kReleaseSuffix.size()));
    if (!h_.lane_exists || !h_.lane_exists(lane)) return error(404, "no lane '" + lane + "'");
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("operator") ||
        !body["operator"].is_string() || !body.contains("reason") || !body["reason"].is_string()) {
      return error(
          400, "body must be {\"operator\": \"name\", \"reason\": \"why the truck may enter\"}");
    }
    const std::string op = body["operator"], reason = body["reason"];
    auto p = h_.manual_release(lane, op, reason);
    if (!p.ok()) {
      if (h_.log)
        h_.log("API manual release at lane " + lane + " by " + op + " refused: " + p.error());
      return error(409, p.error());
    }
    const auto& pass = p.value();
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
  if (req.method != "GET") return error(405, "use GET for " + req.path);
  if (path == "/api/v1/share") {
    ShareStatus s = h_.share_status();
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
                       {"budget_left", l.budget_left}});
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
    auto e = h_.policy();
    const std::string today = h_.local_date ? h_.local_date() : "";
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

}  // namespace gate::host
