// The plant's policy (docs/plant.md §8): the policy file the environmental manager sets for
// every gate of the plant, kept in the plant database with its label and SHA-256, and each
// gate's report of the policy it runs. A gate does not rewrite its own policy file (it is the
// integrator's, often root-owned, and a policy change is a reviewed act); it raises an ALARM
// saying how to install the plant's when its own differs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "rules/result.h"

namespace gate::host {

struct PlantPolicy {
  std::string text;    // the policy file as set
  std::string label;   // "<id> <version>"
  std::string sha256;  // of `text`
  std::string set_by;
  int64_t set_unix_ms = 0;
  int64_t revision = 0;  // 0: never set
};

struct GatePolicy {
  std::string gate_id;
  std::string label;   // "" when the gate has not reported one
  std::string sha256;  // of its policy file; "" for an inline policy
};

// Without `with_text` the text is left empty (what a gate compares every round).
Result<PlantPolicy> read_plant_policy(drivers::pg::Connection& db, bool with_text = true);
Result<PlantPolicy> write_plant_policy(drivers::pg::Connection& db, const std::string& text,
                                       const std::string& label, const std::string& set_by,
                                       int64_t now_unix_ms);
// The gate's row must exist (the push's transaction creates it).
Status report_gate_policy(drivers::pg::Connection& db, const GatePolicy& g);
Result<std::vector<GatePolicy>> gate_policies(drivers::pg::Connection& db);

// The ALARM text (without "ALARM ") when the gate's policy is not the plant's; "" when it is,
// or the plant has none.
std::string policy_mismatch(const PlantPolicy& plant, const GatePolicy& gate);

}  // namespace gate::host
