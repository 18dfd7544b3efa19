#include "firmware-host/gatectl/policy_commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <climits>
#include <iomanip>
#include <map>
#include <sstream>

#include "drivers/http/http_client.h"
#include "drivers/uplink/platform_profile.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/ledger/ledger_index.h"
#include "firmware-host/policy/hold_queue.h"
#include "firmware-host/policy/policy_file.h"
#include "firmware-host/policy/policy_replay.h"
#include "firmware-host/policy/share_controller.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/sync/platform_vehicle_check.h"
#include "rules/codes.h"
#include "rules/decide.h"
#include "rules/display_names.h"
#include "rules/local_date.h"
#include "rules/local_time.h"
#include "rules/plate.h"
#include "rules/plate_color.h"
#include "rules/share.h"
#include "rules/vehicle_check.h"

namespace gate::ctl {
namespace {

std::string period_text(const gate::v1::EffectivePeriod& p) {
  if (p.from().empty() && p.until().empty()) return "always";
  return (p.from().empty() ? "…" : p.from()) + ".." + (p.until().empty() ? "…" : p.until());
}

std::string applies_text(const gate::v1::Applicability& a) {
  std::string out;
  if (a.industries_size() > 0) {
    std::string l;
    for (const auto& i : a.industries()) l += (l.empty() ? "" : "/") + i;
    out += l;
  }
  if (a.grades_size() > 0) {
    std::string l;
    for (int g : a.grades()) {
      l += (l.empty() ? "" : "/") +
           std::string(rules::grade_name(static_cast<gate::v1::PerformanceGrade>(g)));
    }
    out += (out.empty() ? "" : ", ") + std::string("grade ") + l;
  }
  if (a.double_high() == gate::v1::DOUBLE_HIGH_SCOPE_ONLY_DOUBLE_HIGH) {
    out += (out.empty() ? "" : ", ") + std::string("double-high only");
  } else if (a.double_high() == gate::v1::DOUBLE_HIGH_SCOPE_ONLY_OTHER) {
    out += (out.empty() ? "" : ", ") + std::string("not double-high");
  }
  for (const auto& l : a.locations()) out += (out.empty() ? "in " : ", in ") + l;
  for (const auto& c : a.choices()) out += (out.empty() ? "" : ", ") + c;
  if (a.ownership() == gate::v1::OWNERSHIP_STATE)
    out += (out.empty() ? "" : ", ") + std::string("state-owned");
  if (a.min_annual_freight_kt() > 0) {
    out += (out.empty() ? ">= " : ", >= ") + std::to_string(a.min_annual_freight_kt()) + " kt/year";
  }
  if (a.except_guarantee_whitelist()) {
    out += (out.empty() ? "" : ", ") + std::string("not on the guarantee whitelist");
  }
  return out.empty() ? "every enterprise" : out;
}

std::string choices_text(const gate::v1::EnterpriseProfile& p) {
  std::string out;
  for (const auto& c : p.choices()) out += (out.empty() ? "" : " ") + c;
  return out;
}

// "transport (types N3) at least China V [note]" for --sources.
template <class Rule>
std::string requirement_line(const Rule& r) {
  std::string out = std::string(rules::class_name(r.vehicle_class()));
  if (r.vehicle_types_size() > 0) {
    std::string types;
    for (const auto& t : r.vehicle_types()) types += (types.empty() ? "" : "/") + t;
    out += " (types " + types + ")";
  }
  out += " at least " + (r.min_stage() == gate::v1::EMISSION_STAGE_ELECTRIC
                             ? std::string("new-energy")
                             : std::string(rules::stage_name(r.min_stage())));
  return out + (r.note().empty() ? "" : " [" + r.note() + "]");
}

// One line per rule of the set, for --sources: what it requires.
std::vector<std::string> rule_lines(const gate::v1::RuleSet& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs.stage_rules()) {
    out.push_back(requirement_line(r) +
                  (r.registered_from().empty() ? "" : ", registered from " + r.registered_from()));
  }
  for (const auto& r : rs.alert_rules()) {
    out.push_back("from " + std::string(rules::alert_name(r.level())) +
                  " alert: " + requirement_line(r));
  }
  for (const auto& r : rs.share_rules()) {
    std::ostringstream t;
    t << "share." << r.counter() << " >= " << r.target_percent() << " % ("
      << rules::share_mode_name(r.mode()) << " mode)";
    out.push_back(t.str());
  }
  if (rs.lists().refuse_excess_emission()) out.push_back("excess-emission list refused");
  const auto& m = rs.machinery();
  if (m.require_registration() || m.require_test_report() || m.require_positioning()) {
    out.push_back("machinery registration/test report/positioning checks");
  }
  for (const auto& e : rs.exemptions()) {
    out.push_back("exemption: " + std::string(rules::exemption_name(e.kind())));
  }
  if (rs.has_identity()) out.push_back("identity checks");
  return out;
}

void print_sources(const gate::v1::PolicySet& s, std::ostream& out) {
  int assumed = 0;
  for (const auto& rs : s.rule_sets()) {
    out << "  - " << rs.id() << (rs.assumed_size() > 0 ? "  ASSUMED" : "  as written") << "\n";
    for (const auto& line : rule_lines(rs)) out << "      rule: " << line << "\n";
    out << "      source: " << rs.source() << "\n";
    for (const auto& x : rs.assumed()) out << "      assumed: " << x << "\n";
    assumed += rs.assumed_size() > 0 ? 1 : 0;
  }
  for (const auto& c : s.choices()) {
    out << "  choice " << c.name() << " (default " << c.default_option() << "): " << c.title()
        << "\n      source: " << c.source() << "\n";
  }
  out << assumed << " of " << s.rule_sets_size()
      << " rule set(s) rest on assumptions: confirm them with the bureau\n";
}

// The gate's configuration, when --config is given.
Result<gate::v1::GateConfig> config_of(const Args& a) {
  const std::string path = option(a, "--config");
  if (path.empty()) return Error{"--config FILE (the gate's configuration) is required"};
  return host::load_config(path);
}

// The engine for the configuration's enterprise: the --policy file if given, else the policy
// the configuration names.
Result<std::shared_ptr<const rules::PolicyEngine>> engine_for(const Args& a,
                                                              const gate::v1::GateConfig& cfg) {
  const std::string file = option(a, "--policy");
  if (!file.empty()) return host::load_policy_engine(file, cfg.enterprise());
  if (!cfg.policy_file().empty())
    return host::load_policy_engine(cfg.policy_file(), cfg.enterprise());
  return std::shared_ptr<const rules::PolicyEngine>(rules::PolicyEngine::FromInline(cfg.policy()));
}

}  // namespace

