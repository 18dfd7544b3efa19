#include "sim/conformance/conformance_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Stacked bars per day: passed (green), refused (red), held (amber).
std::string day_chart(const ConformanceReport& r) {
  if (r.days.empty()) return "";
  int top = 1;
  for (const auto& d : r.days) top = std::max(top, d.passed + d.refused + d.held);
  const int w = 640, h = 220, left = 50, bottom = 30;
  const double bw = static_cast<double>(w - left - 10) / static_cast<double>(r.days.size());
  std::string s = "<svg viewBox='0 0 " + std::to_string(w) + " " + std::to_string(h) +
                  "' class='chart' role='img' aria-label='decisions per day'>";
  s += "<text x='4' y='14' class='axis'>" + std::to_string(top) + "</text>";
  s += "<line x1='" + std::to_string(left) + "' y1='" + std::to_string(h - bottom) + "' x2='" +
       std::to_string(w) + "' y2='" + std::to_string(h - bottom) + "' stroke='#999'/>";
  for (std::size_t i = 0; i < r.days.size(); ++i) {
    const auto& d = r.days[i];
    double y = h - bottom;
    const double x = left + static_cast<double>(i) * bw + 4;
    for (auto [n, colour] : {std::pair{d.passed, "#2e7d32"}, std::pair{d.refused, "#c62828"},
                             std::pair{d.held, "#f9a825"}}) {
      const double bh = static_cast<double>(h - bottom - 20) * n / top;
      y -= bh;
      s += "<rect x='" + fmt("%.1f", x) + "' y='" + fmt("%.1f", y) + "' width='" +
           fmt("%.1f", bw - 8) + "' height='" + fmt("%.1f", bh) + "' fill='" + colour + "'/>";
    }
    s += "<text x='" + fmt("%.1f", x) + "' y='" + std::to_string(h - 10) + "' class='axis'>" +
         esc(d.date.substr(5)) + (d.alert == "none" ? "" : " ⚠" + esc(d.alert)) + "</text>";
  }
  return s +
         "</svg><p class='legend'><span style='color:#2e7d32'>■</span> passed "
         "<span style='color:#c62828'>■</span> refused <span style='color:#f9a825'>■</span> "
         "held (green-plate queue)</p>";
}

// Green share per day (bars) with the target (a mark on each bar).
std::string share_chart(const ConformanceReport& r) {
  bool any = false;
  for (const auto& d : r.days) any |= !d.share_mode.empty();
  if (!any) return "<p>No green-plate share rule applies to this plant on these days.</p>";
  const int w = 640, h = 200, left = 40, bottom = 30;
  const double bw = static_cast<double>(w - left - 10) / static_cast<double>(r.days.size());
  auto ypos = [&](double pct) { return h - bottom - (h - bottom - 10) * pct / 100.0; };
  std::string s = "<svg viewBox='0 0 " + std::to_string(w) + " " + std::to_string(h) +
                  "' class='chart' role='img' aria-label='green share per day'>";
  for (int p : {0, 50, 100}) {
    s += "<text x='4' y='" + fmt("%.0f", ypos(p) + 4) + "' class='axis'>" + std::to_string(p) +
         "%</text><line x1='" + std::to_string(left) + "' x2='" + std::to_string(w) + "' y1='" +
         fmt("%.1f", ypos(p)) + "' y2='" + fmt("%.1f", ypos(p)) + "' stroke='#ddd'/>";
  }
  for (std::size_t i = 0; i < r.days.size(); ++i) {
    const auto& d = r.days[i];
    const double x = left + static_cast<double>(i) * bw + 4;
    const bool below = !d.share_mode.empty() && d.share_percent < d.target_percent;
    s += "<rect x='" + fmt("%.1f", x) + "' y='" + fmt("%.1f", ypos(d.share_percent)) + "' width='" +
         fmt("%.1f", bw - 8) + "' height='" + fmt("%.1f", ypos(0) - ypos(d.share_percent)) +
         "' fill='" + (below ? "#ef9a9a" : "#66bb6a") + "'/>";
    if (!d.share_mode.empty()) {
      s += "<line x1='" + fmt("%.1f", x - 2) + "' x2='" + fmt("%.1f", x + bw - 6) + "' y1='" +
           fmt("%.1f", ypos(d.target_percent)) + "' y2='" + fmt("%.1f", ypos(d.target_percent)) +
           "' stroke='#000' stroke-width='2' stroke-dasharray='4 2'/>";
    }
    s += "<text x='" + fmt("%.1f", x) + "' y='" + std::to_string(h - 10) + "' class='axis'>" +
         esc(d.date.substr(5)) + " " + fmt("%.0f", d.share_percent) + "%</text>";
  }
  return s +
         "</svg><p class='legend'>bars: share of new-energy trucks among those that entered; "
         "dashed line: the policy's target</p>";
}

