#include "sim/conformance/conformance.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "rules/display_names.h"
#include "rules/local_date.h"
#include "rules/plate.h"
#include "rules/share.h"
#include "sim/conformance/plant_ledger_judge.h"
#include "sim/conformance/plant_share_judge.h"
#include "sim/conformance/vehicle_check_judge.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

constexpr std::size_t kEvidenceCap = 50;
constexpr int64_t kLiveWindowMs = 60000;

gate::v1::Verdict verdict_of(const std::string& label) {
  if (label == "PASS") return gate::v1::VERDICT_PASS;
  if (label == "REFUSE") return gate::v1::VERDICT_REFUSE;
  if (label == "HOLD") return gate::v1::VERDICT_HOLD;
  if (label == "MANUAL_PASS") return gate::v1::VERDICT_MANUAL_PASS;
  return gate::v1::VERDICT_UNSPECIFIED;
}

// The oracle's and the gate's verdicts as the report words them ("none" for no verdict).
std::string verdict_text(gate::v1::Verdict v) {
  const std::string_view key = rules::verdict_key(v);
  return key.empty() ? "none" : std::string(key);
}

std::string alert_text(gate::v1::AlertLevel a) {
  return std::string(rules::alert_name(a));
}

std::string local_text(int64_t unix_ms) {
  return format_scenario_time(unix_ms / 1000 + kLocalUtcOffsetSeconds);
}

std::string local_date_of(int64_t unix_ms) {
  return local_text(unix_ms).substr(0, 10);
}

std::vector<GatePassage> parse_passages(const std::map<std::string, std::string>& exports,
                                        std::vector<std::string>* problems) {
  std::vector<GatePassage> out;
  for (const auto& [gate_id, text] : exports) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) {
      problems->push_back("the passage export of gate " + gate_id + " is not a JSON array");
      continue;
    }
    for (const auto& p : j) {
      GatePassage g;
      g.seq = p.value("seq", int64_t{0});
      g.time_ms = p.value("time_unix_ms", int64_t{0});
      g.gate = p.value("gate", gate_id);
      g.lane = p.value("lane", "");
      g.plate = rules::normalise_plate(p.value("plate", ""));
      g.decision = p.value("decision", "");
      g.rule = p.value("rule", "");
      g.outcome = p.value("outcome", "");
      if (const auto c = p.find("check"); c != p.end()) g.check = passage_check_of(*c);
      out.push_back(std::move(g));
    }
  }
  return out;
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
  return v[std::min(idx, v.size() - 1)];
}

// A share rule without a mode reports only.
std::string share_mode_text(gate::v1::ShareMode m) {
  return std::string(rules::share_mode_name(
      m == gate::v1::SHARE_MODE_UNSPECIFIED ? gate::v1::SHARE_MODE_REPORT : m));
}

std::string fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

CheckResult make_check(std::string id, std::string title) {
  CheckResult c;
  c.id = std::move(id);
  c.title = std::move(title);
  return c;
}

void add_evidence(CheckResult& c, const std::string& line) {
  if (c.evidence.size() < kEvidenceCap) {
    c.evidence.push_back(line);
  } else if (c.evidence.size() == kEvidenceCap) {
    c.evidence.push_back("… (more not shown)");
  }
}

// What the checks judge: the scenario, the run, and the gate's passages with the one matched
// to each played truck.
struct RunEvidence {
  const gate::v1::Scenario& scenario;
  const ScenarioObservation& obs;
  std::vector<GatePassage> passages;
  std::vector<const GatePassage*> passage_of;  // per arrival; nullptr = no passage matched
};