int policy_check(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "policy check needs one policy file");
  const std::string& file = a.positional[0];
  auto set = host::load_policy_file(file);
  if (!set.ok()) {
    err << set.error() << "\n";
    return 1;
  }
  std::unique_ptr<gate::v1::EnterpriseProfile> enterprise;
  if (!option(a, "--config").empty()) {
    auto cfg = config_of(a);
    if (!cfg.ok()) {
      err << cfg.error() << "\n";
      return 1;
    }
    enterprise = std::make_unique<gate::v1::EnterpriseProfile>(cfg.value().enterprise());
  }
  const auto& s = set.value();
  out << file << ": OK\n"
      << "policy " << s.id() << " version " << s.version() << ", " << s.rule_sets_size()
      << " rule set(s)\n"
      << "  " << s.title() << "\n"
      << "  source: " << s.source() << "\n"
      << "  new-energy: electric, fuel cell"
      << (s.new_energy().plug_in_hybrid() ? ", plug-in hybrid" : "")
      << "; share day starts at minute " << s.share().day_start_minute() << "\n";
  if (!option(a, "--sources").empty()) {
    print_sources(s, out);
    return 0;
  }
  for (const auto& rs : s.rule_sets()) {
    out << "  - " << rs.id() << "  [" << period_text(rs.effective()) << "]  ("
        << applies_text(rs.applies_to()) << ")";
    if (enterprise) {
      const std::string why = rules::applicability_mismatch(rs.applies_to(), *enterprise, s);
      out << (why.empty() ? "  applies to this plant" : "  not for this plant: " + why);
    }
    out << "\n      " << rs.title() << "\n      source: " << rs.source() << "\n";
  }
  return 0;
}

