#include "rules/policy_engine.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>

#include "rules/display_names.h"
#include "rules/local_date.h"
#include "rules/policy_profile.h"
#include "rules/policy_validate.h"
#include "rules/rule_text.h"

namespace gate::rules {
namespace {

constexpr int kOpenStart = INT_MIN;
constexpr int kOpenEnd = INT_MAX;

template <class Repeated>
uint32_t mask_of(const Repeated& values) {
  uint32_t m = 0;
  for (int v : values) m |= 1u << static_cast<unsigned>(v);
  return m;
}

int first_day(const gate::v1::EffectivePeriod& p) {
  return p.from().empty() ? kOpenStart : *parse_date(p.from());
}
int last_day(const gate::v1::EffectivePeriod& p) {
  return p.until().empty() ? kOpenEnd : *parse_date(p.until());
}

CompiledStageRule compile_stage(gate::v1::EmissionStage min,
                                const google::protobuf::RepeatedField<int>& fuels,
                                const std::string& note, gate::v1::AlertLevel level,
                                RuleSetIndex rs) {
  CompiledStageRule r;
  r.min_stage = min;
  r.fuel_mask = mask_of(fuels);
  r.level = level;
  r.note = note;
  r.rule_set = rs;
  return r;
}

bool valid_class(int c) {
  return c > 0 && c < 4;
}

// A refusal of unknown vehicles by any rule set wins over an admission on platform data.
void merge_unknown_vehicle(ActiveRules& a, gate::v1::UnknownVehicle u, RuleSetIndex idx) {
  if (u == gate::v1::UNKNOWN_VEHICLE_REFUSE) {
    a.unknown_on_platform_data = false;
    a.unknown_vehicle_from = idx;
    a.unknown_refused = true;
  } else if (u == gate::v1::UNKNOWN_VEHICLE_PLATFORM_DATA && !a.unknown_refused) {
    a.unknown_on_platform_data = true;
    a.unknown_vehicle_from = idx;
  }
}

// Merges one rule set into the active rules of a segment.
void merge(ActiveRules& a, const gate::v1::RuleSet& rs, RuleSetIndex idx,
           const gate::v1::EnterpriseProfile& enterprise) {
  a.rule_sets.push_back(idx);
  if (rs.identity().min_confidence() > a.min_confidence) {
    a.min_confidence = rs.identity().min_confidence();
    a.min_confidence_from = idx;
  }
  if (rs.identity().plate_color_check() > a.color_check) {
    a.color_check = rs.identity().plate_color_check();
    a.color_check_from = idx;
  }
  merge_unknown_vehicle(a, rs.identity().unknown_vehicle(), idx);
  if (rs.lists().refuse_excess_emission() && !a.refuse_excess_emission) {
    a.refuse_excess_emission = true;
    a.excess_from = idx;
  }
  const auto wl = rs.lists().whitelist_only_from();
  if (wl != gate::v1::ALERT_LEVEL_UNSPECIFIED &&
      (a.whitelist_only_from == gate::v1::ALERT_LEVEL_UNSPECIFIED ||
       effective_level(wl) < effective_level(a.whitelist_only_from))) {
    a.whitelist_only_from = wl;
    a.whitelist_from = idx;
  }
  if (wl != gate::v1::ALERT_LEVEL_UNSPECIFIED) {
    a.whitelist_class_mask |= rs.lists().whitelist_classes_size() == 0
                                  ? 1u << gate::v1::VEHICLE_CLASS_TRANSPORT
                                  : mask_of(rs.lists().whitelist_classes());
  }
  const auto& m = rs.machinery();
  if (m.require_registration() || m.require_test_report() || m.require_positioning()) {
    a.require_registration |= m.require_registration();
    a.require_test_report |= m.require_test_report();
    a.require_positioning |= m.require_positioning();
    if (a.machinery_from < 0) a.machinery_from = idx;
  }
  for (const auto& r : rs.stage_rules()) {
    if (!valid_class(r.vehicle_class())) continue;
    CompiledStageRule compiled =
        compile_stage(r.min_stage(), r.fuels(), r.note(), gate::v1::ALERT_LEVEL_UNSPECIFIED, idx);
    compiled.vehicle_types.assign(r.vehicle_types().begin(), r.vehicle_types().end());
    compiled.binds_untyped = r.binds_untyped();
    if (auto d = parse_date(r.registered_from())) compiled.registered_from = *d;
    a.stage[r.vehicle_class()].push_back(std::move(compiled));
  }
  for (const auto& r : rs.alert_rules()) {
    if (!valid_class(r.vehicle_class())) continue;
    const int from_level = effective_level(r.level());
    CompiledStageRule compiled = compile_stage(r.min_stage(), r.fuels(), r.note(), r.level(), idx);
    compiled.vehicle_types.assign(r.vehicle_types().begin(), r.vehicle_types().end());
    compiled.binds_untyped = r.binds_untyped();
    for (int level = from_level; level <= gate::v1::ALERT_LEVEL_RED; ++level) {
      a.alert[level][r.vehicle_class()].push_back(compiled);
    }
  }
  for (const auto& r : rs.share_rules()) {
    CompiledShareRule s;
    s.counter = r.counter();
    s.rule_id = "share." + r.counter();
    s.target_percent = r.target_percent();
    s.target_bp = static_cast<int64_t>(std::llround(r.target_percent() * 100));
    s.mode = enterprise.share_mode() != gate::v1::SHARE_MODE_UNSPECIFIED ? enterprise.share_mode()
                                                                         : r.mode();
    s.mode_chosen_by_plant = enterprise.share_mode() != gate::v1::SHARE_MODE_UNSPECIFIED;
    s.counts_min_stage = r.counts_as().min_stage();
    s.opening_allowance = r.opening_allowance();
    s.class_mask = r.vehicle_classes_size() == 0 ? 1u << gate::v1::VEHICLE_CLASS_TRANSPORT
                                                 : mask_of(r.vehicle_classes());
    s.direction_mask =
        r.directions_size() == 0 ? 1u << gate::v1::DIRECTION_IN : mask_of(r.directions());
    s.rule_set = idx;
    a.shares.push_back(std::move(s));
  }
  for (const auto& e : rs.exemptions()) {
    if (e.kind() <= 0 || e.kind() >= static_cast<int>(a.exemptions.size())) continue;
    auto& slot = a.exemptions[e.kind()];
    slot.waives |= mask_of(e.waives());
    if (slot.rule_set < 0) slot.rule_set = idx;
  }
  a.min_reason_chars = std::max(a.min_reason_chars, rs.manual().min_reason_chars());
  for (const auto& id : rs.manual().not_overridable()) a.not_overridable.push_back(id);
  if (rs.manual().window_s() > 0) a.manual_window_s = rs.manual().window_s();
}

std::string inputs_tail_text(const gate::v1::PolicySet& set, const gate::v1::EnterpriseProfile& p,
                             double min_confidence) {
  std::string out;
  if (!p.industry().empty() || p.grade() != gate::v1::PERFORMANCE_GRADE_UNSPECIFIED ||
      p.double_high()) {
    out += "; enterprise " + (p.industry().empty() ? std::string("(no industry)") : p.industry()) +
           " grade " + std::string(grade_name(p.grade())) + (p.double_high() ? " double-high" : "");
    if (!p.location().empty()) out += " in " + p.location();
  }
  out += "; policy " + set.id() + " " + set.version();
  if (min_confidence > 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", min_confidence);
    out += std::string(" (min confidence ") + buf + ")";
  }
  return out;
}

}  // namespace

std::string comma_list(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string list;
  for (const auto& i : items) list += (list.empty() ? "" : ", ") + i;
  return list;
}

std::string selected_option(const gate::v1::PolicySet& set, const gate::v1::EnterpriseProfile& e,
                            std::string_view name) {
  for (const auto& sel : e.choices()) {
    const auto eq = sel.find('=');
    if (eq != std::string::npos && std::string_view(sel).substr(0, eq) == name) {
      return sel.substr(eq + 1);
    }
  }
  for (const auto& c : set.choices()) {
    if (c.name() == name) return c.default_option();
  }
  return {};
}

namespace {

// "jiaozuo" covers "jiaozuo" and "jiaozuo/qinyang", not "jiaozuox".
bool location_within(std::string_view plant, std::string_view scope) {
  return plant.size() >= scope.size() && plant.substr(0, scope.size()) == scope &&
         (plant.size() == scope.size() || plant[scope.size()] == '/');
}

std::string location_mismatch(const gate::v1::Applicability& a,
                              const gate::v1::EnterpriseProfile& e) {
  if (a.locations_size() == 0) return {};
  for (const auto& l : a.locations()) {
    if (location_within(e.location(), l)) return {};
  }
  return "location '" + e.location() + "' not within [" + comma_list(a.locations()) + "]";
}

std::string choice_mismatch(const gate::v1::Applicability& a, const gate::v1::EnterpriseProfile& e,
                            const gate::v1::PolicySet& set) {
  for (const auto& want : a.choices()) {
    const auto eq = want.find('=');
    if (eq == std::string::npos) return "choice '" + want + "' is not name=option";
    const std::string name = want.substr(0, eq);
    const std::string runs = selected_option(set, e, name);
    if (runs != want.substr(eq + 1)) return "plant runs " + name + "=" + runs + ", not " + want;
  }
  return {};
}

std::string profile_fact_mismatch(const gate::v1::Applicability& a,
                                  const gate::v1::EnterpriseProfile& e) {
  if (a.except_guarantee_whitelist() && e.guarantee_whitelist()) {
    return "waived for plants on the environmental-guarantee whitelist (生态环境要素保障白名单)";
  }
  if (a.ownership() != gate::v1::OWNERSHIP_UNSPECIFIED && a.ownership() != e.ownership()) {
    return a.ownership() == gate::v1::OWNERSHIP_STATE ? "only for state-owned enterprises"
                                                      : "not for state-owned enterprises";
  }
  if (a.min_annual_freight_kt() > 0 && e.annual_freight_kt() < a.min_annual_freight_kt()) {
    return "annual freight " + std::to_string(e.annual_freight_kt()) + " kt below " +
           std::to_string(a.min_annual_freight_kt()) + " kt";
  }
  return {};
}

}  // namespace

std::string applicability_mismatch(const gate::v1::Applicability& a,
                                   const gate::v1::EnterpriseProfile& e,
                                   const gate::v1::PolicySet& set) {
  if (a.industries_size() > 0 && std::find(a.industries().begin(), a.industries().end(),
                                           e.industry()) == a.industries().end()) {
    return "industry '" + e.industry() + "' not in [" + comma_list(a.industries()) + "]";
  }
  if (a.grades_size() > 0 &&
      std::find(a.grades().begin(), a.grades().end(), e.grade()) == a.grades().end()) {
    std::string list;
    for (int g : a.grades()) {
      list += (list.empty() ? "" : ", ") +
              std::string(grade_name(static_cast<gate::v1::PerformanceGrade>(g)));
    }
    return "grade " + std::string(grade_name(e.grade())) + " not in [" + list + "]";
  }
  if (a.double_high() == gate::v1::DOUBLE_HIGH_SCOPE_ONLY_DOUBLE_HIGH && !e.double_high()) {
    return "only for double-high (两高) enterprises";
  }
  if (a.double_high() == gate::v1::DOUBLE_HIGH_SCOPE_ONLY_OTHER && e.double_high()) {
    return "not for double-high (两高) enterprises";
  }
  if (auto why = location_mismatch(a, e); !why.empty()) return why;
  if (auto why = choice_mismatch(a, e, set); !why.empty()) return why;
  return profile_fact_mismatch(a, e);
}

Result<std::shared_ptr<const PolicyEngine>> PolicyEngine::Compile(
    gate::v1::PolicySet set, gate::v1::EnterpriseProfile enterprise) {
  auto issues = validate_policy_set(set);
  if (issues.empty()) {
    for (auto& i : profile_issues(set, enterprise)) {
      issues.push_back({"enterprise." + i.path, std::move(i.message)});
    }
  }
  if (!issues.empty()) {
    std::string msg;
    for (const auto& i : issues) {
      msg += (msg.empty() ? "" : "\n") + (i.path.empty() ? "" : i.path + ": ") + i.message;
    }
    return Error{msg};
  }
  std::shared_ptr<PolicyEngine> e(new PolicyEngine());
  e->set_ = std::move(set);
  e->enterprise_ = std::move(enterprise);
  e->build();
  return std::shared_ptr<const PolicyEngine>(std::move(e));
}

gate::v1::PolicySet PolicyEngine::InlineAsSet(const gate::v1::Policy& policy) {
  gate::v1::PolicySet set;
  set.set_id("inline");
  set.set_version(policy.version());
  set.set_source(policy.source());
  auto* rs = set.add_rule_sets();
  rs->set_id("inline");
  rs->set_title("inline policy of the gate configuration");
  rs->set_source(policy.source());
  rs->mutable_identity()->set_min_confidence(policy.min_confidence());
  *rs->mutable_stage_rules() = policy.stage_rules();
  *rs->mutable_alert_rules() = policy.alert_rules();
  return set;
}

std::shared_ptr<const PolicyEngine> PolicyEngine::FromInline(const gate::v1::Policy& policy) {
  // Not validated: the config loader checks the inline policy; a test may pass anything.
  std::shared_ptr<PolicyEngine> e(new PolicyEngine());
  e->set_ = InlineAsSet(policy);
  e->build();
  return e;
}

void PolicyEngine::build() {
  new_energy_ = set_.new_energy();
  if (enterprise_.plug_in_hybrid() != gate::v1::PLUG_IN_HYBRID_COUNTING_POLICY) {
    new_energy_.set_plug_in_hybrid(enterprise_.plug_in_hybrid() ==
                                   gate::v1::PLUG_IN_HYBRID_COUNTING_GREEN);
  }
  std::vector<int> cuts;
  for (int i = 0; i < set_.rule_sets_size(); ++i) {
    const auto& rs = set_.rule_sets(i);
    std::string why = applicability_mismatch(rs.applies_to(), enterprise_, set_);
    if (!why.empty()) {
      not_applicable_.emplace_back(i, std::move(why));
      continue;
    }
    applicable_.push_back(i);
    const auto& p = rs.effective();
    if (!p.from().empty()) {
      if (auto d = parse_date(p.from())) cuts.push_back(*d);
    }
    if (!p.until().empty()) {
      if (auto d = parse_date(p.until())) cuts.push_back(*d + 1);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  cuts_ = cuts;
  for (std::size_t s = 0; s <= cuts.size(); ++s) {
    ActiveRules a;
    a.first_day = s == 0 ? kOpenStart : cuts[s - 1];
    a.last_day = s == cuts.size() ? kOpenEnd : cuts[s] - 1;
    for (RuleSetIndex i : applicable_) {
      const auto& rs = set_.rule_sets(i);
      // A segment lies wholly inside or wholly outside every period (periods were cut points).
      if (first_day(rs.effective()) <= a.first_day && a.last_day <= last_day(rs.effective())) {
        merge(a, rs, i, enterprise_);
      }
    }
    for (int level = 0; level < 5; ++level) {
      for (int c = 0; c < 4; ++c) {
        a.pass_text[level][c] = pass_thresholds_text(a, static_cast<gate::v1::VehicleClass>(c),
                                                     static_cast<gate::v1::AlertLevel>(level));
      }
    }
    a.inputs_tail = inputs_tail_text(set_, enterprise_, a.min_confidence);
    segments_.push_back(std::move(a));
  }
}

const ActiveRules& PolicyEngine::rules_for_day(int day) const {
  auto it = std::upper_bound(cuts_.begin(), cuts_.end(), day);
  return segments_[static_cast<std::size_t>(it - cuts_.begin())];
}

const ActiveRules* PolicyEngine::rules_for(std::string_view local_date) const {
  if (!dated()) return &segments_.front();
  auto day = parse_date(local_date);
  if (!day) return nullptr;
  return &rules_for_day(*day);
}

int PolicyEngine::call_timeout_s() const {
  return set_.share().call_timeout_s() > 0 ? set_.share().call_timeout_s() : 900;
}

int PolicyEngine::max_wait_s() const {
  return set_.share().max_wait_s() > 0 ? set_.share().max_wait_s() : 14400;
}

}  // namespace gate::rules
