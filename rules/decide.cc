#include "rules/decide.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "rules/codes.h"
#include "rules/display_names.h"
#include "rules/local_date.h"
#include "rules/new_energy.h"
#include "rules/plant_share.h"
#include "rules/plate.h"
#include "rules/plate_color.h"
#include "rules/rule_text.h"

namespace gate::rules {
namespace {

using gate::v1::AlertLevel;
using gate::v1::EmissionStage;
using gate::v1::RuleFamily;
using gate::v1::Vehicle;
using gate::v1::VehicleClass;

// What a refusing (or holding) rule reports; decide() turns it into a Decision.
struct Refusal {
  std::string rule_id;
  std::string zh;              // display text, Chinese
  std::string en;              // display text, English
  std::string detail;          // what the rule compared, for the explanation
  RuleSetIndex rule_set = -1;  // -1: a built-in identity check
  RuleFamily family = gate::v1::RULE_FAMILY_IDENTITY;
  bool waivable = false;
  gate::v1::Verdict verdict = gate::v1::VERDICT_REFUSE;
};

using FamilyResult = std::optional<Refusal>;

std::string s(std::string_view v) {
  return std::string(v);
}

// Like printf's "%.3g" (three significant digits, no trailing zeros) for the values decisions
// show (confidences, budgets), without printf's cost on the hot path.
std::string format_number(double v) {
  const double a = std::fabs(v);
  if (!(a >= 0.001 && a < 1000)) {
    if (a == 0) return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  static constexpr double kPow10[] = {1, 10, 100, 1000, 10000, 100000};
  // exp10: position of the leading digit (2 for 100..999, -3 for 0.001..0.00999).
  int exp10 = a >= 100 ? 2 : a >= 10 ? 1 : a >= 1 ? 0 : a >= 0.1 ? -1 : a >= 0.01 ? -2 : -3;
  auto digits = static_cast<int>(std::llround(a * kPow10[2 - exp10]));
  if (digits >= 1000) {  // rounding carried into a new digit, e.g. 9.996 -> 10.0
    ++exp10;
    digits /= 10;
  }
  if (exp10 > 2) return v < 0 ? "-1e+03" : "1e+03";  // 999.5 and up, as printf writes it
  char d[3] = {static_cast<char>('0' + digits / 100), static_cast<char>('0' + digits / 10 % 10),
               static_cast<char>('0' + digits % 10)};
  char buf[16];
  int n = 0;
  if (v < 0) buf[n++] = '-';
  int int_digits = exp10 + 1;  // digits before the point (<= 0: "0.")
  int last = 2;
  while (last > int_digits - 1 && last >= 0 && d[last] == '0') --last;  // no trailing zeros
  if (int_digits <= 0) {
    buf[n++] = '0';
    buf[n++] = '.';
    for (int z = 0; z < -int_digits; ++z) buf[n++] = '0';
    for (int k = 0; k <= last; ++k) buf[n++] = d[k];
  } else {
    for (int k = 0; k < int_digits; ++k) buf[n++] = d[k];
    if (last >= int_digits) {
      buf[n++] = '.';
      for (int k = int_digits; k <= last; ++k) buf[n++] = d[k];
    }
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

// Appends the pieces in order; building explanations this way keeps allocations to one or two.
template <class... Pieces>
void append(std::string& out, const Pieces&... pieces) {
  (out.append(pieces), ...);
}

// Everything one evaluation needs; families read it and add trace steps and notes.
struct Eval {
  Eval(const PolicyEngine& en, const ActiveRules& r, const DecisionInput& i, DecisionTrace* t)
      : engine(en), rules(r), in(i), trace(t) {}
  const PolicyEngine& engine;
  const ActiveRules& rules;
  const DecisionInput& in;
  DecisionTrace* trace;
  Plate plate;                 // parsed by the identity family
  const Vehicle* v = nullptr;  // set once identity has passed
  std::string notes;           // FLAG and report-mode notes for the explanation

  // Adds a trace step; `detail` is only built when a trace is wanted (the hot path has none).
  template <class Detail>
  void step(const char* family, const char* outcome, std::string_view rule_id, Detail&& detail) {
    if (trace) trace->push_back({family, outcome, std::string(rule_id), std::string(detail())});
  }
  void note(const std::string& text) { notes += (notes.empty() ? "" : "; ") + text; }
};

bool fuel_matches(uint32_t mask, gate::v1::FuelType f) {
  return mask == 0 || (static_cast<unsigned>(f) < 32 && (mask & (1u << f)));
}

std::string rule_set_ref(const PolicyEngine& e, RuleSetIndex i) {
  if (i < 0) return "built-in check";
  const auto& rs = e.rule_set(i);
  return "rule set " + rs.id() + " (" + rs.source() + ")";
}

// Inputs every decision looked at, in one line for auditors.
std::string describe_inputs(const PolicyEngine& e, const ActiveRules* rules,
                            const DecisionInput& in) {
  std::string out;
  out.reserve(384);
  append(out, "plate '", in.read.plate_text(), "' read colour ", color_name(in.read.color()),
         " confidence ", format_number(in.read.confidence()));
  if (const Vehicle* v = in.vehicle) {
    append(out, "; ledger: class ", class_name(v->vehicle_class()), ", stage ",
           stage_name(v->emission_stage()), ", fuel ", fuel_name(v->fuel_type()), ", colour ",
           color_name(v->plate_color()), ", valid ",
           v->valid_from().empty() ? std::string_view("open") : v->valid_from(), "..",
           v->valid_until().empty() ? std::string_view("open") : v->valid_until());
    if (v->suspended()) out += ", suspended";
    if (v->exemption() != gate::v1::EXEMPTION_KIND_UNSPECIFIED) {
      append(out, ", exemption ", exemption_name(v->exemption()), " (basis '", v->exemption_basis(),
             "'");
      if (!v->exemption_until().empty()) append(out, ", until ", v->exemption_until());
      out += ")";
    }
  } else {
    out += "; ledger: no entry";
    if (const Vehicle* p = in.platform_vehicle) {
      append(out, "; platform: stage ", stage_name(p->emission_stage()), ", fuel ",
             fuel_name(p->fuel_type()));
    }
  }
  append(out, "; alert ", alert_name(in.context.alert_level));
  if (in.context.strategy != nullptr && in.context.strategy->strategy != PlatformStrategy::kNone) {
    append(out, "; platform strategy ", strategy_name(in.context.strategy->strategy));
  }
  append(out, "; date ",
         in.context.local_date.empty() ? std::string_view("not given")
                                       : std::string_view(in.context.local_date));
  if (rules != nullptr) {
    out += rules->inputs_tail;
  } else {
    append(out, "; policy ", e.id(), " ", e.version());
  }
  return out;
}

// ---- 1. identity ----

// The plate (text and colour as read) against the ledger's fuel: docs/domain.md §3.3.
std::string plate_fuel_mismatch(const Plate& plate, const gate::v1::PlateRead& read,
                                const Vehicle& v) {
  const bool ledger_nev = is_new_energy(v);  // electric, fuel cell or stage D
  const auto f = v.fuel_type();
  const bool conventional = f == gate::v1::FUEL_TYPE_DIESEL || f == gate::v1::FUEL_TYPE_PETROL ||
                            f == gate::v1::FUEL_TYPE_NATURAL_GAS || f == gate::v1::FUEL_TYPE_LPG ||
                            f == gate::v1::FUEL_TYPE_METHANOL || f == gate::v1::FUEL_TYPE_ETHANOL ||
                            f == gate::v1::FUEL_TYPE_MIXED_OIL;
  const bool plate_nev = is_new_energy(plate);
  const auto c = read.color();
  const bool read_green =
      c == gate::v1::PLATE_COLOR_GREEN || c == gate::v1::PLATE_COLOR_YELLOW_GREEN;
  if (ledger_nev && !plate_nev) {
    return "ledger says " + s(fuel_name(f)) + "/" + s(stage_name(v.emission_stage())) +
           " (new-energy) but the plate '" + plate.text + "' is an ordinary plate";
  }
  if (!ledger_nev && conventional && plate_nev) {
    return "ledger says " + s(fuel_name(f)) + " but the plate '" + plate.text +
           "' is a new-energy plate";
  }
  if (!ledger_nev && conventional && read_green) {
    return "ledger says " + s(fuel_name(f)) + " but the plate was read " + s(color_name(c));
  }
  return "";
}

// The platform's vehicle data standing in for a ledger entry, where the rules allow it.
const Vehicle* platform_vehicle_for(Eval& e) {
  const Vehicle* pv = e.in.platform_vehicle;
  if (pv == nullptr || !e.rules.unknown_on_platform_data) return nullptr;
  e.note("plate in no ledger: decided on the platform's vehicle data (stage " +
         s(stage_name(pv->emission_stage())) + ", fuel " + s(fuel_name(pv->fuel_type())) +
         ") under " + rule_set_ref(e.engine, e.rules.unknown_vehicle_from));
  e.step("identity", "note", kRuleUnknownVehicle, [&] {
    return "plate " + e.plate.text + " is in no ledger; the platform's vehicle data stands in";
  });
  return pv;
}

// Why an unknown vehicle was not decided on platform data, when the rules would allow it.
std::string unknown_vehicle_note(const Eval& e) {
  if (!e.rules.unknown_on_platform_data) return "";
  return "; the platform's check gave no vehicle data (stage and fuel) to decide on";
}

FamilyResult check_identity(Eval& e) {
  const auto& in = e.in;
  auto plate = parse_plate(in.read.plate_text());
  if (!plate.ok()) {
    return Refusal{kRulePlateInvalid, "车牌无效", "invalid plate",
                   "plate invalid: " + plate.error()};
  }
  e.plate = std::move(plate).value();
  if (e.rules.min_confidence > 0 && in.read.confidence() < e.rules.min_confidence) {
    return Refusal{kRuleLowConfidence, "识别不清 请重试", "low read confidence",
                   "confidence " + format_number(in.read.confidence()) + " below minimum " +
                       format_number(e.rules.min_confidence),
                   e.rules.min_confidence_from};
  }
  const Vehicle* v = in.vehicle != nullptr ? in.vehicle : platform_vehicle_for(e);
  if (v == nullptr) {
    return Refusal{kRuleUnknownVehicle, "未登记车辆", "unknown vehicle",
                   "plate " + e.plate.text + " is in no ledger" + unknown_vehicle_note(e),
                   e.rules.unknown_vehicle_from};
  }
  if (v->suspended()) {
    return Refusal{kRuleSuspended, "台账已停用", "ledger suspended", "ledger entry is suspended"};
  }
  const std::string& date = in.context.local_date;
  const bool bounded = !v->valid_from().empty() || !v->valid_until().empty();
  if (bounded && date.empty()) {
    // Fail closed: a validity period that cannot be checked is not taken as met.
    return Refusal{kRuleNotValid, "台账有效期无法核验", "validity unchecked",
                   "ledger has a validity period but no local date was given"};
  }
  if (!v->valid_from().empty() && date < v->valid_from()) {
    return Refusal{kRuleNotValid, "台账未生效", "ledger not yet valid",
                   "date " + date + " before valid_from " + v->valid_from()};
  }
  if (!v->valid_until().empty() && date > v->valid_until()) {
    return Refusal{kRuleNotValid, "台账已过期", "ledger expired",
                   "date " + date + " after valid_until " + v->valid_until()};
  }
  if (e.rules.color_check != gate::v1::PLATE_COLOR_CHECK_OFF) {
    std::string why = plate_fuel_mismatch(e.plate, in.read, *v);
    if (!why.empty()) {
      if (e.rules.color_check == gate::v1::PLATE_COLOR_CHECK_REFUSE) {
        return Refusal{kRulePlateColorMismatch, "车牌与台账燃料不符",
                       "plate does not match ledger fuel", why, e.rules.color_check_from};
      }
      e.note("plate/fuel discrepancy flagged (" + why + ")");
      e.step("identity", "note", kRulePlateColorMismatch, [&] { return why + " (flag only)"; });
    }
  }
  e.step("identity", "ok", "", [&] {
    return "plate " + e.plate.text + " valid, " +
           (v == in.vehicle ? "in the ledger" : "known to the platform") + ", entry active on " +
           (date.empty() ? "(no date)" : date);
  });
  e.v = v;
  return std::nullopt;
}

// ---- 2. lists ----

FamilyResult check_lists(Eval& e) {
  const auto& r = e.rules;
  const PlatformLists* lists = e.in.context.lists;
  const std::string& plate = e.plate.text;
  if (r.refuse_excess_emission) {
    if (lists != nullptr && lists->excess_emission.count(plate)) {
      return Refusal{kRuleExcessEmission,
                     "超标排放车辆 禁止入厂",
                     "excess-emission list: no entry",
                     "plate " + plate + " is on the platform's excess-emission list" +
                         (lists->version.empty() ? "" : " (version " + lists->version + ")"),
                     r.excess_from,
                     gate::v1::RULE_FAMILY_LISTS,
                     /*waivable=*/false};
    }
    e.step("lists", "ok", kRuleExcessEmission, [&] {
      return lists == nullptr ? "no excess-emission list received from the platform yet"
                              : "not on the excess-emission list";
    });
  }
  const AlertLevel level = effective_level(e.in.context.alert_level);
  if (r.whitelist_only_from != gate::v1::ALERT_LEVEL_UNSPECIFIED &&
      level >= effective_level(r.whitelist_only_from)) {
    const unsigned cls = static_cast<unsigned>(e.v->vehicle_class());
    if (cls < 32 && (r.whitelist_class_mask & (1u << cls))) {
      const std::string when = "whitelist-only from " + s(alert_name(r.whitelist_only_from)) +
                               " alert, alert now " + s(alert_name(level));
      if (lists == nullptr || !lists->whitelist.count(plate)) {
        return Refusal{
            kRuleNotWhitelisted,
            "非白名单车辆 " + s(alert_name_zh(level)) + "期间禁止入厂",
            "not whitelisted: no entry during " + s(alert_name(level)) + " alert",
            lists == nullptr
                ? when + "; no whitelist received from the platform yet"
                : when + "; plate " + plate + " is not on the platform's whitelist" +
                      (lists->version.empty() ? "" : " (version " + lists->version + ")"),
            r.whitelist_from,
            gate::v1::RULE_FAMILY_LISTS,
            /*waivable=*/true};
      }
      e.step("lists", "ok", kRuleNotWhitelisted, [&] { return when + "; plate is whitelisted"; });
    }
  }
  return std::nullopt;
}

// ---- 3. machinery ----

FamilyResult check_machinery(Eval& e) {
  const Vehicle& v = *e.v;
  const auto& r = e.rules;
  if (v.vehicle_class() != gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY) return std::nullopt;
  if (!r.require_registration && !r.require_test_report && !r.require_positioning) {
    return std::nullopt;
  }
  auto refuse = [&](const char* id, const char* zh, const char* en, std::string detail) {
    return Refusal{
        id, zh, en, std::move(detail), r.machinery_from, gate::v1::RULE_FAMILY_MACHINERY, true};
  };
  if (r.require_registration) {
    const auto reg = v.machinery_registration();
    if (reg == gate::v1::MACHINERY_REGISTRATION_FAKE) {
      return refuse(kRuleMachineryFakeRegistration, "机械登记号码异常",
                    "fake machinery registration",
                    "registration '" + v.registration_code() + "' is marked fake or cloned");
    }
    if (reg == gate::v1::MACHINERY_REGISTRATION_UNREGISTERED ||
        (reg == gate::v1::MACHINERY_REGISTRATION_UNSPECIFIED && v.registration_code().empty())) {
      return refuse(kRuleMachineryUnregistered, "非道路机械未登记", "machinery not registered",
                    "no environmental registration (环保登记编码) for this machine");
    }
  }
  if (r.require_test_report) {
    const std::string& until = v.test_report_valid_until();
    if (until.empty() || (!e.in.context.local_date.empty() && until < e.in.context.local_date)) {
      return refuse(kRuleMachineryTestReport, "无有效检测报告", "no valid test report",
                    until.empty()
                        ? "no emission test report on file"
                        : "test report valid until " + until + ", date " + e.in.context.local_date);
    }
  }
  if (r.require_positioning && v.positioning() != gate::v1::POSITIONING_STATUS_OK) {
    const bool failed = v.positioning() == gate::v1::POSITIONING_STATUS_FAILED;
    return refuse(
        kRuleMachineryPositioning, failed ? "定位异常" : "未安装定位",
        failed ? "positioning failed" : "no positioning",
        failed ? "positioning reported as failed" : "positioning not installed or not on file");
  }
  e.step("machinery", "ok", "",
         [&] { return "registered, test report and positioning as required"; });
  return std::nullopt;
}

// ---- 4. and 5. stage by class, alert × grade ----

// The strictest rule the vehicle fails, or nullptr.
// Whether a rule binds this vehicle by its ledger type and registration date.
bool binds(const CompiledStageRule& r, const Vehicle& v) {
  if (!r.vehicle_types.empty()) {
    const std::string& t = v.vehicle_type();
    if (t.empty() ? !r.binds_untyped
                  : std::find(r.vehicle_types.begin(), r.vehicle_types.end(), t) ==
                        r.vehicle_types.end()) {
      return false;
    }
  }
  if (r.registered_from != INT_MIN) {
    auto d = parse_date(v.registration_date());
    if (!d || *d < r.registered_from) return false;
  }
  return true;
}

const CompiledStageRule* strictest_failure(const std::vector<CompiledStageRule>& rules,
                                           const Vehicle& v,
                                           const gate::v1::NewEnergyDefinition& def) {
  const CompiledStageRule* worst = nullptr;
  for (const auto& r : rules) {
    if (!fuel_matches(r.fuel_mask, v.fuel_type())) continue;
    if (!binds(r, v)) continue;
    if (meets_stage(v, r.min_stage, def)) continue;
    if (worst == nullptr || stage_rank(r.min_stage) > stage_rank(worst->min_stage)) worst = &r;
  }
  return worst;
}

// "class transport needs at least China V (diesel only) [note]; vehicle has China IV, fuel
// diesel, not new-energy", appended to `out`.
void append_requirement(std::string& out, const Vehicle& v, const CompiledStageRule& r,
                        bool new_energy) {
  append(out, "class ", class_name(v.vehicle_class()), " needs at least ",
         stage_words(r.min_stage));
  append_fuels(out, r.fuel_mask);
  if (!r.vehicle_types.empty()) {
    out += " (types";
    for (const auto& t : r.vehicle_types) append(out, " ", t);
    out += v.vehicle_type().empty() ? "; no type in the ledger: bound)" : ")";
  }
  if (!r.note.empty()) append(out, " [", r.note, "]");
  append(out, "; vehicle has ", stage_name(v.emission_stage()), ", fuel ", fuel_name(v.fuel_type()),
         new_energy ? ", new-energy" : ", not new-energy");
}

std::size_t class_index(VehicleClass c) {
  return c > 0 && c < 4 ? static_cast<std::size_t>(c) : 0;
}

FamilyResult check_stage(Eval& e) {
  const Vehicle& v = *e.v;
  const auto& rules = e.rules.stage[class_index(v.vehicle_class())];
  const auto& def = e.engine.new_energy();
  const CompiledStageRule* r = strictest_failure(rules, v, def);
  if (r == nullptr) {
    if (!rules.empty()) {
      e.step("stage", "ok", kRuleStageByClass,
             [&] { return thresholds_text(rules, "class minimum ") + " met"; });
    }
    return std::nullopt;
  }
  const bool nev_only = r->min_stage == gate::v1::EMISSION_STAGE_ELECTRIC;
  Refusal out{kRuleStageByClass,
              vehicle_label_zh(v),
              vehicle_label_en(v),
              "",
              r->rule_set,
              gate::v1::RULE_FAMILY_STAGE,
              true};
  if (nev_only) {
    append(out.zh, " ", class_name_zh(v.vehicle_class()), "须为新能源");
    out.en += ": new-energy only";
  } else {
    append(out.zh, " 低于", stage_name_zh(r->min_stage), " 禁止入厂");
    append(out.en, " below ", stage_name(r->min_stage), ": no entry");
  }
  append_requirement(out.detail, v, *r, is_new_energy(v, def));
  return out;
}

// Rules at or below the level in force apply cumulatively. When several refuse, the strictest
// (highest minimum stage) is reported, so the LED names what the vehicle would need today.
FamilyResult check_alert(Eval& e) {
  const Vehicle& v = *e.v;
  const AlertLevel level = effective_level(e.in.context.alert_level);
  const auto& rules =
      e.rules.alert[static_cast<std::size_t>(level)][class_index(v.vehicle_class())];
  const auto& def = e.engine.new_energy();
  const CompiledStageRule* r = strictest_failure(rules, v, def);
  if (r == nullptr) {
    if (!rules.empty()) {
      e.step("alert", "ok", kRuleAlertStage, [&] {
        return "alert " + s(alert_name(level)) + ": " + thresholds_text(rules, "minimum ") + " met";
      });
    }
    return std::nullopt;
  }
  Refusal out{kRuleAlertStage,
              vehicle_label_zh(v),
              vehicle_label_en(v),
              "",
              r->rule_set,
              gate::v1::RULE_FAMILY_ALERT,
              true};
  append(out.zh, " ", alert_name_zh(level), "期间禁止入厂");
  append(out.en, ": no entry during ", alert_name(level), " alert");
  out.detail.reserve(192);
  append(out.detail, "alert ", alert_name(level), " (rule from ", alert_name(r->level), ", grade ",
         grade_name(e.engine.enterprise().grade()), "): ");
  append_requirement(out.detail, v, *r, is_new_energy(v, def));
  return out;
}

// ---- 5b. the platform's control strategy ----

bool is_gas(gate::v1::FuelType f) {
  return f == gate::v1::FUEL_TYPE_NATURAL_GAS || f == gate::v1::FUEL_TYPE_LPG;
}

// Why `st` bans `v` ("" when it does not), by the reading in rules/platform_strategy.h.
std::string strategy_ban(PlatformStrategy st, const Vehicle& v, bool new_energy) {
  if (st == PlatformStrategy::kNone) return "";
  if (v.vehicle_class() != gate::v1::VEHICLE_CLASS_TRANSPORT) return "";
  if (st == PlatformStrategy::kStopRoadTransport) return "every road transport vehicle is stopped";
  if (new_energy) return "";
  const EmissionStage stage = v.emission_stage();
  if (stage_rank(stage) < stage_rank(gate::v1::EMISSION_STAGE_CHINA_0)) {
    return "the vehicle's emission stage is not known (" + s(stage_name(stage)) + ")";
  }
  EmissionStage limit = st == PlatformStrategy::kBanStage3AndBelow
                            ? gate::v1::EMISSION_STAGE_CHINA_III
                            : gate::v1::EMISSION_STAGE_CHINA_IV;
  if (st == PlatformStrategy::kBanDiesel4Gas5AndBelow && is_gas(v.fuel_type())) {
    limit = gate::v1::EMISSION_STAGE_CHINA_V;
  }
  if (stage_rank(stage) > stage_rank(limit)) return "";
  return s(stage_name(stage)) + " " + s(fuel_name(v.fuel_type())) + " is at or below " +
         s(stage_name(limit)) + (limit == gate::v1::EMISSION_STAGE_CHINA_V ? " (gas)" : "");
}

std::string strategy_label(const PlatformStrategyInput& in) {
  std::string out = "platform strategy " + s(strategy_name(in.strategy));
  if (!in.code.empty()) append(out, " (platform code ", in.code, ")");
  append(out, ": ", strategy_meaning(in.strategy));
  append(out, "; reference ", in.reference.empty() ? std::string("not given") : in.reference);
  return out;
}

FamilyResult check_platform_strategy(Eval& e) {
  const PlatformStrategyInput* in = e.in.context.strategy;
  if (in == nullptr || in->strategy == PlatformStrategy::kNone) return std::nullopt;
  const Vehicle& v = *e.v;
  const std::string why = strategy_ban(in->strategy, v, is_new_energy(v, e.engine.new_energy()));
  if (why.empty()) {
    e.step("platform", "ok", kRulePlatformStrategy,
           [&] { return strategy_label(*in) + "; not banned"; });
    return std::nullopt;
  }
  Refusal out{kRulePlatformStrategy,
              vehicle_label_zh(v),
              vehicle_label_en(v),
              "",
              -1,
              gate::v1::RULE_FAMILY_ALERT,
              true};
  append(out.zh, " 平台管控：", strategy_meaning_zh(in->strategy));
  append(out.en, ": platform control: ", strategy_meaning(in->strategy));
  append(out.detail, strategy_label(*in), "; ", why);
  return out;
}

// ---- 6. share ----

std::string share_text(const CompiledShareRule& r, const ShareCount& c) {
  std::string out;
  out.reserve(96);
  append(out, r.counter, " share ", percent_text(share_percent(c)), "% (",
         std::to_string(c.qualifying), " of ", std::to_string(c.released),
         " released today), target ", percent_text(r.target_percent), "%, ",
         share_mode_name(r.mode), " mode");
  if (r.mode_chosen_by_plant) out += " (plant's choice)";
  return out;
}

std::string counts_as_text(const CompiledShareRule& r) {
  return r.counts_min_stage == gate::v1::EMISSION_STAGE_ELECTRIC
             ? "new-energy"
             : s(stage_name(r.counts_min_stage)) + "+ or new-energy";
}

// This gate's lease for the rule's counter when the plant keeps the share plant-wide (an empty
// lease when the plant has settled nothing with it yet), else nullptr.
const PlantLease* plant_lease(const ShareState* state, const CompiledShareRule& r) {
  static const PlantLease kEmpty;
  if (state == nullptr || !state->plant_wide) return nullptr;
  auto it = state->plant.find(r.counter);
  return it == state->plant.end() ? &kEmpty : &it->second;
}

std::string plant_lease_text(const CompiledShareRule& r, const ShareCount& c,
                             const PlantLease& lease, int64_t reserved) {
  const int64_t bp = std::max<int64_t>(1, r.target_bp);
  const int64_t room = gate_room_bp(r, c, lease, reserved);
  std::string out;
  append(out, "plant-wide share: this gate's room ", format_number(static_cast<double>(room) / bp),
         " truck(s) (allowance ", format_number(static_cast<double>(lease.allowance_bp) / bp),
         " from the plant, ", std::to_string(c.qualifying - lease.reported.qualifying), " of ",
         std::to_string(c.released - lease.reported.released),
         " released since the plant counted this gate's ", std::to_string(lease.reported.released),
         ")");
  return out;
}

FamilyResult check_share(Eval& e) {
  const Vehicle& v = *e.v;
  const auto& def = e.engine.new_energy();
  const ShareState* state = e.in.context.share;
  static const ShareCount kNone;
  for (const auto& r : e.rules.shares) {
    if (!in_population(r, v, e.in.read.direction())) continue;
    const ShareCount* c = &kNone;
    if (state != nullptr) {
      auto it = state->counts.find(r.counter);
      if (it != state->counts.end()) c = &it->second;
    }
    if (qualifies(r, v, def)) {
      e.step("share", "ok", r.rule_id,
             [&] { return "counts as " + counts_as_text(r) + "; " + share_text(r, *c); });
      continue;
    }
    const int64_t reserved = state == nullptr ? 0 : state->reserved - (e.in.context.called ? 1 : 0);
    const PlantLease* lease = plant_lease(state, r);
    if (lease != nullptr ? gate_admits_non_qualifying(r, *c, *lease, reserved)
                         : admits_non_qualifying(r, *c, reserved)) {
      if (r.mode == gate::v1::SHARE_MODE_REPORT) {
        ShareCount after{c->released + 1, c->qualifying};
        if (share_percent(after) < r.target_percent) {
          e.note(r.counter + " share would be " + percent_text(share_percent(after)) +
                 "% after this truck, below target " + percent_text(r.target_percent) +
                 "% (report mode: not held)");
        }
      }
      e.step("share", "ok", r.rule_id, [&] {
        return "not " + counts_as_text(r) + ", admitted: " + share_text(r, *c) +
               (lease != nullptr ? "; " + plant_lease_text(r, *c, *lease, reserved)
                : r.mode == gate::v1::SHARE_MODE_BUDGET
                    ? ", budget left " + format_number(budget_left(r, *c, reserved))
                    : "") +
               (e.in.context.called ? "; called from the hold queue" : "");
      });
      continue;
    }
    const bool nev = r.counts_min_stage == gate::v1::EMISSION_STAGE_ELECTRIC;
    Refusal h{r.rule_id,
              (nev ? s("新能源") : s(stage_name_zh(r.counts_min_stage)) + "及以上") +
                  "车辆比例不足 请等候",
              (nev ? s("new-energy") : s(stage_name(r.counts_min_stage)) + "+") + " share below " +
                  percent_text(r.target_percent) + "%: please wait",
              "not " + counts_as_text(r) + "; " + share_text(r, *c) +
                  (lease != nullptr ? "; " + plant_lease_text(r, *c, *lease, reserved)
                   : r.mode == gate::v1::SHARE_MODE_BUDGET
                       ? ", budget left " + format_number(budget_left(r, *c, reserved)) +
                             " (opening allowance " + std::to_string(r.opening_allowance) + ")"
                       : "") +
                  (reserved > 0 ? ", " + std::to_string(reserved) + " called truck(s) ahead" : ""),
              r.rule_set,
              gate::v1::RULE_FAMILY_SHARE,
              true,
              gate::v1::VERDICT_HOLD};
    return h;
  }
  return std::nullopt;
}

// ---- exemptions ----

std::string exemption_invalid(const Vehicle& v, const std::string& date) {
  if (v.exemption_basis().empty()) return "exemption has no basis on file";
  if (!v.exemption_until().empty() && !date.empty() && date > v.exemption_until()) {
    return "exemption expired on " + v.exemption_until();
  }
  return "";
}

// ---- assembly ----

using Family = FamilyResult (*)(Eval&);
struct FamilyEntry {
  const char* name;
  Family fn;
};
// Families after identity may assume a parsed plate and a ledger entry.
constexpr FamilyEntry kFamilies[] = {
    {"lists", check_lists}, {"machinery", check_machinery},        {"stage", check_stage},
    {"alert", check_alert}, {"platform", check_platform_strategy}, {"share", check_share}};

void fill(gate::v1::Decision& d, const PolicyEngine& engine, gate::v1::Verdict verdict,
          std::string rule_id, std::string zh, std::string en, RuleSetIndex rs) {
  d.set_verdict(verdict);
  d.set_rule_id(std::move(rule_id));
  d.set_reason(zh + " " + en);
  d.set_display_zh(std::move(zh));
  d.set_display_en(std::move(en));
  d.set_policy_version(engine.version());
  d.set_policy_id(engine.id());
  if (rs >= 0) d.set_rule_set_id(engine.rule_set(rs).id());
}

std::string explanation(const PolicyEngine& engine, const std::string& rule_id,
                        const std::string& detail, const std::string& notes, RuleSetIndex rs,
                        const std::string& inputs) {
  std::string out;
  out.reserve(rule_id.size() + detail.size() + notes.size() + inputs.size() + 320);
  append(out, rule_id, ": ", detail);
  if (!notes.empty()) append(out, "; note: ", notes);
  out += " | ";
  if (rs < 0) {
    out += "built-in check";
  } else {
    append(out, "rule set ", engine.rule_set(rs).id(), " (", engine.rule_set(rs).source(), ")");
  }
  append(out, " | inputs: ", inputs);
  return out;
}

gate::v1::Decision refuse(const PolicyEngine& engine, Refusal r, const std::string& notes,
                          const ActiveRules* rules, const DecisionInput& input) {
  gate::v1::Decision d;
  fill(d, engine, r.verdict, r.rule_id, std::move(r.zh), std::move(r.en), r.rule_set);
  d.set_explanation(explanation(engine, r.rule_id, r.detail, notes, r.rule_set,
                                describe_inputs(engine, rules, input)));
  return d;
}

}  // namespace

std::string exemption_key(gate::v1::ExemptionKind k) {
  switch (k) {
    case gate::v1::EXEMPTION_KIND_SPECIAL:
      return "special";
    case gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS:
      return "hazardous_goods";
    case gate::v1::EXEMPTION_KIND_EMERGENCY_SUPPLY:
      return "emergency_supply";
    case gate::v1::EXEMPTION_KIND_PLATFORM_GRANTED:
      return "platform_granted";
    default:
      return "none";
  }
}

gate::v1::Decision decide(const PolicyEngine& engine, const DecisionInput& input,
                          DecisionTrace* trace) {
  const ActiveRules* rules = engine.rules_for(input.context.local_date);
  if (rules == nullptr) {
    // Dated rules cannot be chosen without a date: fail closed.
    Refusal r{kRuleNoDate, "日期未知 无法判定", "no date: cannot decide",
              "policy " + engine.id() + " has dated rule sets but the local date '" +
                  input.context.local_date + "' is not a date"};
    if (trace) trace->push_back({"policy", "refuse", r.rule_id, r.detail});
    return refuse(engine, std::move(r), "", nullptr, input);
  }
  Eval e(engine, *rules, input, trace);
  if (trace) {
    std::string sets;
    for (RuleSetIndex i : rules->rule_sets)
      sets += (sets.empty() ? "" : ", ") + engine.rule_set(i).id();
    trace->push_back(
        {"policy", "note", "",
         "policy " + engine.label() + "; rule sets in force on " +
             (input.context.local_date.empty() ? "(any date)" : input.context.local_date) + ": " +
             (sets.empty() ? "none" : sets)});
  }
  if (FamilyResult r = check_identity(e)) {
    e.step("identity", "refuse", r->rule_id, [&] { return r->detail; });
    return refuse(engine, std::move(*r), e.notes, rules, input);
  }
  const Vehicle& v = *e.v;
  const std::string exemption_problem = v.exemption() == gate::v1::EXEMPTION_KIND_UNSPECIFIED
                                            ? ""
                                            : exemption_invalid(v, input.context.local_date);
  std::optional<Refusal> waived;
  std::string also_waived;
  for (const FamilyEntry& f : kFamilies) {
    FamilyResult r = f.fn(e);
    if (!r) continue;
    const bool hold = r->verdict == gate::v1::VERDICT_HOLD;
    const auto kind = static_cast<std::size_t>(v.exemption());
    const bool has_kind = kind > 0 && kind < rules->exemptions.size();
    const bool waives =
        r->waivable && has_kind && (rules->exemptions[kind].waives & (1u << r->family)) != 0;
    if (waives && exemption_problem.empty()) {
      e.step(f.name, "waived", r->rule_id, [&] {
        return r->detail + "; waived: " + s(exemption_name(v.exemption())) + " exemption";
      });
      if (!waived) {
        waived = std::move(*r);
      } else {
        also_waived += (also_waived.empty() ? "" : ", ") + r->rule_id;
      }
      continue;
    }
    if (has_kind) {
      e.note(
          waives
              ? s(exemption_name(v.exemption())) + " exemption not honoured: " + exemption_problem
              : s(exemption_name(v.exemption())) + " exemption does not lift " + f.name + " rules");
    }
    e.step(f.name, hold ? "hold" : "refuse", r->rule_id, [&] { return r->detail; });
    return refuse(engine, std::move(*r), e.notes, rules, input);
  }
  gate::v1::Decision d;
  if (waived) {
    const auto kind = v.exemption();
    const RuleSetIndex rs = rules->exemptions[static_cast<std::size_t>(kind)].rule_set;
    const std::string id = kRuleExemptionPrefix + exemption_key(kind);
    fill(d, engine, gate::v1::VERDICT_PASS, id, s(exemption_name_zh(kind)) + " 豁免放行",
         s(exemption_name(kind)) + ": exempt", rs);
    d.set_explanation(explanation(
        engine, id,
        "exempt as " + s(exemption_name(kind)) + " (basis '" + v.exemption_basis() + "'" +
            (v.exemption_until().empty() ? "" : ", until " + v.exemption_until()) + ") from " +
            waived->rule_id + ": " + waived->detail +
            (waived->rule_set == rs ? "" : " [" + rule_set_ref(engine, waived->rule_set) + "]") +
            (also_waived.empty() ? "" : "; also waived: " + also_waived),
        e.notes, rs, describe_inputs(engine, rules, input)));
    return d;
  }
  fill(d, engine, gate::v1::VERDICT_PASS, kRuleAllPassed, "放行", "pass", -1);
  std::string x;
  x.reserve(512);
  append(x, kRuleAllPassed, ": ",
         rules->pass_text[static_cast<std::size_t>(effective_level(input.context.alert_level))]
                         [class_index(v.vehicle_class())]);
  if (is_new_energy(v, engine.new_energy())) x += " (vehicle is new-energy)";
  if (!e.notes.empty()) append(x, "; note: ", e.notes);
  append(x, " | inputs: ", describe_inputs(engine, rules, input));
  d.set_explanation(std::move(x));
  if (trace) trace->push_back({"result", "ok", kRuleAllPassed, "no rule refused"});
  return d;
}

gate::v1::Decision decide(const gate::v1::Policy& policy, const DecisionInput& input) {
  return decide(*PolicyEngine::FromInline(policy), input);
}

}  // namespace gate::rules