namespace {

Result<int64_t> time_option(const Args& a, int offset) {
  const std::string at = option(a, "--at");
  if (at.empty()) return now_ms();
  auto t = parse_local_time(at, offset);
  if (!t.ok()) return Error{"--at: " + t.error()};
  return t.value();
}

// The gate's database with its ledger indexed: what explain and replay decide against.
struct GateRecords {
  std::unique_ptr<host::GateStore> store;
  host::LedgerIndex ledger;
};

Result<GateRecords> open_records(const gate::v1::GateConfig& cfg) {
  auto store = host::GateStore::Open(cfg.database_path());
  if (!store.ok()) return Error{store.error()};
  auto vehicles = store.value()->load_vehicles();
  if (!vehicles.ok()) return Error{vehicles.error()};
  GateRecords r{std::move(store).value(), {}};
  r.ledger.reset(std::move(vehicles).value());
  return r;
}

// What policy explain asks about, from its options.
// How gated joins the platform's check with its own decision: the profile's combination rule
// and degraded mode; strictest and local when the gate's profile has no check or does not load
// (`gated --check` says why).
rules::CheckSettings check_settings_of(const gate::v1::GateConfig& cfg) {
  rules::CheckSettings settings;
  if (cfg.uplink().profile_file().empty()) return settings;
  auto profile = drivers::uplink::load_platform_profile(cfg.uplink().profile_file());
  if (!profile.ok()) return settings;
  const auto* m =
      drivers::uplink::find_message(profile.value(), gate::v1::PlatformMessage::KIND_VEHICLE_CHECK);
  return m == nullptr ? settings : host::check_settings(m->check());
}

// --check pass|refuse[:REASON]|unavailable with --platform-stage/--platform-fuel (ledger codes):
// the platform's answer to assume; nullopt without --check.
Result<std::optional<gate::v1::VehicleCheck>> assumed_check(const Args& a) {
  const std::string answer = option(a, "--check");
  const std::string stage = option(a, "--platform-stage"), fuel = option(a, "--platform-fuel");
  if (answer.empty()) {
    if (!stage.empty() || !fuel.empty()) {
      return Error{"--platform-stage and --platform-fuel need --check pass|refuse[:REASON]"};
    }
    return std::optional<gate::v1::VehicleCheck>();
  }
  gate::v1::VehicleCheck c;
  if (answer == "unavailable") {
    c.set_status(gate::v1::VehicleCheck::STATUS_UNAVAILABLE);
    c.set_reason("assumed unavailable");
    return std::optional(c);
  }
  const std::string verdict = answer.substr(0, answer.find(':'));
  if (verdict != "pass" && verdict != "refuse") {
    return Error{"--check must be pass, refuse[:REASON] or unavailable, not '" + answer + "'"};
  }
  c.set_status(gate::v1::VehicleCheck::STATUS_ANSWERED);
  c.set_may_pass(verdict == "pass");
  if (answer.size() > verdict.size()) c.set_reason(answer.substr(verdict.size() + 1));
  if (!stage.empty()) {
    auto s = rules::stage_from_code(stage);
    if (!s)
      return Error{"--platform-stage: '" + stage + "' is no stage code (0-6, D electric, X none)"};
    c.set_emission_stage(*s);
  }
  if (!fuel.empty()) {
    auto f = rules::fuel_from_code(fuel);
    if (!f) return Error{"--platform-fuel: '" + fuel + "' is no fuel code (A, B, C, …)"};
    c.set_fuel_type(*f);
  }
  return std::optional(c);
}

struct ExplainQuery {
  gate::v1::GateConfig cfg;
  std::string plate;
  int offset = 0;
  int64_t at = 0;
  bool now = true;  // no --at: the hold queue counts
  gate::v1::AlertLevel level = gate::v1::ALERT_LEVEL_UNSPECIFIED;
  std::optional<gate::v1::VehicleCheck> check;  // the platform's answer to assume
};

Result<ExplainQuery> explain_query(const Args& a) {
  ExplainQuery q;
  if (option(a, "--plate").empty()) return Error{"--plate PLATE is required"};
  q.plate = rules::normalise_plate(option(a, "--plate"));
  auto cfg = config_of(a);
  if (!cfg.ok()) return Error{cfg.error()};
  q.cfg = std::move(cfg).value();
  q.offset = q.cfg.utc_offset_minutes();
  auto at = time_option(a, q.offset);
  if (!at.ok()) return Error{at.error()};
  q.at = at.value();
  q.now = option(a, "--at").empty();
  q.level = q.cfg.alert_level();
  if (!option(a, "--alert").empty()) {
    q.level = rules::alert_from_name(option(a, "--alert"));
    if (q.level == gate::v1::ALERT_LEVEL_UNSPECIFIED) {
      return Error{"--alert must be none, yellow, orange or red"};
    }
  }
  auto check = assumed_check(a);
  if (!check.ok()) return Error{check.error()};
  q.check = std::move(check).value();
  return q;
}

// The share tallies of the day up to q.at from the passage records, and (now) the hold queue.
struct ShareAt {
  rules::ShareState state;
  std::string day;
  bool called = false;  // the truck was called from the hold queue
};

Result<ShareAt> share_at(const ExplainQuery& q, host::GateStore& store,
                         std::shared_ptr<const rules::PolicyEngine> engine) {
  host::ShareController share(std::move(engine), q.offset);
  host::PassageFilter f;
  f.from_unix_ms = share.window_start(q.at);
  f.to_unix_ms = q.at;
  auto ps = store.list_passages(f);
  if (!ps.ok()) return Error{ps.error()};
  share.rebuild_from(ps.value(), q.at);
  ShareAt s{share.state(q.at), share.window_day(q.at), false};
  if (q.now) {
    if (auto hq = host::HoldQueue::Open(q.cfg.database_path()); hq.ok()) {
      s.state.reserved = hq.value()->called_count();
      const auto* entry = hq.value()->find(q.plate);
      s.called = entry != nullptr && entry->state == host::HoldEntry::State::kCalled;
    }
  }
  return s;
}

void write_explain_header(const ExplainQuery& q, const rules::PolicyEngine& e,
                          const gate::v1::Vehicle* v, std::ostream& out) {
  out << "explain " << q.plate << " at " << rules::local_time(q.at, q.offset) << ", alert "
      << rules::alert_name(q.level) << ", policy " << e.label() << "\n"
      << "enterprise: "
      << (e.enterprise().industry().empty() ? "(none)" : e.enterprise().industry()) << ", grade "
      << rules::grade_name(e.enterprise().grade())
      << (e.enterprise().double_high() ? ", double-high" : "")
      << (e.enterprise().location().empty() ? "" : ", in " + e.enterprise().location())
      << (e.enterprise().choices_size() > 0 ? ", choices " + choices_text(e.enterprise()) : "")
      << "\n"
      << "read assumed: the plate as given, colour as in the ledger, confidence 1.0; no "
         "platform lists (gatectl has none)\n";
  if (v) {
    out << "ledger: " << rules::class_name(v->vehicle_class()) << ", "
        << rules::stage_name(v->emission_stage()) << ", " << rules::fuel_name(v->fuel_type())
        << ", plate colour " << rules::color_name(v->plate_color());
    if (v->exemption() != gate::v1::EXEMPTION_KIND_UNSPECIFIED) {
      out << ", exemption " << rules::exemption_name(v->exemption()) << " (basis '"
          << v->exemption_basis() << "')";
    }
    out << "\n";
  } else {
    out << "ledger: no entry for " << q.plate << "\n";
  }
}

void write_explain_reasoning(const ShareAt& share, const rules::DecisionTrace& trace,
                             const gate::v1::Decision& d, std::ostream& out) {
  for (const auto& [name, c] : share.state.counts) {
    out << "share " << name << " so far on " << share.day << ": " << c.qualifying << " of "
        << c.released << " (" << rules::percent_text(rules::share_percent(c)) << "%)\n";
  }
  if (share.state.reserved > 0) {
    out << "hold queue: " << share.state.reserved << " called truck(s)\n";
  }
  out << "\nreasoning:\n";
  for (const auto& s : trace) {
    out << "  " << std::left << std::setw(10) << s.family << std::setw(15) << s.outcome
        << (s.rule_id.empty() ? "" : "[" + s.rule_id + "] ") << s.detail << "\n";
  }
  out << "\ndecision: " << rules::verdict_label(d.verdict()) << " [" << d.rule_id() << "]\n"
      << "display:  " << d.display_zh() << " / " << d.display_en() << "\n"
      << "policy:   " << d.policy_id() << " " << d.policy_version()
      << (d.rule_set_id().empty() ? "" : ", rule set " + d.rule_set_id()) << "\n"
      << "explanation: " << d.explanation() << "\n";
}

// The local decision joined with the assumed answer, as the lane joins them.
void write_explain_check(const gate::v1::VehicleCheck& check, const rules::CheckSettings& settings,
                         const gate::v1::Decision& local, std::ostream& out) {
  const gate::v1::Decision d = rules::combine_check(local, check, settings);
  out << "\nwith the platform's check (joined "
      << (settings.combine == rules::CheckCombination::kRecordOnly ? "record-only"
                                                                   : "strictest-wins")
      << ", degraded mode " << rules::degraded_mode_name(settings.degraded) << "):\n"
      << "decision: " << rules::verdict_label(d.verdict()) << " [" << d.rule_id() << "]\n"
      << "display:  " << d.display_zh() << " / " << d.display_en() << "\n"
      << "explanation: " << d.explanation() << "\n";
}

}  // namespace

