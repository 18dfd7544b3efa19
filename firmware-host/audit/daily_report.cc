#include "firmware-host/audit/daily_report.h"

#include <algorithm>
#include <cstdio>

#include "rules/codes.h"
#include "rules/display_names.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

std::string class_key(const gate::v1::Passage& p) {
  const std::string_view key =
      p.vehicle_known() ? rules::class_key(p.vehicle().vehicle_class()) : "";
  return key.empty() ? "unknown" : std::string(key);
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

std::vector<DayStats> daily_stats(const std::vector<gate::v1::Passage>& passages,
                                  int utc_offset_minutes) {
  std::map<std::string, DayStats> days;
  for (const auto& p : passages) {
    const std::string date = rules::local_date(p.time_unix_ms(), utc_offset_minutes);
    DayStats& d = days[date];
    d.date = date;
    ++d.passages;
    const auto v = p.decision().verdict();
    const bool released = v == gate::v1::VERDICT_PASS || v == gate::v1::VERDICT_MANUAL_PASS;
    if (released) {
      ++d.passed;
    } else {
      ++d.refused;
    }
    if (v == gate::v1::VERDICT_MANUAL_PASS) ++d.manual;
    if (v == gate::v1::VERDICT_HOLD) ++d.held;
    d.max_alert = std::max(d.max_alert, p.alert_level());
    d.by_class[class_key(p)]++;
    d.by_stage[p.vehicle_known()
                   ? std::string(1, rules::stage_to_code(p.vehicle().emission_stage()))
                   : "?"]++;
    d.by_fuel[p.vehicle_known() ? std::string(1, rules::fuel_to_code(p.vehicle().fuel_type()))
                                : "?"]++;
    if (released && p.vehicle_known() &&
        p.vehicle().vehicle_class() == gate::v1::VEHICLE_CLASS_TRANSPORT) {
      ++d.trucks_released;
      if (rules::is_new_energy(p.vehicle())) ++d.green_trucks_released;
    }
  }
  std::vector<DayStats> out;
  for (auto& [date, d] : days) out.push_back(std::move(d));
  return out;
}

std::string format_daily_stats(const std::vector<DayStats>& days) {
  static const char* kAlert[] = {"?", "none", "yellow", "orange", "red"};
  std::string out =
      "date        alert   passages  passed  refused  manual  trucks  green  share   stages "
      "(0-6/D/X/?)\n";
  for (const auto& d : days) {
    char line[160];
    std::snprintf(line, sizeof line, "%-10s  %-6s  %8d  %6d  %7d  %6d  %6d  %5d  %5.1f%%  ",
                  d.date.c_str(), kAlert[std::clamp(static_cast<int>(d.max_alert), 0, 4)],
                  d.passages, d.passed, d.refused, d.manual, d.trucks_released,
                  d.green_trucks_released, 100.0 * d.green_share());
    out += line;
    std::string stages;
    for (const auto& [k, n] : d.by_stage)
      stages += (stages.empty() ? "" : " ") + k + ":" + std::to_string(n);
    out += stages + "\n";
  }
  // Alert days beside normal days: mean per day.
  double n_norm = 0, n_alert = 0, pass_norm = 0, pass_alert = 0, all_norm = 0, all_alert = 0;
  for (const auto& d : days) {
    const bool alert = d.max_alert > gate::v1::ALERT_LEVEL_NONE;
    (alert ? n_alert : n_norm) += 1;
    (alert ? pass_alert : pass_norm) += d.passed;
    (alert ? all_alert : all_norm) += d.passages;
  }
  out += "\nper day         days  passages  passed\n";
  if (n_norm > 0) {
    out += "normal days   " + fmt("%6.0f", n_norm) + "  " + fmt("%8.1f", all_norm / n_norm) + "  " +
           fmt("%6.1f", pass_norm / n_norm) + "\n";
  }
  if (n_alert > 0) {
    out += "alert days    " + fmt("%6.0f", n_alert) + "  " + fmt("%8.1f", all_alert / n_alert) +
           "  " + fmt("%6.1f", pass_alert / n_alert) + "\n";
  }
  return out;
}

std::string daily_stats_svg(const std::vector<DayStats>& days) {
  const int w = 60 + 40 * static_cast<int>(std::max<std::size_t>(days.size(), 1)), h = 260;
  int max_count = 1;
  for (const auto& d : days) max_count = std::max(max_count, d.trucks_released);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) +
                    "\" height=\"" + std::to_string(h) +
                    "\" font-family=\"sans-serif\" font-size=\"10\">\n"
                    "<text x=\"10\" y=\"14\">Trucks released per day (bars) and green share "
                    "(line, 0-100 %)</text>\n";
  std::string line;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    const int x = 50 + 40 * static_cast<int>(i);
    const int bar = 180 * d.trucks_released / max_count;
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(220 - bar) +
           "\" width=\"24\" height=\"" + std::to_string(bar) + "\" fill=\"" +
           (d.max_alert > gate::v1::ALERT_LEVEL_NONE ? "#e8a33d" : "#7a9cc6") + "\"/>\n";
    svg += "<text x=\"" + std::to_string(x) + "\" y=\"235\">" + d.date.substr(5) + "</text>\n";
    const int y = 220 - static_cast<int>(180 * d.green_share());
    line += (line.empty() ? "" : " ") + std::to_string(x + 12) + "," + std::to_string(y);
  }
  svg +=
      "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"#2e8b57\" stroke-width=\"2\"/>\n";
  svg += "<text x=\"10\" y=\"252\">orange bars: alert days</text>\n</svg>\n";
  return svg;
}

}  // namespace gate::host
