#include "sim/conformance/expected_decisions.h"

#include "rules/decide.h"
#include "rules/local_date.h"
#include "rules/plate.h"
#include "sim/devices/virtual_camera.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

bool is_share_rule(const std::string& rule) {
  return rule.rfind(rules::kRuleSharePrefix, 0) == 0;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

gate::v1::AlertLevel alert_at(const gate::v1::Scenario& scenario, int64_t unix_ms,
                              gate::v1::AlertLevel configured) {
  const int64_t local_s = floor_div(unix_ms, 1000) + kLocalUtcOffsetSeconds;
  gate::v1::AlertLevel level = configured;
  for (const auto& a : scenario.alerts()) {
    const auto from = parse_scenario_time(a.from());
    const auto until = parse_scenario_time(a.until());
    if (from && until && local_s >= *from && local_s < *until && a.level() > level) {
      level = a.level();
    }
  }
  return level;
}

bool matches(const ExpectedDecision& expected, gate::v1::Verdict actual,
             const std::string& actual_rule) {
  if (expected.verdict == actual) return true;
  return expected.verdict == gate::v1::VERDICT_PASS &&
         (actual == gate::v1::VERDICT_HOLD || actual == gate::v1::VERDICT_REFUSE) &&
         is_share_rule(actual_rule);
}

DecisionOracle::DecisionOracle(std::shared_ptr<const rules::PolicyEngine> engine,
                               const std::vector<gate::v1::Vehicle>& ledger,
                               rules::PlatformLists lists, int utc_offset_minutes)
    : engine_(std::move(engine)),
      lists_(std::move(lists)),
      utc_offset_minutes_(utc_offset_minutes) {
  for (const auto& v : ledger) by_plate_.emplace(rules::normalise_plate(v.plate()), v);
}

const gate::v1::Vehicle* DecisionOracle::vehicle(const std::string& plate) const {
  const auto it = by_plate_.find(rules::normalise_plate(plate));
  return it == by_plate_.end() ? nullptr : &it->second;
}

ExpectedDecision DecisionOracle::expect(const SimArrival& arrival, gate::v1::AlertLevel alert,
                                        int64_t unix_ms) const {
  gate::v1::PlateRead read;
  read.set_plate_text(arrival.read_plate);
  read.set_color(arrival.read_color);
  // The scenario runner's camera speaks Vzenith, which reports whole percent.
  read.set_confidence(vzenith_confidence(arrival.confidence));
  read.set_lane_id(arrival.lane_id);
  read.set_time_unix_ms(unix_ms);
  const auto it = by_plate_.find(rules::normalise_plate(arrival.read_plate));
  rules::DecisionInput input{read, it == by_plate_.end() ? nullptr : &it->second, {}};
  input.context.alert_level = alert;
  input.context.local_date = rules::format_date(
      static_cast<int>(floor_div(unix_ms + int64_t{utc_offset_minutes_} * 60000, 86400000)));
  input.context.lists = &lists_;
  const gate::v1::Decision d = rules::decide(*engine_, input);
  // Only the share can stand in the way: the truck passes by every other rule (see header).
  if (is_share_rule(d.rule_id())) return {gate::v1::VERDICT_PASS, d.rule_id(), d.reason()};
  return {d.verdict(), d.rule_id(), d.reason()};
}

}  // namespace gate::sim
