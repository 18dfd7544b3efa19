#include "firmware-host/store/canonical_record.h"

#include <cmath>

#include "firmware-host/store/photo_store.h"

namespace gate::host {
namespace {

class Writer {
 public:
  explicit Writer(const char* kind) : out_("gate-chain/1\n") { text("kind", kind); }
  Writer& text(const char* name, const std::string& v) {
    out_ += name;
    out_ += '=';
    for (char c : v) {
      if (c == '\\') {
        out_ += "\\\\";
      } else if (c == '\n') {
        out_ += "\\n";
      } else if (c == '\r') {
        out_ += "\\r";
      } else {
        out_ += c;
      }
    }
    out_ += '\n';
    return *this;
  }
  Writer& num(const char* name, int64_t v) { return text(name, std::to_string(v)); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string canonical_passage(const gate::v1::Passage& p) {
  Writer w("passage");
  const auto& r = p.read();
  w.num("seq", p.seq())
      .text("gate", p.gate_id())
      .text("lane", p.lane_id())
      .num("direction", p.direction())
      .num("time_ms", p.time_unix_ms())
      .text("plate", r.plate_text())
      .num("read_color", r.color())
      .num("confidence_e4", std::llround(r.confidence() * 10000))
      .text("camera", r.camera_id())
      .text("image_sha256", r.image_sha256())
      .text("source", r.source())
      .num("vehicle_known", p.vehicle_known() ? 1 : 0);
  if (p.vehicle_known()) {
    const auto& v = p.vehicle();
    w.text("v_plate", v.plate())
        .num("v_plate_color", v.plate_color())
        .num("v_class", v.vehicle_class())
        .text("v_vin", v.vin())
        .text("v_engine_no", v.engine_no())
        .text("v_registration_date", v.registration_date())
        .num("v_stage", v.emission_stage())
        .num("v_fuel", v.fuel_type())
        .text("v_fleet", v.fleet());
  }
  const auto& d = p.decision();
  w.num("verdict", d.verdict())
      .text("rule", d.rule_id())
      .text("reason", d.reason())
      .text("policy_version", d.policy_version())
      .text("explanation", d.explanation())
      .text("operator", d.operator_id())
      .num("alert_level", p.alert_level());
  // Written only when the camera sent a time, so that records from before it was kept have the
  // same bytes, and the same hashes, as when they were chained.
  if (r.camera_time_unix_ms() != 0) w.num("camera_time_ms", r.camera_time_unix_ms());
  // Likewise only with a plate close-up: a passage without one (every passage chained before
  // close-ups were kept) keeps its bytes.
  if (!r.closeup_sha256().empty()) w.text("closeup_sha256", r.closeup_sha256());
  // Likewise only with a platform strategy in force.
  if (!p.platform_strategy().empty()) {
    w.text("platform_strategy", p.platform_strategy())
        .text("platform_strategy_code", p.platform_strategy_code());
  }
  // And only with a vehicle check: what the platform said (or why it did not) is evidence.
  if (const auto& c = p.check(); c.status() != gate::v1::VehicleCheck::STATUS_NONE) {
    w.num("check_status", c.status())
        .num("check_may_pass", c.may_pass() ? 1 : 0)
        .text("check_reason", c.reason())
        .num("check_stage", c.emission_stage())
        .num("check_fuel", c.fuel_type())
        .text("check_vin", c.vin())
        .text("check_registration_date", c.registration_date())
        .text("check_serial", c.serial())
        .num("check_latency_ms", c.latency_ms())
        .text("check_ledger_mismatch", c.ledger_mismatch())
        .text("check_degraded_mode", c.degraded_mode());
  }
  return w.take();
}

std::string canonical_outcome(int64_t passage_seq, gate::v1::PassageOutcome outcome,
                              int64_t time_unix_ms, gate::v1::PassageConfirmation confirmation) {
  Writer w("outcome");
  w.num("seq", passage_seq).num("outcome", outcome).num("time_ms", time_unix_ms);
  if (confirmation != gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED) {
    w.num("confirmation", confirmation);
  }
  return w.take();
}

std::string canonical_cargo(int64_t passage_seq, int revision, const std::string& name,
                            int64_t quantity_milli, const std::string& unit,
                            const std::string& entered_by, int64_t time_unix_ms) {
  Writer w("cargo");
  w.num("seq", passage_seq)
      .num("revision", revision)
      .text("name", name)
      .num("quantity_milli", quantity_milli)
      .text("unit", unit)
      .text("entered_by", entered_by)
      .num("time_ms", time_unix_ms);
  return w.take();
}

std::string chain_hash(const std::string& prev_hash_hex, const std::string& canonical) {
  return sha256_hex(prev_hash_hex + "\n" + canonical);
}

}  // namespace gate::host
