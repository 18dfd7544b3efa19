#include "firmware-host/policy/policy_runtime.h"

#include "firmware-host/policy/policy_file.h"
#include "firmware-host/store/gate_store.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plant_share.h"
#include "rules/share.h"

namespace gate::host {
namespace {

std::string describe(const rules::PolicyEngine& e, const std::string& date) {
  std::string out = "policy " + e.label() + ": " + std::to_string(e.applicable().size()) + " of " +
                    std::to_string(e.policy_set().rule_sets_size()) +
                    " rule set(s) apply to this enterprise";
  if (const auto* r = e.rules_for(date)) {
    std::string ids;
    for (auto i : r->rule_sets) ids += (ids.empty() ? "" : ", ") + e.rule_set(i).id();
    out += "; in force on " + date + ": " + (ids.empty() ? "none" : ids);
  }
  return out;
}

std::string share_summary(const rules::PolicyEngine& e, const rules::ShareState& st,
                          const std::string& date) {
  const auto* r = e.rules_for(date);
  if (r == nullptr) return "";
  std::string out;
  for (const auto& rule : r->shares) {
    auto it = st.counts.find(rule.counter);
    const rules::ShareCount c = it == st.counts.end() ? rules::ShareCount{} : it->second;
    out += (out.empty() ? "" : "; ") + rule.counter + " " +
           rules::percent_text(rules::share_percent(c)) + "% of " + std::to_string(c.released) +
           " (target " + rules::percent_text(rule.target_percent) + "%)";
  }
  return out;
}

void describe_lease(const rules::CompiledShareRule& rule, const rules::ShareCount& c,
                    const rules::ShareState& st, ShareLine& l) {
  auto it = st.plant.find(rule.counter);
  const rules::PlantLease lease = it == st.plant.end() ? rules::PlantLease{} : it->second;
  const double bp = static_cast<double>(std::max<int64_t>(1, rule.target_bp));
  l.plant_wide = true;
  l.plant_counted = lease.reported.released;
  l.plant_allowance_trucks = static_cast<double>(lease.allowance_bp) / bp;
  l.plant_room_trucks = static_cast<double>(rules::gate_room_bp(rule, c, lease, st.reserved)) / bp;
}

}  // namespace

Result<std::unique_ptr<PolicyRuntime>> PolicyRuntime::Start(const gate::v1::GateConfig& cfg,
                                                            GateStore& store, Ports ports,
                                                            int64_t now) {
  std::unique_ptr<PolicyRuntime> rt(new PolicyRuntime(cfg, store, std::move(ports)));
  if (!cfg.policy_file().empty()) {
    auto e = load_policy_engine(cfg.policy_file(), cfg.enterprise());
    if (!e.ok()) return Error{e.error()};
    rt->engine_ = std::move(e).value();
  } else {
    rt->engine_ = rules::PolicyEngine::FromInline(cfg.policy());
  }
  auto q = HoldQueue::Open(cfg.database_path());
  if (!q.ok()) return Error{q.error()};
  rt->queue_ = std::move(q).value();
  rt->share_ = std::make_unique<ShareController>(rt->engine_, cfg.utc_offset_minutes());
  if (Status st = rt->share_->rebuild(store, now); !st.ok()) return Error{st.message()};
  rt->window_day_ = rt->share_->window_day(now);
  const std::string today = rules::local_date(now, cfg.utc_offset_minutes());
  rt->log(describe(*rt->engine_, today));
  const std::string summary = share_summary(*rt->engine_, rt->share_->current(), today);
  if (!summary.empty()) {
    rt->log("share day " + rt->window_day_ + " so far (from the passage records): " + summary +
            "; " + std::to_string(rt->queue_->entries().size()) + " truck(s) in the hold queue");
  }
  return rt;
}

Status PolicyRuntime::reload(int64_t now) {
  if (cfg_.policy_file().empty()) {
    return Error{"no policy_file in the configuration (inline policy); nothing to reload"};
  }
  auto e = load_policy_engine(cfg_.policy_file(), cfg_.enterprise());
  if (!e.ok()) return Error{e.error()};
  engine_ = std::move(e).value();
  share_->set_engine(engine_);
  if (Status st = share_->rebuild(store_, now); !st.ok()) return st;
  below_target_.clear();
  log(describe(*engine_, rules::local_date(now, cfg_.utc_offset_minutes())));
  call_waiting(now);
  return Status::Ok();
}

const rules::ShareState* PolicyRuntime::share_state(int64_t now) {
  auto& st = share_->state(now);
  st.reserved = queue_->called_count();
  st.plant_wide = static_cast<bool>(ports_.plant_leases);
  if (st.plant_wide) st.plant = ports_.plant_leases(share_->window_day(now));
  return &st;
}

bool PolicyRuntime::called(const std::string& plate) const {
  const HoldEntry* e = queue_->find(plate);
  return e != nullptr && e->state == HoldEntry::State::kCalled;
}

void PolicyRuntime::on_decided(const gate::v1::Passage& p, int64_t now) {
  share_->on_committed(p, now);
  const std::string& plate = p.read().plate_text();
  const auto verdict = p.decision().verdict();
  if (verdict == gate::v1::VERDICT_HOLD) {
    auto e = queue_->hold(plate, p.lane_id(), p.seq(), p.decision().rule_id(), now);
    if (!e.ok()) {
      log("ALARM " + e.error());
    } else {
      std::size_t pos = 0;
      for (const auto& x : queue_->entries()) {
        ++pos;
        if (x.id == e.value().id) break;
      }
      log("hold queue: " + plate + " held by " + p.decision().rule_id() + " at lane " +
          p.lane_id() + ", position " + std::to_string(pos) + " of " +
          std::to_string(queue_->entries().size()));
    }
  } else if (verdict == gate::v1::VERDICT_PASS || verdict == gate::v1::VERDICT_MANUAL_PASS) {
    if (queue_->find(plate) != nullptr) {
      if (Status st = queue_->admitted(plate, p.seq(), now); !st.ok())
        log("ALARM " + st.message());
      else
        log("hold queue: " + plate + " released (passage " + std::to_string(p.seq()) + ")");
    }
  } else if (const HoldEntry* e = queue_->find(plate)) {
    const int64_t id = e->id;
    if (Status st = queue_->drop(id, "refused by " + p.decision().rule_id(), now); !st.ok()) {
      log("ALARM " + st.message());
    }
  }
  watch_report_mode(now);
  call_waiting(now);
}

void PolicyRuntime::on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome outcome,
                               int64_t now) {
  share_->on_outcome(p, outcome, now);
  call_waiting(now);
}