// Each truck's passage: same lane and plate, the nearest in time to its camera event. The gate
// stamps a passage with its own clock when the event arrives, so on a loaded machine the stamp
// trails the push by the delivery time: up to 3 real seconds (scaled by the scenario's rate)
// still count as the same truck, as for the trucks in flight at a kill below.
std::vector<const GatePassage*> match_passages(const ScenarioObservation& obs,
                                               std::vector<GatePassage>& passages) {
  const auto& arrivals = obs.world.arrivals;
  std::map<std::pair<std::string, std::string>, std::vector<GatePassage*>> by_lane_plate;
  for (auto& p : passages) by_lane_plate[{p.lane, p.plate}].push_back(&p);
  const int64_t tolerance_ms = std::max<int64_t>(5000, static_cast<int64_t>(obs.clock.rate * 3000));
  std::vector<const GatePassage*> passage_of(arrivals.size(), nullptr);
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const PlayedTruck& t = obs.trucks[i];
    if (!t.pushed) continue;
    auto it =
        by_lane_plate.find({arrivals[i].lane_id, rules::normalise_plate(arrivals[i].read_plate)});
    if (it == by_lane_plate.end()) continue;
    GatePassage* best = nullptr;
    for (GatePassage* p : it->second) {
      const int64_t d = std::llabs(p->time_ms - t.push_sim_ms);
      if (!p->used && d <= tolerance_ms &&
          (best == nullptr || d < std::llabs(best->time_ms - t.push_sim_ms))) {
        best = p;
      }
    }
    if (best != nullptr) {
      best->used = true;
      passage_of[i] = best;
    }
  }
  return passage_of;
}

// Calls fn(arrival, played truck, passage) for every truck the gate accepted and recorded, in
// arrival order.
template <class Fn>
void for_each_decided(const RunEvidence& run, Fn fn) {
  for (std::size_t i = 0; i < run.obs.world.arrivals.size(); ++i) {
    const PlayedTruck& t = run.obs.trucks[i];
    const GatePassage* p = run.passage_of[i];
    if (t.pushed && p != nullptr) fn(run.obs.world.arrivals[i], t, *p);
  }
}

// The run's figures that are not checks: scenario, policy, speed, truck counts, faults.
void fill_run_figures(const RunEvidence& run, const rules::PolicyEngine& engine,
                      ConformanceReport& r) {
  const ScenarioObservation& obs = run.obs;
  r.scenario = run.scenario.name();
  r.description = run.scenario.description();
  r.policy = engine.id() + " " + engine.version() + " (" + obs.policy_path + ")";
  r.platform = obs.platform.empty() ? "gate-uplink/1 (the reference platform)" : obs.platform;
  r.left_out = obs.left_out;
  r.real_seconds = obs.real_seconds;
  r.speed = obs.clock.rate;
  r.trucks = static_cast<int>(obs.world.arrivals.size());
  r.trucks_per_second = obs.real_seconds > 0 ? r.trucks / obs.real_seconds : 0;
  for (const auto& f : obs.faults) {
    r.faults.push_back(f.what + " from " + local_text(f.from_sim_ms) + " until " +
                       local_text(f.until_sim_ms));
  }
  for (std::size_t i = 0; i < obs.world.arrivals.size(); ++i) {
    const PlayedTruck& t = obs.trucks[i];
    const SimArrival& a = obs.world.arrivals[i];
    if (t.opened) ++r.opened;
    if (a.tailgating) ++r.tailgaters;
    if (a.backs_out && t.opened) ++r.backed_out;
    if (t.pushed) ++r.pushed;
  }
}

// 1. Every rising edge of the open coil is matched by a pass record for the plate at the gate.
CheckResult check_openings(const RunEvidence& run) {
  CheckResult openings =
      make_check("openings_recorded", "Every barrier opening had a passage record");
  int openings_total = 0, openings_recorded = 0;
  std::map<std::string, int> pass_records_by_plate;
  for (const auto& p : run.passages) {
    if (p.decision == "PASS" || p.decision == "MANUAL_PASS") ++pass_records_by_plate[p.plate];
  }
  for (const auto& [lane, coils] : run.obs.coils) {
    bool prev = false;
    for (const auto& c : coils) {
      if (c.value && !prev) {
        ++openings_total;
        const std::string plate = rules::normalise_plate(c.plate_at_gate);
        auto it = pass_records_by_plate.find(plate);
        if (it != pass_records_by_plate.end() && it->second > 0) {
          --it->second;
          ++openings_recorded;
        } else {
          add_evidence(openings, "lane " + lane + ": opened at " +
                                     local_text(run.obs.clock.at(c.time_unix_ms)) + " for '" +
                                     c.plate_at_gate + "' with no pass record");
        }
      }
      prev = c.value;
    }
  }
  openings.passed = openings_total == openings_recorded;
  openings.summary = std::to_string(openings_total) + " openings of the open coil, " +
                     std::to_string(openings_recorded) + " matched by a pass record of the gate";
  return openings;
}

