// The Prometheus text writer and the /metrics page rendered from counters and scrape facts.
#include "firmware-host/api/prometheus_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "firmware-host/api/gate_metrics.h"

namespace gate::host {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(PrometheusText, FamilyHeaderAndLabelledSamples) {
  PrometheusText t;
  t.family("gate_decisions_total", "counter", "Decisions by result.");
  t.sample("gate_decisions_total", {{"result", "pass"}}, 3);
  t.sample("gate_decisions_total", {{"result", "refuse"}, {"lane", "L1"}}, 0);
  EXPECT_EQ(t.text(),
            "# HELP gate_decisions_total Decisions by result.\n"
            "# TYPE gate_decisions_total counter\n"
            "gate_decisions_total{result=\"pass\"} 3\n"
            "gate_decisions_total{result=\"refuse\",lane=\"L1\"} 0\n");
}

TEST(PrometheusText, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_help("x\\y\nz\""), "x\\\\y\\nz\"");
  PrometheusText t;
  t.family("m", "gauge", "line one\nline two");
  t.sample("m", {{"lane", "东门\"1\""}}, 1);
  EXPECT_TRUE(has_line(t.text(), "# HELP m line one\\nline two")) << t.text();
  EXPECT_TRUE(has_line(t.text(), "m{lane=\"东门\\\"1\\\"\"} 1")) << t.text();
}

TEST(PrometheusText, FormatsValues) {
  EXPECT_EQ(format_sample_value(0), "0");
  EXPECT_EQ(format_sample_value(123456789012.0), "123456789012");
  EXPECT_EQ(format_sample_value(-4), "-4");
  EXPECT_EQ(format_sample_value(0.25), "0.25");
  EXPECT_EQ(format_sample_value(0.005), "0.005");
  EXPECT_EQ(format_sample_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_sample_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_sample_value(std::nan("")), "NaN");
}

TEST(PrometheusText, RejectsInvalidNames) {
  PrometheusText t;
  EXPECT_THROW(t.family("1abc", "gauge", "h"), std::invalid_argument);
  EXPECT_THROW(t.family("a-b", "gauge", "h"), std::invalid_argument);
  EXPECT_THROW(t.family("ok", "summary", "h"), std::invalid_argument);
  EXPECT_THROW(t.sample("ok", {{"bad label", "v"}}, 1), std::invalid_argument);
}

TEST(PrometheusText, HistogramBucketsAreCumulativeWithInf) {
  HistogramData h({0.125, 0.5, 1.0});
  for (double v : {0.0625, 0.125, 0.25, 0.75, 2.0, 3.0}) h.observe(v);  // exact in binary
  EXPECT_EQ(h.count(), 6u);
  EXPECT_EQ(h.sum, 6.1875);
  PrometheusText t;
  t.family("lat_seconds", "histogram", "Latency.");
  t.histogram("lat_seconds", {{"lane", "L1"}}, h);
  const std::string& s = t.text();
  EXPECT_TRUE(has_line(s, "lat_seconds_bucket{lane=\"L1\",le=\"0.125\"} 2"))
      << s;  // the bound is inclusive
  EXPECT_TRUE(has_line(s, "lat_seconds_bucket{lane=\"L1\",le=\"0.5\"} 3")) << s;
  EXPECT_TRUE(has_line(s, "lat_seconds_bucket{lane=\"L1\",le=\"1\"} 4")) << s;
  EXPECT_TRUE(has_line(s, "lat_seconds_bucket{lane=\"L1\",le=\"+Inf\"} 6")) << s;
  EXPECT_TRUE(has_line(s, "lat_seconds_sum{lane=\"L1\"} 6.1875")) << s;
  EXPECT_TRUE(has_line(s, "lat_seconds_count{lane=\"L1\"} 6")) << s;
}

