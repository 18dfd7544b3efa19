#include "rules/policy_validate.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "rules/local_date.h"

namespace gate::rules {
namespace {

using gate::v1::RuleSet;

class Checker {
 public:
  explicit Checker(std::vector<PolicyIssue>* out) : out_(out) {}
  void fail(std::string path, std::string message) {
    out_->push_back({std::move(path), std::move(message)});
  }

 private:
  std::vector<PolicyIssue>* out_;
};

std::string at(const std::string& base, const char* field, int index = -1) {
  std::string p = base.empty() ? field : base + "." + field;
  if (index >= 0) p += "[" + std::to_string(index) + "]";
  return p;
}

bool is_key(const std::string& s, bool allow_dash) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                    (allow_dash && c == '-');
    if (!ok) return false;
  }
  return true;
}

void check_period(Checker& c, const std::string& base, const gate::v1::EffectivePeriod& p) {
  std::optional<int> from, until;
  if (!p.from().empty()) {
    from = parse_date(p.from());
    if (!from) c.fail(at(base, "from"), "'" + p.from() + "' is not a date; write YYYY-MM-DD");
  }
  if (!p.until().empty()) {
    until = parse_date(p.until());
    if (!until) c.fail(at(base, "until"), "'" + p.until() + "' is not a date; write YYYY-MM-DD");
  }
  if (from && until && *until < *from) {
    c.fail(at(base, "until"),
           "until " + p.until() + " is before from " + p.from() + "; the period would be empty");
  }
}

void check_stage_rule(Checker& c, const std::string& base, gate::v1::VehicleClass cls,
                      gate::v1::EmissionStage min,
                      const google::protobuf::RepeatedField<int>& fuels) {
  if (cls == gate::v1::VEHICLE_CLASS_UNSPECIFIED) {
    c.fail(at(base, "vehicle_class"),
           "vehicle_class is required (VEHICLE_CLASS_TRANSPORT, _IN_PLANT or "
           "_NON_ROAD_MACHINERY)");
  }
  if (min == gate::v1::EMISSION_STAGE_UNSPECIFIED) {
    c.fail(at(base, "min_stage"),
           "min_stage is required (e.g. EMISSION_STAGE_CHINA_VI; EMISSION_STAGE_ELECTRIC means "
           "new-energy only)");
  }
  for (int k = 0; k < fuels.size(); ++k) {
    if (fuels[k] == gate::v1::FUEL_TYPE_UNSPECIFIED) {
      c.fail(at(base, "fuels", k), "FUEL_TYPE_UNSPECIFIED is not a fuel; name the fuel");
    }
  }
}

void check_share_rule(Checker& c, const std::string& base, const gate::v1::ShareRule& r) {
  if (!is_key(r.counter(), false)) {
    c.fail(at(base, "counter"),
           "counter is required: a lower-case name such as \"green\" (letters, digits, _)");
  }
  const double t = r.target_percent();
  if (!(t >= 0 && t <= 100)) {
    c.fail(at(base, "target_percent"), "target_percent must be 0..100");
  } else if (std::fabs(t * 100 - std::round(t * 100)) > 1e-6) {
    c.fail(at(base, "target_percent"), "target_percent takes at most two decimals");
  }
  if (r.mode() == gate::v1::SHARE_MODE_UNSPECIFIED) {
    c.fail(at(base, "mode"), "mode is required: SHARE_MODE_REPORT, _STRICT or _BUDGET");
  }
  if (r.counts_as().min_stage() == gate::v1::EMISSION_STAGE_UNSPECIFIED) {
    c.fail(at(base, "counts_as"),
           "counts_as { min_stage: … } is required (EMISSION_STAGE_ELECTRIC = new-energy only, "
           "EMISSION_STAGE_CHINA_V = China V+ or new-energy)");
  }
  if (r.opening_allowance() < 0) {
    c.fail(at(base, "opening_allowance"), "opening_allowance must not be negative");
  }
  for (int k = 0; k < r.vehicle_classes_size(); ++k) {
    if (r.vehicle_classes(k) == gate::v1::VEHICLE_CLASS_UNSPECIFIED) {
      c.fail(at(base, "vehicle_classes", k), "VEHICLE_CLASS_UNSPECIFIED is not a class");
    }
  }
  for (int k = 0; k < r.directions_size(); ++k) {
    if (r.directions(k) == gate::v1::DIRECTION_UNSPECIFIED) {
      c.fail(at(base, "directions", k), "DIRECTION_UNSPECIFIED is not a direction");
    }
  }
}

bool is_location(const std::string& s) {
  if (s.empty() || s.front() == '/' || s.back() == '/') return false;
  return std::all_of(s.begin(), s.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || ch == '-' || ch == '/'; });
}

