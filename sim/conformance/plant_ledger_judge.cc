#include "sim/conformance/plant_ledger_judge.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

using PlantCutWindowsMs = std::vector<std::pair<int64_t, int64_t>>;

// The actor of a row written by replication: "plant r<digits> (…)".
bool replicated(const std::string& actor) {
  const std::string prefix = "plant r";
  return actor.size() > prefix.size() && actor.compare(0, prefix.size(), prefix) == 0 &&
         std::isdigit(static_cast<unsigned char>(actor[prefix.size()]));
}

bool row_carries(const GateLedgerRow& row, const LedgerEditMade& e, const std::string& gate) {
  if (row.suspended != e.suspended) return false;
  if (gate == e.origin) return !replicated(row.actor);
  const std::string from = " at " + e.origin + ")";
  return replicated(row.actor) && row.actor.size() >= from.size() &&
         row.actor.compare(row.actor.size() - from.size(), from.size(), from) == 0;
}

std::string local_time(int64_t unix_ms) {
  return format_scenario_time(unix_ms / 1000 + kLocalUtcOffsetSeconds);
}

// Where `e` arrived at `gate`, matching from `next` on (advanced past the match).
PlantLedgerArrival arrival_of(const LedgerEditMade& e, const std::string& gate,
                              const std::vector<GateLedgerRow>& rows, std::size_t& next,
                              const PlantCutWindowsMs& cuts,
                              const drivers::SimulationClock& clock) {
  PlantLedgerArrival a;
  a.gate = gate;
  for (std::size_t i = next; i < rows.size(); ++i) {
    if (!row_carries(rows[i], e, gate)) continue;
    a.reached = true;
    next = i + 1;
    if (gate == e.origin) {
      a.at_unix_ms = e.at_sim_ms;
    } else {
      a.at_unix_ms = rows[i].time_unix_ms;
      a.lag_sim_ms = std::max<int64_t>(0, a.at_unix_ms - e.at_sim_ms);
      a.lag_real_ms = std::max<int64_t>(0, clock.real_at(a.at_unix_ms) - e.at_real_ms);
      for (const auto& [from, until] : cuts) {
        if (e.at_sim_ms < from || e.at_sim_ms >= until) continue;
        a.after_cut_sim_ms = std::max<int64_t>(0, a.at_unix_ms - until);
        a.after_cut_real_ms =
            std::max<int64_t>(0, clock.real_at(a.at_unix_ms) - clock.real_at(until));
      }
    }
    break;
  }
  return a;
}

const std::vector<GateLedgerRow>& rows_of(const PlantRun& run, const std::string& gate,
                                          const std::string& plate) {
  static const std::vector<GateLedgerRow> kNone;
  const auto g = run.gate_rows.find(gate);
  if (g == run.gate_rows.end()) return kNone;
  const auto p = g->second.find(plate);
  return p == g->second.end() ? kNone : p->second;
}

std::string lag_text(const PlantLedgerArrival& a) {
  std::string t = std::to_string(a.lag_sim_ms / 1000) + " s simulated, " +
                  std::to_string(a.lag_real_ms) + " ms real";
  if (a.after_cut_sim_ms < 0) return t;
  return t + " (" + std::to_string(a.after_cut_sim_ms / 1000) + " s simulated, " +
         std::to_string(a.after_cut_real_ms) + " ms real after the cut's end)";
}

// The entry's final state at a gate; nullopt when the gate has none.
std::optional<bool> state_at(const PlantRun& run, const std::string& gate,
                             const std::string& plate) {
  const auto g = run.gate_suspended.find(gate);
  if (g == run.gate_suspended.end()) return std::nullopt;
  const auto p = g->second.find(plate);
  if (p == g->second.end()) return std::nullopt;
  return p->second;
}

std::string state_name(std::optional<bool> suspended) {
  if (!suspended) return "missing";
  return *suspended ? "suspended" : "not suspended";
}

