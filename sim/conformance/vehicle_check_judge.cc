// The judge of the platform's vehicle check: see vehicle_check_judge.h.
#include "sim/conformance/vehicle_check_judge.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "rules/codes.h"
#include "rules/plate.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

constexpr std::size_t kEvidenceCap = 50;
constexpr const char* kRuleCheck = "platform.check";
constexpr const char* kRuleUnreachable = "platform.unreachable";

std::string local_text(int64_t unix_ms) {
  return format_scenario_time(unix_ms / 1000 + kLocalUtcOffsetSeconds);
}

// "gate G1 passage 12 (豫H12345, 2026-11-24 06:10:02)": how the evidence names a passage.
std::string name_of(const GatePassage& p) {
  return "gate " + p.gate + " passage " + std::to_string(p.seq) + " (" + p.plate + ", lane " +
         p.lane + ", " + local_text(p.time_ms) + ")";
}

// The judge's state: the run, what it found, and which platform answers were applied.
struct Judge {
  const VehicleCheckRun& run;
  const drivers::SimulationClock& clock;
  const LedgerLookup& ledger;
  VehicleCheckFigures& f;
  CheckResult c;
  std::vector<bool> answer_used;
  std::map<std::string, std::vector<std::size_t>> answers_by_plate;
  std::map<std::string, std::size_t> answer_by_serial;

  void wrong(const std::string& line) {
    ++f.wrong;
    note(line);
  }
  void note(const std::string& line) {
    if (c.evidence.size() < kEvidenceCap) {
      c.evidence.push_back(line);
    } else if (c.evidence.size() == kEvidenceCap) {
      c.evidence.push_back("… (more not shown)");
    }
  }
};

// The platform's answer that a passage recorded as answered carries: by its serial where the
// profile reads one, else the unused answer for the plate nearest the passage's time, within
// the tolerance the passages are matched to trucks with. nullptr: the platform gave none.
const AnsweredCheck* answer_of(Judge& j, const GatePassage& p) {
  if (j.run.reads_serial && !p.check.serial.empty()) {
    const auto it = j.answer_by_serial.find(p.check.serial);
    if (it == j.answer_by_serial.end() || j.answer_used[it->second]) return nullptr;
    j.answer_used[it->second] = true;
    return &j.run.answers[it->second];
  }
  const auto it = j.answers_by_plate.find(p.plate);
  if (it == j.answers_by_plate.end()) return nullptr;
  const int64_t tolerance = std::max<int64_t>(5000, static_cast<int64_t>(j.clock.rate * 3000));
  std::size_t best = SIZE_MAX;
  int64_t best_d = 0;
  for (std::size_t i : it->second) {
    const int64_t d = std::llabs(j.clock.at(j.run.answers[i].at_unix_ms) - p.time_ms);
    if (!j.answer_used[i] && d <= tolerance && (best == SIZE_MAX || d < best_d)) {
      best = i;
      best_d = d;
    }
  }
  if (best == SIZE_MAX) return nullptr;
  j.answer_used[best] = true;
  return &j.run.answers[best];
}

// The platform a stage away from the ledger must be recorded as a ledger mismatch; where they
// agree, none may be.
void judge_mismatch(Judge& j, const GatePassage& p, const AnsweredCheck& a) {
  const std::string& stage = a.answer.emission_stage;
  if (stage.empty() || j.run.stage_codes.count(stage) == 0) return;  // the answer has no stage
  if (p.check.emission_stage != stage) {
    j.wrong(name_of(p) + ": the platform answered stage " + stage + ", the gate recorded '" +
            p.check.emission_stage + "'");
  }
  const gate::v1::Vehicle* v = j.ledger(p.plate);
  if (v == nullptr) return;
  const bool differs = std::string(1, rules::stage_to_code(v->emission_stage())) != stage;
  if (differs && p.check.ledger_mismatch.empty()) {
    j.wrong(name_of(p) + ": the platform has stage " + stage +
            " on record, the ledger another; no ledger mismatch recorded");
  } else if (!differs && !p.check.ledger_mismatch.empty()) {
    j.wrong(name_of(p) + ": ledger mismatch '" + p.check.ledger_mismatch +
            "' recorded where the platform's records agree with the ledger");
  }
  j.f.mismatches += differs && !p.check.ledger_mismatch.empty() ? 1 : 0;
}