// 2. No truck the gate refused or held got an opening.
CheckResult check_refused_stayed_out(const RunEvidence& run) {
  CheckResult refused = make_check("no_refused_passed", "No refused or held truck was let through");
  int refused_opened = 0;
  for_each_decided(run, [&](const SimArrival& a, const PlayedTruck& t, const GatePassage& p) {
    const auto actual = verdict_of(p.decision);
    if ((actual == gate::v1::VERDICT_REFUSE || actual == gate::v1::VERDICT_HOLD) && t.opened) {
      ++refused_opened;
      add_evidence(refused, a.read_plate + " at lane " + a.lane_id + " " +
                                local_text(t.push_sim_ms) + ": " + p.decision + " (" + p.rule +
                                ") but the barrier opened");
    }
  });
  refused.passed = refused_opened == 0;
  refused.summary = std::to_string(refused_opened) + " refused or held trucks got an opening";
  return refused;
}

// 3. Decisions against the policy, joined with the platform's check where the profile has one
// (with_check: the vehicle-check judge verifies the check against the platform); the
// mismatches also go to the report's table.
CheckResult check_decisions(const RunEvidence& run, const DecisionOracle& oracle,
                            std::vector<Mismatch>& mismatches) {
  CheckResult decisions =
      make_check("decisions_match_policy", "Every decision matched the published policy");
  int compared = 0, matched = 0;
  for_each_decided(run, [&](const SimArrival& a, const PlayedTruck& t, const GatePassage& p) {
    const auto actual = verdict_of(p.decision);
    const auto alert = alert_at(run.scenario, t.push_sim_ms, gate::v1::ALERT_LEVEL_NONE);
    const ExpectedDecision e =
        with_check(oracle.expect(a, alert, t.push_sim_ms), p.check, run.obs.vehicle_check);
    ++compared;
    if (matches(e, actual, p.rule)) {
      ++matched;
      return;
    }
    Mismatch m{a.lane_id,
               a.read_plate,
               local_text(t.push_sim_ms),
               verdict_text(e.verdict),
               e.rule_id,
               verdict_text(actual),
               p.rule};
    if (mismatches.size() < 1000) mismatches.push_back(m);
    add_evidence(decisions, m.plate + " at " + m.time + " (alert " + alert_text(alert) +
                                "): expected " + m.expected + " by " + m.expected_rule +
                                ", gate said " + m.actual + " by " + m.actual_rule);
  });
  decisions.passed = compared > 0 && matched == compared;
  decisions.summary = std::to_string(matched) + " of " + std::to_string(compared) +
                      " decisions as the policy requires; " + std::to_string(compared - matched) +
                      " mismatches";
  return decisions;
}