std::string latency_chart(const LatencyFigures& l) {
  if (l.samples == 0) return "<p>No barrier openings to time.</p>";
  const int w = 640, h = 180, left = 40, bottom = 30;
  const int top = std::max(1, *std::max_element(l.histogram.begin(), l.histogram.end()));
  const double bw = static_cast<double>(w - left - 10) / static_cast<double>(l.histogram.size());
  std::string s = "<svg viewBox='0 0 " + std::to_string(w) + " " + std::to_string(h) +
                  "' class='chart' role='img' aria-label='decision latency histogram'>";
  for (std::size_t i = 0; i < l.histogram.size(); ++i) {
    const double bh = static_cast<double>(h - bottom - 10) * l.histogram[i] / top;
    s += "<rect x='" + fmt("%.1f", left + static_cast<double>(i) * bw) + "' y='" +
         fmt("%.1f", h - bottom - bh) + "' width='" + fmt("%.1f", bw - 1) + "' height='" +
         fmt("%.1f", bh) + "' fill='" + (i <= 20 ? "#1565c0" : "#c62828") + "'/>";
    if (i % 10 == 0) {
      s += "<text x='" + fmt("%.1f", left + static_cast<double>(i) * bw) + "' y='" +
           std::to_string(h - 10) + "' class='axis'>" + std::to_string(i) +
           (i == 50 ? "+ ms" : " ms") + "</text>";
    }
  }
  return s + "</svg>";
}

// Each lane's camera with its trucks, and what gated answered the attacker's events.
std::string cameras_and_attacks(const ConformanceReport& r) {
  std::string h =
      "<h2>Cameras and attacks</h2><table><tr><th>Lane</th><th>Camera</th><th>Trucks</th>"
      "<th>Read and accepted</th><th>Decided</th><th>Barrier opened</th></tr>";
  for (const auto& l : r.lanes) {
    h += "<tr><td>" + esc(l.lane) + "</td><td>" + esc(l.camera) + "</td><td>" +
         std::to_string(l.trucks) + "</td><td>" + std::to_string(l.pushed) + "</td><td>" +
         std::to_string(l.decided) + "</td><td>" + std::to_string(l.opened) + "</td></tr>";
  }
  h += "</table>";
  if (r.attacks.empty()) return h + "<p>No attack events were sent.</p>";
  h += "<table><tr><th>Attack</th><th>Sent</th><th>Answered (HTTP status: events)</th></tr>";
  for (const auto& a : r.attacks) {
    std::string answers;
    for (const auto& [status, n] : a.by_status) {
      answers += (answers.empty() ? "" : ", ") +
                 (status == 0 ? std::string("no answer") : std::to_string(status)) + ": " +
                 std::to_string(n);
    }
    h += "<tr><td>" + esc(a.kind) + "</td><td>" + std::to_string(a.sent) + "</td><td>" +
         esc(answers) + "</td></tr>";
  }
  return h +
         "</table><p class='legend'>Not sent (nothing accepted yet on the lane, or gated "
         "down): " +
         std::to_string(r.attacks_not_sent) + "</p>";
}