// Each edited entry at each gate against the plant's master ledger: marks the arrivals in
// `figures`, adds a line to `evidence` for each difference, and returns their number.
int judge_final_states(const PlantRun& run, const std::vector<std::string>& gates,
                       PlantLedgerFigures& figures, std::vector<std::string>& evidence) {
  int differing = 0;
  std::set<std::string> plates;
  for (const LedgerEditMade& e : run.ledger_edits) {
    if (e.error.empty()) plates.insert(e.plate);
  }
  for (const std::string& plate : plates) {
    const auto master = run.master_suspended.find(plate);
    if (master == run.master_suspended.end()) {
      ++differing;
      evidence.push_back(plate + " is not in the plant's master ledger");
      continue;
    }
    for (const std::string& g : gates) {
      const std::optional<bool> at_gate = state_at(run, g, plate);
      if (at_gate == master->second) continue;
      ++differing;
      evidence.push_back(plate + " ends " + state_name(at_gate) + " at gate " + g + ", " +
                         state_name(master->second) + " in the plant's master ledger");
    }
  }
  for (PlantLedgerEdit& f : figures.edits) {
    const auto master = run.master_suspended.find(f.plate);
    for (PlantLedgerArrival& a : f.gates) {
      a.final_state_matches =
          master != run.master_suspended.end() && state_at(run, a.gate, f.plate) == master->second;
    }
  }
  return differing;
}

}  // namespace

CheckResult judge_plant_ledger(const PlantRun& run, const std::vector<std::string>& gates,
                               const drivers::SimulationClock& clock, PlantLedgerFigures& figures) {
  CheckResult c;
  c.id = "plant_ledger";
  c.title = "Every ledger edit reached every gate, and every copy ends as the plant's ledger";
  figures.judged = true;
  std::map<std::string, std::map<std::string, std::size_t>> next;  // gate → plate → row
  int missing = 0, not_made = 0;
  int64_t max_lag_sim = 0, max_lag_real = 0;
  for (const LedgerEditMade& e : run.ledger_edits) {
    PlantLedgerEdit f{local_time(e.at_sim_ms),
                      e.origin,
                      e.plate,
                      e.suspended ? "suspend" : "reinstate",
                      e.error,
                      {}};
    const std::string what = f.change + " " + e.plate + " at " + e.origin + " " + f.time;
    if (!e.error.empty()) {
      ++not_made;
      c.evidence.push_back(what + ": not made: " + e.error);
      figures.edits.push_back(std::move(f));
      continue;
    }
    for (const std::string& g : gates) {
      PlantLedgerArrival a =
          arrival_of(e, g, rows_of(run, g, e.plate), next[g][e.plate], run.cuts, clock);
      if (!a.reached) {
        ++missing;
        c.evidence.push_back(what + ": never reached gate " + g);
      } else {
        max_lag_sim = std::max(max_lag_sim, a.lag_sim_ms);
        max_lag_real = std::max(max_lag_real, a.lag_real_ms);
        if (g != e.origin) c.evidence.push_back(what + ": at " + g + " after " + lag_text(a));
      }
      f.gates.push_back(a);
    }
    figures.edits.push_back(std::move(f));
  }
  const int differing = judge_final_states(run, gates, figures, c.evidence);
  c.passed = missing == 0 && differing == 0 && not_made == 0 && !run.ledger_edits.empty();
  c.summary = std::to_string(run.ledger_edits.size()) + " edit(s) over " +
              std::to_string(gates.size()) + " gates: " + std::to_string(missing) +
              " arrival(s) missing, " + std::to_string(differing) +
              " final state(s) unlike the plant's, " + std::to_string(not_made) +
              " not made; slowest " + std::to_string(max_lag_sim / 1000) + " s simulated, " +
              std::to_string(max_lag_real) + " ms real";
  return c;
}

}  // namespace gate::sim
