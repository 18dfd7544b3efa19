// A minimal regional-platform double: accepts upload batches over HTTP, deduplicates records
// by idempotency key, and reports what it received. It grows into the strict two-profile mock
// in the uplink issue. Fault modes let tests and inspectors take it down or make it answer
// garbage.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/http/http_server.h"
#include "rules/result.h"

namespace gate::sim {

struct ReceivedRecord {
  std::string key;
  std::string kind;  // "decision" or "outcome"
  std::string plate;
  std::string verdict;
  std::string rule;
  std::string reason;
  int outcome = 0;
  bool backfill = false;
  int64_t received_unix_ms = 0;
  int64_t time_unix_ms = 0;
};

class MockPlatform {
 public:
  enum class Mode { kNormal, kDown, kGarbage };

  static Result<std::unique_ptr<MockPlatform>> Start(boost::asio::io_context& io,
                                                     const std::string& address, uint16_t port);
  uint16_t port() const { return server_->port(); }
  void set_mode(Mode m);

  // Records by key, first arrival kept; duplicates only counted.
  std::vector<ReceivedRecord> records() const;
  int64_t duplicates() const;
  int64_t batches() const;

 private:
  MockPlatform() = default;
  drivers::HttpResponse handle(const drivers::HttpRequest& req);

  std::unique_ptr<drivers::HttpServer> server_;
  mutable std::mutex mu_;
  Mode mode_ = Mode::kNormal;
  std::map<std::string, ReceivedRecord> by_key_;
  std::vector<std::string> order_;
  int64_t duplicates_ = 0;
  int64_t batches_ = 0;
};

}  // namespace gate::sim