nlohmann::json vehicle_checks_json(const VehicleCheckFigures& f) {
  return {{"passages", f.passages},
          {"answered", f.answered},
          {"serials", f.serials},
          {"refused_by_platform", f.refused_by_platform},
          {"refused_locally", f.refused_locally},
          {"degraded", f.degraded},
          {"degraded_mode", f.degraded_mode},
          {"degraded_refused", f.degraded_refused},
          {"mismatches", f.mismatches},
          {"silent", f.silent},
          {"unapplied_answers", f.unapplied_answers},
          {"alarms_raised", f.alarms_raised},
          {"alarms_cleared", f.alarms_cleared},
          {"max_latency_ms", f.max_latency_ms},
          {"deadline_ms", f.deadline_ms},
          {"slack_ms", f.slack_ms},
          {"wrong", f.wrong}};
}

// The vehicle check's counts as a table; "" where the profile has no check.
std::string vehicle_checks_table(const VehicleCheckFigures& f) {
  if (!f.judged) return "";
  auto row = [](const std::string& a, int x, const std::string& b, int y) {
    return "<tr><td>" + a + "</td><td>" + std::to_string(x) + "</td><td>" + b + "</td><td>" +
           std::to_string(y) + "</td></tr>";
  };
  return "<h2>The platform's vehicle check</h2><table class='figs'>" +
         row("Passages", f.passages, "Silent (no check status)", f.silent) +
         row("Answered", f.answered, "With the platform's serial", f.serials) +
         row("Refused by the platform (platform.check)", f.refused_by_platform,
             "Refused by the local rules anyway", f.refused_locally) +
         row("Degraded (mode " + esc(f.degraded_mode) + ")", f.degraded,
             "Refused as unreachable (platform.unreachable)", f.degraded_refused) +
         row("Ledger mismatches recorded", f.mismatches, "Platform answers in no passage",
             f.unapplied_answers) +
         row("ALARM raised", f.alarms_raised, "ALARM cleared", f.alarms_cleared) +
         "</table><p class='legend'>Longest check " + std::to_string(f.max_latency_ms) +
         " ms on the gate's clock (deadline " + std::to_string(f.deadline_ms) + " ms, slack " +
         std::to_string(f.slack_ms) + " ms).</p>\n";
}

nlohmann::json plant_share_json(const PlantShareFigures& f) {
  nlohmann::json j = {{"held", f.held},
                      {"held_gate_by_gate", f.held_gate_by_gate},
                      {"over_admissions", f.over_admissions},
                      {"days", nlohmann::json::array()},
                      {"gates", nlohmann::json::array()}};
  for (const auto& d : f.days) {
    j["days"].push_back({{"date", d.date},
                         {"rule", d.rule},
                         {"mode", d.mode},
                         {"released", d.released},
                         {"qualifying", d.qualifying},
                         {"share_percent", d.share_percent},
                         {"target_percent", d.target_percent},
                         {"lowest_slack_trucks", static_cast<double>(d.lowest_slack_bp) / 10000.0},
                         {"held", d.held}});
  }
  for (const auto& g : f.gates) {
    j["gates"].push_back({{"gate", g.gate},
                          {"decided", g.decided},
                          {"released", g.released},
                          {"non_qualifying", g.non_qualifying},
                          {"non_qualifying_in_cuts", g.non_qualifying_in_cuts},
                          {"held", g.held},
                          {"held_gate_by_gate", g.held_gate_by_gate}});
  }
  return j;
}