// A passage recorded as answered: the platform's answer applied.
void judge_answered(Judge& j, const GatePassage& p) {
  ++j.f.answered;
  const AnsweredCheck* a = answer_of(j, p);
  if (a == nullptr) {
    return j.wrong(name_of(p) + ": recorded as answered (serial '" + p.check.serial +
                   "'), but the platform gave no such answer");
  }
  if (a->answer.may_pass != p.check.may_pass) {
    j.wrong(name_of(p) + ": the platform answered " +
            (a->answer.may_pass ? "may pass" : "may not pass") + " (" + a->serial +
            "), the gate recorded the opposite");
  }
  if (j.run.reads_serial) {
    if (p.check.serial == a->serial) {
      ++j.f.serials;
    } else {
      j.wrong(name_of(p) + ": the platform's serial " + a->serial + " not recorded");
    }
  }
  if (!a->answer.may_pass && j.run.strictest) {
    if (p.decision != "REFUSE") {
      j.wrong(name_of(p) + ": the platform said may not pass (" + a->answer.reason +
              "), the gate decided " + p.decision + " by " + p.rule);
    } else {
      (p.rule == kRuleCheck ? j.f.refused_by_platform : j.f.refused_locally) += 1;
    }
  } else if (p.rule == kRuleCheck && (a->answer.may_pass || !j.run.strictest)) {
    j.wrong(name_of(p) + ": refused under platform.check, which the platform's answer (" +
            a->serial + ") does not give");
  }
  judge_mismatch(j, p, *a);
}

// A passage recorded as unavailable: decided in the profile's degraded mode, and recorded so.
void judge_degraded(Judge& j, const GatePassage& p) {
  ++j.f.degraded;
  if (p.check.degraded_mode != j.run.degraded) {
    j.wrong(name_of(p) + ": decided without the platform in degraded mode '" +
            p.check.degraded_mode + "'; the profile states '" + j.run.degraded + "'");
  }
  if (j.run.degraded == "refuse") {
    if (p.decision != "REFUSE") {
      j.wrong(name_of(p) + ": no answer under degraded mode refuse, yet " + p.decision + " by " +
              p.rule);
    } else {
      j.f.degraded_refused += p.rule == kRuleUnreachable ? 1 : 0;
    }
  } else if (p.rule == kRuleUnreachable || p.rule == kRuleCheck) {
    j.wrong(name_of(p) + ": no answer under degraded mode local, yet refused by " + p.rule);
  }
}

void judge_passage(Judge& j, const GatePassage& p) {
  ++j.f.passages;
  if (p.check.status.empty()) {
    ++j.f.silent;
    return j.wrong(name_of(p) + ": " + p.decision + " by " + p.rule +
                   " with no check status (silent)");
  }
  j.f.max_latency_ms = std::max(j.f.max_latency_ms, p.check.latency_ms);
  if (p.check.latency_ms > j.f.deadline_ms + j.f.slack_ms) {
    j.wrong(name_of(p) + ": check " + p.check.status + " after " +
            std::to_string(p.check.latency_ms) + " ms of the gate's clock, beyond the deadline (" +
            std::to_string(j.f.deadline_ms) + " ms) + 50 real ms");
  }
  if (p.check.status == "answered") return judge_answered(j, p);
  judge_degraded(j, p);
}

// Each gate that decided in degraded mode raised the ALARM, and logged its end where an
// answered check followed.
void judge_alarms(Judge& j, const std::vector<const GatePassage*>& in_order) {
  std::map<std::string, bool> degraded, answered_after;
  for (const GatePassage* p : in_order) {
    if (p->check.status == "unavailable") degraded[p->gate] = true;
    if (p->check.status == "answered" && degraded[p->gate]) answered_after[p->gate] = true;
  }
  for (const auto& [gate, lines] : j.run.alarms_raised) j.f.alarms_raised += lines.size();
  for (const auto& [gate, lines] : j.run.alarms_cleared) j.f.alarms_cleared += lines.size();
  auto lines_of = [](const auto& m, const std::string& gate) {
    const auto it = m.find(gate);
    return it == m.end() ? std::size_t{0} : it->second.size();
  };
  for (const auto& [gate, yes] : degraded) {
    if (yes && lines_of(j.run.alarms_raised, gate) == 0) {
      j.wrong("gate " + gate + " decided in degraded mode without raising the check's ALARM");
    }
    if (answered_after[gate] && lines_of(j.run.alarms_cleared, gate) == 0) {
      j.wrong("gate " + gate + ": the platform answered again, but the ALARM's end was not logged");
    }
  }
}

// The platform's answers no passage carries: late for the lane's deadline, or lost with the
// connection (the lane decided in degraded mode). Shown, not failed.
void note_unapplied(Judge& j) {
  for (std::size_t i = 0; i < j.run.answers.size(); ++i) {
    if (j.answer_used[i]) continue;
    const AnsweredCheck& a = j.run.answers[i];
    ++j.f.unapplied_answers;
    j.note("the platform's answer " + a.serial + " for " + a.plate + " at " +
           local_text(j.clock.at(a.at_unix_ms)) + " is in no passage" +
           (a.held ? " (the platform held it: slow or dropped)" : " (late for the lane)"));
  }
}

