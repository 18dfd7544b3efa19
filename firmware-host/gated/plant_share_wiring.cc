// The plant-wide share in gated (docs/plant.md §3): the leases the decisions read, and the round
// the plant pusher settles, counted with the policy in force (replaced on reload under a lock,
// because the pusher builds rounds on its own thread).
#include "firmware-host/gated/gate_daemon.h"
#include "firmware-host/policy/share_controller.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

constexpr uint32_t kDefaultAllowanceTrucks = 3;

// The share rules that hold trucks: report mode and a 0 % target never ask the plant.
std::vector<rules::CompiledShareRule> holding_rules(const rules::ActiveRules* r) {
  std::vector<rules::CompiledShareRule> out;
  if (r == nullptr) return out;
  for (const auto& rule : r->shares) {
    const bool holds =
        rule.mode == gate::v1::SHARE_MODE_STRICT || rule.mode == gate::v1::SHARE_MODE_BUDGET;
    if (holds && rule.target_bp > 0) out.push_back(rule);
  }
  return out;
}

bool holds(const std::vector<rules::CompiledShareRule>& rules, const std::string& counter) {
  for (const auto& r : rules) {
    if (r.counter == counter) return true;
  }
  return false;
}

}  // namespace

bool GateDaemon::plant_wide_share() const {
  return cfg_.plant().plant_wide_share() && !cfg_.plant().conninfo().empty();
}

void GateDaemon::begin_plant_share(int64_t now) {
  set_plant_share_engine(policy_->engine());
  const auto& engine = *policy_->engine();
  const std::string day = share_window_day(engine, cfg_.utc_offset_minutes(), now);
  share_leases_->begin(day, policy_->share_state(now)->counts);
}

void GateDaemon::set_plant_share_engine(std::shared_ptr<const rules::PolicyEngine> engine) {
  std::lock_guard lock(share_engine_mu_);
  share_engine_ = std::move(engine);
}

PlantShareRound GateDaemon::plant_share_round(const std::vector<gate::v1::Passage>& batch) {
  std::shared_ptr<const rules::PolicyEngine> engine;
  {
    std::lock_guard lock(share_engine_mu_);
    engine = share_engine_;
  }
  const int offset = cfg_.utc_offset_minutes();
  const int64_t now = wall_clock_ms();
  PlantShareRound round;
  round.today = share_window_day(*engine, offset, now);
  round.rules[round.today] = holding_rules(engine->rules_for(rules::local_date(now, offset)));
  const uint32_t asked = cfg_.plant().share_allowance_trucks();
  round.requested_trucks = asked == 0 ? kDefaultAllowanceTrucks : asked;
  for (const auto& p : batch) {
    rules::ShareCounts counts = share_contribution(*engine, offset, p);
    if (counts.empty()) continue;
    const std::string day = share_window_day(*engine, offset, p.time_unix_ms());
    auto [it, added] = round.rules.try_emplace(day);
    if (added)
      it->second = holding_rules(engine->rules_for(rules::local_date(p.time_unix_ms(), offset)));
    std::erase_if(counts, [&](const auto& c) { return !holds(it->second, c.first); });
    if (!counts.empty()) round.releases[p.seq()] = {day, std::move(counts)};
  }
  return round;
}

}  // namespace gate::host
