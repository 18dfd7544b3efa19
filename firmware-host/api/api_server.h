// gated's local HTTP API (../shared/design/ARCHITECTURE.md §5). It runs on its own thread with its
// own io_context, so that an auditor's export or verification never delays a lane; the operator
// actions below are run on the lanes' io_context (where the lane state lives) and waited for.
//
//   POST /api/v1/lanes/<lane>/manual-release  {"reason": "…"}   operator role
//        releases the truck last refused or held at that lane (MANUAL_PASS, then opens),
//        recorded in the caller's name (the token's name or the dashboard user); an "operator"
//        in the body must be that name (400 naming the caller otherwise):
//        200 {"seq", "plate", "lane", "verdict": "manual_pass", "operator", "reason", …}
//        404 unknown lane, 409 nothing to release / not allowed (with the reason)
//   GET  /api/v1/share    today's share tallies per rule and the hold queue
//   GET  /api/v1/policy   the policy in force: id, version, enterprise, rule sets today
//   GET  /api/v1/audit/…  read-only records for auditors (auditor_routes.h)
//   GET  /api/v1/plant/…  the same across the plant's gates, with a plant block (plant_routes.h)
//   /, /api/v1/login, /api/v1/me, /api/v1/dashboard/…  the web dashboard (dashboard_routes.h)
//   GET  /metrics        Prometheus text (see Handlers::metrics for who may read it)
//
// Every request needs "Authorization: Bearer <token>" of a configured token or the session
// cookie of a dashboard login (401 otherwise); the dashboard's files and login need neither. A
// change sent with the session cookie needs an Origin header naming this server (403 otherwise,
// request_origin.h).
// Operators may do everything; auditors may read and export but change nothing (403). Every
// request, answered or refused, is logged with the token's name, the caller and the status. It
// listens on 127.0.0.1 unless the configuration names another address.
#pragma once

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/http/http_server.h"
#include "firmware-host/api/api_tokens.h"
#include "firmware-host/api/auditor_routes.h"
#include "firmware-host/api/dashboard_routes.h"
#include "firmware-host/policy/policy_runtime.h"
#include "gate/v1/passage.pb.h"
#include "rules/policy_engine.h"
#include "rules/result.h"

namespace gate::host {

class ApiServer {
 public:
  struct Handlers {
    std::function<bool(const std::string& lane)> lane_exists;
    std::function<Result<gate::v1::Passage>(const std::string& lane, const std::string& op,
                                            const std::string& reason)>
        manual_release;
    std::function<ShareStatus()> share_status;
    std::function<std::shared_ptr<const rules::PolicyEngine>()> policy;
    std::function<std::string()> local_date;  // today, for the rule sets in force
    std::function<void(const std::string&)> log;
    // GET /metrics (Prometheus text, docs/operations.md); run on the API thread. Served without
    // a token to loopback callers, to others only with a valid token of any role. Unset: 404.
    std::function<std::string()> metrics;
  };

  // `lanes` is the io_context whose thread owns the lane state; the operator handlers run there.
  // Without `auditor`, /api/v1/audit/ answers 404; without `dashboard`, no session logins.
  static Result<std::unique_ptr<ApiServer>> Start(
      boost::asio::io_context& lanes, const std::string& address, uint16_t port,
      std::vector<ApiCredential> credentials, Handlers handlers,
      std::optional<AuditorRoutes> auditor, std::unique_ptr<DashboardRoutes> dashboard = nullptr,
      drivers::TlsContext tls = nullptr);  // HTTPS with it (drivers/http/tls_context.h)
  ~ApiServer();
  uint16_t port() const { return server_->port(); }
  // Stops answering and joins the API thread; a handler waiting for the lanes gives up at once.
  void stop();

 private:
  ApiServer(boost::asio::io_context& lanes, std::vector<ApiCredential> creds, Handlers h,
            std::optional<AuditorRoutes> auditor, std::unique_ptr<DashboardRoutes> dashboard)
      : lanes_(lanes),
        creds_(std::move(creds)),
        h_(std::move(h)),
        auditor_(std::move(auditor)),
        dashboard_(std::move(dashboard)) {}
  drivers::HttpResponse handle(const drivers::HttpRequest& req);
  drivers::HttpResponse route(const drivers::HttpRequest& req, const ApiCaller& who);
  // POST …/manual-release for a caller whose role may release.
  drivers::HttpResponse release(const drivers::HttpRequest& req, const ApiCaller& who,
                                const std::string& lane);
  // Runs `fn` on the lanes' thread and waits; false when the daemon is stopping.
  bool on_lanes(const std::function<void()>& fn);

  boost::asio::io_context& lanes_;
  boost::asio::io_context io_;
  std::vector<ApiCredential> creds_;
  Handlers h_;
  std::optional<AuditorRoutes> auditor_;
  std::unique_ptr<DashboardRoutes> dashboard_;
  std::unique_ptr<drivers::HttpServer> server_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
};

}  // namespace gate::host
