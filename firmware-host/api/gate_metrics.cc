#include "firmware-host/api/gate_metrics.h"

#include <algorithm>
#include <cmath>

#include "rules/display_names.h"
#include "rules/vehicle_check.h"

namespace gate::host {

const std::vector<double>& GateMetrics::latency_bounds() {
  static const std::vector<double> kBounds = {0.005, 0.01, 0.025, 0.05, 0.1,
                                              0.25,  0.5,  1.0,   2.5,  5.0};
  return kBounds;
}

GateMetrics::GateMetrics(std::vector<std::string> lanes) {
  s_.latency = HistogramData(latency_bounds());
  for (auto v : {gate::v1::VERDICT_PASS, gate::v1::VERDICT_REFUSE, gate::v1::VERDICT_HOLD,
                 gate::v1::VERDICT_MANUAL_PASS}) {
    s_.decisions[verdict_metric_label(v)] = 0;
  }
  for (const auto& lane : lanes) {
    for (auto k : {BarrierFaultKind::kOpenFailed, BarrierFaultKind::kModuleFault}) {
      s_.barrier_faults[{lane, fault_kind_label(k)}] = 0;
    }
  }
}

void GateMetrics::decided(gate::v1::Verdict verdict) {
  std::lock_guard lock(mu_);
  ++s_.decisions[verdict_metric_label(verdict)];
}

void GateMetrics::decision_latency(double seconds) {
  std::lock_guard lock(mu_);
  s_.latency.observe(seconds);
}

void GateMetrics::barrier_fault(const std::string& lane, BarrierFaultKind kind) {
  std::lock_guard lock(mu_);
  ++s_.barrier_faults[{lane, fault_kind_label(kind)}];
}

void GateMetrics::check_sent() {
  std::lock_guard lock(mu_);
  ++s_.checks.sent;
}

void GateMetrics::check_done(CheckResult result, double seconds) {
  std::lock_guard lock(mu_);
  auto& c = s_.checks;
  if (result == CheckResult::kLate) {
    ++c.late;
    return;
  }
  if (result == CheckResult::kFailed) {
    ++c.failed;
    return;
  }
  ++c.answered;
  if (c.recent_latency.size() == kRecentLatencies) c.recent_latency.erase(c.recent_latency.begin());
  c.recent_latency.push_back(seconds);
}

void GateMetrics::check_answer_dropped() {
  std::lock_guard lock(mu_);
  ++s_.checks.late_answers_dropped;
}

void GateMetrics::check_decided(const std::string& rule_id) {
  std::lock_guard lock(mu_);
  if (rule_id == rules::kRulePlatformCheck) ++s_.checks.refused_by_platform;
  if (rule_id == rules::kRulePlatformUnreachable) ++s_.checks.refused_unreachable;
}

namespace {

// The q-quantile (nearest rank) of `values`; 0 when empty.
double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::min(values.size(), std::max<std::size_t>(rank, 1)) - 1];
}

}  // namespace

GateMetrics::Snapshot GateMetrics::snapshot() const {
  std::lock_guard lock(mu_);
  Snapshot out = s_;
  out.checks.p50_seconds = quantile(out.checks.recent_latency, 0.50);
  out.checks.p99_seconds = quantile(out.checks.recent_latency, 0.99);
  return out;
}

std::string verdict_metric_label(gate::v1::Verdict v) {
  const std::string_view key = rules::verdict_key(v);
  return key.empty() ? "other" : std::string(key);
}

std::string fault_kind_label(BarrierFaultKind k) {
  return k == BarrierFaultKind::kOpenFailed ? "open_failed" : "module_fault";
}

namespace {

// gate_camera_online and gate_camera_last_seen_timestamp_seconds; nothing when no camera is
// declared (a family without samples would say nothing either).
void render_cameras(PrometheusText& t, const std::vector<rules::CameraStatus>& cameras) {
  if (cameras.empty()) return;
  t.family("gate_camera_online", "gauge",
           "1 while a declared camera showed a sign of life within camera.silence_alarm_s "
           "(never seen: within that long of start), else 0.");
  for (const auto& c : cameras) {
    t.sample("gate_camera_online", {{"lane", c.lane_id}, {"camera", c.camera_id}},
             c.online ? 1 : 0);
  }
  t.family("gate_camera_last_seen_timestamp_seconds", "gauge",
           "Unix time of a declared camera's last sign of life (push, heartbeat, frame); 0 when "
           "never seen since start.");
  for (const auto& c : cameras) {
    t.sample("gate_camera_last_seen_timestamp_seconds",
             {{"lane", c.lane_id}, {"camera", c.camera_id}},
             static_cast<double>(c.last_seen_unix_ms) / 1000.0);
  }
}

// gate_vehicle_check_*: nothing until a check was sent (a platform without one says nothing).
void render_checks(PrometheusText& t, const CheckMetrics& c) {
  if (c.sent == 0) return;
  t.counter("gate_vehicle_checks_sent_total", "Platform vehicle checks asked since start.",
            static_cast<double>(c.sent));
  t.family("gate_vehicle_checks_total", "counter",
           "Platform vehicle checks ended, by result: answered (in time), late (no answer by "
           "the deadline), failed (the call failed or its answer was unusable); late and "
           "failed ones were decided in the profile's degraded mode.");
  t.sample("gate_vehicle_checks_total", {{"result", "answered"}}, static_cast<double>(c.answered));
  t.sample("gate_vehicle_checks_total", {{"result", "late"}}, static_cast<double>(c.late));
  t.sample("gate_vehicle_checks_total", {{"result", "failed"}}, static_cast<double>(c.failed));
  t.counter("gate_vehicle_check_answers_dropped_total",
            "Platform answers that came after their lane had decided without them.",
            static_cast<double>(c.late_answers_dropped));
  t.family("gate_vehicle_check_refusals_total", "counter",
           "Trucks refused because of the check: by the platform's answer (platform.check), or "
           "because it did not answer in degraded mode refuse (platform.unreachable).");
  t.sample("gate_vehicle_check_refusals_total", {{"rule", "platform.check"}},
           static_cast<double>(c.refused_by_platform));
  t.sample("gate_vehicle_check_refusals_total", {{"rule", "platform.unreachable"}},
           static_cast<double>(c.refused_unreachable));
  t.family("gate_vehicle_check_latency_seconds", "gauge",
           "Read to platform answer, over the last 1000 answered checks: p50 and p99.");
  t.sample("gate_vehicle_check_latency_seconds", {{"quantile", "0.5"}}, c.p50_seconds);
  t.sample("gate_vehicle_check_latency_seconds", {{"quantile", "0.99"}}, c.p99_seconds);
}

}  // namespace

