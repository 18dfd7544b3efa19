#include "firmware-host/plant/plant_records.h"

#include <charconv>
#include <functional>
#include <map>

#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/store/canonical_record.h"
#include "rules/display_names.h"

namespace gate::host {
namespace {

using gate::v1::Passage;

// "\\\\", "\\n", "\\r" back to '\\', '\n', '\r' (canonical_record.h).
std::string unescape(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      const char c = v[++i];
      out += c == 'n' ? '\n' : c == 'r' ? '\r' : c;
    } else {
      out += v[i];
    }
  }
  return out;
}

std::optional<int64_t> number(const std::string& v) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || end != v.data() + v.size()) return std::nullopt;
  return n;
}

using TextField = std::function<void(Passage&, const std::string&)>;
using NumberField = std::function<void(Passage&, int64_t)>;

const std::map<std::string, TextField>& text_fields() {
  static const std::map<std::string, TextField> f = {
      {"kind", [](Passage&, const std::string&) {}},
      {"gate", [](Passage& p, const std::string& v) { p.set_gate_id(v); }},
      {"lane", [](Passage& p, const std::string& v) { p.set_lane_id(v); }},
      {"plate", [](Passage& p, const std::string& v) { p.mutable_read()->set_plate_text(v); }},
      {"camera", [](Passage& p, const std::string& v) { p.mutable_read()->set_camera_id(v); }},
      {"image_sha256",
       [](Passage& p, const std::string& v) { p.mutable_read()->set_image_sha256(v); }},
      {"source", [](Passage& p, const std::string& v) { p.mutable_read()->set_source(v); }},
      {"closeup_sha256",
       [](Passage& p, const std::string& v) { p.mutable_read()->set_closeup_sha256(v); }},
      {"v_plate", [](Passage& p, const std::string& v) { p.mutable_vehicle()->set_plate(v); }},
      {"v_vin", [](Passage& p, const std::string& v) { p.mutable_vehicle()->set_vin(v); }},
      {"v_engine_no",
       [](Passage& p, const std::string& v) { p.mutable_vehicle()->set_engine_no(v); }},
      {"v_registration_date",
       [](Passage& p, const std::string& v) { p.mutable_vehicle()->set_registration_date(v); }},
      {"v_fleet", [](Passage& p, const std::string& v) { p.mutable_vehicle()->set_fleet(v); }},
      {"rule", [](Passage& p, const std::string& v) { p.mutable_decision()->set_rule_id(v); }},
      {"reason", [](Passage& p, const std::string& v) { p.mutable_decision()->set_reason(v); }},
      {"policy_version",
       [](Passage& p, const std::string& v) { p.mutable_decision()->set_policy_version(v); }},
      {"explanation",
       [](Passage& p, const std::string& v) { p.mutable_decision()->set_explanation(v); }},
      {"operator",
       [](Passage& p, const std::string& v) { p.mutable_decision()->set_operator_id(v); }},
      {"platform_strategy", [](Passage& p, const std::string& v) { p.set_platform_strategy(v); }},
      {"platform_strategy_code",
       [](Passage& p, const std::string& v) { p.set_platform_strategy_code(v); }},
      {"check_reason", [](Passage& p, const std::string& v) { p.mutable_check()->set_reason(v); }},
      {"check_vin", [](Passage& p, const std::string& v) { p.mutable_check()->set_vin(v); }},
      {"check_registration_date",
       [](Passage& p, const std::string& v) { p.mutable_check()->set_registration_date(v); }},
      {"check_serial", [](Passage& p, const std::string& v) { p.mutable_check()->set_serial(v); }},
      {"check_ledger_mismatch",
       [](Passage& p, const std::string& v) { p.mutable_check()->set_ledger_mismatch(v); }},
      {"check_degraded_mode",
       [](Passage& p, const std::string& v) { p.mutable_check()->set_degraded_mode(v); }},
  };
  return f;
}

