// The record fields a platform profile may name: see record_fields.h.
#include "drivers/uplink/record_fields.h"

#include <algorithm>
#include <sstream>

#include "drivers/uplink/wire_time.h"

namespace gate::drivers::uplink {
namespace {

using Domain = gate::v1::PlatformCodeTable;
using Kind = RecordField::Kind;

const std::vector<RecordField> kFields = {
    {"key", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "idempotency key <gate_id>-<seq>-<kind>"},
    {"gate_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the gate's id"},
    {"seq", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "the passage's local sequence number"},
    {"backfill", Kind::kBool, Domain::DOMAIN_BOOL, "sent later than the live window"},
    {"live", Kind::kBool, Domain::DOMAIN_BOOL, "not backfill"},
    {"sent_at", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "this attempt's time"},
    {"time", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the plate was read"},
    {"lane_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the lane"},
    {"direction", Kind::kCoded, Domain::DOMAIN_DIRECTION, "in or out"},
    {"plate", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the plate as read"},
    {"plate_color", Kind::kCoded, Domain::DOMAIN_PLATE_COLOR, "the plate's colour"},
    {"confidence", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "read confidence 0..1"},
    {"camera_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the camera that read it"},
    {"image_sha256", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the photo's SHA-256"},
    {"plate_photo", Kind::kPhoto, Domain::DOMAIN_UNSPECIFIED,
     "the passage's photo, a JPEG data URI of at most photos.max_bytes (MODE_INLINE)"},
    {"closeup_sha256", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the plate close-up's SHA-256, \"\" when the camera sent none"},
    {"closeup_photo", Kind::kPhoto, Domain::DOMAIN_UNSPECIFIED,
     "the plate close-up, a JPEG data URI of at most photos.max_bytes (MODE_INLINE); \"\" when "
     "the camera sent none"},
    {"vehicle_known", Kind::kBool, Domain::DOMAIN_BOOL, "in a ledger"},
    {"vehicle.plate", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the ledger's plate"},
    {"vehicle.vin", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "VIN"},
    {"vehicle.engine_no", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "engine number"},
    {"vehicle.registration_date", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "YYYY-MM-DD"},
    {"vehicle.emission_stage", Kind::kCoded, Domain::DOMAIN_EMISSION_STAGE, "emission stage"},
    {"vehicle.fuel_type", Kind::kCoded, Domain::DOMAIN_FUEL_TYPE, "fuel type"},
    {"vehicle.vehicle_class", Kind::kCoded, Domain::DOMAIN_VEHICLE_CLASS, "vehicle class"},
    {"vehicle.fleet", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "fleet"},
    {"verdict", Kind::kCoded, Domain::DOMAIN_VERDICT, "the decision"},
    {"rule_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the deciding rule"},
    {"reason", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the reason shown at the gate"},
    {"policy_version", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the policy in force"},
    {"operator_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "manual decisions: who"},
    {"alert_level", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "0 none .. 3 red"},
    {"outcome", Kind::kCoded, Domain::DOMAIN_OUTCOME, "the barrier result"},
    {"outcome_time", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the result was known"},
    {"confirmed_by", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "boom_loop, next_event, timeout"},
    {"check_status", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the vehicle check: \"\" none made, answered, unavailable (decided in degraded mode)"},
    {"check_reason", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the platform's control reason, or why it did not answer"},
    {"platform_serial", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the serial the platform issued at the check, \"\" when none (degraded)"},
    {"ledger_mismatch", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "where the platform's stage or fuel disagrees with the ledger, \"\" none"},
};

// A photo message (KIND_PHOTO) names the passage's fields and these.
const std::vector<RecordField> kPhotoFields = [] {
  std::vector<RecordField> f = kFields;
  f.push_back({"photo", Kind::kPhoto, Domain::DOMAIN_UNSPECIFIED,
               "this photo, a JPEG data URI of at most photos.max_bytes (MODE_MESSAGE)"});
  f.push_back({"photo_base64", Kind::kPhotoBase64, Domain::DOMAIN_UNSPECIFIED,
               "this photo, bare base64 of the JPEG (MODE_MESSAGE)"});
  f.push_back({"photo_number", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED,
               "1 = the passage's photo, 2 = the plate close-up"});
  f.push_back({"photo_sha256", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
               "the photo's SHA-256 as stored (before re-encoding)"});
  f.push_back({"passage_key", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
               "the key of the passage record the photo belongs to"});
  return f;
}();
// A cargo message (KIND_CARGO) names the record's own key and attempt, the passage it belongs
// to, and the cargo entry; not the passage's decision, which has its own message.
const std::vector<RecordField> kCargoFields = {
    {"key", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "idempotency key <gate_id>-<seq>-cargo (-cargo_<n> for the n-th entry)"},
    {"gate_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the gate's id"},
    {"seq", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "the passage's local sequence number"},
    {"backfill", Kind::kBool, Domain::DOMAIN_BOOL, "sent later than the live window"},
    {"live", Kind::kBool, Domain::DOMAIN_BOOL, "not backfill"},
    {"sent_at", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "this attempt's time"},
    {"passage_key", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the key of the passage's record, <gate_id>-<seq>-decision (its serial)"},
    {"cargo.plate", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the passage's plate as read"},
    {"cargo.name", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "what the truck carries"},
    {"cargo.quantity", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED,
     "decimal, at most 3 decimals, in cargo.unit"},
    {"cargo.unit", Kind::kCoded, Domain::DOMAIN_CARGO_UNIT, "t (tonnes) or L (litres)"},
    {"cargo.entered_by", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the operator's name, or weighbridge"},
    {"cargo.time", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the cargo was entered"},
    {"cargo.revision", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED,
     "1 for the first entry, n for the n-th (a correction)"},
};

const std::vector<RecordField> kStatusFields = {
    {"gate_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the gate's id"},
    {"time", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the state was taken"},
    {"barrier_online", Kind::kBool, Domain::DOMAIN_BOOL, "every lane's barrier answers"},
    {"cameras_online", Kind::kBool, Domain::DOMAIN_BOOL, "every watched camera is online"},
    {"lanes", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "lanes at the gate"},
    {"cameras_offline", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "watched cameras offline"},
    {"backlog_records", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "records not yet taken"},
    {"alert_level", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "0 none .. 3 red"},
};

const std::vector<RecordField> kLaneStatusFields = {
    {"gate_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the gate's id"},
    {"time", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the state was taken"},
    {"lane_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the lane"},
    {"barrier_online", Kind::kBool, Domain::DOMAIN_BOOL, "the lane's barrier answers"},
    {"cameras_online", Kind::kBool, Domain::DOMAIN_BOOL,
     "every watched camera of the lane is online (true when the lane watches none)"},
    {"cameras", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED, "watched cameras of the lane"},
    {"cameras_offline", Kind::kNumber, Domain::DOMAIN_UNSPECIFIED,
     "watched cameras of the lane offline"},
    {"last_seen", Kind::kTime, Domain::DOMAIN_UNSPECIFIED,
     "the latest sign of life of any of the lane's cameras; empty when none was seen"},
};

const std::vector<RecordField> kCameraStatusFields = {
    {"gate_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the gate's id"},
    {"time", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the state was taken"},
    {"lane_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the camera's lane"},
    {"camera_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the camera as configured"},
    {"online", Kind::kBool, Domain::DOMAIN_BOOL, "the camera is online"},
    {"last_seen", Kind::kTime, Domain::DOMAIN_UNSPECIFIED,
     "the camera's last event or keep-alive; empty when none was seen since gated started"},
    {"barrier_online", Kind::kBool, Domain::DOMAIN_BOOL, "the camera's lane's barrier answers"},
};

const std::map<Domain::Domain, std::vector<std::string_view>> kDomainValues = {
    {Domain::DOMAIN_PLATE_COLOR,
     {"blue", "yellow", "white", "black", "green", "yellow-green", "unknown"}},
    {Domain::DOMAIN_DIRECTION, {"in", "out"}},
    {Domain::DOMAIN_EMISSION_STAGE, {"0", "1", "2", "3", "4", "5", "6", "D", "X"}},
    {Domain::DOMAIN_FUEL_TYPE, {"A", "B", "C", "D", "E", "F", "L", "M", "N", "O", "Y", "Z", "H"}},
    {Domain::DOMAIN_VERDICT, {"pass", "refuse", "hold", "manual_pass"}},
    {Domain::DOMAIN_OUTCOME,
     {"pending", "passed", "turned_away", "not_passed", "barrier_fault", "unconfirmed",
      "no_vehicle_present"}},
    {Domain::DOMAIN_VEHICLE_CLASS, {"transport", "in_plant", "machinery"}},
    {Domain::DOMAIN_BOOL, {"true", "false"}},
    {Domain::DOMAIN_ALERT_LEVEL, {"none", "yellow", "orange", "red"}},
    {Domain::DOMAIN_RESPONSE_LEVEL, {"none", "I", "II", "III"}},
    // rules/platform_strategy.h's names, in its order.
    {Domain::DOMAIN_CONTROL_STRATEGY,
     {"none", "ban_stage_3_and_below", "ban_stage_4_and_below", "ban_diesel_4_gas_5_and_below",
      "stop_road_transport"}},
    {Domain::DOMAIN_CARGO_UNIT, {"t", "L"}},
};

const std::vector<RecordField> kControlFields = {
    {"alert_level", Kind::kCoded, Domain::DOMAIN_ALERT_LEVEL, "none yellow orange red"},
    {"response_level", Kind::kCoded, Domain::DOMAIN_RESPONSE_LEVEL, "none I II III"},
    {"strategy", Kind::kCoded, Domain::DOMAIN_CONTROL_STRATEGY, "the control strategy"},
    {"issued_at", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the measures were issued"},
    {"effective_until", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when they end; empty: open"},
    {"issuer", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "who issued them"},
    {"reference", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the platform's document number"},
};

// A vehicle check is made for a read, before the decision: the read's fields only.
const std::vector<RecordField> kCheckRequestFields = {
    {"key", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the serial the passage will have if recorded, <gate_id>-<lane_id>-<read time ms>-check"},
    {"gate_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the gate's id"},
    {"time", Kind::kTime, Domain::DOMAIN_UNSPECIFIED, "when the plate was read"},
    {"lane_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the lane"},
    {"direction", Kind::kCoded, Domain::DOMAIN_DIRECTION, "in or out"},
    {"plate", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the plate as read"},
    {"plate_color", Kind::kCoded, Domain::DOMAIN_PLATE_COLOR, "the plate's colour"},
    {"camera_id", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the camera that read it"},
};

const std::vector<RecordField> kCheckAnswerFields = {
    {"may_pass", Kind::kCoded, Domain::DOMAIN_BOOL, "true: the platform lets the vehicle pass"},
    {"reason", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "the platform's control reason"},
    {"emission_stage", Kind::kCoded, Domain::DOMAIN_EMISSION_STAGE,
     "the vehicle's stage in the platform's records"},
    {"fuel_type", Kind::kCoded, Domain::DOMAIN_FUEL_TYPE, "its fuel in the platform's records"},
    {"vin", Kind::kText, Domain::DOMAIN_UNSPECIFIED, "its VIN in the platform's records"},
    {"registration_date", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "its registration date as dates are written (2019-05-12, 2019/5/12, 2019年5月12日, with a "
     "midnight time or not), kept as YYYY-MM-DD"},
    {"serial", Kind::kText, Domain::DOMAIN_UNSPECIFIED,
     "the platform's serial for this passage, sent with its records"},
};

FieldValue text(std::string s) {
  return FieldValue{std::move(s), 0};
}

FieldValue time_value(const std::string& wire) {
  if (wire.empty()) return FieldValue{};
  auto ms = parse_wire_time(wire);
  return ms.ok() ? FieldValue{wire, ms.value()} : FieldValue{};
}

std::string direction_name(int code) {
  return code == 1 ? "in" : code == 2 ? "out" : "";
}

std::string vehicle_class_name(int code) {
  return code == 1 ? "transport" : code == 2 ? "in_plant" : code == 3 ? "machinery" : "";
}

std::string bool_text(bool b) {
  return b ? "true" : "false";
}

// 0.95 rather than 0.950000.
std::string number_text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

}  // namespace

const std::vector<RecordField>& control_fields() {
  return kControlFields;
}

const std::vector<RecordField>& record_fields() {
  return kFields;
}

const std::vector<RecordField>& status_fields() {
  return kStatusFields;
}

const std::vector<RecordField>& lane_status_fields() {
  return kLaneStatusFields;
}

const std::vector<RecordField>& camera_status_fields() {
  return kCameraStatusFields;
}

const std::vector<RecordField>& photo_message_fields() {
  return kPhotoFields;
}

const std::vector<RecordField>& check_request_fields() {
  return kCheckRequestFields;
}

const std::vector<RecordField>& check_answer_fields() {
  return kCheckAnswerFields;
}

const std::vector<RecordField>& fields_for(gate::v1::PlatformMessage::Kind kind) {
  static const std::vector<RecordField> kNone;  // a policy pull sends no record's values
  if (kind == gate::v1::PlatformMessage::KIND_POLICY_PULL) return kNone;
  if (kind == gate::v1::PlatformMessage::KIND_VEHICLE_CHECK) return kCheckRequestFields;
  if (kind == gate::v1::PlatformMessage::KIND_STATUS) return kStatusFields;
  if (kind == gate::v1::PlatformMessage::KIND_LANE_STATUS) return kLaneStatusFields;
  if (kind == gate::v1::PlatformMessage::KIND_CAMERA_STATUS) return kCameraStatusFields;
  if (kind == gate::v1::PlatformMessage::KIND_PHOTO) return kPhotoFields;
  if (kind == gate::v1::PlatformMessage::KIND_CARGO) return kCargoFields;
  return kFields;
}

const RecordField* find_field(const std::vector<RecordField>& fields, std::string_view name) {
  auto it = std::find_if(fields.begin(), fields.end(),
                         [&](const RecordField& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

const RecordField* find_record_field(std::string_view name) {
  const RecordField* f = find_field(kFields, name);
  return f != nullptr ? f : find_field(kCargoFields, name);
}

const std::vector<RecordField>& cargo_fields() {
  return kCargoFields;
}

gate::v1::PlatformMessage::Kind message_kind(std::string_view record_kind) {
  using Message = gate::v1::PlatformMessage;
  if (record_kind == "outcome") return Message::KIND_OUTCOME;
  if (record_kind.substr(0, 6) == "photo_") return Message::KIND_PHOTO;
  if (record_kind.substr(0, 5) == "cargo") return Message::KIND_CARGO;
  return Message::KIND_PASSAGE;
}

bool is_envelope_source(std::string_view name) {
  return name == "record" || name == "token";
}

const std::vector<std::string_view>& domain_values(Domain::Domain domain) {
  static const std::vector<std::string_view> kNone;
  auto it = kDomainValues.find(domain);
  return it == kDomainValues.end() ? kNone : it->second;
}

std::map<std::string, FieldValue, std::less<>> record_values(const gate::v1::UplinkRecord& r) {
  std::map<std::string, FieldValue, std::less<>> v;
  v["key"] = text(r.key());
  v["gate_id"] = text(r.gate_id());
  v["seq"] = text(std::to_string(r.seq()));
  v["backfill"] = text(bool_text(r.backfill()));
  v["live"] = text(bool_text(!r.backfill()));
  v["sent_at"] = time_value(r.sent_at());
  const auto& d = r.decision();
  v["time"] = time_value(d.time());
  v["lane_id"] = text(d.lane_id());
  v["direction"] = text(direction_name(d.direction()));
  v["plate"] = text(d.plate());
  v["plate_color"] = text(d.plate_color_name());
  v["confidence"] = text(number_text(d.confidence()));
  v["camera_id"] = text(d.camera_id());
  v["image_sha256"] = text(d.image_sha256());
  v["plate_photo"] = text(d.image_sha256());
  v["closeup_sha256"] = text(d.closeup_sha256());
  v["closeup_photo"] = text(d.closeup_sha256());
  v["vehicle_known"] = text(bool_text(d.vehicle_known()));
  const auto& veh = d.vehicle();
  v["vehicle.plate"] = text(veh.plate());
  v["vehicle.vin"] = text(veh.vin());
  v["vehicle.engine_no"] = text(veh.engine_no());
  v["vehicle.registration_date"] = text(veh.registration_date());
  v["vehicle.emission_stage"] = text(veh.emission_stage());
  v["vehicle.fuel_type"] = text(veh.fuel_type());
  v["vehicle.vehicle_class"] = text(vehicle_class_name(veh.vehicle_class()));
  v["vehicle.fleet"] = text(veh.fleet());
  v["check_status"] = text(d.check_status());
  v["check_reason"] = text(d.check_reason());
  v["platform_serial"] = text(d.platform_serial());
  v["ledger_mismatch"] = text(d.ledger_mismatch());
  v["verdict"] = text(d.verdict());
  v["rule_id"] = text(d.rule_id());
  v["reason"] = text(d.reason());
  v["policy_version"] = text(d.policy_version());
  v["operator_id"] = text(d.operator_id());
  v["alert_level"] = text(std::to_string(d.alert_level()));
  v["outcome"] = text(r.outcome().outcome());
  v["outcome_time"] = time_value(r.outcome().time());
  v["confirmed_by"] = text(r.outcome().confirmed_by());
  v["photo"] = text(r.photo().sha256());
  v["photo_base64"] = text(r.photo().sha256());
  v["photo_number"] = text(r.photo().number() == 0 ? "" : std::to_string(r.photo().number()));
  v["photo_sha256"] = text(r.photo().sha256());
  v["passage_key"] = text(r.gate_id() + "-" + std::to_string(r.seq()) + "-decision");
  const auto& c = r.cargo();
  v["cargo.plate"] = text(c.plate());
  v["cargo.name"] = text(c.name());
  v["cargo.quantity"] = text(c.quantity());
  v["cargo.unit"] = text(c.unit());
  v["cargo.entered_by"] = text(c.entered_by());
  v["cargo.time"] = time_value(c.time());
  v["cargo.revision"] = text(c.revision() == 0 ? "" : std::to_string(c.revision()));
  return v;
}

std::map<std::string, FieldValue, std::less<>> status_values(const gate::v1::Heartbeat& hb) {
  std::map<std::string, FieldValue, std::less<>> v;
  v["gate_id"] = text(hb.gate_id());
  v["time"] = time_value(hb.time());
  const bool barriers = std::all_of(hb.lanes().begin(), hb.lanes().end(),
                                    [](const auto& l) { return l.barrier_online(); });
  const auto offline = std::count_if(hb.cameras().begin(), hb.cameras().end(),
                                     [](const auto& c) { return !c.online(); });
  v["barrier_online"] = text(bool_text(barriers));
  v["cameras_online"] = text(bool_text(offline == 0));
  v["lanes"] = text(std::to_string(hb.lanes_size()));
  v["cameras_offline"] = text(std::to_string(offline));
  v["backlog_records"] = text(std::to_string(hb.backlog_records()));
  v["alert_level"] = text(std::to_string(hb.alert_level()));
  return v;
}

namespace {

bool lane_barrier_online(const gate::v1::Heartbeat& hb, const std::string& lane_id) {
  for (const auto& l : hb.lanes()) {
    if (l.lane_id() == lane_id) return l.barrier_online();
  }
  return false;  // a camera of a lane the heartbeat does not list has no barrier we know of
}

}  // namespace

std::vector<std::map<std::string, FieldValue, std::less<>>> lane_status_values(
    const gate::v1::Heartbeat& hb) {
  std::vector<std::map<std::string, FieldValue, std::less<>>> out;
  for (const auto& lane : hb.lanes()) {
    auto& v = out.emplace_back();
    v["gate_id"] = text(hb.gate_id());
    v["time"] = time_value(hb.time());
    v["lane_id"] = text(lane.lane_id());
    v["barrier_online"] = text(bool_text(lane.barrier_online()));
    int cameras = 0;
    int offline = 0;
    FieldValue last_seen;  // the latest; empty when no camera of the lane was seen
    for (const auto& c : hb.cameras()) {
      if (c.lane_id() != lane.lane_id()) continue;
      ++cameras;
      offline += c.online() ? 0 : 1;
      if (FieldValue seen = time_value(c.last_seen()); seen.unix_ms > last_seen.unix_ms) {
        last_seen = std::move(seen);
      }
    }
    v["cameras_online"] = text(bool_text(offline == 0));
    v["cameras"] = text(std::to_string(cameras));
    v["cameras_offline"] = text(std::to_string(offline));
    v["last_seen"] = last_seen;
  }
  return out;
}

std::vector<std::map<std::string, FieldValue, std::less<>>> camera_status_values(
    const gate::v1::Heartbeat& hb) {
  std::vector<std::map<std::string, FieldValue, std::less<>>> out;
  for (const auto& c : hb.cameras()) {
    auto& v = out.emplace_back();
    v["gate_id"] = text(hb.gate_id());
    v["time"] = time_value(hb.time());
    v["lane_id"] = text(c.lane_id());
    v["camera_id"] = text(c.camera_id());
    v["online"] = text(bool_text(c.online()));
    v["last_seen"] = time_value(c.last_seen());
    v["barrier_online"] = text(bool_text(lane_barrier_online(hb, c.lane_id())));
  }
  return out;
}

}  // namespace gate::drivers::uplink
