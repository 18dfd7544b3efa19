#include "firmware-host/audit/completeness.h"

namespace gate::host {

std::vector<std::string> missing_passage_fields(const gate::v1::Passage& p, bool photo_present,
                                                bool closeup_present) {
  std::vector<std::string> m;
  auto need = [&](bool ok, const char* name) {
    if (!ok) m.push_back(name);
  };
  need(p.time_unix_ms() > 0, "time");
  need(!p.gate_id().empty(), "gate");
  need(!p.lane_id().empty(), "lane");
  need(p.direction() != gate::v1::DIRECTION_UNSPECIFIED, "direction");
  need(!p.read().plate_text().empty(), "plate");
  need(p.read().color() != gate::v1::PLATE_COLOR_UNSPECIFIED &&
           p.read().color() != gate::v1::PLATE_COLOR_UNKNOWN,
       "plate colour");
  need(p.read().confidence() > 0, "read confidence");
  need(!p.read().camera_id().empty(), "camera");
  need(!p.read().image_sha256().empty(), "photo reference");
  if (!p.read().image_sha256().empty()) need(photo_present, "photo file");
  if (!p.read().closeup_sha256().empty()) need(closeup_present, "plate close-up file");
  need(!p.decision().rule_id().empty(), "deciding rule");
  need(!p.decision().reason().empty(), "reason");
  need(!p.decision().policy_version().empty(), "policy version");
  need(p.alert_level() != gate::v1::ALERT_LEVEL_UNSPECIFIED, "alert level");
  if (p.decision().verdict() == gate::v1::VERDICT_MANUAL_PASS) {
    need(!p.decision().operator_id().empty(), "operator");
  }
  if (p.vehicle_known()) {
    const auto& v = p.vehicle();
    need(!v.vin().empty(), "ledger VIN");
    need(!v.engine_no().empty(), "ledger engine no.");
    need(v.emission_stage() != gate::v1::EMISSION_STAGE_UNSPECIFIED, "ledger stage");
    need(v.fuel_type() != gate::v1::FUEL_TYPE_UNSPECIFIED, "ledger fuel");
    need(!v.registration_date().empty(), "ledger registration date");
    if (v.vehicle_class() == gate::v1::VEHICLE_CLASS_TRANSPORT)
      need(!v.fleet().empty(), "ledger fleet");
  }
  return m;
}

std::vector<std::string> missing_ledger_documents(const gate::v1::Vehicle& v,
                                                  const std::vector<DocumentCheck>& docs) {
  auto intact = [&](rules::DocumentKind kind) {
    for (const auto& d : docs) {
      if (d.kind == kind && d.state == StoredDocumentState::kOk) return true;
    }
    return false;
  };
  std::vector<std::string> m;
  switch (v.vehicle_class()) {
    case gate::v1::VEHICLE_CLASS_TRANSPORT:
    case gate::v1::VEHICLE_CLASS_IN_PLANT:
      if (!intact(rules::DocumentKind::kConformityList) &&
          !intact(rules::DocumentKind::kDrivingLicence)) {
        m.push_back("随车清单 or 行驶证 image");
      }
      break;
    case gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY:
      if (!intact(rules::DocumentKind::kEngineNameplate))
        m.push_back("发动机铭牌 (engine nameplate) image");
      break;
    default:
      break;
  }
  for (const auto& d : docs) {
    if (d.state == StoredDocumentState::kOk) continue;
    m.push_back(std::string(rules::document_name_zh(d.kind)) + " image " + d.sha256.substr(0, 12) +
                "…: " + std::string(stored_document_state_text(d.state)));
  }
  return m;
}

std::vector<std::string> missing_ledger_fields(const gate::v1::Vehicle& v,
                                               const std::vector<DocumentCheck>& docs) {
  std::vector<std::string> m;
  auto need = [&](bool ok, const char* name) {
    if (!ok) m.push_back(name);
  };
  const bool stage = v.emission_stage() != gate::v1::EMISSION_STAGE_UNSPECIFIED;
  const bool fuel = v.fuel_type() != gate::v1::FUEL_TYPE_UNSPECIFIED;
  switch (v.vehicle_class()) {
    case gate::v1::VEHICLE_CLASS_TRANSPORT:
      need(!v.plate().empty(), "plate");
      need(v.plate_color() != gate::v1::PLATE_COLOR_UNSPECIFIED &&
               v.plate_color() != gate::v1::PLATE_COLOR_UNKNOWN,
           "plate colour");
      need(!v.vin().empty(), "VIN");
      need(!v.engine_no().empty(), "engine no.");
      need(!v.registration_date().empty(), "registration date");
      need(stage, "emission stage");
      need(fuel, "fuel type");
      need(!v.vehicle_type().empty(), "vehicle type");
      need(!v.use().empty(), "use");
      need(!v.fleet().empty(), "fleet");
      need(!v.owner().empty(), "owner");
      break;
    case gate::v1::VEHICLE_CLASS_IN_PLANT:
      need(!v.registration_code().empty() || !v.plate().empty(), "internal number");
      need(!v.registration_date().empty(), "registration date");
      need(!v.vin().empty(), "VIN");
      need(!v.engine_no().empty(), "engine no.");
      need(stage, "emission stage");
      need(fuel, "fuel type");
      break;
    case gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY:
      need(!v.registration_code().empty(), "environmental registration code");
      need(!v.registration_date().empty(), "production date");
      need(stage, "emission stage");
      need(!v.vin().empty(), "machine code / PIN");
      need(!v.vehicle_type().empty(), "machine type");
      need(!v.engine_no().empty(), "engine no.");
      break;
    default:
      m.push_back("vehicle class");
  }
  auto documents = missing_ledger_documents(v, docs);
  m.insert(m.end(), documents.begin(), documents.end());
  return m;
}

}  // namespace gate::host