// The trucks held per gate, plant-wide against gate by gate; "" where the share was not kept
// plant-wide.
std::string plant_share_table(const PlantShareFigures& f) {
  if (!f.judged) return "";
  std::string h =
      "<h2>The plant-wide share</h2><table><tr><th>Gate</th><th>Decided</th><th>Released</th>"
      "<th>Non-qualifying released (during a cut)</th><th>Held plant-wide</th>"
      "<th>Held gate by gate</th></tr>";
  auto row = [](const std::string& gate, int decided, int released, const std::string& nq, int held,
                int by_gate) {
    return "<tr><td>" + esc(gate) + "</td><td>" + std::to_string(decided) + "</td><td>" +
           std::to_string(released) + "</td><td>" + nq + "</td><td>" + std::to_string(held) +
           "</td><td>" + std::to_string(by_gate) + "</td></tr>";
  };
  int decided = 0, released = 0, non_qualifying = 0, in_cuts = 0;
  for (const auto& g : f.gates) {
    h += row(
        g.gate, g.decided, g.released,
        std::to_string(g.non_qualifying) + " (" + std::to_string(g.non_qualifying_in_cuts) + ")",
        g.held, g.held_gate_by_gate);
    decided += g.decided;
    released += g.released;
    non_qualifying += g.non_qualifying;
    in_cuts += g.non_qualifying_in_cuts;
  }
  h += row("all gates", decided, released,
           std::to_string(non_qualifying) + " (" + std::to_string(in_cuts) + ")", f.held,
           f.held_gate_by_gate);
  return h +
         "</table><p class='legend'>Gate by gate: each gate's own decided trucks replayed in "
         "time order with the share kept on that gate's releases alone. Either way a held truck "
         "is modelled as not coming back.</p>\n";
}

// A simulated unix ms as the scenario's local time.
std::string local_time_of(int64_t unix_ms) {
  return format_scenario_time(unix_ms / 1000 + kLocalUtcOffsetSeconds);
}

// ", 1.2 s after the cut" for an edit made during a cut (real time), else "".
std::string after_cut(const PlantLedgerArrival& a) {
  if (a.after_cut_real_ms < 0) return "";
  return fmt(", %.1f s after the cut", static_cast<double>(a.after_cut_real_ms) / 1000.0);
}

nlohmann::json plant_ledger_json(const PlantLedgerFigures& f) {
  nlohmann::json j = {{"edits", nlohmann::json::array()}};
  for (const auto& e : f.edits) {
    nlohmann::json gates = nlohmann::json::array();
    for (const auto& a : e.gates) {
      gates.push_back(
          {{"gate", a.gate},
           {"reached", a.reached},
           {"at", a.reached ? local_time_of(a.at_unix_ms) : ""},
           {"lag_sim_s", static_cast<double>(a.lag_sim_ms) / 1000.0},
           {"lag_real_ms", a.lag_real_ms},
           {"after_cut_sim_s", a.after_cut_sim_ms < 0
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(a.after_cut_sim_ms / 1000.0)},
           {"after_cut_real_ms", a.after_cut_real_ms < 0 ? nlohmann::json(nullptr)
                                                         : nlohmann::json(a.after_cut_real_ms)},
           {"final_state_matches", a.final_state_matches}});
    }
    j["edits"].push_back({{"time", e.time},
                          {"origin", e.origin},
                          {"plate", e.plate},
                          {"change", e.change},
                          {"error", e.error},
                          {"gates", gates}});
  }
  return j;
}