int policy_explain(const Args& a, std::ostream& out, std::ostream& err) {
  auto q = explain_query(a);
  if (!q.ok()) return usage_error(err, a, q.error());
  const auto& query = q.value();
  auto engine = engine_for(a, query.cfg);
  if (!engine.ok()) {
    err << engine.error() << "\n";
    return 1;
  }
  auto records = open_records(query.cfg);
  if (!records.ok()) return failure(err, records.error());
  const gate::v1::Vehicle* v = records.value().ledger.find(query.plate);
  auto share = share_at(query, *records.value().store, engine.value());
  if (!share.ok()) return failure(err, share.error());

  gate::v1::PlateRead read;
  read.set_plate_text(query.plate);
  read.set_color(v ? v->plate_color() : gate::v1::PLATE_COLOR_UNKNOWN);
  read.set_confidence(1.0);
  read.set_direction(query.cfg.lanes_size() > 0 ? query.cfg.lanes(0).direction()
                                                : gate::v1::DIRECTION_IN);
  const std::string date = rules::local_date(query.at, query.offset);
  rules::DecisionContext ctx{query.level, date, nullptr, &share.value().state,
                             share.value().called};
  rules::DecisionTrace trace;
  std::optional<gate::v1::Vehicle> platform;
  if (query.check) platform = rules::platform_vehicle(*query.check, read);
  gate::v1::Decision d = rules::decide(
      *engine.value(), rules::DecisionInput{read, v, ctx, platform ? &*platform : nullptr}, &trace);
  write_explain_header(query, *engine.value(), v, out);
  write_explain_reasoning(share.value(), trace, d, out);
  if (query.check) write_explain_check(*query.check, check_settings_of(query.cfg), d, out);
  return 0;
}