// Enums are their gate.v1 numbers; the read-back check catches a number that does not fit.
const std::map<std::string, NumberField>& number_fields() {
  namespace v1 = gate::v1;
  static const std::map<std::string, NumberField> f = {
      {"seq", [](Passage& p, int64_t n) { p.set_seq(n); }},
      {"direction", [](Passage& p, int64_t n) { p.set_direction(v1::Direction(n)); }},
      {"time_ms", [](Passage& p, int64_t n) { p.set_time_unix_ms(n); }},
      {"read_color", [](Passage& p, int64_t n) { p.mutable_read()->set_color(v1::PlateColor(n)); }},
      // The chain keeps the read's confidence in 1/10000: that is what comes back.
      {"confidence_e4",
       [](Passage& p, int64_t n) { p.mutable_read()->set_confidence(double(n) / 10000.0); }},
      {"vehicle_known", [](Passage& p, int64_t n) { p.set_vehicle_known(n != 0); }},
      {"v_plate_color",
       [](Passage& p, int64_t n) { p.mutable_vehicle()->set_plate_color(v1::PlateColor(n)); }},
      {"v_class",
       [](Passage& p, int64_t n) { p.mutable_vehicle()->set_vehicle_class(v1::VehicleClass(n)); }},
      {"v_stage", [](Passage& p,
                     int64_t n) { p.mutable_vehicle()->set_emission_stage(v1::EmissionStage(n)); }},
      {"v_fuel",
       [](Passage& p, int64_t n) { p.mutable_vehicle()->set_fuel_type(v1::FuelType(n)); }},
      {"verdict", [](Passage& p, int64_t n) { p.mutable_decision()->set_verdict(v1::Verdict(n)); }},
      {"alert_level", [](Passage& p, int64_t n) { p.set_alert_level(v1::AlertLevel(n)); }},
      {"camera_time_ms",
       [](Passage& p, int64_t n) { p.mutable_read()->set_camera_time_unix_ms(n); }},
      {"check_status",
       [](Passage& p, int64_t n) { p.mutable_check()->set_status(v1::VehicleCheck::Status(n)); }},
      {"check_may_pass", [](Passage& p, int64_t n) { p.mutable_check()->set_may_pass(n != 0); }},
      {"check_stage",
       [](Passage& p, int64_t n) { p.mutable_check()->set_emission_stage(v1::EmissionStage(n)); }},
      {"check_fuel",
       [](Passage& p, int64_t n) { p.mutable_check()->set_fuel_type(v1::FuelType(n)); }},
      {"check_latency_ms", [](Passage& p, int64_t n) { p.mutable_check()->set_latency_ms(n); }},
  };
  return f;
}

Status read_line(Passage& p, std::string_view line) {
  const auto eq = line.find('=');
  if (eq == std::string_view::npos) return Error{"a line without '=': " + std::string(line)};
  const std::string name(line.substr(0, eq));
  const std::string value = unescape(line.substr(eq + 1));
  if (auto t = text_fields().find(name); t != text_fields().end()) {
    t->second(p, value);
    return Status::Ok();
  }
  auto n = number_fields().find(name);
  if (n == number_fields().end()) return Error{"an unknown field '" + name + "'"};
  auto v = number(value);
  if (!v) return Error{"field '" + name + "' is not a number: '" + value + "'"};
  n->second(p, *v);
  return Status::Ok();
}

constexpr const char* kRecords = R"sql(
SELECT gate_id, seq, outcome, canonical
FROM passages
WHERE ($1::text IS NULL OR gate_id = $1::text)
  AND ($2::bigint IS NULL OR time_unix_ms >= $2::bigint)
  AND ($3::bigint IS NULL OR time_unix_ms < $3::bigint)
ORDER BY gate_id, seq
)sql";

drivers::pg::Value optional_ms(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

}  // namespace

Result<Passage> passage_from_canonical(const std::string& canonical) {
  constexpr std::string_view kHead = "gate-chain/1\nkind=passage\n";
  if (canonical.rfind(kHead, 0) != 0) return Error{"not a canonical passage (gate-chain/1)"};
  Passage p;
  std::size_t start = std::string_view("gate-chain/1\n").size();
  while (start < canonical.size()) {
    const std::size_t end = canonical.find('\n', start);
    if (end == std::string::npos) return Error{"the last line has no newline"};
    if (Status st = read_line(p, std::string_view(canonical).substr(start, end - start));
        !st.ok()) {
      return Error{st.message()};
    }
    start = end + 1;
  }
  if (canonical_passage(p) != canonical) {
    return Error{
        "the text does not read back to the same bytes (a field this gatectl does not "
        "know, or out of order)"};
  }
  return p;
}

Result<std::vector<Passage>> plant_passage_records(drivers::pg::Connection& db,
                                                   const PlantRecordFilter& f) {
  std::vector<Passage> out;
  auto version = plant_schema_version(db);
  if (!version.ok()) return Error{version.error()};
  if (version.value() == 0) return out;
  auto r = db.exec(kRecords, {f.gate_id.empty() ? drivers::pg::Value{} : f.gate_id,
                              optional_ms(f.from_unix_ms), optional_ms(f.to_unix_ms)});
  if (!r.ok()) return Error{"reading the plant's passages: " + r.error()};
  const auto& rows = r.value();
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    const std::string where = "gate " + rows.text(i, 0) + " seq " + rows.text(i, 1);
    auto p = passage_from_canonical(rows.text(i, 3));
    if (!p.ok()) return Error{"the plant's copy of " + where + ": " + p.error()};
    // An empty outcome is a passage stored without one (UNSPECIFIED has no key).
    if (const std::string key = rows.text(i, 2); !key.empty()) {
      auto outcome = rules::outcome_from_key(key);
      if (!outcome) return Error{where + ": unknown outcome '" + key + "'"};
      p.value().set_outcome(*outcome);
    }
    if (p.value().gate_id() != rows.text(i, 0) ||
        std::to_string(p.value().seq()) != rows.text(i, 1)) {
      return Error{where + ": its canonical text names gate " + p.value().gate_id() + " seq " +
                   std::to_string(p.value().seq())};
    }
    out.push_back(std::move(p).value());
  }
  return out;
}

}  // namespace gate::host
