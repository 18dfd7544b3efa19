// gated's local HTTP API for operator actions (ARCHITECTURE.md §5), on drivers/http's Beast
// server in gated's io_context: handlers run on the lanes' thread.
//
//   POST /api/v1/lanes/<lane>/manual-release  {"operator": "…", "reason": "…"}
//        releases the truck last refused or held at that lane (MANUAL_PASS, then opens):
//        200 {"seq", "plate", "lane", "verdict": "manual_pass", "released_from": rule}
//        404 unknown lane, 409 nothing to release / not allowed (with the reason)
//   GET  /api/v1/share    today's share tallies per rule and the hold queue
//   GET  /api/v1/policy   the policy in force: id, version, enterprise, rule sets today
//
// Every request needs "Authorization: Bearer <operator_token>" (401 otherwise). It listens on
// 127.0.0.1 unless the configuration names another address. Roles, users and the dashboard
// come with the dashboard issue.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "drivers/http/http_server.h"
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
  };

  static Result<std::unique_ptr<ApiServer>> Start(boost::asio::io_context& io,
                                                  const std::string& address, uint16_t port,
                                                  std::string token, Handlers handlers);
  uint16_t port() const { return server_->port(); }
  void stop() { server_->stop(); }

 private:
  ApiServer(std::string token, Handlers h) : token_(std::move(token)), h_(std::move(h)) {}
  drivers::HttpResponse handle(const drivers::HttpRequest& req);

  std::string token_;
  Handlers h_;
  std::unique_ptr<drivers::HttpServer> server_;
};

}  // namespace gate::host
