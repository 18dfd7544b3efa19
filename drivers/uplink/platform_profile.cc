// Platform profile checks: see platform_profile.h.
#include "drivers/uplink/platform_profile.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "drivers/uplink/record_fields.h"
#include "drivers/uplink/time_pattern.h"

namespace gate::drivers::uplink {
namespace {

using gate::v1::PlatformCodeTable;
using gate::v1::PlatformField;
using gate::v1::PlatformLogin;
using gate::v1::PlatformMessage;
using gate::v1::PlatformPhotos;
using gate::v1::PlatformProfile;
using Issues = std::vector<rules::TextIssue>;

constexpr int kDefaultTokenLifetimeS = 3600;
constexpr int kDefaultPhotoBytes = 200 * 1024;
constexpr int kDefaultCheckDeadlineMs = 800;

std::string indexed(const std::string& path, int i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string field_names(const std::vector<RecordField>& fields) {
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

const PlatformCodeTable* find_table(const PlatformProfile& p, const std::string& name) {
  for (const auto& t : p.code_tables()) {
    if (t.name() == name) return &t;
  }
  return nullptr;
}

void check_record_source(const PlatformProfile& p, const PlatformField& f,
                         const std::vector<RecordField>& fields, const std::string& at,
                         Issues& out) {
  const RecordField* rf = find_field(fields, f.from());
  if (rf == nullptr) {
    const std::string what =
        &fields == &status_fields()          ? "status reports"
        : &fields == &lane_status_fields()   ? "lane status reports"
        : &fields == &camera_status_fields() ? "camera status reports"
        : &fields == &check_request_fields() ? "vehicle checks (they send the read)"
        : fields.empty() ? "policy pulls (they send constants, settings and the token only)"
                         : "records";
    out.push_back(
        {at + ".from", "no field \"" + f.from() + "\" in our " + what +
                           (fields.empty() ? "" : "; the fields are: " + field_names(fields))});
    return;
  }
  const bool photo =
      rf->kind == RecordField::Kind::kPhoto || rf->kind == RecordField::Kind::kPhotoBase64;
  const bool photo_message = &fields == &photo_message_fields();
  if (photo && !photo_message && p.photos().mode() != PlatformPhotos::MODE_INLINE) {
    out.push_back({at + ".from", "\"" + f.from() +
                                     "\" travels in the record only with "
                                     "photos { mode: MODE_INLINE }"});
  }
  if (photo && photo_message && p.photos().mode() != PlatformPhotos::MODE_MESSAGE) {
    out.push_back({at + ".from", "\"" + f.from() +
                                     "\" is sent in a photo message only with "
                                     "photos { mode: MODE_MESSAGE }"});
  }
  if (!f.time_format().empty()) {
    if (rf->kind != RecordField::Kind::kTime) {
      out.push_back({at + ".time_format", "\"" + f.from() + "\" is not a time"});
    } else if (Status st = check_time_format(f.time_format()); !st.ok()) {
      out.push_back({at + ".time_format", st.message()});
    }
  }
  if (f.code_table().empty()) return;
  const PlatformCodeTable* table = find_table(p, f.code_table());
  if (table == nullptr) {
    out.push_back({at + ".code_table", "no code table named \"" + f.code_table() + "\""});
  } else if (rf->domain == PlatformCodeTable::DOMAIN_UNSPECIFIED) {
    out.push_back({at + ".code_table", "\"" + f.from() + "\" is not a coded field"});
  } else if (table->domain() != rf->domain) {
    out.push_back({at + ".code_table", "table \"" + f.code_table() + "\" codes " +
                                           PlatformCodeTable::Domain_Name(table->domain()) +
                                           ", but \"" + f.from() + "\" is " +
                                           PlatformCodeTable::Domain_Name(rf->domain)});
  }
}

void check_field(const PlatformProfile& p, const PlatformField& f,
                 const std::vector<RecordField>& fields, const std::string& at, bool envelope,
                 Issues& out) {
  if (f.name().empty()) out.push_back({at + ".name", "give the platform's name of the field"});
  switch (f.source_case()) {
    case PlatformField::SOURCE_NOT_SET:
      out.push_back({at, "say where the value comes from: from, constant or setting"});
      return;
    case PlatformField::kConstant:
      return;
    case PlatformField::kSetting:
      if (f.setting().empty()) out.push_back({at + ".setting", "name the setting"});
      return;
    case PlatformField::kFrom:
      break;
  }
  if (is_envelope_source(f.from())) {
    if (!envelope) {
      out.push_back({at + ".from", "\"" + f.from() + "\" may only be used in an envelope"});
    } else if (f.from() == "token" && p.login().scheme() != PlatformLogin::SCHEME_TOKEN) {
      out.push_back({at + ".from", "\"token\" needs login.scheme SCHEME_TOKEN"});
    }
    return;
  }
  check_record_source(p, f, fields, at, out);
}

void check_fields(const PlatformProfile& p,
                  const google::protobuf::RepeatedPtrField<PlatformField>& fields,
                  const std::vector<RecordField>& ours, const std::string& at, bool envelope,
                  Issues& out) {
  std::set<std::string> names;
  for (int i = 0; i < fields.size(); ++i) {
    const std::string here = indexed(at, i);
    check_field(p, fields[i], ours, here, envelope, out);
    if (!fields[i].name().empty() && !names.insert(fields[i].name()).second) {
      out.push_back({here + ".name", "\"" + fields[i].name() + "\" is written twice"});
    }
  }
}

// `ours`: the fields the message's answer may be read into; `what` names them in messages.
void check_reading(const PlatformProfile& p, const gate::v1::PlatformReading& r,
                   const std::vector<RecordField>& ours, const std::string& what,
                   const std::string& at, Issues& out) {
  if (r.name().empty())
    out.push_back({at + ".name", "give the answer's field, e.g. \"data.level\""});
  const RecordField* f = find_field(ours, r.to());
  if (f == nullptr) {
    out.push_back(
        {at + ".to", "\"" + r.to() + "\" is none of our " + what + ": " + field_names(ours)});
    return;
  }
  if (!r.time_format().empty()) {
    if (f->kind != RecordField::Kind::kTime) {
      out.push_back({at + ".time_format", "\"" + r.to() + "\" is not a time"});
    } else if (Status st = check_time_format(r.time_format()); !st.ok()) {
      out.push_back({at + ".time_format", st.message()});
    }
  }
  if (f->kind != RecordField::Kind::kCoded) {
    if (!r.code_table().empty()) {
      out.push_back({at + ".code_table", "\"" + r.to() + "\" is not a coded field"});
    }
    return;
  }
  const PlatformCodeTable* table = find_table(p, r.code_table());
  if (r.code_table().empty()) {
    out.push_back({at + ".code_table", "\"" + r.to() + "\" is coded: name a code table of " +
                                           PlatformCodeTable::Domain_Name(f->domain)});
  } else if (table == nullptr) {
    out.push_back({at + ".code_table", "no code table named \"" + r.code_table() + "\""});
  } else if (table->domain() != f->domain) {
    out.push_back({at + ".code_table", "table \"" + r.code_table() + "\" codes " +
                                           PlatformCodeTable::Domain_Name(table->domain()) +
                                           ", but \"" + r.to() + "\" is " +
                                           PlatformCodeTable::Domain_Name(f->domain)});
  }
}

// A check answer's codes are read theirs → ours: a platform code may mean one of ours only.
void check_codes_read_once(const PlatformProfile& p, const std::string& table,
                           const std::string& at, Issues& out) {
  const PlatformCodeTable* t = find_table(p, table);
  if (t == nullptr) return;
  std::set<std::string> theirs;
  for (const auto& c : t->codes()) {
    if (!theirs.insert(c.theirs()).second) {
      out.push_back({at + ".code_table", "table \"" + table + "\" gives the platform's code \"" +
                                             c.theirs() +
                                             "\" twice: an answer could not be read back"});
      return;
    }
  }
}

// A policy pull and a vehicle check read their answers; no other message does.
void check_readings(const PlatformProfile& p, const PlatformMessage& m, const std::string& at,
                    Issues& out) {
  const bool pull = m.kind() == PlatformMessage::KIND_POLICY_PULL;
  const bool check = m.kind() == PlatformMessage::KIND_VEHICLE_CHECK;
  if (!pull && !check) {
    if (!m.reads().empty()) {
      out.push_back({indexed(at + ".reads", 0),
                     "only a KIND_POLICY_PULL or KIND_VEHICLE_CHECK message reads its answer"});
    }
    return;
  }
  const auto& ours = pull ? control_fields() : check_answer_fields();
  const std::string what = pull ? "control fields" : "check answer fields";
  std::set<std::string> targets;
  for (int i = 0; i < m.reads_size(); ++i) {
    const std::string here = indexed(at + ".reads", i);
    check_reading(p, m.reads(i), ours, what, here, out);
    if (check && !m.reads(i).code_table().empty()) {
      check_codes_read_once(p, m.reads(i).code_table(), here, out);
    }
    if (!targets.insert(m.reads(i).to()).second) {
      out.push_back({here + ".to", "\"" + m.reads(i).to() + "\" is read twice"});
    }
  }
  if (pull && targets.count("alert_level") == 0) {
    out.push_back({at + ".reads",
                   "read the platform's control level: a reads { to: "
                   "\"alert_level\" } with a DOMAIN_ALERT_LEVEL table"});
  }
  if (check && targets.count("may_pass") == 0) {
    out.push_back({at + ".reads",
                   "read whether the vehicle may pass: a reads { to: \"may_pass\" } with a "
                   "DOMAIN_BOOL table (the platform's code for \"may pass\" as true)"});
  }
}

// The check's deadline and the lane's choice when the platform does not answer in time.
void check_vehicle_check(const PlatformMessage& m, const std::string& at, Issues& out) {
  if (m.kind() != PlatformMessage::KIND_VEHICLE_CHECK) {
    if (m.has_check()) out.push_back({at + ".check", "only a KIND_VEHICLE_CHECK message has it"});
    return;
  }
  const auto& c = m.check();
  if (c.deadline_ms() != 0 && (c.deadline_ms() < 50 || c.deadline_ms() > 10000)) {
    out.push_back({at + ".check.deadline_ms",
                   std::to_string(c.deadline_ms()) +
                       " is outside 50..10000 (ms the lane waits for the answer; 0 = 800)"});
  }
  if (c.degraded() == gate::v1::PlatformCheck::DEGRADED_UNSPECIFIED) {
    out.push_back({at + ".check.degraded",
                   "say what the lane does when the platform does not answer by the deadline: "
                   "DEGRADED_LOCAL (decide from the ledger and the last lists, recorded as "
                   "check: unavailable) or DEGRADED_REFUSE (refuse: platform unreachable)"});
  }
}

// The gate's, each lane's and each camera's state: sent together at each status report.
bool is_status(PlatformMessage::Kind k) {
  return k == PlatformMessage::KIND_STATUS || k == PlatformMessage::KIND_LANE_STATUS ||
         k == PlatformMessage::KIND_CAMERA_STATUS;
}

// The status messages go out together, so they share one interval.
void check_status_intervals(const PlatformProfile& p, Issues& out) {
  const PlatformMessage* first = nullptr;
  for (int i = 0; i < p.messages_size(); ++i) {
    const auto& m = p.messages(i);
    if (!is_status(m.kind())) continue;
    if (first == nullptr) {
      first = &m;
    } else if (m.interval_s() != first->interval_s()) {
      out.push_back({indexed("messages", i) + ".interval_s",
                     "status messages are sent together: give the same interval_s as " +
                         PlatformMessage::Kind_Name(first->kind()) + " (" +
                         std::to_string(first->interval_s()) + ")"});
    }
  }
}

bool needs_fields(PlatformMessage::Kind k) {
  return k == PlatformMessage::KIND_PASSAGE || k == PlatformMessage::KIND_OUTCOME ||
         k == PlatformMessage::KIND_PHOTO || k == PlatformMessage::KIND_CARGO ||
         k == PlatformMessage::KIND_VEHICLE_CHECK;
}

void check_message(const PlatformProfile& p, const PlatformMessage& m, const std::string& at,
                   Issues& out) {
  if (m.kind() == PlatformMessage::KIND_UNSPECIFIED) {
    out.push_back({at + ".kind", "say which message this is (KIND_PASSAGE, KIND_OUTCOME, …)"});
  }
  if (m.path().empty() || m.path()[0] != '/') {
    out.push_back({at + ".path", "give the call's path after the base URL, starting with /"});
  }
  if (needs_fields(m.kind()) && m.fields().empty()) {
    out.push_back({at + ".fields", "map at least one field"});
  }
  const bool periodic = is_status(m.kind()) || m.kind() == PlatformMessage::KIND_POLICY_PULL;
  if (periodic && (m.interval_s() < 10 || m.interval_s() > 86400)) {
    out.push_back({at + ".interval_s", std::to_string(m.interval_s()) +
                                           " is outside 10..86400 (seconds between calls)"});
  }
  check_fields(p, m.envelope(), fields_for(m.kind()), at + ".envelope", true, out);
  check_fields(p, m.fields(), fields_for(m.kind()), at + ".fields", false, out);
  const bool carries_photo = std::any_of(
      m.fields().begin(), m.fields().end(),
      [](const PlatformField& f) { return f.from() == "photo" || f.from() == "photo_base64"; });
  if (m.kind() == PlatformMessage::KIND_PHOTO && !carries_photo) {
    out.push_back({at + ".fields",
                   "a photo message carries the photo: map a field from \"photo\" (data URI) "
                   "or \"photo_base64\""});
  }
  check_readings(p, m, at, out);
  check_vehicle_check(m, at, out);
  if (m.envelope().empty()) return;
  const auto records = std::count_if(m.envelope().begin(), m.envelope().end(),
                                     [](const PlatformField& f) { return f.from() == "record"; });
  if (records != 1) {
    out.push_back({at + ".envelope[0]",
                   "an envelope holds the record once: one field with from: "
                   "\"record\" (it has " +
                       std::to_string(records) + ")"});
  }
}

// Tables of the platform's control codes are read (theirs → ours): a code may mean one of ours
// only, and `otherwise` is one of ours (what an unlisted code means), not a platform code.
bool read_from_platform(PlatformCodeTable::Domain d) {
  return d == PlatformCodeTable::DOMAIN_ALERT_LEVEL ||
         d == PlatformCodeTable::DOMAIN_RESPONSE_LEVEL ||
         d == PlatformCodeTable::DOMAIN_CONTROL_STRATEGY;
}

void check_read_table(const PlatformCodeTable& t, const std::vector<std::string_view>& values,
                      const std::string& at, Issues& out) {
  std::set<std::string> theirs;
  for (int i = 0; i < t.codes_size(); ++i) {
    if (!t.codes(i).theirs().empty() && !theirs.insert(t.codes(i).theirs()).second) {
      out.push_back({indexed(at + ".codes", i) + ".theirs",
                     "\"" + t.codes(i).theirs() + "\" already means another of ours"});
    }
  }
  if (!t.otherwise().empty() &&
      std::find(values.begin(), values.end(), t.otherwise()) == values.end()) {
    std::string list;
    for (auto v : values) list += (list.empty() ? "" : " ") + std::string(v);
    out.push_back({at + ".otherwise",
                   "in a table the platform's answers are read with, "
                   "otherwise is one of ours (what an unlisted code means): " +
                       list});
  }
}

void check_code_table(const PlatformCodeTable& t, const std::string& at, Issues& out) {
  if (t.name().empty()) out.push_back({at + ".name", "name the table"});
  if (t.domain() == PlatformCodeTable::DOMAIN_UNSPECIFIED) {
    out.push_back({at + ".domain", "say what it codes (DOMAIN_PLATE_COLOR, …)"});
    return;
  }
  const auto& values = domain_values(t.domain());
  std::set<std::string> seen;
  for (int i = 0; i < t.codes_size(); ++i) {
    const auto& c = t.codes(i);
    const std::string here = indexed(at + ".codes", i);
    if (std::find(values.begin(), values.end(), c.ours()) == values.end()) {
      std::string list;
      for (auto v : values) list += (list.empty() ? "" : " ") + std::string(v);
      out.push_back({here + ".ours", "\"" + c.ours() + "\" is not one of ours: " + list});
    } else if (!seen.insert(c.ours()).second) {
      out.push_back({here + ".ours", "\"" + c.ours() + "\" is coded twice"});
    }
    if (c.theirs().empty()) out.push_back({here + ".theirs", "give the platform's code"});
  }
  for (int i = 0; i < t.not_coded_size(); ++i) {
    const std::string& v = t.not_coded(i);
    if (std::find(values.begin(), values.end(), v) == values.end()) {
      out.push_back({indexed(at + ".not_coded", i), "\"" + v + "\" is not one of ours"});
    } else if (!seen.insert(v).second) {
      out.push_back({indexed(at + ".not_coded", i), "\"" + v + "\" is also coded or listed"});
    }
  }
  if (read_from_platform(t.domain())) check_read_table(t, values, at, out);
}

struct HeaderName {
  const char* field;
  const std::string& value;
  const char* example;
};

void check_login(const PlatformLogin& l, Issues& out) {
  switch (l.scheme()) {
    case PlatformLogin::SCHEME_UNSPECIFIED:
      out.push_back({"login.scheme", "say how the gate logs in (SCHEME_NONE, SCHEME_TOKEN, …)"});
      return;
    case PlatformLogin::SCHEME_TOKEN:
      if (l.path().empty() || l.path()[0] != '/') {
        out.push_back({"login.path", "give the login call's path, starting with /"});
      }
      if (l.request().empty()) out.push_back({"login.request", "map the login body's fields"});
      if (l.token_field().empty()) {
        out.push_back({"login.token_field", "say where the answer holds the token"});
      }
      if (l.token_header().empty() == l.token_envelope_field().empty()) {
        out.push_back({"login", "set one of token_header and token_envelope_field"});
      }
      if (l.token_lifetime_s() != 0 &&
          (l.token_lifetime_s() < 60 || l.token_lifetime_s() > 86400)) {
        out.push_back({"login.token_lifetime_s", "is outside 60..86400"});
      }
      return;
    case PlatformLogin::SCHEME_MD5_HEADER:
      for (const HeaderName& h :
           {HeaderName{"signature_header", l.signature_header(), "api-signature"},
            HeaderName{"timestamp_header", l.timestamp_header(), "api-timestamp"},
            HeaderName{"key_header", l.key_header(), "api-key"}}) {
        if (!h.value.empty()) continue;
        out.push_back({std::string("login.") + h.field,
                       "SCHEME_MD5_HEADER sends this header on every call: name it, e.g. \"" +
                           std::string(h.example) + "\""});
      }
      return;
    default:
      return;
  }
}

// A table a field uses must code every value of its domain that gated may send, or say what
// to send otherwise: a gap would park the first record with that value, at a truck, not here.
void check_tables_complete(const PlatformProfile& p, Issues& out) {
  std::set<std::string> used;
  for (const auto& m : p.messages()) {
    for (const auto* fields : {&m.envelope(), &m.fields()}) {
      for (const auto& f : *fields) {
        if (!f.code_table().empty()) used.insert(f.code_table());
      }
    }
  }
  for (int i = 0; i < p.code_tables_size(); ++i) {
    const auto& t = p.code_tables(i);
    if (used.count(t.name()) == 0 || !t.otherwise().empty()) continue;
    std::string missing;
    for (std::string_view v : domain_values(t.domain())) {
      const bool coded =
          std::any_of(t.codes().begin(), t.codes().end(),
                      [&](const auto& c) { return c.ours() == v; }) ||
          std::find(t.not_coded().begin(), t.not_coded().end(), v) != t.not_coded().end();
      if (!coded) missing += (missing.empty() ? "\"" : ", \"") + std::string(v) + "\"";
    }
    if (missing.empty()) continue;
    out.push_back({indexed("code_tables", i),
                   "table \"" + t.name() + "\" has no code for " + missing +
                       ", which gated may send; code them, add otherwise: \"…\" for the "
                       "platform's code of anything else, or list them in not_coded (a record "
                       "with one is then parked)"});
  }
}

void check_field_map(const PlatformProfile& p, Issues& out) {
  check_login(p.login(), out);
  for (int i = 0; i < p.login().request_size(); ++i) {
    const auto& f = p.login().request(i);
    if (f.source_case() == PlatformField::kFrom) {
      out.push_back({indexed("login.request", i) + ".from",
                     "a login body takes constants and settings only"});
    }
  }
  if (p.success().field().empty() != p.success().value().empty()) {
    out.push_back({"success", "field and value go together"});
  }
  std::set<int> kinds;
  for (int i = 0; i < p.code_tables_size(); ++i) {
    check_code_table(p.code_tables(i), indexed("code_tables", i), out);
    for (int j = 0; j < i; ++j) {
      if (p.code_tables(j).name() == p.code_tables(i).name()) {
        out.push_back({indexed("code_tables", i) + ".name", "the name is used twice"});
      }
    }
  }
  for (int i = 0; i < p.messages_size(); ++i) {
    check_message(p, p.messages(i), indexed("messages", i), out);
    if (!kinds.insert(p.messages(i).kind()).second) {
      out.push_back({indexed("messages", i) + ".kind", "this message is described twice"});
    }
  }
  if (kinds.count(PlatformMessage::KIND_PASSAGE) == 0) {
    out.push_back({"messages", "a profile needs a KIND_PASSAGE message"});
  }
  check_status_intervals(p, out);
  if (p.photos().mode() == PlatformPhotos::MODE_MESSAGE &&
      kinds.count(PlatformMessage::KIND_PHOTO) == 0) {
    out.push_back({"photos.mode", "MODE_MESSAGE needs a KIND_PHOTO message"});
  }
  check_tables_complete(p, out);
}

void check_reference(const PlatformProfile& p, Issues& out) {
  const auto scheme = p.login().scheme();
  if (scheme != PlatformLogin::SCHEME_HMAC && scheme != PlatformLogin::SCHEME_NONE) {
    out.push_back({"login.scheme", "gate-uplink/1 signs with SCHEME_HMAC or not at all"});
  }
  if (!p.messages().empty() || !p.code_tables().empty()) {
    out.push_back({"wire",
                   "WIRE_GATE_UPLINK_1 has its own format (docs/uplink.md): remove "
                   "messages and code_tables, or use WIRE_FIELD_MAP"});
  }
}

}  // namespace

std::vector<rules::TextIssue> validate_platform_profile(const PlatformProfile& p) {
  Issues out;
  if (p.name().empty()) out.push_back({"name", "name the profile, e.g. \"transport-control/1\""});
  if (p.profile_format() != 1) {
    out.push_back({"profile_format",
                   std::to_string(p.profile_format()) + ": this gated reads profile_format 1"});
  }
  if (p.source().empty()) {
    out.push_back({"source",
                   "say where the names come from and that the platform's own "
                   "document must confirm them before go-live"});
  }
  if (p.photos().max_bytes() != 0 &&
      (p.photos().max_bytes() < 10240 || p.photos().max_bytes() > 5 * 1024 * 1024)) {
    out.push_back({"photos.max_bytes", "is outside 10240..5242880"});
  }
  switch (p.wire()) {
    case PlatformProfile::WIRE_GATE_UPLINK_1:
      check_reference(p, out);
      break;
    case PlatformProfile::WIRE_FIELD_MAP:
      check_field_map(p, out);
      break;
    default:
      out.push_back({"wire", "say WIRE_FIELD_MAP, or WIRE_GATE_UPLINK_1 for the reference"});
  }
  return out;
}

Result<PlatformProfile> parse_platform_profile(const std::string& text,
                                               const std::string& file_name) {
  PlatformProfile p;
  Status st =
      rules::parse_text_document(text, file_name, &p, [&] { return validate_platform_profile(p); });
  if (!st.ok()) return Error{st.message()};
  if (p.login().scheme() == PlatformLogin::SCHEME_TOKEN && p.login().token_lifetime_s() == 0) {
    p.mutable_login()->set_token_lifetime_s(kDefaultTokenLifetimeS);
  }
  if (p.photos().mode() == PlatformPhotos::MODE_UNSPECIFIED) {
    p.mutable_photos()->set_mode(PlatformPhotos::MODE_NONE);
  }
  if (p.photos().max_bytes() == 0) p.mutable_photos()->set_max_bytes(kDefaultPhotoBytes);
  for (auto& m : *p.mutable_messages()) {
    if (m.kind() != PlatformMessage::KIND_VEHICLE_CHECK) continue;
    auto* c = m.mutable_check();
    if (c->deadline_ms() == 0) c->set_deadline_ms(kDefaultCheckDeadlineMs);
    if (c->combine() == gate::v1::PlatformCheck::COMBINE_UNSPECIFIED) {
      c->set_combine(gate::v1::PlatformCheck::COMBINE_STRICTEST);
    }
  }
  return p;
}

std::vector<std::string> settings_used(const PlatformProfile& p) {
  std::set<std::string> names;
  auto add = [&](const google::protobuf::RepeatedPtrField<PlatformField>& fields) {
    for (const auto& f : fields) {
      if (f.source_case() == PlatformField::kSetting) names.insert(f.setting());
    }
  };
  add(p.login().request());
  for (const auto& m : p.messages()) {
    add(m.envelope());
    add(m.fields());
  }
  return {names.begin(), names.end()};
}

Result<PlatformProfile> load_platform_profile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  if (!in || !(text << in.rdbuf())) {
    return Error{path +
                 ": cannot read the platform profile (the shipped ones are in "
                 "/usr/share/gate/platforms/)"};
  }
  return parse_platform_profile(text.str(), path);
}

Status check_platform_settings(const PlatformProfile& profile,
                               const std::map<std::string, std::string>& settings) {
  std::string missing;
  for (const auto& name : settings_used(profile)) {
    if (settings.find(name) == settings.end()) missing += (missing.empty() ? "" : ", ") + name;
  }
  if (missing.empty()) return Status::Ok();
  return Error{"profile " + profile.name() +
               " takes settings that uplink.platform_settings lacks: " + missing +
               " (add e.g. platform_settings { key: \"" + missing.substr(0, missing.find(',')) +
               "\" value: \"…\" })"};
}

const PlatformMessage* find_message(const PlatformProfile& p, PlatformMessage::Kind kind) {
  for (const auto& m : p.messages()) {
    if (m.kind() == kind) return &m;
  }
  return nullptr;
}

}  // namespace gate::drivers::uplink