// 4. Every event the gate accepted became a passage, also across faults. An event accepted
// moments before gated was killed may not have been decided yet: the gate took no action for
// it (the barrier stayed closed), so nothing happened that should have been recorded; such
// trucks are listed, not failed.
CheckResult check_nothing_lost(const RunEvidence& run, const ConformanceReport& r) {
  const ScenarioObservation& obs = run.obs;
  const auto& arrivals = obs.world.arrivals;
  CheckResult nothing_lost = make_check("nothing_lost", "Faults survived with nothing lost");
  std::vector<int64_t> kills;
  for (const auto& f : obs.faults) {
    if (f.what.rfind("gated killed", 0) == 0) kills.push_back(f.from_sim_ms);
  }
  const int64_t in_flight_ms =
      static_cast<int64_t>(obs.clock.rate * 3000);  // 3 real seconds before a kill
  int lost = 0, in_flight = 0;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const PlayedTruck& t = obs.trucks[i];
    if (!t.pushed || run.passage_of[i] != nullptr) continue;
    const bool at_kill = !t.opened && std::any_of(kills.begin(), kills.end(), [&](int64_t k) {
      return k >= t.push_sim_ms && k - t.push_sim_ms <= in_flight_ms;
    });
    (at_kill ? in_flight : lost) += 1;
    add_evidence(nothing_lost,
                 arrivals[i].read_plate + " at lane " + arrivals[i].lane_id + " " +
                     local_text(t.push_sim_ms) +
                     (at_kill ? ": accepted just before gated was killed and not yet decided; "
                                "the barrier stayed closed (no action, nothing to record)"
                              : ": accepted by the gate, no passage recorded"));
  }
  nothing_lost.passed = lost == 0 && r.pushed > 0;
  nothing_lost.summary = std::to_string(r.pushed) + " trucks read and accepted by the gate, " +
                         std::to_string(r.pushed - lost - in_flight) +
                         " with a passage in its record, " + std::to_string(in_flight) +
                         " in flight at a kill (barrier closed), " + std::to_string(lost) +
                         " lost; " + std::to_string(obs.faults.size()) + " faults injected, " +
                         std::to_string(obs.daemon_restarts) + " restarts of gated";
  for (const auto& f : r.faults) add_evidence(nothing_lost, "fault: " + f);
  return nothing_lost;
}

// 5a. Records that arrived after the live window carry the backfill flag; counts the records.
CheckResult check_backfill(const ScenarioObservation& obs, ConformanceReport& r) {
  CheckResult backfill = make_check("backfill_flagged", "Late uploads flagged as backfill");
  int late_unflagged = 0;
  const int64_t upload_tolerance_ms =
      std::max<int64_t>(5000, static_cast<int64_t>(obs.clock.rate * 3000));
  for (const auto& rec : obs.records) {
    ++r.records;
    r.backfill += rec.backfill;
    if (rec.kind != "decision") continue;
    const int64_t d = obs.clock.at(rec.received_unix_ms) - rec.time_unix_ms;
    // The gate flags a record when it builds the batch; the platform stamps it on receipt, up
    // to a few real seconds later on a loaded machine.
    if (d > kLiveWindowMs + upload_tolerance_ms && !rec.backfill) {
      ++late_unflagged;
      add_evidence(backfill, rec.key + " arrived " + std::to_string(d / 1000) +
                                 " s after the decision without the backfill flag");
    }
  }
  backfill.passed = late_unflagged == 0;
  backfill.summary = std::to_string(r.backfill) + " records flagged backfill; " +
                     std::to_string(late_unflagged) + " late ones without the flag";
  return backfill;
}

// 5b. Every passage of every gate reached the platform.
CheckResult check_upload_complete(const RunEvidence& run) {
  CheckResult upload = make_check("upload_complete", "Every passage reached the platform");
  std::set<std::string> received;
  for (const auto& rec : run.obs.records) {
    if (rec.kind == "decision") received.insert(rec.gate_id + "-" + std::to_string(rec.seq));
  }
  int missing = 0;
  for (const auto& p : run.passages) {
    if (!received.count(p.gate + "-" + std::to_string(p.seq))) {
      ++missing;
      add_evidence(upload, p.gate + " passage " + std::to_string(p.seq) + " (" + p.plate + ", " +
                               local_text(p.time_ms) + ") never reached the platform");
    }
  }
  upload.passed = !run.passages.empty() && missing == 0;
  upload.summary = std::to_string(run.passages.size() - static_cast<std::size_t>(missing)) +
                   " of " + std::to_string(run.passages.size()) +
                   " passages received by the platform";
  return upload;
}