void PolicyRuntime::on_tick(int64_t now) {
  const std::string day = share_->window_day(now);
  if (day != window_day_) {
    // The closing day's tallies: a decision, outcome or status request since midnight may have
    // rolled the controller to the new day already, so the current tallies can be the new
    // day's. share_->state(now) rolls if nothing did yet; the day then is the closed window.
    share_->state(now);
    const int64_t closed_start = share_->closed_window_start();
    if (closed_start != INT64_MIN && share_->window_day(closed_start) == window_day_) {
      const std::string summary = share_summary(*engine_, share_->closed(), window_day_);
      if (!summary.empty()) log("share day " + window_day_ + " closed: " + summary);
    } else if (const auto* r = engine_->rules_for(window_day_);
               r != nullptr && !r->shares.empty()) {
      // Only when the clock jumped over a whole day: the records still hold the figures.
      log("share day " + window_day_ + " closed; its tallies are not at hand (the clock moved " +
          "past the next day too); the passage records hold the day's figures");
    }
    window_day_ = day;
  }
  const std::vector<HoldEntry> entries = queue_->entries();
  for (const auto& e : entries) {
    std::string why;
    if (e.state == HoldEntry::State::kCalled &&
        now - e.called_unix_ms > int64_t{engine_->call_timeout_s()} * 1000) {
      why = "did not come within " + std::to_string(engine_->call_timeout_s()) + " s of the call";
    } else if (e.state == HoldEntry::State::kWaiting &&
               now - e.held_unix_ms > int64_t{engine_->max_wait_s()} * 1000) {
      why = "waited longer than " + std::to_string(engine_->max_wait_s()) + " s";
    }
    if (why.empty()) continue;
    if (Status st = queue_->drop(e.id, why, now); !st.ok()) {
      log("ALARM " + st.message());
      continue;
    }
    if (ports_.on_call) {
      ports_.on_call({e.plate, e.lane_id, e.rule_id, "", "", "left the hold queue: " + why, true});
    }
  }
  call_waiting(now);
}