// Each ledger edit and when it reached each gate; "" where no edit was judged.
std::string plant_ledger_table(const PlantLedgerFigures& f) {
  if (!f.judged) return "";
  std::string h =
      "<h2>Ledger edits at every gate</h2><table><tr><th>Edit (simulated time)</th><th>Made at"
      "</th><th>Plate</th><th>Change</th><th>Gate</th><th>In its SQLite copy at</th>"
      "<th>Lag simulated</th><th>Lag real</th><th>Ends as the plant's</th></tr>";
  for (const auto& e : f.edits) {
    const std::string head = "<td>" + esc(e.time) + "</td><td>" + esc(e.origin) + "</td><td>" +
                             esc(e.plate) + "</td><td>" + esc(e.change) + "</td>";
    if (!e.error.empty()) {
      h += "<tr>" + head + "<td colspan='5' style='color:#c62828'>not made: " + esc(e.error) +
           "</td></tr>";
    }
    for (const auto& a : e.gates) {
      h += "<tr>" + head + "<td>" + esc(a.gate) + "</td>";
      if (!a.reached) {
        h += "<td style='color:#c62828' colspan='3'>never</td>";
      } else {
        h += "<td>" + esc(local_time_of(a.at_unix_ms)) + "</td><td>" +
             fmt("%.1f s", static_cast<double>(a.lag_sim_ms) / 1000.0) + "</td><td>" +
             std::to_string(a.lag_real_ms) + " ms" + after_cut(a) + "</td>";
      }
      h += std::string("<td>") + (a.final_state_matches ? "yes" : "<b>no</b>") + "</td></tr>";
    }
  }
  return h +
         "</table><p class='legend'>When each gate's vehicle_history holds the edit (its own row "
         "at the gate that made it, lag 0; a row replicated from the edit's origin elsewhere), "
         "on gated's simulated clock; real lag on the system clock. An edit made at a gate "
         "during a plant cut reaches the others after the cut.</p>\n";
}

}  // namespace

std::string plant_share_text(const PlantShareFigures& f) {
  if (!f.judged) return "";
  std::string t = "trucks held (plant-wide / gate by gate):";
  for (const auto& g : f.gates) {
    t += " " + g.gate + " " + std::to_string(g.held) + " / " + std::to_string(g.held_gate_by_gate) +
         ";";
  }
  return t + " all gates " + std::to_string(f.held) + " / " + std::to_string(f.held_gate_by_gate) +
         "\n";
}

std::string plant_ledger_text(const PlantLedgerFigures& f) {
  std::string t;
  for (const auto& e : f.edits) {
    t += "ledger edit " + e.change + " " + e.plate + " at " + e.origin + " " + e.time + ":";
    if (!e.error.empty()) t += " not made";
    for (const auto& a : e.gates) {
      t += " " + a.gate + " " +
           (a.reached ? fmt("%.1f s", static_cast<double>(a.lag_sim_ms) / 1000.0) + " (" +
                            std::to_string(a.lag_real_ms) + " ms real" + after_cut(a) + ")"
                      : std::string("never")) +
           ";";
    }
    t += "\n";
  }
  return t;
}

std::string report_json(const ConformanceReport& r) {
  nlohmann::json j;
  j["scenario"] = r.scenario;
  j["description"] = r.description;
  j["policy"] = r.policy;
  j["platform"] = r.platform;
  j["left_out"] = r.left_out;
  j["passed"] = r.passed;
  for (const auto& c : r.checks) {
    j["checks"].push_back({{"id", c.id},
                           {"title", c.title},
                           {"passed", c.passed},
                           {"informational", c.informational},
                           {"summary", c.summary},
                           {"evidence", c.evidence}});
  }
  j["mismatches"] = nlohmann::json::array();
  for (const auto& m : r.mismatches) {
    j["mismatches"].push_back({{"lane", m.lane},
                               {"plate", m.plate},
                               {"time", m.time},
                               {"expected", m.expected},
                               {"expected_rule", m.expected_rule},
                               {"actual", m.actual},
                               {"actual_rule", m.actual_rule}});
  }
  for (const auto& d : r.days) {
    j["days"].push_back({{"date", d.date},
                         {"alert", d.alert},
                         {"arrived", d.arrived},
                         {"decided", d.decided},
                         {"passed", d.passed},
                         {"refused", d.refused},
                         {"held", d.held},
                         {"entered", d.entered},
                         {"entered_green", d.entered_green},
                         {"share_percent", d.share_percent},
                         {"target_percent", d.target_percent},
                         {"share_mode", d.share_mode}});
  }
  j["attacks"] = nlohmann::json::array();
  for (const auto& a : r.attacks) {
    nlohmann::json by_status = nlohmann::json::object();
    for (const auto& [status, n] : a.by_status) {
      by_status[status == 0 ? std::string("unanswered") : std::to_string(status)] = n;
    }
    j["attacks"].push_back({{"kind", a.kind}, {"sent", a.sent}, {"answered", by_status}});
  }
  j["attacks_not_sent"] = r.attacks_not_sent;
  j["lanes"] = nlohmann::json::array();
  for (const auto& l : r.lanes) {
    j["lanes"].push_back({{"lane", l.lane},
                          {"camera", l.camera},
                          {"trucks", l.trucks},
                          {"read_and_accepted", l.pushed},
                          {"decided", l.decided},
                          {"barrier_opened", l.opened}});
  }
  if (r.vehicle_checks.judged) j["vehicle_checks"] = vehicle_checks_json(r.vehicle_checks);
  if (r.plant_share.judged) j["plant_share"] = plant_share_json(r.plant_share);
  if (r.plant_ledger.judged) j["plant_ledger"] = plant_ledger_json(r.plant_ledger);
  j["latency_ms"] = {{"samples", r.latency.samples}, {"p50", r.latency.p50_ms},
                     {"p90", r.latency.p90_ms},      {"p99", r.latency.p99_ms},
                     {"max", r.latency.max_ms},      {"histogram_1ms", r.latency.histogram}};
  j["run"] = {{"trucks", r.trucks},
              {"read_and_accepted", r.pushed},
              {"barrier_opened", r.opened},
              {"tailgaters", r.tailgaters},
              {"backed_out", r.backed_out},
              {"real_seconds", r.real_seconds},
              {"trucks_per_second", r.trucks_per_second},
              {"speed", r.speed},
              {"platform_records", r.records},
              {"backfill_records", r.backfill},
              {"within_60s_percent", r.within_60s_percent},
              {"faults", r.faults},
              {"problems", r.problems}};
  return j.dump(2) + "\n";
}

