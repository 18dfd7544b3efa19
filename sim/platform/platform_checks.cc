#include "sim/platform/platform_checks.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cctype>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/wire_time.h"
#include "rules/cargo.h"

namespace gate::sim {
namespace {

namespace wire = gate::drivers::uplink;

RecordProblem problem(std::string code, std::string reason) {
  return {std::move(code), std::move(reason)};
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// 17 characters, each a digit or a capital letter other than I, O and Q (GB 16735).
bool is_vin_shape(const std::string& vin) {
  if (vin.size() != 17) return false;
  for (char c : vin) {
    const bool digit = c >= '0' && c <= '9';
    const bool letter = c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q';
    if (!digit && !letter) return false;
  }
  return true;
}

std::optional<RecordProblem> check_decision(const gate::v1::UplinkDecision& d,
                                            rules::ColorCodeTable table) {
  if (auto t = wire::parse_wire_time(d.time()); !t.ok()) {
    return problem("time", "decision.time: " + t.error());
  }
  if (d.lane_id().empty()) return problem("missing", "decision.lane_id is empty");
  if (!wire::direction_from_code(d.direction())) {
    return problem("code_table", "decision.direction " + std::to_string(d.direction()) +
                                     " is not 1 (in) or 2 (out)");
  }
  if (d.plate().empty()) return problem("missing", "decision.plate is empty");
  if (!wire::plate_color_code_defined(d.plate_color(), table)) {
    return problem("code_table", "decision.plate_color " + std::to_string(d.plate_color()) +
                                     " is not in the " +
                                     std::string(wire::color_table_name(table)) + " table");
  }
  const auto colour = rules::color_from_name(d.plate_color_name());
  if (!colour) {
    return problem("code_table",
                   "decision.plate_color_name \"" + d.plate_color_name() + "\" is not a colour");
  }
  // The batch does not name its table: it is the one agreed for the gate (§4.3), so the code
  // must be that table's code for the named colour (its "unknown" code where it has none).
  if (const int expected = wire::plate_color_code(*colour, table); d.plate_color() != expected) {
    return problem("code_table", "decision.plate_color " + std::to_string(d.plate_color()) +
                                     " is not the " + std::string(wire::color_table_name(table)) +
                                     " table's code for " + d.plate_color_name() + " (" +
                                     std::to_string(expected) + ")");
  }
  if (d.confidence() < 0 || d.confidence() > 1) {
    return problem("range", "decision.confidence must be 0..1");
  }
  if (!wire::verdict_from_code(d.verdict())) {
    return problem("code_table", "decision.verdict \"" + d.verdict() +
                                     "\" is not pass, refuse, "
                                     "hold or manual_pass");
  }
  if (d.rule_id().empty()) return problem("missing", "decision.rule_id is empty");
  if (d.reason().empty()) return problem("missing", "decision.reason is empty");
  if (d.policy_version().empty()) return problem("missing", "decision.policy_version is empty");
  if (!wire::alert_from_code(d.alert_level())) {
    return problem("code_table",
                   "decision.alert_level " + std::to_string(d.alert_level()) + " is not 0..3");
  }
  if (d.vehicle_known() != d.has_vehicle()) {
    return problem("missing", "decision.vehicle must be present exactly when vehicle_known");
  }
  if (d.has_vehicle()) {
    const auto& v = d.vehicle();
    if (!wire::stage_code_valid(v.emission_stage())) {
      return problem("code_table",
                     "vehicle.emission_stage \"" + v.emission_stage() + "\" is not 0-6, D or X");
    }
    if (!wire::fuel_code_valid(v.fuel_type())) {
      return problem("code_table",
                     "vehicle.fuel_type \"" + v.fuel_type() + "\" is not a GA 24.9 letter");
    }
    if (v.vehicle_class() < 1 || v.vehicle_class() > 3) {
      return problem("code_table", "vehicle.vehicle_class " + std::to_string(v.vehicle_class()) +
                                       " is not 1, 2 or 3");
    }
    // §3.2: a road or in-plant vehicle's VIN is "" or 17 characters of the VIN alphabet;
    // machinery (class 3) carries whatever identification its ledger entry has, or "".
    if (v.vehicle_class() != 3 && !v.vin().empty() && !is_vin_shape(v.vin())) {
      return problem("range", "vehicle.vin \"" + v.vin() +
                                  "\" is not 17 characters of digits and capital letters "
                                  "without I, O, Q (or \"\")");
    }
    if (!v.registration_date().empty() && !is_date(v.registration_date())) {
      return problem(
          "time", "vehicle.registration_date \"" + v.registration_date() + "\" is not YYYY-MM-DD");
    }
  }
  return std::nullopt;
}

// §3.4: "cargo" is the first cargo entry of a passage, "cargo_<n>" (n ≥ 2) the n-th.
int cargo_revision(const std::string& kind) {
  if (kind == "cargo") return 1;
  if (kind.rfind("cargo_", 0) != 0 || kind.size() == 6) return 0;
  int n = 0;
  for (char c : kind.substr(6)) {
    if (c < '0' || c > '9' || n > 100000) return 0;
    n = n * 10 + (c - '0');
  }
  return n >= 2 ? n : 0;
}

std::optional<RecordProblem> check_cargo(const gate::v1::UplinkRecord& r) {
  if (!r.has_cargo() || r.has_decision() || r.has_outcome()) {
    return problem("kind", "a cargo record carries cargo and no decision or outcome");
  }
  const auto& c = r.cargo();
  if (c.revision() != cargo_revision(r.kind())) {
    return problem("kind", "cargo.revision " + std::to_string(c.revision()) +
                               " does not match kind \"" + r.kind() + "\"");
  }
  if (auto n = rules::check_cargo_name(c.name()); !n.ok() || n.value() != c.name()) {
    return problem("range", "cargo.name \"" + c.name() + "\": " +
                                (n.ok() ? std::string("has spaces around it") : n.error()));
  }
  if (auto q = rules::parse_cargo_quantity(c.quantity()); !q.ok()) {
    return problem("range", "cargo.quantity \"" + c.quantity() + "\": " + q.error());
  }
  if (!rules::is_cargo_unit(c.unit())) {
    return problem("code_table", "cargo.unit \"" + c.unit() + "\" is not t or L");
  }
  if (c.entered_by().empty()) return problem("range", "cargo.entered_by is empty");
  if (auto t = wire::parse_wire_time(c.time()); !t.ok()) {
    return problem("time", "cargo.time: " + t.error());
  }
  return std::nullopt;
}

}  // namespace

std::optional<RecordProblem> check_record(const gate::v1::UplinkRecord& r,
                                          const std::string& gate_id, rules::ColorCodeTable table) {
  if (r.gate_id() != gate_id) {
    return problem("gate_id", "record gate_id \"" + r.gate_id() + "\" is not the sender's \"" +
                                  gate_id + "\"");
  }
  if (r.seq() <= 0) return problem("range", "seq must be positive");
  const std::string expected = r.gate_id() + "-" + std::to_string(r.seq()) + "-" + r.kind();
  if (r.key() != expected) {
    return problem("key", "key \"" + r.key() + "\" must be \"" + expected + "\"");
  }
  if (auto t = wire::parse_wire_time(r.sent_at()); !t.ok()) {
    return problem("time", "sent_at: " + t.error());
  }
  if (r.kind() == "decision") {
    if (!r.has_decision() || r.has_outcome()) {
      return problem("kind", "a decision record carries decision and no outcome");
    }
    return check_decision(r.decision(), table);
  }
  if (r.kind() == "outcome") {
    if (!r.has_outcome() || r.has_decision()) {
      return problem("kind", "an outcome record carries outcome and no decision");
    }
    // `pending` is a state at the gate, never sent (§4.8).
    if (!wire::outcome_from_code(r.outcome().outcome()) || r.outcome().outcome() == "pending") {
      return problem("code_table", "outcome.outcome \"" + r.outcome().outcome() +
                                       "\" is not a documented outcome");
    }
    if (auto t = wire::parse_wire_time(r.outcome().time()); !t.ok()) {
      return problem("time", "outcome.time: " + t.error());
    }
    return std::nullopt;
  }
  if (cargo_revision(r.kind()) > 0) return check_cargo(r);
  return problem("kind", "kind \"" + r.kind() + "\" is not decision, outcome or cargo[_<n>]");
}

std::string record_content(const gate::v1::UplinkRecord& r) {
  gate::v1::UplinkRecord c = r;
  c.clear_backfill();
  c.clear_sent_at();
  std::string out;
  {
    google::protobuf::io::StringOutputStream zs(&out);
    google::protobuf::io::CodedOutputStream cs(&zs);
    cs.SetSerializationDeterministic(true);
    c.SerializeToCodedStream(&cs);
  }  // the coded stream flushes into `out` when it goes
  return out;
}

}  // namespace gate::sim