bool PolicyRuntime::admits(const gate::v1::Vehicle& v, const rules::ShareState& st,
                           int64_t now) const {
  const auto* r = engine_->rules_for(rules::local_date(now, cfg_.utc_offset_minutes()));
  if (r == nullptr) return false;
  for (const auto& rule : r->shares) {
    if (!rules::in_population(rule, v, gate::v1::DIRECTION_IN)) continue;
    if (rules::qualifies(rule, v, engine_->new_energy())) continue;
    if (!rules::share_state_admits(rule, st, st.reserved)) return false;
  }
  return true;
}

void PolicyRuntime::call_waiting(int64_t now) {
  const std::vector<HoldEntry> entries = queue_->entries();
  for (const auto& e : entries) {
    if (e.state == HoldEntry::State::kCalled) continue;
    const auto* st = share_state(now);
    const gate::v1::Vehicle* v = ports_.lookup ? ports_.lookup(e.plate) : nullptr;
    if (v == nullptr) {
      if (Status s = queue_->drop(e.id, "no longer in the ledger", now); !s.ok()) {
        log("ALARM " + s.message());
      } else if (ports_.on_call) {
        ports_.on_call({e.plate, e.lane_id, e.rule_id, "", "",
                        "left the hold queue: no longer in the ledger", true});
      }
      continue;
    }
    if (!admits(*v, *st, now)) break;  // first come, first called: nobody overtakes the head
    if (Status s = queue_->call(e.id, now); !s.ok()) {
      log("ALARM " + s.message());
      break;
    }
    if (ports_.on_call) {
      ports_.on_call({e.plate, e.lane_id, e.rule_id, e.plate + " 请入厂", e.plate + " please enter",
                      "held since " + rules::local_time(e.held_unix_ms, cfg_.utc_offset_minutes()) +
                          " by " + e.rule_id + "; the share now allows one more",
                      false});
    }
  }
}

void PolicyRuntime::watch_report_mode(int64_t now) {
  const auto* r = engine_->rules_for(rules::local_date(now, cfg_.utc_offset_minutes()));
  if (r == nullptr) return;
  const auto& st = share_->state(now);
  for (const auto& rule : r->shares) {
    if (rule.mode != gate::v1::SHARE_MODE_REPORT) continue;
    auto it = st.counts.find(rule.counter);
    const rules::ShareCount c = it == st.counts.end() ? rules::ShareCount{} : it->second;
    const bool below = c.released > 0 && rules::share_percent(c) < rule.target_percent;
    bool& was = below_target_[rule.counter];
    if (below == was) continue;
    was = below;
    log(std::string(below ? "WARN " : "") + "share " + rule.counter + " " +
        rules::percent_text(rules::share_percent(c)) + "% (" + std::to_string(c.qualifying) +
        " of " + std::to_string(c.released) + ") is " + (below ? "below" : "back at") + " target " +
        rules::percent_text(rule.target_percent) + "% (report mode: nobody is held)");
  }
}

ShareStatus PolicyRuntime::status(int64_t now) {
  ShareStatus s;
  s.window_day = share_->window_day(now);
  const auto* st = share_state(now);
  if (const auto* r = engine_->rules_for(rules::local_date(now, cfg_.utc_offset_minutes()))) {
    for (const auto& rule : r->shares) {
      auto it = st->counts.find(rule.counter);
      const rules::ShareCount c = it == st->counts.end() ? rules::ShareCount{} : it->second;
      ShareLine l;
      l.counter = rule.counter;
      l.rule_id = rule.rule_id;
      l.rule_set_id = engine_->rule_set(rule.rule_set).id();
      l.target_percent = rule.target_percent;
      l.mode = std::string(rules::share_mode_name(rule.mode));
      l.released = c.released;
      l.qualifying = c.qualifying;
      l.share_percent = rules::share_percent(c);
      l.budget_left = rules::budget_left(rule, c, st->reserved);
      l.worst_end_percent = rules::worst_end_share_percent(rule, c, st->reserved);
      if (st->plant_wide) describe_lease(rule, c, *st, l);
      s.lines.push_back(std::move(l));
    }
  }
  s.queue = queue_->entries();
  return s;
}

}  // namespace gate::host