// 5c. Decision records within 60 s of the decision, judged only while the platform is up.
CheckResult check_upload_delay(const ScenarioObservation& obs, ConformanceReport& r) {
  CheckResult delay = make_check("upload_delay", "Passages uploaded within 60 s (at least 95 %)");
  std::vector<int64_t> delays;
  for (const auto& rec : obs.records) {
    if (rec.kind == "decision")
      delays.push_back(obs.clock.at(rec.received_unix_ms) - rec.time_unix_ms);
  }
  const auto within =
      std::count_if(delays.begin(), delays.end(), [](int64_t d) { return d <= kLiveWindowMs; });
  // Outages delay uploads by design; the 95 % requirement is for the time the platform is up.
  r.within_60s_percent =
      delays.empty() ? 0 : 100.0 * static_cast<double>(within) / static_cast<double>(delays.size());
  bool outage = false;
  for (const auto& f : obs.faults) outage |= f.what.rfind("platform", 0) == 0;
  delay.passed = !delays.empty() && (r.within_60s_percent >= 95.0 || outage);
  delay.informational = outage;
  delay.summary =
      std::to_string(within) + " of " + std::to_string(delays.size()) + " (" +
      std::to_string(static_cast<int>(r.within_60s_percent * 10) / 10.0).substr(0, 5) +
      " %) decision records within 60 s of the decision" +
      (outage ? "; the scenario takes the platform away, so this is shown, not judged" : "");
  return delay;
}

// 6a. Per local day: arrivals, decisions by verdict, trucks that entered, the highest alert.
std::map<std::string, DayFigures> day_figures(const RunEvidence& run) {
  const ScenarioObservation& obs = run.obs;
  std::map<std::string, DayFigures> days;
  for (std::size_t i = 0; i < obs.world.arrivals.size(); ++i) {
    const SimArrival& a = obs.world.arrivals[i];
    const PlayedTruck& t = obs.trucks[i];
    const int64_t when = t.pushed ? t.push_sim_ms : a.time_unix_ms;
    DayFigures& d = days[local_date_of(when)];
    d.date = local_date_of(when);
    const auto level = alert_at(run.scenario, when, gate::v1::ALERT_LEVEL_NONE);
    if (alert_text(level) != "none" &&
        (d.alert.empty() || d.alert == "none" || level > gate::v1::ALERT_LEVEL_YELLOW)) {
      d.alert = alert_text(level);
    }
    ++d.arrived;
    if (const GatePassage* p = run.passage_of[i]) {
      ++d.decided;
      const auto v = verdict_of(p->decision);
      d.passed += v == gate::v1::VERDICT_PASS || v == gate::v1::VERDICT_MANUAL_PASS;
      d.refused += v == gate::v1::VERDICT_REFUSE;
      d.held += v == gate::v1::VERDICT_HOLD;
    }
    if (t.opened && !a.backs_out) {
      ++d.entered;
      d.entered_green += obs.world.fleet[a.vehicle].new_energy;
    }
  }
  return days;
}

// Each gate keeps its own tallies (its own gated), so each gate is judged on its own.
using ShareKey = std::tuple<std::string, std::string, std::string>;  // (day, rule, gate)
struct ShareTally {
  rules::ShareCount count;
  const rules::CompiledShareRule* rule = nullptr;
};

// 6b. The gate's own arithmetic (rules/share.h): the trucks it released per share day that
// entered (a truck that backed out of an opened barrier, or met a barrier that did not open,
// is not in the plant and leaves the share as it was, as gated counts it), of the rule's
// population.
std::map<ShareKey, ShareTally> share_tallies(const RunEvidence& run,
                                             const rules::PolicyEngine& engine,
                                             const DecisionOracle& oracle) {
  const auto& arrivals = run.obs.world.arrivals;
  const int day_start_ms = engine.day_start_minute() * 60000;
  std::map<ShareKey, ShareTally> tallies;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const GatePassage* p = run.passage_of[i];
    if (p == nullptr || !run.obs.trucks[i].opened || arrivals[i].backs_out) continue;
    const auto v = verdict_of(p->decision);
    if (v != gate::v1::VERDICT_PASS && v != gate::v1::VERDICT_MANUAL_PASS) continue;
    const gate::v1::Vehicle* vehicle = oracle.vehicle(arrivals[i].read_plate);
    if (vehicle == nullptr) continue;
    const std::string day = local_date_of(p->time_ms - day_start_ms);
    const rules::ActiveRules* in_force = engine.rules_for(day);
    if (in_force == nullptr) continue;
    for (const auto& rule : in_force->shares) {
      if (!rules::in_population(rule, *vehicle, gate::v1::DIRECTION_IN)) continue;
      auto& tally = tallies[ShareKey{day, rule.rule_id, p->gate}];
      ++tally.count.released;
      tally.count.qualifying += rules::qualifies(rule, *vehicle, engine.new_energy());
      tally.rule = &rule;
    }
  }
  return tallies;
}