std::string render_metrics(const GateMetrics::Snapshot& s, const MetricsFacts& f) {
  PrometheusText t;
  t.family("gate_decisions_total", "counter",
           "Decisions committed since start, by result (pass, refuse, hold, manual_pass).");
  for (const auto& [result, n] : s.decisions) {
    t.sample("gate_decisions_total", {{"result", result}}, static_cast<double>(n));
  }
  t.family("gate_decision_latency_seconds", "histogram",
           "Camera event received to barrier open command (passes) or to decision committed "
           "(refusals), for reads decided on arrival.");
  t.histogram("gate_decision_latency_seconds", {}, s.latency);
  t.family("gate_barrier_faults_total", "counter",
           "Barrier faults by lane: open_failed (a pass whose barrier did not open), "
           "module_fault (the barrier module's connection failed).");
  for (const auto& [key, n] : s.barrier_faults) {
    t.sample("gate_barrier_faults_total", {{"lane", key.first}, {"kind", key.second}},
             static_cast<double>(n));
  }

  render_cameras(t, f.cameras);
  render_checks(t, s.checks);

  t.family("gate_metrics_source_up", "gauge",
           "1 when the scrape could read the source (outbox: the database; disk: statvfs).");
  t.sample("gate_metrics_source_up", {{"source", "outbox"}}, f.outbox ? 1 : 0);
  t.sample("gate_metrics_source_up", {{"source", "disk"}}, f.data_disk ? 1 : 0);
  if (f.outbox) {
    t.gauge("gate_outbox_backlog_records",
            "Outbox records not yet acknowledged by the platform (parked records excluded).",
            static_cast<double>(f.outbox->pending));
    t.gauge("gate_outbox_parked_records",
            "Outbox records the platform rejected as invalid, set aside until requeued.",
            static_cast<double>(f.outbox->parked));
    t.gauge("gate_outbox_photo_backlog_records",
            "Photo messages not yet acknowledged by the platform (parked excluded).",
            static_cast<double>(f.outbox->photos_pending));
    t.counter("gate_uplink_photo_bytes_sent_total",
              "JPEG bytes of the photos the platform took (inline or as photo messages).",
              static_cast<double>(f.outbox->photo_bytes_sent));
    const int64_t oldest = f.outbox->oldest_pending_unix_ms;
    const double age = oldest > 0 && f.now_unix_ms > oldest
                           ? static_cast<double>(f.now_unix_ms - oldest) / 1000.0
                           : 0.0;
    t.gauge("gate_outbox_oldest_unacked_age_seconds",
            "Age of the oldest unacknowledged outbox record; 0 when the backlog is empty.", age);
  }
  if (f.data_disk) {
    const auto& d = *f.data_disk;
    t.gauge("gate_data_disk_total_bytes", "Size of the file system holding the data directory.",
            static_cast<double>(d.total_bytes));
    t.gauge("gate_data_disk_free_bytes",
            "Bytes available to gated on the file system holding the data directory.",
            static_cast<double>(d.free_bytes));
    t.gauge("gate_data_disk_used_ratio", "Share of that file system not available to gated (0..1).",
            d.total_bytes > 0
                ? 1.0 - static_cast<double>(d.free_bytes) / static_cast<double>(d.total_bytes)
                : 0.0);
  }
  if (f.database_bytes) {
    t.gauge("gate_database_bytes", "Size of the SQLite database file and its write-ahead log.",
            static_cast<double>(*f.database_bytes));
  }
  t.gauge("gate_start_time_seconds", "Unix time gated started.",
          static_cast<double>(f.started_unix_ms) / 1000.0);
  t.gauge("gate_uptime_seconds", "Seconds since gated started.",
          f.now_unix_ms > f.started_unix_ms
              ? static_cast<double>(f.now_unix_ms - f.started_unix_ms) / 1000.0
              : 0.0);
  return t.text();
}

}  // namespace gate::host