namespace {

// What policy replay asks for, from its options.
struct ReplayQuery {
  gate::v1::GateConfig cfg;
  std::string from, to, policy_file;
  host::PassageFilter period;
  std::size_t limit = 20;
};

Result<ReplayQuery> replay_query(const Args& a) {
  ReplayQuery q;
  q.from = option(a, "--from");
  q.to = option(a, "--to");
  q.policy_file = option(a, "--policy");
  if (q.from.empty() || q.to.empty() || q.policy_file.empty()) {
    return Error{"--from DATE, --to DATE, --policy FILE and --config CFG are required"};
  }
  auto cfg = config_of(a);
  if (!cfg.ok()) return Error{cfg.error()};
  q.cfg = std::move(cfg).value();
  const int offset = q.cfg.utc_offset_minutes();
  auto t0 = parse_local_time(q.from, offset);
  auto t1 = parse_local_time(q.to, offset);
  if (!t0.ok() || !t1.ok()) {
    return Error{!t0.ok() ? "--from: " + t0.error() : "--to: " + t1.error()};
  }
  q.period.from_unix_ms = t0.value();
  // A bare date as --to means the whole of that day.
  q.period.to_unix_ms = t1.value() + (q.to.size() == 10 ? int64_t{86400000} : 0);
  if (!option(a, "--limit").empty()) {
    try {
      q.limit = static_cast<std::size_t>(std::stoul(option(a, "--limit")));
    } catch (...) {
      return Error{"--limit must be a number"};
    }
  }
  return q;
}

void write_replay_summary(const ReplayQuery& q, const rules::PolicyEngine& e,
                          const std::vector<gate::v1::Passage>& passages,
                          const host::ReplayReport& report, std::ostream& out) {
  std::map<std::string, int> recorded_versions;
  for (const auto& p : passages) recorded_versions[p.decision().policy_version()]++;
  std::string versions;
  for (const auto& [v, n] : recorded_versions) versions += (versions.empty() ? "" : ", ") + v;

  const int64_t changed = report.passages - report.same;
  out << "replay of " << report.passages << " passage(s) from " << q.from << " to " << q.to
      << " under " << e.label() << " (recorded under: " << (versions.empty() ? "-" : versions)
      << ")\n"
      << "assumptions: vehicles as recorded with each passage (today's ledger for exemptions "
         "and machinery); alert level as recorded; no platform lists; the platform's vehicle "
         "checks as answered then, joined "
      << (check_settings_of(q.cfg).combine == rules::CheckCombination::kRecordOnly
              ? "record-only"
              : "strictest-wins")
      << "; held trucks do not come back; " << report.manual
      << " manual release(s) kept as recorded\n"
      << "changed: " << changed << " of " << report.passages;
  if (report.passages > 0) {
    out << " (" << rules::percent_text(100.0 * static_cast<double>(changed) / report.passages)
        << "%)";
  }
  out << "\n";
  for (const auto& [k, n] : report.transitions) {
    out << "  " << std::left << std::setw(24) << k << n << "\n";
  }
  if (!report.new_rules.empty()) {
    out << "changed decisions by rule (replayed):\n";
    for (const auto& [k, n] : report.new_rules) {
      out << "  " << std::left << std::setw(32) << k << n << "\n";
    }
  }
}

void write_replay_days(const host::ReplayReport& report, int offset, std::ostream& out) {
  out << "per day (entered = released and not turned back; share = qualifying / entered):\n";
  for (const auto& d : report.days) {
    out << "  " << d.day << ": " << d.passages << " passage(s), entered " << d.recorded_released
        << " recorded / " << d.replayed_released << " replayed (" << d.replayed_held << " held, "
        << d.replayed_refused << " refused)";
    for (const auto& [name, c] : d.replayed) {
      auto rec_it = d.recorded.find(name);
      const host::ReplayCounter rec =
          rec_it == d.recorded.end() ? host::ReplayCounter{} : rec_it->second;
      out << "; " << name << " share "
          << rules::percent_text(rules::share_percent({rec.released, rec.qualifying})) << "% -> "
          << rules::percent_text(rules::share_percent({c.released, c.qualifying})) << "%";
    }
    out << "\n";
  }
  if (!report.changes.empty()) {
    out << "first " << report.changes.size() << " change(s):\n";
    for (const auto& c : report.changes) {
      out << "  #" << c.recorded.seq() << " "
          << rules::local_time(c.recorded.time_unix_ms(), offset) << " "
          << c.recorded.read().plate_text() << " "
          << rules::verdict_label(c.recorded.decision().verdict()) << " -> "
          << rules::verdict_label(c.replayed.verdict()) << " [" << c.replayed.rule_id() << "] "
          << c.replayed.reason() << "\n";
    }
  }
}

}  // namespace