// 6c. Green-plate share per day and gate against the target: whether the gate's last
// non-qualifying release was allowed by the mode. The day table gets the green share (else
// the first rule) summed over the gates. Where the plant keeps the share over all its gates, a
// gate's own share may end below the target by design: shown, and judged plant-wide instead
// (plant_share_judge.h).
CheckResult check_green_share(const std::map<ShareKey, ShareTally>& tallies,
                              std::map<std::string, DayFigures>& days, bool plant_wide) {
  CheckResult share = make_check("green_share", "Green-plate share per day against the target");
  share.passed = true;
  if (plant_wide) {
    share.title += " (each gate's own; the plant's is judged by plant_share)";
    share.informational = true;
  }
  std::map<std::string, std::pair<rules::ShareCount, const rules::CompiledShareRule*>> day_share;
  for (const auto& [key, tally] : tallies) {
    const rules::ShareCount& c = tally.count;
    const auto& rule = *tally.rule;
    const std::string mode = share_mode_text(rule.mode);
    rules::ShareCount before_last = c;
    before_last.released -= c.released > c.qualifying ? 1 : 0;
    const bool ok = rule.mode == gate::v1::SHARE_MODE_REPORT || c.released == c.qualifying ||
                    rules::admits_non_qualifying(rule, before_last, 0);
    share.passed = share.passed && ok;
    const double pct = rules::share_percent(c);
    const auto& [key_day, key_rule, key_gate] = key;
    add_evidence(share,
                 key_day + " " + key_gate + " " + key_rule + ": " + std::to_string(c.qualifying) +
                     " of " + std::to_string(c.released) +
                     " released trucks that entered qualify = " + fmt1(pct) + " % (target " +
                     fmt1(rule.target_percent) + " %, " + mode +
                     (rule.opening_allowance > 0
                          ? ", opening allowance " + std::to_string(rule.opening_allowance)
                          : "") +
                     ")" +
                     (ok           ? ""
                      : plant_wide ? "  (more than the gate's own share allows: kept plant-wide)"
                                   : "  ABOVE WHAT THE MODE ALLOWS"));
    auto& [agg, agg_rule] = day_share[key_day];
    if (agg_rule == nullptr || (key_rule == "share.green" && agg_rule->rule_id != key_rule)) {
      agg = {};
      agg_rule = &rule;
    }
    if (agg_rule->rule_id == key_rule) {
      agg.released += c.released;
      agg.qualifying += c.qualifying;
    }
  }
  for (const auto& [date, entry] : day_share) {
    const auto& [agg, agg_rule] = entry;
    auto it = days.find(date);
    if (it == days.end()) continue;
    it->second.share_mode = share_mode_text(agg_rule->mode);
    it->second.share_percent = rules::share_percent(agg);
    it->second.target_percent = agg_rule->target_percent;
  }
  share.summary = share.evidence.empty() ? "no share rule applies to this plant on these days"
                                         : std::to_string(days.size()) + " day(s) judged";
  return share;
}

// 6d. Alert days against normal days: shown, never judged.
CheckResult check_alert_days(const std::vector<DayFigures>& days) {
  CheckResult alert_days = make_check("alert_days", "Alert days against normal days");
  alert_days.informational = true;
  alert_days.passed = true;
  for (const auto& d : days) {
    add_evidence(alert_days, d.date + " (alert " + d.alert + "): " + std::to_string(d.arrived) +
                                 " arrived, " + std::to_string(d.passed) + " passed, " +
                                 std::to_string(d.refused) + " refused, " + std::to_string(d.held) +
                                 " held");
  }
  alert_days.summary = std::to_string(days.size()) + " day(s); counts per day below";
  return alert_days;
}

