#include "sim/conformance/plant_share_judge.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>

#include "rules/display_names.h"
#include "rules/plant_share.h"
#include "rules/share.h"
#include "sim/scenario/scenario_time.h"
#include "sim/scenario/traffic_generator.h"

namespace gate::sim {
namespace {

constexpr std::size_t kEvidenceCap = 60;

std::string local_text(int64_t unix_ms) {
  return format_scenario_time(unix_ms / 1000 + kLocalUtcOffsetSeconds);
}

std::string fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Slack in basis points of a truck, as trucks: "-0.4".
std::string trucks(int64_t bp) {
  return fmt1(static_cast<double>(bp) / 10000.0);
}

void add_evidence(CheckResult& c, const std::string& line) {
  if (c.evidence.size() < kEvidenceCap) {
    c.evidence.push_back(line);
  } else if (c.evidence.size() == kEvidenceCap) {
    c.evidence.push_back("… (more not shown)");
  }
}

bool is_pass(const std::string& decision) {
  return decision == "PASS" || decision == "MANUAL_PASS";
}

// Released into the plant: passed, or not yet known not to have (as the gate counts it).
bool released(const GatePassage& p) {
  return is_pass(p.decision) &&
         (p.outcome == "passed" || p.outcome == "pending" || p.outcome == "unconfirmed");
}

bool in_cut(const PlantCutWindows& cuts, int64_t t) {
  return std::any_of(cuts.begin(), cuts.end(),
                     [t](const auto& c) { return t >= c.first && t < c.second; });
}

// One truck as the share rules see it: its window day, the holding rules whose population it is
// in, and whether it qualifies under each.
struct ShareTruck {
  std::string day;
  std::vector<const rules::CompiledShareRule*> rules;
  std::vector<bool> qualifies;
  bool non_qualifying() const {
    return std::find(qualifies.begin(), qualifies.end(), false) != qualifies.end();
  }
};

ShareTruck share_truck(const GatePassage& p, const rules::PolicyEngine& engine,
                       const gate::v1::Vehicle& v) {
  ShareTruck t;
  const int64_t day_start_ms = int64_t{engine.day_start_minute()} * 60000;
  t.day = local_text(p.time_ms - day_start_ms).substr(0, 10);
  const rules::ActiveRules* in_force = engine.rules_for(local_text(p.time_ms).substr(0, 10));
  if (in_force == nullptr) return t;
  for (const auto& r : in_force->shares) {
    if (r.mode == gate::v1::SHARE_MODE_REPORT || r.target_bp <= 0) continue;
    if (!rules::in_population(r, v, gate::v1::DIRECTION_IN)) continue;
    t.rules.push_back(&r);
    t.qualifies.push_back(rules::qualifies(r, v, engine.new_energy()));
  }
  return t;
}

struct PlantTally {
  rules::ShareCount running;  // qualifying by PASS, non-qualifying by release (see the header)
  rules::ShareCount final_count;
  const rules::CompiledShareRule* rule = nullptr;
  int64_t lowest_slack_bp = INT64_MAX;
};

using DayRule = std::pair<std::string, std::string>;  // (day, rule id)

// The judge's state over the time-ordered passages.
struct Replay {
  const PlantCutWindows& cuts;
  std::map<DayRule, PlantTally> plant;
  std::map<std::string, PlantShareGate> gates;
  std::map<std::pair<std::string, DayRule>, rules::ShareCount> gate_own;  // gate-by-gate
  CheckResult& check;
  int over_admissions = 0;
};

// The plant-wide tallies and the slack after this truck.
void count_plant(Replay& r, const GatePassage& p, const ShareTruck& t) {
  const bool rel = released(p);
  for (std::size_t i = 0; i < t.rules.size(); ++i) {
    PlantTally& tally = r.plant[{t.day, t.rules[i]->rule_id}];
    tally.rule = t.rules[i];
    if (rel) {
      ++tally.final_count.released;
      tally.final_count.qualifying += t.qualifies[i];
    }
    const bool counts_now = t.qualifies[i] ? is_pass(p.decision) : rel;
    if (!counts_now) continue;
    ++tally.running.released;
    tally.running.qualifying += t.qualifies[i];
    const int64_t slack = rules::share_slack(*t.rules[i], tally.running);
    tally.lowest_slack_bp = std::min(tally.lowest_slack_bp, slack);
    if (slack < 0 && !t.qualifies[i]) {
      ++r.over_admissions;
      add_evidence(r.check, "OVER-ADMISSION: " + p.plate + " at gate " + p.gate + " " +
                                local_text(p.time_ms) +
                                (in_cut(r.cuts, p.time_ms) ? " (plant cut)" : "") +
                                ": plant-wide slack under " + t.rules[i]->rule_id + " " +
                                trucks(slack) + " trucks after it");
    }
  }
}

// Whether the gate-by-gate rule would have admitted this truck at its gate, counting it there if
// so. A truck the plant-wide run released or held is a candidate; refusals stay refusals.
bool gate_by_gate_admits(Replay& r, const GatePassage& p, const ShareTruck& t) {
  bool admits = p.decision == "MANUAL_PASS";
  if (!admits) {
    admits = true;
    for (std::size_t i = 0; i < t.rules.size(); ++i) {
      const auto& own = r.gate_own[{p.gate, {t.day, t.rules[i]->rule_id}}];
      if (!t.qualifies[i] && !rules::admits_non_qualifying(*t.rules[i], own, 0)) admits = false;
    }
  }
  if (!admits) return false;
  for (std::size_t i = 0; i < t.rules.size(); ++i) {
    auto& own = r.gate_own[{p.gate, {t.day, t.rules[i]->rule_id}}];
    ++own.released;
    own.qualifying += t.qualifies[i];
  }
  return true;
}

void judge_passage(Replay& r, const GatePassage& p, const rules::PolicyEngine& engine,
                   const LedgerLookup& ledger) {
  PlantShareGate& g = r.gates[p.gate];
  g.gate = p.gate;
  ++g.decided;
  const bool hold = p.decision == "HOLD";
  g.held += hold;
  const gate::v1::Vehicle* v = ledger(p.plate);
  if (v == nullptr) {
    g.held_gate_by_gate += hold;  // not a share hold the replay can judge: held either way
    return;
  }
  const ShareTruck t = share_truck(p, engine, *v);
  if (t.rules.empty()) {
    g.held_gate_by_gate += hold;
    return;
  }
  count_plant(r, p, t);
  if (released(p)) {
    ++g.released;
    if (t.non_qualifying()) {
      ++g.non_qualifying;
      g.non_qualifying_in_cuts += in_cut(r.cuts, p.time_ms);
    }
  }
  // A truck released, or held for the share: what the gate on its own would have done. A truck
  // opened for that did not pass counts as the plant-wide run counted it.
  const bool candidate = hold || released(p);
  if (candidate && !gate_by_gate_admits(r, p, t)) ++g.held_gate_by_gate;
}

// The day's end for every (day, rule): met the target and never below it after a release.
void judge_days(Replay& r, PlantShareFigures& f) {
  for (const auto& [key, tally] : r.plant) {
    PlantShareDay d;
    d.date = key.first;
    d.rule = key.second;
    d.mode = std::string(rules::share_mode_name(tally.rule->mode));
    d.released = tally.final_count.released;
    d.qualifying = tally.final_count.qualifying;
    d.share_percent = rules::share_percent(tally.final_count);
    d.target_percent = tally.rule->target_percent;
    d.lowest_slack_bp = tally.lowest_slack_bp == INT64_MAX ? 0 : tally.lowest_slack_bp;
    d.held = rules::share_slack(*tally.rule, tally.final_count) >= 0 && d.lowest_slack_bp >= 0;
    r.check.passed = r.check.passed && d.held;
    add_evidence(r.check,
                 d.date + " " + d.rule + ": " + std::to_string(d.qualifying) + " of " +
                     std::to_string(d.released) + " released trucks at all gates qualify = " +
                     fmt1(d.share_percent) + " % (target " + fmt1(d.target_percent) + " %, " +
                     d.mode + "); lowest plant-wide slack after a release " +
                     trucks(d.lowest_slack_bp) + " trucks" + (d.held ? "" : "  BELOW THE TARGET"));
    f.days.push_back(d);
  }
}

}  // namespace

CheckResult judge_plant_share(const std::vector<GatePassage>& passages,
                              const rules::PolicyEngine& engine, const LedgerLookup& ledger,
                              const PlantCutWindows& cuts, PlantShareFigures& figures) {
  CheckResult check;
  check.id = "plant_share";
  check.title = "Plant-wide share held every day; no gate over-admitted, cut or not";
  check.passed = true;
  figures = {};
  figures.judged = true;
  std::vector<const GatePassage*> ordered;
  for (const auto& p : passages) ordered.push_back(&p);
  std::sort(ordered.begin(), ordered.end(), [](const GatePassage* a, const GatePassage* b) {
    return std::tie(a->time_ms, a->gate, a->seq) < std::tie(b->time_ms, b->gate, b->seq);
  });
  Replay r{cuts, {}, {}, {}, check};
  for (const GatePassage* p : ordered) judge_passage(r, *p, engine, ledger);
  judge_days(r, figures);
  figures.over_admissions = r.over_admissions;
  check.passed = check.passed && r.over_admissions == 0;
  for (auto& [id, g] : r.gates) {
    figures.held += g.held;
    figures.held_gate_by_gate += g.held_gate_by_gate;
    add_evidence(check, "gate " + id + ": " + std::to_string(g.held) + " held plant-wide, " +
                            std::to_string(g.held_gate_by_gate) + " gate by gate; " +
                            std::to_string(g.non_qualifying) + " of " + std::to_string(g.released) +
                            " released non-qualifying, " +
                            std::to_string(g.non_qualifying_in_cuts) + " during a plant cut");
    figures.gates.push_back(g);
  }
  check.summary = (figures.days.empty() ? std::string("no share rule that holds trucks applied")
                                        : std::to_string(figures.days.size()) + " day(s) judged") +
                  ", " + std::to_string(r.over_admissions) + " over-admission(s); " +
                  std::to_string(figures.held) + " trucks held plant-wide against " +
                  std::to_string(figures.held_gate_by_gate) +
                  " gate by gate (a held truck modelled as not coming back)";
  return check;
}

}  // namespace gate::sim
