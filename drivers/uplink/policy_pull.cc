// A platform's control codes read into our measures: see policy_pull.h.
#include "drivers/uplink/policy_pull.h"

#include <algorithm>

#include "drivers/uplink/json_path.h"
#include "drivers/uplink/record_fields.h"
#include "drivers/uplink/time_pattern.h"
#include "drivers/uplink/wire_time.h"

namespace gate::drivers::uplink {
namespace {

using gate::v1::ControlMeasures;
using gate::v1::PlatformCodeTable;
using gate::v1::PlatformReading;

const PlatformCodeTable* table_named(const gate::v1::PlatformProfile& p, const std::string& name) {
  for (const auto& t : p.code_tables()) {
    if (t.name() == name) return &t;
  }
  return nullptr;
}

// The platform's code `theirs` as our value, by the reading's table.
Result<std::string> decoded(const gate::v1::PlatformProfile& p, const PlatformReading& r,
                            const std::string& theirs) {
  const PlatformCodeTable* t = table_named(p, r.code_table());
  if (t == nullptr) return Error{r.name() + ": no code table " + r.code_table()};
  for (const auto& c : t->codes()) {
    if (c.theirs() == theirs) return c.ours();
  }
  if (!t->otherwise().empty()) return t->otherwise();
  return Error{r.name() + " \"" + theirs + "\" is not in code table " + t->name() +
               " and the table has no `otherwise`: the answer is not applied (add the code to "
               "the profile once the platform's document says what it means)"};
}

// Our level name (none, yellow, …; none, I, …) as its code 0..3, in `names`' order.
int level_code(const std::vector<std::string_view>& names, const std::string& ours) {
  const auto it = std::find(names.begin(), names.end(), ours);
  return it == names.end() ? 0 : static_cast<int>(it - names.begin());
}

Status put(ControlMeasures& out, const gate::v1::PlatformProfile& p, const PlatformReading& r,
           const std::string& theirs, int utc_offset_minutes) {
  const RecordField* f = find_field(control_fields(), r.to());
  if (f == nullptr) return Error{r.name() + ": no control field \"" + r.to() + "\""};
  if (f->kind == RecordField::Kind::kTime) {
    auto ms = parse_time(theirs, utc_offset_minutes, r.time_format());
    if (!ms.ok()) return Error{r.name() + ": " + ms.error()};
    const std::string wire = format_wire_time(ms.value(), utc_offset_minutes);
    if (r.to() == "issued_at") {
      out.set_issued_at(wire);
    } else {
      out.set_effective_until(wire);
    }
    return Status::Ok();
  }
  if (f->kind != RecordField::Kind::kCoded) {
    if (r.to() == "issuer") {
      out.set_issuer(theirs);
    } else {
      out.set_reference(theirs);
    }
    return Status::Ok();
  }
  auto ours = decoded(p, r, theirs);
  if (!ours.ok()) return Error{ours.error()};
  const int code = level_code(domain_values(f->domain), ours.value());
  if (r.to() == "alert_level") {
    out.set_alert_level(code);
  } else if (r.to() == "response_level") {
    out.set_response_level(code);
  } else {
    out.set_strategy(ours.value());
    out.set_strategy_code(theirs);
  }
  return Status::Ok();
}

}  // namespace

Result<ControlMeasures> read_control(const gate::v1::PlatformProfile& profile,
                                     const gate::v1::PlatformMessage& message,
                                     const nlohmann::json& answer, int utc_offset_minutes) {
  ControlMeasures out;
  for (const PlatformReading& r : message.reads()) {
    const auto theirs = text_at(answer, r.name());
    const bool empty = !theirs || theirs->empty() || *theirs == "null";
    if (empty) {
      if (r.optional()) continue;
      return Error{"the platform's answer has no " + r.name() + " (read as " + r.to() +
                   "): the answer is not applied"};
    }
    if (Status st = put(out, profile, r, *theirs, utc_offset_minutes); !st.ok()) {
      return Error{st.message()};
    }
  }
  return out;
}

}  // namespace gate::drivers::uplink