// 7. Decision latency, camera event to open coil.
CheckResult check_latency(const ScenarioObservation& obs, LatencyFigures& figures) {
  std::vector<double> lat;
  for (const auto& t : obs.trucks) {
    if (t.opened && t.open_latency_ms >= 0) lat.push_back(t.open_latency_ms);
  }
  figures.samples = static_cast<int>(lat.size());
  figures.p50_ms = percentile(lat, 0.50);
  figures.p90_ms = percentile(lat, 0.90);
  figures.p99_ms = percentile(lat, 0.99);
  figures.max_ms = lat.empty() ? 0 : *std::max_element(lat.begin(), lat.end());
  figures.histogram.assign(51, 0);
  for (double v : lat) ++figures.histogram[static_cast<std::size_t>(std::clamp(v, 0.0, 50.0))];
  CheckResult latency = make_check("decision_latency", "Decision latency p99 at most 20 ms");
  latency.passed = !lat.empty() && figures.p99_ms <= 20.0;
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "camera event to open coil over %d openings: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                figures.samples, figures.p50_ms, figures.p99_ms, figures.max_ms);
  latency.summary = buf;
  return latency;
}

// Per lane: its camera, and how many of its trucks were read, decided and let through.
std::vector<LaneFigures> lane_figures(const RunEvidence& run) {
  std::map<std::string, LaneFigures> by_lane;
  for (const auto& [lane, camera] : run.obs.lane_cameras) {
    by_lane[lane].lane = lane;
    by_lane[lane].camera = camera;
  }
  for (std::size_t i = 0; i < run.obs.world.arrivals.size(); ++i) {
    LaneFigures& f = by_lane[run.obs.world.arrivals[i].lane_id];
    f.lane = run.obs.world.arrivals[i].lane_id;
    const PlayedTruck& t = run.obs.trucks[i];
    ++f.trucks;
    f.pushed += t.pushed ? 1 : 0;
    f.decided += t.pushed && run.passage_of[i] != nullptr ? 1 : 0;
    f.opened += t.opened ? 1 : 0;
  }
  std::vector<LaneFigures> out;
  for (auto& [lane, f] : by_lane) out.push_back(f);
  return out;
}

bool attack_refused(int status) {
  return status == 401 || status == 403 || status == 409;
}

// 8. Every event of the attacker (forged, replayed, from a foreign address) was refused with
// 401, 403 or 409; one answered 2xx is an event the gate took from no camera.
CheckResult check_attacks_refused(const ScenarioObservation& obs, ConformanceReport& r) {
  CheckResult c = make_check("forged_events_refused",
                             "Forged, replayed and foreign camera events were refused");
  std::map<AttackKind, AttackFigures> by_kind;
  int refused = 0;
  for (const AttackRecord& a : obs.attacks) {
    AttackFigures& f = by_kind[a.kind];
    f.kind = std::string(attack_kind_name(a.kind));
    ++f.sent;
    ++f.by_status[a.status];
    if (attack_refused(a.status)) {
      ++refused;
      continue;
    }
    add_evidence(c, "lane " + a.lane_id + ": " + f.kind + " event (" + a.how + ") at " +
                        local_text(a.time_unix_ms) + " answered " +
                        (a.status == 0 ? "nothing: " + a.error
                         : a.status / 100 == 2
                             ? std::to_string(a.status) + ": the gate took an event no camera read"
                             : std::to_string(a.status)));
  }
  for (auto& [kind, f] : by_kind) r.attacks.push_back(f);
  r.attacks_not_sent = obs.attacks_not_sent;
  const int sent = static_cast<int>(obs.attacks.size());
  c.passed = refused == sent;
  c.informational = sent == 0;
  std::string per_kind;
  for (const auto& f : r.attacks) {
    per_kind += (per_kind.empty() ? "" : ", ") + f.kind + " " + std::to_string(f.sent);
  }
  c.summary = sent == 0 ? "no attack was sent (the scenario has no attacker, or nothing to attack)"
                        : std::to_string(sent) + " attack events (" + per_kind + "), " +
                              std::to_string(refused) + " refused with 401/403/409";
  return c;
}

