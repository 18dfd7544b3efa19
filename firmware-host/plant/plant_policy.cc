#include "firmware-host/plant/plant_policy.h"

#include "firmware-host/store/photo_store.h"

namespace gate::host {
namespace {

constexpr const char* kColumns = "policy_text, label, sha256, set_by, set_unix_ms, revision";

Result<PlantPolicy> from_row(const drivers::pg::Rows& r) {
  if (r.rows.empty()) return Error{"the plant database has no plant_policy row (schema version 6)"};
  PlantPolicy p;
  p.text = r.text(0, 0);
  p.label = r.text(0, 1);
  p.sha256 = r.text(0, 2);
  p.set_by = r.text(0, 3);
  p.set_unix_ms = std::stoll(r.text(0, 4));
  p.revision = std::stoll(r.text(0, 5));
  return p;
}

}  // namespace

Result<PlantPolicy> read_plant_policy(drivers::pg::Connection& db, bool with_text) {
  auto r = db.exec(with_text ? std::string("SELECT ") + kColumns + " FROM plant_policy WHERE id = 1"
                             : "SELECT '', label, sha256, set_by, set_unix_ms, revision FROM "
                               "plant_policy WHERE id = 1");
  if (!r.ok()) return Error{r.error()};
  return from_row(r.value());
}

Result<PlantPolicy> write_plant_policy(drivers::pg::Connection& db, const std::string& text,
                                       const std::string& label, const std::string& set_by,
                                       int64_t now_unix_ms) {
  auto r = db.exec(std::string("UPDATE plant_policy SET policy_text = $1, label = $2, sha256 = $3, "
                               "set_by = $4, set_unix_ms = $5, revision = revision + 1 "
                               "WHERE id = 1 RETURNING ") +
                       kColumns,
                   {text, label, sha256_hex(text), set_by, std::to_string(now_unix_ms)});
  if (!r.ok()) return Error{r.error()};
  return from_row(r.value());
}

Status report_gate_policy(drivers::pg::Connection& db, const GatePolicy& g) {
  auto r = db.exec("UPDATE gates SET policy_label = $2, policy_sha256 = $3 WHERE gate_id = $1",
                   {g.gate_id, g.label, g.sha256});
  if (!r.ok()) return Error{r.error()};
  return Status::Ok();
}

Result<std::vector<GatePolicy>> gate_policies(drivers::pg::Connection& db) {
  auto r = db.exec(
      "SELECT gate_id, COALESCE(policy_label, ''), COALESCE(policy_sha256, '') FROM gates "
      "ORDER BY gate_id");
  if (!r.ok()) return Error{r.error()};
  std::vector<GatePolicy> out;
  for (std::size_t i = 0; i < r.value().rows.size(); ++i) {
    out.push_back({r.value().text(i, 0), r.value().text(i, 1), r.value().text(i, 2)});
  }
  return out;
}

std::string policy_mismatch(const PlantPolicy& plant, const GatePolicy& gate) {
  if (plant.revision == 0 || plant.sha256.empty() || gate.sha256 == plant.sha256) return "";
  const std::string runs =
      gate.sha256.empty() ? "an inline policy (" + gate.label + ")"
                          : "policy " + gate.label + " (sha256 " + gate.sha256.substr(0, 12) + "…)";
  return "plant policy: this gate runs " + runs + ", the plant's is " + plant.label + " (sha256 " +
         plant.sha256.substr(0, 12) + "…, set by " + plant.set_by +
         "). The gate keeps deciding with its own; to install the plant's, run `gatectl plant "
         "policy get --config CFG > FILE`, point policy_file at FILE and reload gated (SIGHUP)";
}

}  // namespace gate::host