std::string summary_of(const VehicleCheckFigures& f) {
  return std::to_string(f.passages) + " passages: " + std::to_string(f.answered) + " answered (" +
         std::to_string(f.serials) + " with the platform's serial, " +
         std::to_string(f.refused_by_platform) + " refused by the platform under platform.check, " +
         std::to_string(f.refused_locally) + " refused by the local rules anyway, " +
         std::to_string(f.mismatches) + " ledger mismatches), " + std::to_string(f.degraded) +
         " degraded (mode " + f.degraded_mode + ", " + std::to_string(f.degraded_refused) +
         " refused under platform.unreachable), " + std::to_string(f.silent) + " silent; " +
         "longest check " + std::to_string(f.max_latency_ms) + " ms (deadline " +
         std::to_string(f.deadline_ms) + " + " + std::to_string(f.slack_ms) + " ms); ALARM " +
         std::to_string(f.alarms_raised) + " raised, " + std::to_string(f.alarms_cleared) +
         " cleared; " + std::to_string(f.unapplied_answers) + " platform answers in no passage; " +
         std::to_string(f.wrong) + " wrong";
}

}  // namespace

PassageCheck passage_check_of(const nlohmann::json& check) {
  PassageCheck c;
  if (!check.is_object()) return c;
  auto text = [&](const char* k) {
    const auto it = check.find(k);
    return it != check.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  c.status = text("status");
  const auto may = check.find("may_pass");
  c.may_pass = may != check.end() && may->is_boolean() && may->get<bool>();
  c.reason = text("reason");
  c.serial = text("serial");
  c.ledger_mismatch = text("ledger_mismatch");
  c.degraded_mode = text("degraded_mode");
  c.emission_stage = text("emission_stage");
  const auto lat = check.find("latency_ms");
  c.latency_ms = lat != check.end() && lat->is_number() ? lat->get<int64_t>() : 0;
  return c;
}

int64_t check_deadline_on_gate_clock_ms(int64_t deadline_ms, double rate) {
  return std::llround(static_cast<double>(deadline_ms) * std::max(1.0, rate));
}

int64_t check_slack_ms(double rate) {
  return std::llround(50 * std::max(1.0, rate));
}

ExpectedDecision with_check(const ExpectedDecision& local, const PassageCheck& check,
                            const VehicleCheckRun& run) {
  if (!run.on || local.verdict == gate::v1::VERDICT_REFUSE) return local;
  ExpectedDecision e;
  e.verdict = gate::v1::VERDICT_REFUSE;
  if (check.status == "answered" && !check.may_pass && run.strictest) {
    e.rule_id = kRuleCheck;
    e.reason = "the platform's check: may not pass";
    return e;
  }
  if (check.status == "unavailable" && run.degraded == "refuse") {
    e.rule_id = kRuleUnreachable;
    e.reason = "platform unreachable";
    return e;
  }
  return local;
}

CheckResult judge_vehicle_checks(const std::vector<GatePassage>& passages,
                                 const VehicleCheckRun& run, const drivers::SimulationClock& clock,
                                 const LedgerLookup& ledger, VehicleCheckFigures& figures) {
  figures = {};
  figures.judged = true;
  figures.degraded_mode = run.degraded;
  figures.deadline_ms = check_deadline_on_gate_clock_ms(run.deadline_ms, clock.rate);
  figures.slack_ms = check_slack_ms(clock.rate);
  Judge j{run, clock, ledger, figures, {}, std::vector<bool>(run.answers.size(), false), {}, {}};
  j.c.id = "vehicle_checks";
  j.c.title = "Every platform check answer applied, every degraded decision recorded, none silent";
  for (std::size_t i = 0; i < run.answers.size(); ++i) {
    j.answers_by_plate[rules::normalise_plate(run.answers[i].plate)].push_back(i);
    j.answer_by_serial[run.answers[i].serial] = i;
  }
  std::vector<const GatePassage*> in_order;
  for (const auto& p : passages) in_order.push_back(&p);
  std::stable_sort(in_order.begin(), in_order.end(), [](const auto* a, const auto* b) {
    return a->gate != b->gate ? a->gate < b->gate : a->seq < b->seq;
  });
  for (const GatePassage* p : in_order) judge_passage(j, *p);
  judge_alarms(j, in_order);
  note_unapplied(j);
  j.c.passed = figures.passages > 0 && figures.wrong == 0;
  j.c.summary = summary_of(figures);
  return j.c;
}

}  // namespace gate::sim
