// GET /metrics: the counters of GateMetrics plus what is read at scrape time (outbox backlog
// from the database, free space of the data directory's file system, database size, uptime).
// Used from the API thread only: it keeps its own read-only database connection, opened on the
// first scrape (and again after an error), so a scrape never touches the lanes' connection.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "firmware-host/api/gate_metrics.h"
#include "firmware-host/store/gate_store.h"
#include "rules/camera_health.h"

namespace gate::host {

class MetricsEndpoint {
 public:
  // `cameras`: the declared cameras' health at scrape time (thread-safe); unset = none.
  using CameraSource = std::function<std::vector<rules::CameraStatus>()>;
  MetricsEndpoint(std::string database_path, std::shared_ptr<const GateMetrics> metrics,
                  int64_t started_unix_ms, CameraSource cameras = {});
  std::string render(int64_t now_unix_ms);

 private:
  std::string database_path_;
  std::shared_ptr<const GateMetrics> metrics_;
  int64_t started_unix_ms_;
  CameraSource cameras_;
  std::unique_ptr<GateStore> store_;
};

}  // namespace gate::host
