#include "sim/mock_platform.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace gate::sim {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

drivers::HttpResponse json_error(int status, const std::string& msg) {
  return {status, "application/json", nlohmann::json{{"error", msg}}.dump()};
}

}  // namespace

Result<std::unique_ptr<MockPlatform>> MockPlatform::Start(boost::asio::io_context& io,
                                                          const std::string& address,
                                                          uint16_t port) {
  std::unique_ptr<MockPlatform> p(new MockPlatform());
  auto* raw = p.get();
  auto server = drivers::HttpServer::Listen(
      io, address, port, [raw](const drivers::HttpRequest& r) { return raw->handle(r); });
  if (!server.ok()) return Error{"mock platform: " + server.error()};
  p->server_ = std::move(server).value();
  return p;
}

void MockPlatform::set_mode(Mode m) {
  std::lock_guard lock(mu_);
  mode_ = m;
}

std::vector<ReceivedRecord> MockPlatform::records() const {
  std::lock_guard lock(mu_);
  std::vector<ReceivedRecord> out;
  for (const auto& k : order_) out.push_back(by_key_.at(k));
  return out;
}

int64_t MockPlatform::duplicates() const {
  std::lock_guard lock(mu_);
  return duplicates_;
}

int64_t MockPlatform::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

drivers::HttpResponse MockPlatform::handle(const drivers::HttpRequest& req) {
  std::lock_guard lock(mu_);
  if (mode_ == Mode::kDown) return json_error(503, "platform under maintenance");
  if (mode_ == Mode::kGarbage) return {200, "text/html", "<html>proxy error</html>"};
  if (req.path == "/api/v1/stats" && req.method == "GET") {
    return {200, "application/json",
            nlohmann::json{{"records", by_key_.size()}, {"duplicates", duplicates_}}.dump()};
  }
  if (req.path != "/api/v1/passages") return json_error(404, "no such endpoint");
  if (req.method != "POST") return json_error(405, "use POST");
  nlohmann::json batch = nlohmann::json::parse(req.body, nullptr, false);
  if (batch.is_discarded() || !batch.is_object() || !batch.contains("records") ||
      !batch["records"].is_array()) {
    return json_error(400, "body must be {\"gate_id\":…, \"records\":[…]}");
  }
  ++batches_;
  nlohmann::json acked = nlohmann::json::array();
  for (const auto& r : batch["records"]) {
    if (!r.is_object() || !r.contains("key") || !r["key"].is_string()) {
      return json_error(400, "every record needs a string \"key\"");
    }
    ReceivedRecord rec;
    rec.key = r["key"];
    rec.kind = r.value("kind", "");
    rec.plate = r.value("plate", "");
    rec.verdict = r.value("verdict", "");
    rec.rule = r.value("rule", "");
    rec.reason = r.value("reason", "");
    rec.outcome = r.value("outcome", 0);
    rec.backfill = r.value("backfill", false);
    rec.time_unix_ms = r.value("time_unix_ms", int64_t{0});
    rec.received_unix_ms = now_ms();
    if (by_key_.count(rec.key)) {
      ++duplicates_;
    } else {
      order_.push_back(rec.key);
      by_key_[rec.key] = rec;
    }
    acked.push_back(rec.key);
  }
  return {200, "application/json", nlohmann::json{{"acked", acked}}.dump()};
}

}  // namespace gate::sim
