#include "sim/conformance.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "rules/local_date.h"
#include "rules/plate.h"
#include "rules/share.h"
#include "sim/scenario_time.h"

namespace gate::sim {
namespace {

constexpr std::size_t kEvidenceCap = 50;
constexpr int64_t kLiveWindowMs = 60000;

// A passage as the gate exported it (gatectl passages list --format json).
struct GatePassage {
  int64_t seq = 0, time_ms = 0;
  std::string gate, lane, plate, decision, rule, outcome;
  bool used = false;
};

gate::v1::Verdict verdict_of(const std::string& label) {
  if (label == "PASS") return gate::v1::VERDICT_PASS;
  if (label == "REFUSE") return gate::v1::VERDICT_REFUSE;
  if (label == "HOLD") return gate::v1::VERDICT_HOLD;
  if (label == "MANUAL_PASS") return gate::v1::VERDICT_MANUAL_PASS;
  return gate::v1::VERDICT_UNSPECIFIED;
}

std::string verdict_text(gate::v1::Verdict v) {
  switch (v) {
    case gate::v1::VERDICT_PASS:
      return "pass";
    case gate::v1::VERDICT_REFUSE:
      return "refuse";
    case gate::v1::VERDICT_HOLD:
      return "hold";
    case gate::v1::VERDICT_MANUAL_PASS:
      return "manual_pass";
    default:
      return "none";
  }
}

std::string alert_text(gate::v1::AlertLevel a) {
  switch (a) {
    case gate::v1::ALERT_LEVEL_YELLOW:
      return "yellow";
    case gate::v1::ALERT_LEVEL_ORANGE:
      return "orange";
    case gate::v1::ALERT_LEVEL_RED:
      return "red";
    default:
      return "none";
  }
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

std::string share_mode_name(gate::v1::ShareMode m) {
  return m == gate::v1::SHARE_MODE_STRICT   ? "strict"
         : m == gate::v1::SHARE_MODE_BUDGET ? "budget"
                                            : "report";
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

}  // namespace

ConformanceReport check_conformance(const gate::v1::Scenario& s, const ScenarioObservation& obs,
                                    const rules::PolicyEngine& engine,
                                    const DecisionOracle& oracle) {
  ConformanceReport r;
  r.scenario = s.name();
  r.description = s.description();
  r.policy = engine.id() + " " + engine.version() + " (" + obs.policy_path + ")";
  r.problems = obs.problems;
  r.real_seconds = obs.real_seconds;
  r.speed = obs.clock.rate;
  const auto& arrivals = obs.world.arrivals;
  const auto& fleet = obs.world.fleet;
  r.trucks = static_cast<int>(arrivals.size());
  r.trucks_per_second = obs.real_seconds > 0 ? r.trucks / obs.real_seconds : 0;
  for (const auto& f : obs.faults) {
    r.faults.push_back(f.what + " from " + local_text(f.from_sim_ms) + " until " +
                       local_text(f.until_sim_ms));
  }

  std::vector<GatePassage> passages = parse_passages(obs.gate_passages_json, &r.problems);
  // Each truck's passage: same lane and plate, the nearest in time to its camera event.
  std::map<std::pair<std::string, std::string>, std::vector<GatePassage*>> by_lane_plate;
  for (auto& p : passages) by_lane_plate[{p.lane, p.plate}].push_back(&p);
  const int64_t tolerance_ms = std::max<int64_t>(5000, static_cast<int64_t>(obs.clock.rate * 500));
  std::vector<GatePassage*> passage_of(arrivals.size(), nullptr);
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

  // 1. Every opening had a record; 2. no refused truck passed.
  CheckResult openings =
      make_check("openings_recorded", "Every barrier opening had a passage record");
  CheckResult refused = make_check("no_refused_passed", "No refused or held truck was let through");
  int openings_total = 0, openings_recorded = 0, refused_opened = 0;
  std::map<std::string, int> pass_records_by_plate;
  for (const auto& p : passages) {
    if (p.decision == "PASS" || p.decision == "MANUAL_PASS") ++pass_records_by_plate[p.plate];
  }
  for (const auto& [lane, coils] : obs.coils) {
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
                                     local_text(obs.clock.at(c.time_unix_ms)) + " for '" +
                                     c.plate_at_gate + "' with no pass record");
        }
      }
      prev = c.value;
    }
  }
  openings.passed = openings_total == openings_recorded;
  openings.summary = std::to_string(openings_total) + " openings of the open coil, " +
                     std::to_string(openings_recorded) + " matched by a pass record of the gate";

  // 3. Decisions against the policy.
  CheckResult decisions =
      make_check("decisions_match_policy", "Every decision matched the published policy");
  int compared = 0, matched = 0;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const PlayedTruck& t = obs.trucks[i];
    const SimArrival& a = arrivals[i];
    if (t.opened) ++r.opened;
    if (a.tailgating) ++r.tailgaters;
    if (a.backs_out && t.opened) ++r.backed_out;
    if (!t.pushed) continue;
    ++r.pushed;
    const GatePassage* p = passage_of[i];
    if (p == nullptr) {
      continue;
    }
    const auto actual = verdict_of(p->decision);
    if ((actual == gate::v1::VERDICT_REFUSE || actual == gate::v1::VERDICT_HOLD) && t.opened) {
      ++refused_opened;
      add_evidence(refused, a.read_plate + " at lane " + a.lane_id + " " +
                                local_text(t.push_sim_ms) + ": " + p->decision + " (" + p->rule +
                                ") but the barrier opened");
    }
    const auto alert = alert_at(s, t.push_sim_ms, gate::v1::ALERT_LEVEL_NONE);
    const ExpectedDecision e = oracle.expect(a, alert, t.push_sim_ms);
    ++compared;
    if (matches(e, actual, p->rule)) {
      ++matched;
    } else {
      Mismatch m{a.lane_id,
                 a.read_plate,
                 local_text(t.push_sim_ms),
                 verdict_text(e.verdict),
                 e.rule_id,
                 verdict_text(actual),
                 p->rule};
      if (r.mismatches.size() < 1000) r.mismatches.push_back(m);
      add_evidence(decisions, m.plate + " at " + m.time + " (alert " + alert_text(alert) +
                                  "): expected " + m.expected + " by " + m.expected_rule +
                                  ", gate said " + m.actual + " by " + m.actual_rule);
    }
  }
  refused.passed = refused_opened == 0;
  refused.summary = std::to_string(refused_opened) + " refused or held trucks got an opening";
  decisions.passed = compared > 0 && matched == compared;
  decisions.summary = std::to_string(matched) + " of " + std::to_string(compared) +
                      " decisions as the policy requires; " + std::to_string(compared - matched) +
                      " mismatches";

  // 4. Every event the gate accepted became a passage, also across faults. An event accepted
  // moments before gated was killed may not have been decided yet: the gate took no action for
  // it (the barrier stayed closed), so nothing happened that should have been recorded; such
  // trucks are listed, not failed.
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
    if (!t.pushed || passage_of[i] != nullptr) continue;
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

  // 5. Upload completeness, delay and backfill flags.
  CheckResult upload = make_check("upload_complete", "Every passage reached the platform");
  CheckResult delay = make_check("upload_delay", "Passages uploaded within 60 s (at least 95 %)");
  CheckResult backfill = make_check("backfill_flagged", "Late uploads flagged as backfill");
  std::set<std::string> received;
  std::vector<int64_t> delays;
  int late_unflagged = 0;
  const int64_t upload_tolerance_ms =
      std::max<int64_t>(5000, static_cast<int64_t>(obs.clock.rate * 3000));
  for (const auto& rec : obs.records) {
    ++r.records;
    r.backfill += rec.backfill;
    if (rec.kind != "decision") continue;
    received.insert(rec.gate_id + "-" + std::to_string(rec.seq));
    const int64_t d = obs.clock.at(rec.received_unix_ms) - rec.time_unix_ms;
    delays.push_back(d);
    // The gate flags a record when it builds the batch; the platform stamps it on receipt, up
    // to a few real seconds later on a loaded machine.
    if (d > kLiveWindowMs + upload_tolerance_ms && !rec.backfill) {
      ++late_unflagged;
      add_evidence(backfill, rec.key + " arrived " + std::to_string(d / 1000) +
                                 " s after the decision without the backfill flag");
    }
  }
  int missing = 0;
  for (const auto& p : passages) {
    if (!received.count(p.gate + "-" + std::to_string(p.seq))) {
      ++missing;
      add_evidence(upload, p.gate + " passage " + std::to_string(p.seq) + " (" + p.plate + ", " +
                               local_text(p.time_ms) + ") never reached the platform");
    }
  }
  upload.passed = !passages.empty() && missing == 0;
  upload.summary = std::to_string(passages.size() - static_cast<std::size_t>(missing)) + " of " +
                   std::to_string(passages.size()) + " passages received by the platform";
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
  backfill.passed = late_unflagged == 0;
  backfill.summary = std::to_string(r.backfill) + " records flagged backfill; " +
                     std::to_string(late_unflagged) + " late ones without the flag";

  // 6. Days: green share against target, alert days against normal days.
  std::map<std::string, DayFigures> days;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const SimArrival& a = arrivals[i];
    const PlayedTruck& t = obs.trucks[i];
    const int64_t when = t.pushed ? t.push_sim_ms : a.time_unix_ms;
    DayFigures& d = days[local_date_of(when)];
    d.date = local_date_of(when);
    const auto level = alert_at(s, when, gate::v1::ALERT_LEVEL_NONE);
    if (alert_text(level) != "none" &&
        (d.alert.empty() || d.alert == "none" || level > gate::v1::ALERT_LEVEL_YELLOW)) {
      d.alert = alert_text(level);
    }
    ++d.arrived;
    if (const GatePassage* p = passage_of[i]) {
      ++d.decided;
      const auto v = verdict_of(p->decision);
      d.passed += v == gate::v1::VERDICT_PASS || v == gate::v1::VERDICT_MANUAL_PASS;
      d.refused += v == gate::v1::VERDICT_REFUSE;
      d.held += v == gate::v1::VERDICT_HOLD;
    }
    if (t.opened && !a.backs_out) {
      ++d.entered;
      d.entered_green += fleet[a.vehicle].new_energy;
    }
  }
  CheckResult share = make_check("green_share", "Green-plate share per day against the target");
  share.passed = true;
  // The gate's own arithmetic (rules/share.h): the trucks it released per share day that
  // entered (a truck that backed out of an opened barrier, or met a barrier that did not open,
  // is not in the plant and leaves the share as it was, as gated counts it), of the rule's
  // population, and whether its last non-qualifying release was allowed by the mode.
  const int day_start_ms = engine.day_start_minute() * 60000;
  // Each gate keeps its own tallies (its own gated), so each gate is judged on its own.
  using ShareKey = std::tuple<std::string, std::string, std::string>;  // (day, rule, gate)
  std::map<ShareKey, rules::ShareCount> counts;
  std::map<ShareKey, const rules::CompiledShareRule*> rule_of;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const GatePassage* p = passage_of[i];
    if (p == nullptr || !obs.trucks[i].opened || arrivals[i].backs_out) continue;
    const auto v = verdict_of(p->decision);
    if (v != gate::v1::VERDICT_PASS && v != gate::v1::VERDICT_MANUAL_PASS) continue;
    const gate::v1::Vehicle* vehicle = oracle.vehicle(arrivals[i].read_plate);
    if (vehicle == nullptr) continue;
    const std::string day = local_date_of(p->time_ms - day_start_ms);
    const rules::ActiveRules* in_force = engine.rules_for(day);
    if (in_force == nullptr) continue;
    for (const auto& rule : in_force->shares) {
      if (!rules::in_population(rule, *vehicle, gate::v1::DIRECTION_IN)) continue;
      const ShareKey key{day, rule.rule_id, p->gate};
      auto& c = counts[key];
      ++c.released;
      c.qualifying += rules::qualifies(rule, *vehicle, engine.new_energy());
      rule_of[key] = &rule;
    }
  }
  std::map<std::string, std::pair<rules::ShareCount, const rules::CompiledShareRule*>> day_share;
  for (const auto& [key, c] : counts) {
    const auto& rule = *rule_of[key];
    const std::string mode = share_mode_name(rule.mode);
    rules::ShareCount before_last = c;
    before_last.released -= c.released > c.qualifying ? 1 : 0;
    const bool ok = rule.mode == gate::v1::SHARE_MODE_REPORT || c.released == c.qualifying ||
                    rules::admits_non_qualifying(rule, before_last, 0);
    share.passed = share.passed && ok;
    const double pct = rules::share_percent(c);
    const auto& [key_day, key_rule, key_gate] = key;
    add_evidence(share, key_day + " " + key_gate + " " + key_rule + ": " +
                            std::to_string(c.qualifying) + " of " + std::to_string(c.released) +
                            " released trucks that entered qualify = " + fmt1(pct) + " % (target " +
                            fmt1(rule.target_percent) + " %, " + mode +
                            (rule.opening_allowance > 0
                                 ? ", opening allowance " + std::to_string(rule.opening_allowance)
                                 : "") +
                            ")" + (ok ? "" : "  ABOVE WHAT THE MODE ALLOWS"));
    // The day table shows the green share (else the first rule) summed over the gates.
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
    it->second.share_mode = share_mode_name(agg_rule->mode);
    it->second.share_percent = rules::share_percent(agg);
    it->second.target_percent = agg_rule->target_percent;
  }
  for (auto& [date, d] : days) {
    if (d.alert.empty()) d.alert = "none";
    r.days.push_back(d);
  }
  share.summary = share.evidence.empty() ? "no share rule applies to this plant on these days"
                                         : std::to_string(days.size()) + " day(s) judged";
  CheckResult alert_days = make_check("alert_days", "Alert days against normal days");
  alert_days.informational = true;
  alert_days.passed = true;
  for (const auto& d : r.days) {
    add_evidence(alert_days, d.date + " (alert " + d.alert + "): " + std::to_string(d.arrived) +
                                 " arrived, " + std::to_string(d.passed) + " passed, " +
                                 std::to_string(d.refused) + " refused, " + std::to_string(d.held) +
                                 " held");
  }
  alert_days.summary = std::to_string(r.days.size()) + " day(s); counts per day below";

  // 7. Decision latency, camera event to open coil.
  std::vector<double> lat;
  for (const auto& t : obs.trucks) {
    if (t.opened && t.open_latency_ms >= 0) lat.push_back(t.open_latency_ms);
  }
  r.latency.samples = static_cast<int>(lat.size());
  r.latency.p50_ms = percentile(lat, 0.50);
  r.latency.p90_ms = percentile(lat, 0.90);
  r.latency.p99_ms = percentile(lat, 0.99);
  r.latency.max_ms = lat.empty() ? 0 : *std::max_element(lat.begin(), lat.end());
  r.latency.histogram.assign(51, 0);
  for (double v : lat) ++r.latency.histogram[static_cast<std::size_t>(std::clamp(v, 0.0, 50.0))];
  CheckResult latency = make_check("decision_latency", "Decision latency p99 at most 20 ms");
  latency.passed = !lat.empty() && r.latency.p99_ms <= 20.0;
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "camera event to open coil over %d openings: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                r.latency.samples, r.latency.p50_ms, r.latency.p99_ms, r.latency.max_ms);
  latency.summary = buf;

  for (auto* c : {&openings, &refused, &decisions, &share, &alert_days, &upload, &delay, &backfill,
                  &nothing_lost, &latency}) {
    r.checks.push_back(*c);
  }
  r.passed = r.problems.empty();
  for (const auto& c : r.checks) r.passed = r.passed && (c.passed || c.informational);
  return r;
}

}  // namespace gate::sim
