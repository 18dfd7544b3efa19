#include "firmware-host/policy/policy_replay.h"

#include "firmware-host/policy/share_controller.h"
#include "rules/decide.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/passage_outcome.h"
#include "rules/platform_strategy.h"
#include "rules/share.h"
#include "rules/vehicle_check.h"

namespace gate::host {
namespace {

// The vehicle as recorded, completed from today's ledger entry; for a plate in no ledger, the
// platform's vehicle data where its check answered with it.
gate::v1::Vehicle vehicle_then(const gate::v1::Passage& p, const VehicleLookup& ledger) {
  if (!p.vehicle_known()) return rules::vehicle_decided_on(p);
  gate::v1::Vehicle v;
  if (ledger) {
    if (const auto* now =
            ledger(p.vehicle().plate().empty() ? p.read().plate_text() : p.vehicle().plate())) {
      v = *now;
    }
  }
  const auto& rec = p.vehicle();
  v.set_plate(rec.plate());
  v.set_plate_color(rec.plate_color());
  v.set_vehicle_class(rec.vehicle_class());
  v.set_emission_stage(rec.emission_stage());
  v.set_fuel_type(rec.fuel_type());
  if (!rec.vin().empty()) v.set_vin(rec.vin());
  return v;
}

// The platform's strategy recorded with the passage; kNone for a name that is not ours (a
// database written by a later version).
rules::PlatformStrategyInput strategy_then(const gate::v1::Passage& p) {
  rules::PlatformStrategyInput s;
  s.strategy =
      rules::strategy_from_name(p.platform_strategy()).value_or(rules::PlatformStrategy::kNone);
  s.code = p.platform_strategy_code();
  return s;
}

// The passage decided again under `engine`, joined with the platform's check as recorded: its
// answer as it was, or its absence in the degraded mode that was applied.
gate::v1::Decision redecide(const rules::PolicyEngine& engine, const gate::v1::Passage& p,
                            const gate::v1::Vehicle& v, const rules::DecisionContext& ctx,
                            rules::CheckCombination combine) {
  const bool platform_data = !p.vehicle_known() && v.emission_stage() != 0;
  rules::DecisionInput in{p.read(), p.vehicle_known() ? &v : nullptr, ctx,
                          platform_data ? &v : nullptr};
  gate::v1::Decision d = rules::decide(engine, in);
  rules::CheckSettings settings;
  settings.combine = combine;
  settings.degraded =
      p.check().degraded_mode() == rules::degraded_mode_name(rules::DegradedMode::kRefuse)
          ? rules::DegradedMode::kRefuse
          : rules::DegradedMode::kLocal;
  return rules::combine_check(d, p.check(), settings);
}

void add(std::map<std::string, ReplayCounter>& out, const rules::ShareCounts& counts) {
  for (const auto& [name, c] : counts) out[name] = {c.released, c.qualifying};
}

}  // namespace

ReplayReport replay_passages(const rules::PolicyEngine& engine,
                             const std::vector<gate::v1::Passage>& passages,
                             const VehicleLookup& ledger, int utc_offset_minutes,
                             std::size_t max_changes, rules::CheckCombination check_combination) {
  ReplayReport report;
  std::string day;
  rules::ShareState replayed_state;
  rules::ShareCounts recorded_counts;
  ReplayDay* current = nullptr;
  auto close_day = [&] {
    if (current == nullptr) return;
    add(current->recorded, recorded_counts);
    add(current->replayed, replayed_state.counts);
  };
  for (const auto& p : passages) {
    const std::string date = rules::local_date(p.time_unix_ms(), utc_offset_minutes);
    const std::string window = date;  // replay windows are calendar days
    if (window != day) {
      close_day();
      day = window;
      report.days.push_back(ReplayDay{});
      current = &report.days.back();
      current->day = day;
      replayed_state = {};
      recorded_counts.clear();
    }
    ++current->passages;
    const rules::ActiveRules* rules = engine.rules_for(date);
    gate::v1::Vehicle v = vehicle_then(p, ledger);
    // What actually entered, counted under the replayed policy's share rules.
    if (ShareController::releases(p)) {
      ++current->recorded_released;
      if (rules) {
        rules::count_release(*rules, engine.new_energy(), v, p.direction(), +1, recorded_counts);
      }
    }
    if (p.decision().verdict() == gate::v1::VERDICT_MANUAL_PASS) {
      ++report.manual;
      if (ShareController::releases(p)) {
        ++current->replayed_released;
        if (rules) {
          rules::count_release(*rules, engine.new_energy(), v, p.direction(), +1,
                               replayed_state.counts);
        }
      }
      continue;
    }
    ++report.passages;
    rules::DecisionContext ctx{p.alert_level(), date, nullptr, &replayed_state, false};
    const rules::PlatformStrategyInput strategy = strategy_then(p);
    ctx.strategy = &strategy;
    gate::v1::Decision d = redecide(engine, p, v, ctx, check_combination);
    const auto verdict = d.verdict();
    if (verdict == gate::v1::VERDICT_PASS) {
      // A truck that was released but did not enter stays out in the replay too.
      const bool stayed_out = rules::released_truck_stayed_out(p.outcome());
      if (!stayed_out && rules) {
        ++current->replayed_released;
        rules::count_release(*rules, engine.new_energy(), v, p.direction(), +1,
                             replayed_state.counts);
      }
    } else if (verdict == gate::v1::VERDICT_HOLD) {
      ++current->replayed_held;
    } else {
      ++current->replayed_refused;
    }
    if (verdict == p.decision().verdict()) {
      ++report.same;
      continue;
    }
    report.transitions[rules::verdict_label(p.decision().verdict()) + " -> " +
                       rules::verdict_label(verdict)]++;
    report.new_rules[d.rule_id()]++;
    if (report.changes.size() < max_changes) report.changes.push_back({p, d});
  }
  close_day();
  return report;
}

}  // namespace gate::host
