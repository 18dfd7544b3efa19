// The mock platform's vehicle check answers: see check_answers.h.
#include "sim/platform/check_answers.h"

#include "drivers/uplink/json_path.h"
#include "rules/codes.h"

namespace gate::sim {
namespace {

using json = nlohmann::json;

// The platform's code for our `ours` in `table`; "" when the table lacks it.
std::string theirs(const gate::v1::PlatformProfile& p, const std::string& table,
                   const std::string& ours) {
  for (const auto& t : p.code_tables()) {
    if (t.name() != table) continue;
    for (const auto& c : t.codes()) {
      if (c.ours() == ours) return c.theirs();
    }
  }
  return "";
}

// The reading `to`'s value for `v`, in the platform's codes and format; "" leaves it out.
std::string answer_value(const gate::v1::PlatformProfile& p, const gate::v1::PlatformReading& r,
                         const PlatformVehicle& v, const std::string& serial) {
  const std::string& to = r.to();
  if (to == "may_pass") return theirs(p, r.code_table(), v.may_pass ? "true" : "false");
  if (to == "reason") return v.reason;
  if (to == "emission_stage") return theirs(p, r.code_table(), v.emission_stage);
  if (to == "fuel_type") return theirs(p, r.code_table(), v.fuel_type);
  if (to == "vin") return v.vin;
  if (to == "serial") return serial;
  if (to == "registration_date") return v.registration_date;
  return "";
}

}  // namespace

Result<PlatformVehicleTable> vehicle_table_from_json(const json& in) {
  if (!in.is_object()) {
    return Error{"give an object of plates, e.g. {\"豫H12345\": {\"may_pass\": false}}"};
  }
  PlatformVehicleTable out;
  for (const auto& [plate, v] : in.items()) {
    if (!v.is_object()) return Error{plate + ": give an object"};
    PlatformVehicle pv;
    for (const auto& [k, x] : v.items()) {
      if (k == "may_pass" && x.is_boolean()) {
        pv.may_pass = x.get<bool>();
      } else if (x.is_string() && k == "reason") {
        pv.reason = x.get<std::string>();
      } else if (x.is_string() && k == "stage") {
        pv.emission_stage = x.get<std::string>();
      } else if (x.is_string() && k == "fuel") {
        pv.fuel_type = x.get<std::string>();
      } else if (x.is_string() && k == "vin") {
        pv.vin = x.get<std::string>();
      } else if (x.is_string() && k == "registration_date") {
        pv.registration_date = x.get<std::string>();
      } else {
        return Error{plate + "." + k +
                     ": not one of may_pass (true/false), reason, stage, fuel, vin, "
                     "registration_date (text)"};
      }
    }
    out[plate] = pv;
  }
  return out;
}

PlatformVehicleTable platform_records_of(const std::vector<gate::v1::Vehicle>& ledger,
                                         int disagree_every) {
  PlatformVehicleTable out;
  for (std::size_t i = 0; i < ledger.size(); ++i) {
    const auto& v = ledger[i];
    PlatformVehicle pv;
    char stage = rules::stage_to_code(v.emission_stage());
    const bool disagree = disagree_every > 0 && i % static_cast<std::size_t>(disagree_every) == 0;
    if (disagree && stage >= '1' && stage <= '6') --stage;
    if (stage != '?') pv.emission_stage = std::string(1, stage);
    if (const char fuel = rules::fuel_to_code(v.fuel_type()); fuel != '?') {
      pv.fuel_type = std::string(1, fuel);
    }
    pv.vin = v.vin();
    pv.registration_date = v.registration_date();
    out[v.plate()] = pv;
  }
  return out;
}

void put_check_answer(const gate::v1::PlatformProfile& profile,
                      const gate::v1::PlatformMessage& check, const PlatformVehicleTable& table,
                      const std::string& plate, const std::string& serial, json& answer) {
  static const PlatformVehicle kUnknown;
  const auto it = table.find(plate);
  const PlatformVehicle& v = it == table.end() ? kUnknown : it->second;
  for (const auto& r : check.reads()) {
    const std::string value = answer_value(profile, r, v, serial);
    if (!value.empty()) drivers::uplink::put_at(answer, r.name(), value);
  }
}

std::string checked_plate(const gate::v1::PlatformMessage& check, const json& record) {
  for (const auto& f : check.fields()) {
    if (f.source_case() != gate::v1::PlatformField::kFrom || f.from() != "plate") continue;
    const auto text = drivers::uplink::text_at(record, f.name());
    return text ? *text : "";
  }
  return "";
}

}  // namespace gate::sim