// A scope is a declared location or a prefix of one by path segment ("jiaozuo").
bool known_scope(const gate::v1::PolicySet& set, const std::string& scope) {
  return std::any_of(set.locations().begin(), set.locations().end(), [&](const std::string& l) {
    return l == scope || (l.size() > scope.size() && l.compare(0, scope.size(), scope) == 0 &&
                          l[scope.size()] == '/');
  });
}

void check_applicability(Checker& c, const std::string& base, const gate::v1::Applicability& a,
                         const gate::v1::PolicySet& set) {
  for (int k = 0; k < a.industries_size(); ++k) {
    if (!is_key(a.industries(k), true)) {
      c.fail(at(base, "industries", k),
             "industry must be a lower-case key such as \"steel\" or \"cement\"");
    }
  }
  for (int k = 0; k < a.locations_size(); ++k) {
    if (!known_scope(set, a.locations(k))) {
      c.fail(at(base, "locations", k),
             "location '" + a.locations(k) +
                 "' is not among the policy set's locations (or a prefix of one); declare it in "
                 "locations: \"prefecture/county\"");
    }
  }
  for (int k = 0; k < a.choices_size(); ++k) {
    const std::string& want = a.choices(k);
    const auto eq = want.find('=');
    const auto ch = std::find_if(set.choices().begin(), set.choices().end(), [&](const auto& x) {
      return eq != std::string::npos && x.name() == want.substr(0, eq);
    });
    if (ch == set.choices().end() || std::find(ch->options().begin(), ch->options().end(),
                                               want.substr(eq + 1)) == ch->options().end()) {
      c.fail(at(base, "choices", k),
             "'" + want + "' must be name=option of a choice declared in choices { … }");
    }
  }
  if (a.min_annual_freight_kt() < 0) {
    c.fail(at(base, "min_annual_freight_kt"), "min_annual_freight_kt must not be negative");
  }
}

void check_choices(Checker& c, const gate::v1::PolicySet& set) {
  std::set<std::string> names;
  for (int i = 0; i < set.choices_size(); ++i) {
    const auto& ch = set.choices(i);
    const std::string base = at("", "choices", i);
    if (!is_key(ch.name(), true)) {
      c.fail(at(base, "name"),
             "name is required: a lower-case key such as \"green-share-reading\"");
    } else if (!names.insert(ch.name()).second) {
      c.fail(at(base, "name"), "choice \"" + ch.name() + "\" is declared twice");
    }
    if (ch.options_size() < 2) c.fail(at(base, "options"), "a choice needs at least two options");
    if (std::find(ch.options().begin(), ch.options().end(), ch.default_option()) ==
        ch.options().end()) {
      c.fail(at(base, "default_option"), "default_option must be one of the options");
    }
    if (ch.source().empty()) {
      c.fail(at(base, "source"), "source is required: the clause that leaves this open");
    }
  }
  for (int i = 0; i < set.locations_size(); ++i) {
    if (!is_location(set.locations(i))) {
      c.fail(at("", "locations", i),
             "a location is lower-case pinyin segments joined by '/', e.g. \"jiaozuo/qinyang\"");
    }
  }
}