// 9. The barrier opened only with a truck at the gate: a rising edge of the open coil while
// no truck was on the entry loop is an opening nobody drove through (e.g. for a forged event).
CheckResult check_openings_with_truck(const ScenarioObservation& obs) {
  CheckResult c =
      make_check("no_opening_without_truck", "The barrier never opened without a truck at it");
  int openings = 0, without_truck = 0;
  for (const auto& [lane, coils] : obs.coils) {
    bool prev = false;
    for (const auto& w : coils) {
      if (w.value && !prev) {
        ++openings;
        if (w.plate_at_gate.empty()) {
          ++without_truck;
          add_evidence(c, "lane " + lane + ": opened at " +
                              local_text(obs.clock.at(w.time_unix_ms)) +
                              " with no truck at the gate");
        }
      }
      prev = w.value;
    }
  }
  c.passed = without_truck == 0;
  c.summary = std::to_string(openings) + " openings, " + std::to_string(without_truck) +
              " with no truck at the gate";
  return c;
}

}  // namespace

ConformanceReport check_conformance(const gate::v1::Scenario& s, const ScenarioObservation& obs,
                                    const rules::PolicyEngine& engine,
                                    const DecisionOracle& oracle) {
  ConformanceReport r;
  r.problems = obs.problems;
  RunEvidence run{s, obs, parse_passages(obs.gate_passages_json, &r.problems), {}};
  run.passage_of = match_passages(obs, run.passages);
  fill_run_figures(run, engine, r);

  const CheckResult openings = check_openings(run);
  const CheckResult refused = check_refused_stayed_out(run);
  const CheckResult decisions = check_decisions(run, oracle, r.mismatches);
  const CheckResult nothing_lost = check_nothing_lost(run, r);
  const CheckResult backfill = check_backfill(obs, r);
  const CheckResult upload = check_upload_complete(run);
  const CheckResult delay = check_upload_delay(obs, r);
  std::map<std::string, DayFigures> days = day_figures(run);
  const bool plant_wide = obs.plant.on && obs.plant.plant_wide_share;
  const CheckResult share = check_green_share(share_tallies(run, engine, oracle), days, plant_wide);
  for (auto& [date, d] : days) {
    if (d.alert.empty()) d.alert = "none";
    r.days.push_back(d);
  }
  const CheckResult alert_days = check_alert_days(r.days);
  const CheckResult latency = check_latency(obs, r.latency);
  const CheckResult attacks = check_attacks_refused(obs, r);
  const CheckResult with_truck = check_openings_with_truck(obs);
  r.lanes = lane_figures(run);

  for (const auto* c : {&openings, &with_truck, &refused, &decisions, &share, &alert_days, &upload,
                        &delay, &backfill, &nothing_lost, &attacks, &latency}) {
    r.checks.push_back(*c);
  }
  if (obs.vehicle_check.on) {
    const LedgerLookup ledger = [&oracle](const std::string& plate) {
      return oracle.vehicle(plate);
    };
    r.checks.push_back(
        judge_vehicle_checks(run.passages, obs.vehicle_check, obs.clock, ledger, r.vehicle_checks));
  }
  if (plant_wide) {
    const LedgerLookup ledger = [&oracle](const std::string& plate) {
      return oracle.vehicle(plate);
    };
    r.checks.push_back(
        judge_plant_share(run.passages, engine, ledger, obs.plant.cuts, r.plant_share));
  }
  if (obs.plant.on && s.plant().ledger_edits_size() > 0) {
    std::vector<std::string> gates;
    for (const auto& g : s.gates()) gates.push_back(g.gate_id());
    CheckResult ledger = judge_plant_ledger(obs.plant, gates, obs.clock, r.plant_ledger);
    const int unmade =
        s.plant().ledger_edits_size() - static_cast<int>(obs.plant.ledger_edits.size());
    if (unmade > 0) {
      ledger.passed = false;
      ledger.evidence.push_back(std::to_string(unmade) +
                                " edit(s) not made: the traffic ended before their time");
    }
    r.checks.push_back(ledger);
  }
  r.passed = r.problems.empty();
  for (const auto& c : r.checks) r.passed = r.passed && (c.passed || c.informational);
  return r;
}

}  // namespace gate::sim
