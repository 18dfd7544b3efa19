// A platform's vehicle check answer read into our record of it: see check_answer.h.
#include "drivers/uplink/check_answer.h"

#include <optional>

#include "drivers/uplink/json_path.h"
#include "rules/codes.h"
#include "rules/local_date.h"

namespace gate::drivers::uplink {
namespace {

using gate::v1::PlatformReading;
using gate::v1::VehicleCheck;

// Our value of the platform's code `theirs` in the reading's table; nullopt when not listed.
std::optional<std::string> decoded(const gate::v1::PlatformProfile& p, const PlatformReading& r,
                                   const std::string& theirs) {
  for (const auto& t : p.code_tables()) {
    if (t.name() != r.code_table()) continue;
    for (const auto& c : t.codes()) {
      if (c.theirs() == theirs) return c.ours();
    }
  }
  return std::nullopt;
}

Status put_may_pass(VehicleCheck& out, const gate::v1::PlatformProfile& p, const PlatformReading& r,
                    const std::string& theirs) {
  const auto ours = decoded(p, r, theirs);
  if (!ours) {
    return Error{r.name() + " \"" + theirs + "\" is not in code table " + r.code_table() +
                 ": the answer cannot say whether the vehicle may pass (add the code to the "
                 "profile once the platform's document says what it means)"};
  }
  out.set_may_pass(*ours == "true");
  return Status::Ok();
}

Status put(VehicleCheck& out, const gate::v1::PlatformProfile& p, const PlatformReading& r,
           const std::string& theirs) {
  const std::string& to = r.to();
  if (to == "may_pass") return put_may_pass(out, p, r, theirs);
  if (to == "reason") {
    out.set_reason(theirs);
  } else if (to == "vin") {
    out.set_vin(theirs);
  } else if (to == "serial") {
    out.set_serial(theirs);
  } else if (to == "registration_date") {
    if (auto date = rules::normalise_date_text(theirs)) out.set_registration_date(*date);
  } else if (to == "emission_stage") {
    const auto ours = decoded(p, r, theirs);
    const auto stage = ours ? rules::stage_from_code(*ours) : std::nullopt;
    if (stage) out.set_emission_stage(*stage);
  } else if (to == "fuel_type") {
    const auto ours = decoded(p, r, theirs);
    const auto fuel = ours ? rules::fuel_from_code(*ours) : std::nullopt;
    if (fuel) out.set_fuel_type(*fuel);
  }
  return Status::Ok();
}

}  // namespace

Result<VehicleCheck> read_check_answer(const gate::v1::PlatformProfile& profile,
                                       const gate::v1::PlatformMessage& message,
                                       const nlohmann::json& answer) {
  VehicleCheck out;
  out.set_status(VehicleCheck::STATUS_ANSWERED);
  for (const PlatformReading& r : message.reads()) {
    const auto theirs = text_at(answer, r.name());
    const bool empty = !theirs || theirs->empty() || *theirs == "null";
    if (empty) {
      if (r.optional() && r.to() != "may_pass") continue;
      return Error{"the platform's check answer has no " + r.name() + " (read as " + r.to() + ")"};
    }
    if (Status st = put(out, profile, r, *theirs); !st.ok()) {
      return Error{st.message()};
    }
  }
  return out;
}

}  // namespace gate::drivers::uplink