int policy_replay(const Args& a, std::ostream& out, std::ostream& err) {
  auto q = replay_query(a);
  if (!q.ok()) return usage_error(err, a, q.error());
  const auto& query = q.value();
  auto engine = host::load_policy_engine(query.policy_file, query.cfg.enterprise());
  if (!engine.ok()) {
    err << engine.error() << "\n";
    return 1;
  }
  auto records = open_records(query.cfg);
  if (!records.ok()) return failure(err, records.error());
  auto ps = records.value().store->list_passages(query.period);
  if (!ps.ok()) return failure(err, ps.error());
  const int offset = query.cfg.utc_offset_minutes();
  const auto& ledger = records.value().ledger;
  auto report = host::replay_passages(
      *engine.value(), ps.value(), [&](const std::string& p) { return ledger.find(p); }, offset,
      query.limit, check_settings_of(query.cfg).combine);
  write_replay_summary(query, *engine.value(), ps.value(), report, out);
  write_replay_days(report, offset, out);
  return 0;
}

int run_release_command(const Args& a, std::ostream& out, std::ostream& err) {
  const std::string lane = option(a, "--lane"), op = option(a, "--operator"),
                    reason = option(a, "--reason");
  if (lane.empty() || reason.empty()) {
    return usage_error(err, a, "--lane L and --reason TEXT are required");
  }
  std::string url = option(a, "--api"), token = option(a, "--token");
  if (!option(a, "--config").empty()) {
    auto cfg = config_of(a);
    if (!cfg.ok()) return usage_error(err, a, cfg.error());
    const auto& api = cfg.value().api();
    if (url.empty() && api.port() != 0) {
      url = "http://" + api.listen_address() + ":" + std::to_string(api.port());
    }
    if (token.empty()) token = api.operator_token();
    for (const auto& t : api.tokens()) {
      if (token.empty() && t.role() == gate::v1::API_ROLE_OPERATOR) token = t.token();
    }
  }
  if (url.empty() || token.empty()) {
    return usage_error(err, a,
                       "--config CFG (with an api { port operator_token or an operator token } "
                       "block) or --api URL --token TOKEN is required");
  }
  auto parsed = drivers::parse_http_url(url);
  if (!parsed.ok()) return usage_error(err, a, "--api: " + parsed.error());
  // gated records the token's name; --operator, when given, is sent for gated to check.
  nlohmann::json body{{"reason", reason}};
  if (!op.empty()) body["operator"] = op;
  auto r = drivers::http_request(parsed.value(), "POST",
                                 "/api/v1/lanes/" + lane + "/manual-release", body.dump(),
                                 "application/json", 5000, {{"Authorization", "Bearer " + token}});
  if (!r.ok()) {
    err << "gatectl: cannot reach gated's API at " << url << ": " << r.error() << "\n";
    return 1;
  }
  nlohmann::json j = nlohmann::json::parse(r.value().body, nullptr, false);
  if (r.value().status != 200) {
    err << "gatectl: release refused (" << r.value().status << "): "
        << (j.is_object() && j.contains("error") ? j["error"].get<std::string>() : r.value().body)
        << "\n";
    return 1;
  }
  out << "released " << j.value("plate", "?") << " at lane " << lane << " as passage #"
      << j.value("seq", int64_t{0}) << " (MANUAL_PASS by " << j.value("operator", op) << ")\n";
  return 0;
}

}  // namespace gate::ctl
