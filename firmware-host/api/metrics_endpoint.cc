#include "firmware-host/api/metrics_endpoint.h"

#include <filesystem>
#include <system_error>

namespace gate::host {

MetricsEndpoint::MetricsEndpoint(std::string database_path,
                                 std::shared_ptr<const GateMetrics> metrics,
                                 int64_t started_unix_ms, CameraSource cameras)
    : database_path_(std::move(database_path)),
      metrics_(std::move(metrics)),
      started_unix_ms_(started_unix_ms),
      cameras_(std::move(cameras)) {}

std::string MetricsEndpoint::render(int64_t now_unix_ms) {
  namespace fs = std::filesystem;
  MetricsFacts f;
  f.now_unix_ms = now_unix_ms;
  f.started_unix_ms = started_unix_ms_;
  if (cameras_) f.cameras = cameras_();
  if (!store_) {
    auto s = GateStore::Open(database_path_, /*read_only=*/true);
    if (s.ok()) store_ = std::move(s).value();
  }
  if (store_) {
    // since = now: only pending, parked and the oldest pending are wanted, not the acked tally.
    auto stats = store_->outbox_stats(60000, now_unix_ms);
    if (stats.ok()) {
      f.outbox = stats.value();
    } else {
      store_.reset();  // reopened on the next scrape
    }
  }
  fs::path dir = fs::path(database_path_).parent_path();
  if (dir.empty()) dir = ".";
  if (auto d = disk_space(dir.string()); d.ok()) f.data_disk = d.value();
  std::error_code ec;
  const auto db_size = fs::file_size(database_path_, ec);
  if (!ec) {
    uint64_t total = db_size;
    const auto wal = fs::file_size(database_path_ + "-wal", ec);
    if (!ec) total += wal;
    f.database_bytes = total;
  }
  return render_metrics(metrics_->snapshot(), f);
}

}  // namespace gate::host