void check_rule_set(Checker& c, const std::string& base, const RuleSet& rs,
                    std::set<std::string>& ids, const gate::v1::PolicySet& set) {
  if (!is_key(rs.id(), true)) {
    c.fail(at(base, "id"),
           "id is required: lower-case letters, digits, '-', '_' or '.', e.g. "
           "\"jiaozuo-green-2025-12\"");
  } else if (!ids.insert(rs.id()).second) {
    c.fail(at(base, "id"), "rule set id \"" + rs.id() + "\" is used twice; ids must be unique");
  }
  if (rs.source().empty()) {
    c.fail(at(base, "source"),
           "source is required: the plan or document the rules come from, with its date");
  }
  check_period(c, at(base, "effective"), rs.effective());
  check_applicability(c, at(base, "applies_to"), rs.applies_to(), set);
  for (int k = 0; k < rs.assumed_size(); ++k) {
    if (rs.assumed(k).empty()) c.fail(at(base, "assumed", k), "say what is assumed, or drop it");
  }
  const double mc = rs.identity().min_confidence();
  if (!(mc >= 0 && mc <= 1)) {
    c.fail(at(at(base, "identity"), "min_confidence"), "min_confidence must be between 0 and 1");
  }
  for (int k = 0; k < rs.lists().whitelist_classes_size(); ++k) {
    if (rs.lists().whitelist_classes(k) == gate::v1::VEHICLE_CLASS_UNSPECIFIED) {
      c.fail(at(at(base, "lists"), "whitelist_classes", k),
             "VEHICLE_CLASS_UNSPECIFIED is not a class");
    }
  }
  for (int j = 0; j < rs.stage_rules_size(); ++j) {
    const auto& r = rs.stage_rules(j);
    check_stage_rule(c, at(base, "stage_rules", j), r.vehicle_class(), r.min_stage(), r.fuels());
    if (!r.registered_from().empty() && !parse_date(r.registered_from())) {
      c.fail(at(at(base, "stage_rules", j), "registered_from"),
             "'" + r.registered_from() + "' is not a date; write YYYY-MM-DD");
    }
  }
  for (int j = 0; j < rs.alert_rules_size(); ++j) {
    const auto& r = rs.alert_rules(j);
    const std::string b = at(base, "alert_rules", j);
    if (r.level() == gate::v1::ALERT_LEVEL_UNSPECIFIED) {
      c.fail(at(b, "level"), "level is required: ALERT_LEVEL_YELLOW, _ORANGE or _RED");
    }
    check_stage_rule(c, b, r.vehicle_class(), r.min_stage(), r.fuels());
  }
  std::set<std::string> counters;
  for (int j = 0; j < rs.share_rules_size(); ++j) {
    const auto& r = rs.share_rules(j);
    check_share_rule(c, at(base, "share_rules", j), r);
    if (!r.counter().empty() && !counters.insert(r.counter()).second) {
      c.fail(at(at(base, "share_rules", j), "counter"),
             "counter \"" + r.counter() + "\" is used twice in this rule set");
    }
  }
  std::set<int> kinds;
  for (int j = 0; j < rs.exemptions_size(); ++j) {
    const auto& e = rs.exemptions(j);
    const std::string b = at(base, "exemptions", j);
    if (e.kind() == gate::v1::EXEMPTION_KIND_UNSPECIFIED) {
      c.fail(at(b, "kind"),
             "kind is required: EXEMPTION_KIND_SPECIAL, _HAZARDOUS_GOODS, _EMERGENCY_SUPPLY or "
             "_PLATFORM_GRANTED");
    } else if (!kinds.insert(e.kind()).second) {
      c.fail(at(b, "kind"), "this exemption kind is listed twice in the rule set");
    }
    if (e.waives_size() == 0) {
      c.fail(b, "waives is empty: name the families the exemption lifts (e.g. RULE_FAMILY_ALERT)");
    }
    for (int k = 0; k < e.waives_size(); ++k) {
      const auto f = e.waives(k);
      if (f == gate::v1::RULE_FAMILY_UNSPECIFIED || f == gate::v1::RULE_FAMILY_IDENTITY) {
        c.fail(at(b, "waives", k),
               "identity checks cannot be waived; use RULE_FAMILY_LISTS (whitelist only), "
               "_MACHINERY, _STAGE, _ALERT or _SHARE");
      }
    }
  }
  const auto& m = rs.manual();
  if (m.min_reason_chars() < 0) {
    c.fail(at(at(base, "manual"), "min_reason_chars"), "min_reason_chars must not be negative");
  }
  if (m.window_s() < 0) c.fail(at(at(base, "manual"), "window_s"), "window_s must not be negative");
  for (int k = 0; k < m.not_overridable_size(); ++k) {
    if (m.not_overridable(k).empty()) {
      c.fail(at(at(base, "manual"), "not_overridable", k),
             "empty rule id; name a rule id such as \"lists.excess_emission\" or a prefix such "
             "as \"lists.\"");
    }
  }
}

}  // namespace

std::vector<PolicyIssue> validate_policy_set(const gate::v1::PolicySet& set) {
  std::vector<PolicyIssue> out;
  Checker c(&out);
  if (!is_key(set.id(), true)) {
    c.fail("id",
           "id is required: lower-case letters, digits, '-', '_' or '.', e.g. "
           "\"henan-jiaozuo-2025\"");
  }
  if (set.version().empty()) {
    c.fail("version", "version is required (it is recorded with every decision)");
  }
  if (set.source().empty()) {
    c.fail("source", "source is required: the plans and documents this policy set follows");
  }
  const auto& sh = set.share();
  if (sh.day_start_minute() < 0 || sh.day_start_minute() > 1439) {
    c.fail("share.day_start_minute", "day_start_minute must be 0..1439 (minutes after midnight)");
  }
  if (sh.call_timeout_s() < 0)
    c.fail("share.call_timeout_s", "call_timeout_s must not be negative");
  if (sh.max_wait_s() < 0) c.fail("share.max_wait_s", "max_wait_s must not be negative");
  if (set.rule_sets_size() == 0) {
    c.fail("rule_sets", "at least one rule_sets { … } block is required");
  }
  std::set<std::string> ids;
  for (int i = 0; i < set.rule_sets_size(); ++i) {
    check_rule_set(c, at("", "rule_sets", i), set.rule_sets(i), ids, set);
  }
  check_choices(c, set);
  return out;
}

}  // namespace gate::rules
