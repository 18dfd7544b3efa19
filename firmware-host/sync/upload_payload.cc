#include "firmware-host/sync/upload_payload.h"

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/wire_time.h"
#include "rules/cargo.h"
#include "rules/codes.h"
#include "rules/display_names.h"

namespace gate::host {

namespace wire = gate::drivers::uplink;

std::string record_key(const std::string& gate_id, const OutboxRow& row) {
  return gate_id + "-" + std::to_string(row.passage_seq) + "-" + row.kind;
}

gate::v1::UplinkRecord build_record(const std::string& gate_id, const OutboxRow& row, int64_t now,
                                    const PayloadOptions& opt) {
  const auto& p = row.passage;
  gate::v1::UplinkRecord r;
  r.set_key(record_key(gate_id, row));
  r.set_backfill(now - row.created_unix_ms > opt.live_window_ms);
  r.set_sent_at(wire::format_wire_time(now, opt.utc_offset_minutes));
  r.set_kind(row.kind);
  r.set_gate_id(gate_id);
  r.set_seq(row.passage_seq);
  if (row.cargo) {
    const CargoEntry& c = *row.cargo;
    auto* uc = r.mutable_cargo();
    uc->set_name(c.name);
    uc->set_quantity(rules::cargo_quantity_text(c.quantity_milli));
    uc->set_unit(c.unit);
    uc->set_entered_by(c.entered_by);
    uc->set_time(wire::format_wire_time(c.entered_unix_ms, opt.utc_offset_minutes));
    uc->set_revision(c.revision);
    uc->set_plate(p.read().plate_text());
    return r;
  }
  if (row.kind == "outcome") {
    auto* o = r.mutable_outcome();
    o->set_outcome(wire::outcome_code(p.outcome()));
    o->set_confirmed_by(std::string(rules::confirmation_key(p.confirmation())));
    o->set_time(wire::format_wire_time(
        p.outcome_time_unix_ms() != 0 ? p.outcome_time_unix_ms() : row.created_unix_ms,
        opt.utc_offset_minutes));
    return r;
  }
  auto* d = r.mutable_decision();
  d->set_time(wire::format_wire_time(p.time_unix_ms(), opt.utc_offset_minutes));
  d->set_lane_id(p.lane_id());
  d->set_direction(wire::direction_code(p.direction()));
  d->set_plate(p.read().plate_text());
  d->set_plate_color(wire::plate_color_code(p.read().color(), opt.color_table));
  d->set_plate_color_name(std::string(rules::color_name(p.read().color())));
  d->set_confidence(p.read().confidence());
  d->set_camera_id(p.read().camera_id());
  d->set_image_sha256(p.read().image_sha256());
  d->set_vehicle_known(p.vehicle_known());
  if (p.vehicle_known()) {
    const auto& v = p.vehicle();
    auto* uv = d->mutable_vehicle();
    uv->set_plate(v.plate());
    uv->set_vin(v.vin());
    uv->set_engine_no(v.engine_no());
    uv->set_registration_date(v.registration_date());
    uv->set_emission_stage(std::string(1, rules::stage_to_code(v.emission_stage())));
    uv->set_fuel_type(std::string(1, rules::fuel_to_code(v.fuel_type())));
    uv->set_vehicle_class(wire::vehicle_class_code(v.vehicle_class()));
    uv->set_fleet(v.fleet());
  }
  d->set_verdict(wire::verdict_code(p.decision().verdict()));
  d->set_rule_id(p.decision().rule_id());
  d->set_reason(p.decision().reason());
  d->set_policy_version(p.decision().policy_version());
  d->set_operator_id(p.decision().operator_id());
  d->set_alert_level(wire::alert_code(p.alert_level()));
  d->set_closeup_sha256(p.read().closeup_sha256());
  if (const auto& c = p.check(); c.status() != gate::v1::VehicleCheck::STATUS_NONE) {
    // A passage decided without the platform's answer has no serial: the profile's field says
    // whether it is then sent empty or left out (omit_empty).
    const bool answered = c.status() == gate::v1::VehicleCheck::STATUS_ANSWERED;
    d->set_check_status(answered ? "answered" : "unavailable");
    d->set_check_reason(c.reason());
    d->set_platform_serial(c.serial());
    d->set_ledger_mismatch(c.ledger_mismatch());
  }
  if (const int number = photo_number(row.kind); number > 0) {
    r.mutable_photo()->set_number(number);
    r.mutable_photo()->set_sha256(number == 2 ? p.read().closeup_sha256()
                                              : p.read().image_sha256());
  }
  return r;
}

int photo_number(const std::string& kind) {
  if (kind == kPhotoRecordKind) return 1;
  if (kind == kCloseupRecordKind) return 2;
  return 0;
}

}  // namespace gate::host