std::string report_html(const ConformanceReport& r) {
  std::string h = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gate conformance: )" +
                  esc(r.scenario) + R"(</title>
<style>
body{font-family:"Noto Sans CJK SC","Noto Sans",Arial,sans-serif;margin:24px auto;max-width:960px;color:#222}
h1{font-size:24px;margin-bottom:4px} h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
.verdict{font-size:20px;padding:12px 16px;border-radius:6px;color:#fff;display:inline-block}
.ok{background:#2e7d32}.bad{background:#c62828}.info{background:#607d8b}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}
th{background:#f5f5f5}.badge{color:#fff;border-radius:4px;padding:2px 8px;font-weight:bold;white-space:nowrap}
.chart{width:100%;height:auto;background:#fafafa;border:1px solid #eee}.axis{font-size:11px;fill:#555}
.legend{font-size:13px;color:#555}details{margin-top:4px}ul{margin:4px 0;padding-left:20px}.figs td{width:25%}
</style></head><body>
)";
  h += "<h1>Gate conformance report: " + esc(r.scenario) + "</h1>\n<p>" + esc(r.description) +
       "</p>\n<p>Judged by the published policy <b>" + esc(r.policy) +
       "</b>; the gate uploaded to the platform <b>" + esc(r.platform) + "</b>.</p>\n";
  for (const auto& l : r.left_out) {
    h += "<p>Left out of this run (the platform cannot play it): " + esc(l) + ".</p>\n";
  }
  h += std::string("<div class='verdict ") +
       (r.passed ? "ok'>PASSED: the gate met every check"
                 : "bad'>FAILED: see the red checks below") +
       "</div>\n";
  h += "<h2>The run</h2><table class='figs'><tr><td>Trucks</td><td>" + std::to_string(r.trucks) +
       "</td><td>Read and accepted by the gate</td><td>" + std::to_string(r.pushed) +
       "</td></tr><tr><td>Barrier opened</td><td>" + std::to_string(r.opened) +
       "</td><td>Tailgaters / backed out</td><td>" + std::to_string(r.tailgaters) + " / " +
       std::to_string(r.backed_out) + "</td></tr><tr><td>Real time</td><td>" +
       fmt("%.0f s", r.real_seconds) + " (" + fmt("%.1f", r.trucks_per_second) +
       " trucks/s, time ×" + fmt("%.0f", r.speed) +
       ")</td><td>Decision latency p50 / p99 / max</td><td>" + fmt("%.1f", r.latency.p50_ms) +
       " / " + fmt("%.1f", r.latency.p99_ms) + " / " + fmt("%.1f ms", r.latency.max_ms) +
       "</td></tr></table>\n";
  if (!r.faults.empty()) {
    h += "<p>Faults injected:</p><ul>";
    for (const auto& f : r.faults) h += "<li>" + esc(f) + "</li>";
    h += "</ul>";
  }
  if (!r.problems.empty()) {
    h += "<p><b>Problems of the run itself:</b></p><ul>";
    for (const auto& p : r.problems) h += "<li>" + esc(p) + "</li>";
    h += "</ul>";
  }
  h += "<h2>Checks</h2><table><tr><th>Result</th><th>Check</th><th>Evidence</th></tr>\n";
  for (const auto& c : r.checks) {
    const std::string cls = c.informational ? "info" : c.passed ? "ok" : "bad";
    const std::string word = c.informational ? "INFO" : c.passed ? "PASS" : "FAIL";
    h += "<tr><td><span class='badge " + cls + "'>" + word + "</span></td><td>" + esc(c.title) +
         "</td><td>" + esc(c.summary);
    if (!c.evidence.empty()) {
      h += "<details" + std::string(c.passed ? "" : " open") + "><summary>details (" +
           std::to_string(c.evidence.size()) + ")</summary><ul>";
      for (const auto& e : c.evidence) h += "<li>" + esc(e) + "</li>";
      h += "</ul></details>";
    }
    h += "</td></tr>\n";
  }
  h += "</table>\n";
  if (!r.mismatches.empty()) {
    h += "<h2>Decisions that did not match the policy</h2><table><tr><th>Time</th><th>Lane</th>"
         "<th>Plate</th><th>Expected</th><th>Gate decided</th></tr>";
    for (const auto& m : r.mismatches) {
      h += "<tr><td>" + esc(m.time) + "</td><td>" + esc(m.lane) + "</td><td>" + esc(m.plate) +
           "</td><td>" + esc(m.expected) + " (" + esc(m.expected_rule) + ")</td><td>" +
           esc(m.actual) + " (" + esc(m.actual_rule) + ")</td></tr>";
    }
    h += "</table>";
  }
  h += cameras_and_attacks(r);
  h += vehicle_checks_table(r.vehicle_checks);
  h += plant_share_table(r.plant_share);
  h += plant_ledger_table(r.plant_ledger);
  h += "<h2>Decisions per day</h2>" + day_chart(r);
  h += "<table><tr><th>Day</th><th>Alert</th><th>Arrived</th><th>Passed</th><th>Refused</th>"
       "<th>Held</th><th>Green share</th><th>Target</th></tr>";
  for (const auto& d : r.days) {
    h += "<tr><td>" + esc(d.date) + "</td><td>" + esc(d.alert) + "</td><td>" +
         std::to_string(d.arrived) + "</td><td>" + std::to_string(d.passed) + "</td><td>" +
         std::to_string(d.refused) + "</td><td>" + std::to_string(d.held) + "</td><td>" +
         fmt("%.1f %%", d.share_percent) + "</td><td>" +
         (d.share_mode.empty() ? "–" : fmt("%.0f %%", d.target_percent) + " " + d.share_mode) +
         "</td></tr>";
  }
  h += "</table><h2>Green-plate (new-energy) share</h2>" + share_chart(r);
  h += "<h2>Decision latency (camera event to barrier open command)</h2>" +
       latency_chart(r.latency) +
       "<p class='legend'>1 ms buckets; red: above the 20 ms target. Measured by the simulator "
       "from sending the camera event to the Modbus write of the open coil.</p>";
  h += "</body></html>\n";
  return h;
}

}  // namespace gate::sim
