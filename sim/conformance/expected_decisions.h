// What the gate must decide for each simulated truck, computed by the simulator from the
// scenario and the same published policy file the gate runs, so the expectation comes from
// the rules and not from the gate. Pure: the caller supplies the compiled policy, the fleet's
// ledger entries, the platform lists and the time of each decision.
//
// The green-plate share is judged by day totals (conformance.h), not truck by truck: whether a
// given diesel truck is held depends on the order of the day's arrivals at every lane, which the
// gate sees and the simulator only approximates. So the oracle decides with no share tallies
// (every share rule satisfied), and a gate's HOLD, or a share refusal, matches an expected PASS
// when the share rule is what decided (matches()).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "gate/v1/decision.pb.h"
#include "gate/v1/scenario.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/platform_lists.h"
#include "rules/policy_engine.h"
#include "sim/scenario/traffic_generator.h"

namespace gate::sim {

// The alert level in force at `unix_ms` by the scenario's schedule; `configured` outside it.
gate::v1::AlertLevel alert_at(const gate::v1::Scenario& scenario, int64_t unix_ms,
                              gate::v1::AlertLevel configured);

struct ExpectedDecision {
  gate::v1::Verdict verdict = gate::v1::VERDICT_UNSPECIFIED;
  std::string rule_id;
  std::string reason;
};

// A gate's verdict/rule against the expectation: equal verdicts match (the rule may differ when
// several rules refuse: any refusal is a refusal); a HOLD or share refusal matches an expected
// PASS (see above).
bool matches(const ExpectedDecision& expected, gate::v1::Verdict actual,
             const std::string& actual_rule);

class DecisionOracle {
 public:
  DecisionOracle(std::shared_ptr<const rules::PolicyEngine> engine,
                 const std::vector<gate::v1::Vehicle>& ledger, rules::PlatformLists lists,
                 int utc_offset_minutes);

  // The decision for `arrival` read at `unix_ms` under `alert`.
  ExpectedDecision expect(const SimArrival& arrival, gate::v1::AlertLevel alert,
                          int64_t unix_ms) const;
  // The ledger entry for a plate as read; nullptr when the plant's ledger has none.
  const gate::v1::Vehicle* vehicle(const std::string& plate) const;

 private:
  std::shared_ptr<const rules::PolicyEngine> engine_;
  std::unordered_map<std::string, gate::v1::Vehicle> by_plate_;
  rules::PlatformLists lists_;
  int utc_offset_minutes_ = 480;
};

}  // namespace gate::sim