TEST(GateMetricsPage, EveryResultAndLaneIsPresentFromTheStart) {
  GateMetrics m({"L1", "L2"});
  MetricsFacts f;
  f.now_unix_ms = 10'000;
  f.started_unix_ms = 4'000;
  const std::string s = render_metrics(m.snapshot(), f);
  for (const char* r : {"pass", "refuse", "hold", "manual_pass"}) {
    EXPECT_TRUE(has_line(s, std::string("gate_decisions_total{result=\"") + r + "\"} 0")) << s;
  }
  EXPECT_TRUE(has_line(s, "gate_barrier_faults_total{lane=\"L2\",kind=\"module_fault\"} 0")) << s;
  EXPECT_TRUE(has_line(s, "gate_decision_latency_seconds_count 0")) << s;
  EXPECT_TRUE(has_line(s, "gate_uptime_seconds 6")) << s;
  EXPECT_TRUE(has_line(s, "gate_start_time_seconds 4")) << s;
  // Sources that could not be read are reported down, their gauges left out (not zero).
  EXPECT_TRUE(has_line(s, "gate_metrics_source_up{source=\"outbox\"} 0")) << s;
  EXPECT_EQ(s.find("gate_outbox_backlog_records"), std::string::npos) << s;
}

TEST(GateMetricsPage, CountsLatencyFaultsBacklogAndDisk) {
  GateMetrics m({"L1"});
  m.decided(gate::v1::VERDICT_PASS);
  m.decided(gate::v1::VERDICT_PASS);
  m.decided(gate::v1::VERDICT_HOLD);
  m.decided(gate::v1::VERDICT_MANUAL_PASS);
  m.decision_latency(0.004);
  m.decision_latency(0.2);
  m.barrier_fault("L1", BarrierFaultKind::kOpenFailed);
  MetricsFacts f;
  f.now_unix_ms = 100'000;
  f.started_unix_ms = 40'000;
  OutboxStats o;
  o.pending = 7;
  o.parked = 1;
  o.oldest_pending_unix_ms = 70'000;
  o.photos_pending = 3;
  o.photo_bytes_sent = 456'789;
  f.outbox = o;
  f.data_disk = DiskSpace{250, 1000};
  f.database_bytes = 4096;
  const std::string s = render_metrics(m.snapshot(), f);
  EXPECT_TRUE(has_line(s, "gate_decisions_total{result=\"pass\"} 2")) << s;
  EXPECT_TRUE(has_line(s, "gate_decisions_total{result=\"hold\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_decisions_total{result=\"manual_pass\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_decisions_total{result=\"refuse\"} 0")) << s;
  EXPECT_TRUE(has_line(s, "gate_decision_latency_seconds_bucket{le=\"0.005\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_decision_latency_seconds_bucket{le=\"0.1\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_decision_latency_seconds_bucket{le=\"0.25\"} 2")) << s;
  EXPECT_TRUE(has_line(s, "gate_decision_latency_seconds_count 2")) << s;
  EXPECT_TRUE(has_line(s, "gate_barrier_faults_total{lane=\"L1\",kind=\"open_failed\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_outbox_backlog_records 7")) << s;
  EXPECT_TRUE(has_line(s, "gate_outbox_parked_records 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_outbox_photo_backlog_records 3")) << s;
  EXPECT_TRUE(has_line(s, "gate_uplink_photo_bytes_sent_total 456789")) << s;
  EXPECT_TRUE(has_line(s, "gate_outbox_oldest_unacked_age_seconds 30")) << s;
  EXPECT_TRUE(has_line(s, "gate_data_disk_free_bytes 250")) << s;
  EXPECT_TRUE(has_line(s, "gate_data_disk_total_bytes 1000")) << s;
  EXPECT_TRUE(has_line(s, "gate_data_disk_used_ratio 0.75")) << s;
  EXPECT_TRUE(has_line(s, "gate_database_bytes 4096")) << s;
  EXPECT_TRUE(has_line(s, "gate_metrics_source_up{source=\"outbox\"} 1")) << s;
}

