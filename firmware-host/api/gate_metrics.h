// The daemon's operational counters for /metrics: decisions by result, the decision-latency
// histogram and barrier faults. Updated from the lanes' thread, read from the API thread
// (hence the mutex); no clock inside: callers measure and pass durations.
//
// render_metrics() turns a snapshot plus the facts gathered at scrape time (outbox, disk,
// uptime) into Prometheus text; it is pure. The metric names are listed in docs/operations.md.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "firmware-host/api/prometheus_text.h"
#include "firmware-host/store/disk_space.h"
#include "firmware-host/store/gate_store.h"
#include "gate/v1/decision.pb.h"
#include "rules/camera_health.h"

namespace gate::host {

enum class BarrierFaultKind {
  kOpenFailed,   // a pass was decided but the barrier did not open (outcome BARRIER_FAULT)
  kModuleFault,  // the barrier module's connection failed (driver reconnects)
};

// How one platform vehicle check ended (docs/platform-profiles.md, "Vehicle check").
enum class CheckResult {
  kAnswered,  // a usable answer within the deadline
  kLate,      // no answer by the deadline: decided in degraded mode
  kFailed,    // the call failed or the answer was unusable before the deadline: degraded mode
};

// The vehicle check's counters and its latency (read to answer, answered checks only).
struct CheckMetrics {
  uint64_t sent = 0;
  uint64_t answered = 0;
  uint64_t late = 0;
  uint64_t failed = 0;
  uint64_t late_answers_dropped = 0;   // answers that came after their lane had decided
  uint64_t refused_by_platform = 0;    // decisions under rule platform.check
  uint64_t refused_unreachable = 0;    // decisions under rule platform.unreachable
  std::vector<double> recent_latency;  // the last kRecentLatencies answered, seconds, in order
  double p50_seconds = 0;              // of recent_latency; 0 when none
  double p99_seconds = 0;
};

class GateMetrics {
 public:
  // Upper bounds of the decision-latency buckets, seconds.
  static const std::vector<double>& latency_bounds();

  // `lanes`: the configured lane ids, so that every lane's series exists from the start.
  explicit GateMetrics(std::vector<std::string> lanes = {});

  void decided(gate::v1::Verdict verdict);
  // Camera event received → barrier open command (passes) or → decision committed (refusals).
  void decision_latency(double seconds);
  void barrier_fault(const std::string& lane, BarrierFaultKind kind);
  // Vehicle checks: one asked, one ended (with read-to-answer seconds), one answer dropped late.
  static constexpr std::size_t kRecentLatencies = 1000;
  void check_sent();
  void check_done(CheckResult result, double seconds);
  void check_answer_dropped();
  // A committed decision's rule: platform.check and platform.unreachable are counted apart.
  void check_decided(const std::string& rule_id);

  struct Snapshot {
    std::map<std::string, uint64_t> decisions;  // result label → count
    HistogramData latency;
    std::map<std::pair<std::string, std::string>, uint64_t> barrier_faults;  // (lane, kind)
    CheckMetrics checks;  // p50/p99 filled by snapshot()
  };
  Snapshot snapshot() const;

 private:
  mutable std::mutex mu_;
  Snapshot s_;
};

// What a scrape found outside the counters; absent parts are reported as a source that is down.
struct MetricsFacts {
  int64_t now_unix_ms = 0;
  int64_t started_unix_ms = 0;
  std::optional<OutboxStats> outbox;
  std::optional<DiskSpace> data_disk;        // the file system holding the database
  std::optional<uint64_t> database_bytes;    // database file plus its WAL
  std::vector<rules::CameraStatus> cameras;  // declared cameras (docs/cameras.md, health)
};

// "pass", "refuse", "hold", "manual_pass"; "other" for anything else.
std::string verdict_metric_label(gate::v1::Verdict v);
std::string fault_kind_label(BarrierFaultKind k);

std::string render_metrics(const GateMetrics::Snapshot& s, const MetricsFacts& f);

}  // namespace gate::host
