#include "firmware-host/audit/plant_days.h"

#include <cstdio>
#include <map>

namespace gate::host {
namespace {

std::string day_line(const std::string& date, const std::string& who, const DayStats& d) {
  char line[200];
  std::snprintf(line, sizeof line, "%-10s  %-16s  %8d  %6d  %7d  %4d  %6d  %5d  %5.1f%%\n",
                date.c_str(), who.c_str(), d.passages, d.passed, d.refused, d.held,
                d.trucks_released, d.green_trucks_released, d.green_share() * 100.0);
  return line;
}

}  // namespace

std::vector<PlantDay> plant_daily_stats(const std::vector<gate::v1::Passage>& passages,
                                        int utc_offset_minutes) {
  std::map<std::string, std::vector<gate::v1::Passage>> by_gate;
  for (const auto& p : passages) by_gate[p.gate_id()].push_back(p);
  std::map<std::string, PlantDay> days;
  for (const auto& [gate_id, ps] : by_gate) {
    for (auto& d : daily_stats(ps, utc_offset_minutes)) {
      PlantDay& day = days[d.date];
      day.date = d.date;
      day.gates.push_back({gate_id, std::move(d)});
    }
  }
  for (auto& d : daily_stats(passages, utc_offset_minutes)) days[d.date].total = std::move(d);
  std::vector<PlantDay> out;
  for (auto& [date, day] : days) out.push_back(std::move(day));
  return out;
}

std::string format_plant_days(const std::vector<PlantDay>& days) {
  std::string out =
      "date        gate              passages  passed  refused  held  trucks  green  share\n";
  for (const auto& day : days) {
    for (const auto& g : day.gates) out += day_line(day.date, g.gate_id, g.stats);
    out += day_line(day.date, "all gates", day.total);
  }
  out +=
      "passed: pass + manual pass; refused: refuse + hold; share: green trucks of the trucks "
      "released\n";
  return out;
}

std::vector<DayStats> plant_totals(const std::vector<PlantDay>& days) {
  std::vector<DayStats> out;
  for (const auto& d : days) out.push_back(d.total);
  return out;
}

}  // namespace gate::host
