#include "firmware-host/sync/upload_payload.h"

#include <nlohmann/json.hpp>

#include "firmware-host/lane/lane_controller.h"
#include "rules/codes.h"
#include "rules/plate_color.h"

namespace gate::host {
namespace {

std::string verdict_name(gate::v1::Verdict v) {
  switch (v) {
    case gate::v1::VERDICT_PASS:
      return "pass";
    case gate::v1::VERDICT_REFUSE:
      return "refuse";
    case gate::v1::VERDICT_HOLD:
      return "hold";
    case gate::v1::VERDICT_MANUAL_PASS:
      return "manual_pass";
    default:
      return "unspecified";
  }
}

}  // namespace

std::string record_key(const std::string& gate_id, const OutboxRow& row) {
  return gate_id + "-" + std::to_string(row.passage_seq) + "-" + row.kind;
}

std::string build_upload_batch(const std::string& gate_id, const std::vector<OutboxRow>& rows,
                               int64_t now, int64_t live_window_ms, int utc_offset_minutes) {
  nlohmann::json batch;
  batch["gate_id"] = gate_id;
  batch["records"] = nlohmann::json::array();
  for (const auto& row : rows) {
    const auto& p = row.passage;
    nlohmann::json r;
    r["key"] = record_key(gate_id, row);
    r["seq"] = p.seq();
    r["kind"] = row.kind;
    r["backfill"] = now - row.created_unix_ms > live_window_ms;
    r["time"] = local_time(p.time_unix_ms(), utc_offset_minutes);
    r["time_unix_ms"] = p.time_unix_ms();
    r["lane"] = p.lane_id();
    r["direction"] = static_cast<int>(p.direction());
    r["plate"] = p.read().plate_text();
    r["plate_color"] = std::string(rules::color_name(p.read().color()));
    r["confidence"] = p.read().confidence();
    r["vehicle_known"] = p.vehicle_known();
    if (p.vehicle_known()) {
      r["vin"] = p.vehicle().vin();
      r["emission_stage"] = std::string(1, rules::stage_to_code(p.vehicle().emission_stage()));
      r["fuel_type"] = std::string(1, rules::fuel_to_code(p.vehicle().fuel_type()));
    }
    r["verdict"] = verdict_name(p.decision().verdict());
    r["rule"] = p.decision().rule_id();
    r["reason"] = p.decision().reason();
    r["policy_version"] = p.decision().policy_version();
    r["alert_level"] = static_cast<int>(p.alert_level());
    r["outcome"] = static_cast<int>(p.outcome());
    batch["records"].push_back(std::move(r));
  }
  return batch.dump();
}

Result<std::vector<std::string>> parse_upload_reply(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Error{"platform reply is not JSON: " + body.substr(0, 80)};
  }
  if (!j.is_object() || !j.contains("acked") || !j["acked"].is_array()) {
    return Error{"platform reply has no \"acked\" array: " + body.substr(0, 80)};
  }
  std::vector<std::string> keys;
  for (const auto& k : j["acked"]) {
    if (!k.is_string()) return Error{"platform reply: \"acked\" holds a non-string"};
    keys.push_back(k.get<std::string>());
  }
  return keys;
}

}  // namespace gate::host
