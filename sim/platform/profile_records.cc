// A field-map platform's records read back: see profile_records.h.
#include "sim/platform/profile_records.h"

#include <charconv>
#include <optional>

#include "drivers/uplink/json_path.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/time_pattern.h"

namespace gate::sim {
namespace {

using gate::v1::PlatformField;
using gate::v1::PlatformMessage;
using gate::v1::PlatformProfile;

// Our value for a platform code of `table`; the code itself when no entry matches.
std::string ours_of_code(const PlatformProfile& p, const std::string& table,
                         const std::string& theirs) {
  for (const auto& t : p.code_tables()) {
    if (t.name() != table) continue;
    for (const auto& c : t.codes()) {
      if (c.theirs() == theirs) return c.ours();
    }
  }
  return theirs;
}

// The field of `m` that takes its value from `from`, or null.
const PlatformField* field_from(const PlatformMessage& m, const std::string& from) {
  for (const auto& f : m.fields()) {
    if (f.source_case() == PlatformField::kFrom && f.from() == from) return &f;
  }
  return nullptr;
}

// Our value of field `from` in `record` as text (codes decoded), or nullopt when the profile
// does not carry it.
std::optional<std::string> ours(const PlatformProfile& p, const PlatformMessage& m,
                                const nlohmann::json& record, const std::string& from) {
  const PlatformField* f = field_from(m, from);
  if (f == nullptr) return std::nullopt;
  const nlohmann::json* v = drivers::uplink::find_at(record, f->name());
  if (v == nullptr) return std::string();
  std::string text = v->is_string() ? v->get<std::string>() : v->dump();
  if (!f->code_table().empty()) text = ours_of_code(p, f->code_table(), text);
  return text;
}

// <gate_id>-<seq>-<kind>: the gate id may itself hold dashes.
bool split_key(const std::string& key, ReceivedRecord& r) {
  const auto kind_at = key.rfind('-');
  if (kind_at == std::string::npos || kind_at == 0) return false;
  const auto seq_at = key.rfind('-', kind_at - 1);
  if (seq_at == std::string::npos || seq_at == 0) return false;
  const char* first = key.data() + seq_at + 1;
  const char* last = key.data() + kind_at;
  const auto [end, ec] = std::from_chars(first, last, r.seq);
  if (ec != std::errc() || end != last) return false;
  r.gate_id = key.substr(0, seq_at);
  r.kind = key.substr(kind_at + 1);
  return !r.kind.empty();
}

}  // namespace

Result<ReceivedRecord> received_record(const PlatformProfile& profile, const ProfileRecord& in,
                                       int utc_offset_minutes) {
  const PlatformMessage* m = drivers::uplink::find_message(profile, in.kind);
  if (m == nullptr || field_from(*m, "key") == nullptr) {
    return Error{"profile " + profile.name() + ": its " + PlatformMessage::Kind_Name(in.kind) +
                 " message carries no field from \"key\"; its records cannot be told apart"};
  }
  ReceivedRecord r;
  r.key = in.serial;
  if (!split_key(in.serial, r)) {
    return Error{"serial \"" + in.serial + "\" is not <gate_id>-<seq>-<kind>"};
  }
  r.received_unix_ms = in.received_unix_ms;
  r.profile = profile.name();
  r.plate = ours(profile, *m, in.record, "plate").value_or("");
  r.verdict = ours(profile, *m, in.record, "verdict").value_or("");
  r.rule = ours(profile, *m, in.record, "rule_id").value_or("");
  r.reason = ours(profile, *m, in.record, "reason").value_or("");
  if (auto b = ours(profile, *m, in.record, "backfill")) {
    r.backfill = *b == "true";
  } else if (auto live = ours(profile, *m, in.record, "live")) {
    r.backfill = *live == "false";
  }
  const std::string time_field = r.kind == "outcome" ? "outcome_time" : "time";
  if (auto t = ours(profile, *m, in.record, time_field); t && !t->empty()) {
    auto ms = drivers::uplink::parse_time(*t, utc_offset_minutes,
                                          field_from(*m, time_field)->time_format());
    if (!ms.ok()) return Error{"record " + in.serial + ": " + ms.error()};
    r.time_unix_ms = ms.value();
  }
  return r;
}

}  // namespace gate::sim