TEST(GateMetricsPage, VehicleChecksAreCountedByResultWithTheirLatencyQuantiles) {
  GateMetrics m({"L1"});
  MetricsFacts f;
  EXPECT_EQ(render_metrics(m.snapshot(), f).find("gate_vehicle_check"), std::string::npos)
      << "a gate without a check says nothing of checks";
  for (int i = 1; i <= 100; ++i) {
    m.check_sent();
    m.check_done(CheckResult::kAnswered, i / 1000.0);  // 1..100 ms
  }
  m.check_sent();
  m.check_done(CheckResult::kLate, 0.8);
  m.check_sent();
  m.check_done(CheckResult::kFailed, 0.002);
  m.check_answer_dropped();
  m.check_decided("platform.check");
  m.check_decided("platform.unreachable");
  m.check_decided("pass.all_rules");
  const std::string s = render_metrics(m.snapshot(), f);
  EXPECT_TRUE(has_line(s, "gate_vehicle_checks_sent_total 102")) << s;
  EXPECT_TRUE(has_line(s, "gate_vehicle_checks_total{result=\"answered\"} 100")) << s;
  EXPECT_TRUE(has_line(s, "gate_vehicle_checks_total{result=\"late\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_vehicle_checks_total{result=\"failed\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_vehicle_check_answers_dropped_total 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_vehicle_check_refusals_total{rule=\"platform.check\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_vehicle_check_refusals_total{rule=\"platform.unreachable\"} 1"))
      << s;
  // Late and failed checks are not answers: the quantiles are of the 100 answered ones.
  EXPECT_TRUE(has_line(s, "gate_vehicle_check_latency_seconds{quantile=\"0.5\"} 0.05")) << s;
  EXPECT_TRUE(has_line(s, "gate_vehicle_check_latency_seconds{quantile=\"0.99\"} 0.099")) << s;
}

TEST(GateMetricsPage, EmptyBacklogHasZeroAge) {
  MetricsFacts f;
  f.now_unix_ms = 5'000;
  f.outbox = OutboxStats{};
  const std::string s = render_metrics(GateMetrics().snapshot(), f);
  EXPECT_TRUE(has_line(s, "gate_outbox_backlog_records 0")) << s;
  EXPECT_TRUE(has_line(s, "gate_outbox_oldest_unacked_age_seconds 0")) << s;
}

TEST(GateMetricsPage, CamerasOnlineAndLastSeenByLaneAndCamera) {
  MetricsFacts f;
  f.now_unix_ms = 1'800'000'000'000;
  rules::CameraStatus hik;
  hik.lane_id = "L1";
  hik.camera_id = "hik-in-1";
  hik.online = true;
  hik.last_seen_unix_ms = 1'799'999'990'500;
  rules::CameraStatus lpr;
  lpr.lane_id = "L2";
  lpr.camera_id = "LPR-L2";
  f.cameras = {hik, lpr};
  const std::string s = render_metrics(GateMetrics().snapshot(), f);
  EXPECT_TRUE(has_line(s, "# TYPE gate_camera_online gauge")) << s;
  EXPECT_TRUE(has_line(s, "gate_camera_online{lane=\"L1\",camera=\"hik-in-1\"} 1")) << s;
  EXPECT_TRUE(has_line(s, "gate_camera_online{lane=\"L2\",camera=\"LPR-L2\"} 0")) << s;
  EXPECT_TRUE(has_line(s, "# TYPE gate_camera_last_seen_timestamp_seconds gauge")) << s;
  EXPECT_TRUE(has_line(
      s, "gate_camera_last_seen_timestamp_seconds{lane=\"L1\",camera=\"hik-in-1\"} 1799999990.5"))
      << s;
  EXPECT_TRUE(
      has_line(s, "gate_camera_last_seen_timestamp_seconds{lane=\"L2\",camera=\"LPR-L2\"} 0"))
      << s;
  // No camera declared: no camera family at all.
  EXPECT_EQ(render_metrics(GateMetrics().snapshot(), MetricsFacts{}).find("gate_camera"),
            std::string::npos);
}

}  // namespace
}  // namespace gate::host
