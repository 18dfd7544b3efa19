// Our side of a platform profile's field map (docs/platform-profiles.md, "Fields"): the names a
// profile may take values `from`, what kind of value each is, and one record's values by name.
// The names are the reference profile's (docs/uplink.md §3), flattened with dots
// ("vehicle.vin"), so an integrator reads one document for both. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gate/v1/platform_profile.pb.h"
#include "gate/v1/uplink.pb.h"

namespace gate::drivers::uplink {

struct RecordField {
  // kPhoto: a JPEG data URI; kPhotoBase64: the JPEG's bare base64. Both re-encoded to the
  // profile's photos.max_bytes.
  enum class Kind { kText, kNumber, kBool, kTime, kCoded, kPhoto, kPhotoBase64 };
  std::string_view name;
  Kind kind;
  // kCoded (and kBool): the code table domain its values are in.
  gate::v1::PlatformCodeTable::Domain domain = gate::v1::PlatformCodeTable::DOMAIN_UNSPECIFIED;
  std::string_view meaning;
};

// Every field a passage or outcome message may name, in document order.
const std::vector<RecordField>& record_fields();
// Every field a photo message (KIND_PHOTO) may name: the passage's and the photo's own.
const std::vector<RecordField>& photo_message_fields();
// Every field a cargo message (KIND_CARGO) may name: the record's key, the passage it belongs
// to, the cargo entry.
const std::vector<RecordField>& cargo_fields();
// Every field a status message (KIND_STATUS) may name: the gate's state at a heartbeat.
const std::vector<RecordField>& status_fields();
// Every field a lane's status message (KIND_LANE_STATUS) may name, and a camera's
// (KIND_CAMERA_STATUS).
const std::vector<RecordField>& lane_status_fields();
const std::vector<RecordField>& camera_status_fields();
// Our control measures' fields a KIND_POLICY_PULL message's `reads` may fill (PlatformReading.to).
const std::vector<RecordField>& control_fields();
// Every field a vehicle check request (KIND_VEHICLE_CHECK) may name: the plate read it is made
// for, before anything is decided.
const std::vector<RecordField>& check_request_fields();
// Our check answer's fields a KIND_VEHICLE_CHECK message's `reads` may fill (PlatformReading.to).
const std::vector<RecordField>& check_answer_fields();
// The fields a message of `kind` may name.
const std::vector<RecordField>& fields_for(gate::v1::PlatformMessage::Kind kind);
// The field called `name` among the record's fields, else among the cargo fields (names they
// share mean the same), or null.
const RecordField* find_record_field(std::string_view name);
const RecordField* find_field(const std::vector<RecordField>& fields, std::string_view name);

// The message that carries an outbox record of `record_kind` ("decision", "outcome",
// "photo_<n>", "cargo…").
gate::v1::PlatformMessage::Kind message_kind(std::string_view record_kind);

// Fields only an envelope may name: "record" (the message's fields object) and "token".
bool is_envelope_source(std::string_view name);

// The values a domain's code table may list as `ours`.
const std::vector<std::string_view>& domain_values(gate::v1::PlatformCodeTable::Domain domain);

// One value of a record: its text as gated has it (codes as our names, times as unix ms).
struct FieldValue {
  std::string text;     // kPhoto, kPhotoBase64: the photo's SHA-256 in the gate's photo store
  int64_t unix_ms = 0;  // kTime: when; text is empty when the time is not known
};

// A record's values by field name. `record` as built for the reference profile
// (firmware-host/sync/upload_payload.h); times are read from its wire text.
std::map<std::string, FieldValue, std::less<>> record_values(const gate::v1::UplinkRecord& record);

// A heartbeat's values by status field name.
std::map<std::string, FieldValue, std::less<>> status_values(const gate::v1::Heartbeat& hb);
// One value map per lane of the heartbeat, in its order; one per watched camera.
std::vector<std::map<std::string, FieldValue, std::less<>>> lane_status_values(
    const gate::v1::Heartbeat& hb);
std::vector<std::map<std::string, FieldValue, std::less<>>> camera_status_values(
    const gate::v1::Heartbeat& hb);

}  // namespace gate::drivers::uplink
