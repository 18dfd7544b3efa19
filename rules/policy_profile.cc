#include "rules/policy_profile.h"

#include <algorithm>
#include <set>
#include <string>

#include "rules/policy_engine.h"

namespace gate::rules {
namespace {

template <class Repeated>
bool contains(const Repeated& items, const std::string& v) {
  return std::find(items.begin(), items.end(), v) != items.end();
}

void check_double_high(const gate::v1::PolicySet& set, const gate::v1::EnterpriseProfile& e,
                       std::vector<PolicyIssue>& out) {
  if (e.has_double_high() || !contains(set.double_high_required_industries(), e.industry())) {
    return;
  }
  out.push_back(
      {"double_high", "industry '" + e.industry() + "' is a key industry of policy " + set.id() +
                          ", so the plant must say whether the bureau lists it as double-high: "
                          "write double_high: true (重点双高企业, the stricter share targets) or "
                          "double_high: false (其余设置门禁系统的企业)"});
}

bool any_rule_set_scoped(const gate::v1::PolicySet& set) {
  return std::any_of(set.rule_sets().begin(), set.rule_sets().end(),
                     [](const auto& rs) { return rs.applies_to().locations_size() > 0; });
}

void check_location(const gate::v1::PolicySet& set, const gate::v1::EnterpriseProfile& e,
                    std::vector<PolicyIssue>& out) {
  if (e.location().empty()) {
    if (any_rule_set_scoped(set)) {
      out.push_back({"location", "location is required: policy " + set.id() +
                                     " has rules for particular counties and cities; write one "
                                     "of [" +
                                     comma_list(set.locations()) + "]"});
    }
    return;
  }
  if (set.locations_size() > 0 && !contains(set.locations(), e.location())) {
    out.push_back({"location", "unknown location '" + e.location() + "' for policy " + set.id() +
                                   "; write one of [" + comma_list(set.locations()) + "]"});
  }
}

void check_choices(const gate::v1::PolicySet& set, const gate::v1::EnterpriseProfile& e,
                   std::vector<PolicyIssue>& out) {
  std::set<std::string> seen;
  for (int i = 0; i < e.choices_size(); ++i) {
    const std::string path = "choices[" + std::to_string(i) + "]";
    const std::string& sel = e.choices(i);
    const auto eq = sel.find('=');
    const std::string name = eq == std::string::npos ? sel : sel.substr(0, eq);
    const auto c = std::find_if(set.choices().begin(), set.choices().end(),
                                [&](const auto& ch) { return ch.name() == name; });
    if (c == set.choices().end()) {
      std::string names;
      for (const auto& ch : set.choices()) names += (names.empty() ? "" : ", ") + ch.name();
      out.push_back({path, "policy " + set.id() + " has no choice '" + name + "'; its choices: [" +
                               names + "]"});
      continue;
    }
    if (eq == std::string::npos || !contains(c->options(), sel.substr(eq + 1))) {
      out.push_back({path, "write \"" + name + "=OPTION\" with OPTION one of [" +
                               comma_list(c->options()) + "] (" + c->title() + ")"});
    } else if (!seen.insert(name).second) {
      out.push_back({path, "choice '" + name + "' is selected twice; keep one"});
    }
  }
}

// Ownership and annual freight are asked for only where a rule set that would otherwise bind
// the plant depends on them.
void check_facts(const gate::v1::PolicySet& set, const gate::v1::EnterpriseProfile& e,
                 std::vector<PolicyIssue>& out) {
  bool need_ownership = false, need_freight = false;
  for (const auto& rs : set.rule_sets()) {
    gate::v1::Applicability rest = rs.applies_to();
    rest.clear_ownership();
    rest.clear_min_annual_freight_kt();
    if (!applicability_mismatch(rest, e, set).empty()) continue;
    need_ownership |= rs.applies_to().ownership() != gate::v1::OWNERSHIP_UNSPECIFIED;
    need_freight |= rs.applies_to().min_annual_freight_kt() > 0;
  }
  if (need_ownership && e.ownership() == gate::v1::OWNERSHIP_UNSPECIFIED) {
    out.push_back({"ownership",
                   "ownership is required here (rules bind state-owned plants): write ownership: "
                   "OWNERSHIP_STATE (国有企业) or OWNERSHIP_OTHER"});
  }
  if (need_freight && e.annual_freight_kt() <= 0) {
    out.push_back(
        {"annual_freight_kt",
         "annual_freight_kt is required here (rules bind plants by yearly tonnage): write "
         "the tonnes moved in and out per year, in thousands (1 Mt = 1000)"});
  }
}

}  // namespace

std::vector<PolicyIssue> profile_issues(const gate::v1::PolicySet& set,
                                        const gate::v1::EnterpriseProfile& enterprise) {
  std::vector<PolicyIssue> out;
  check_double_high(set, enterprise, out);
  check_location(set, enterprise, out);
  check_choices(set, enterprise, out);
  if (out.empty()) check_facts(set, enterprise, out);
  return out;
}

}  // namespace gate::rules
