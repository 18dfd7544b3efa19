#include "firmware-host/plant/gate_report.h"

namespace gate::host {
namespace {

// Only the gate's own row, which its first push or contact created.
constexpr const char* kReport = R"sql(
UPDATE gates SET gate_seq = $2::bigint, backlog_oldest_unix_ms = $3::bigint, reported_at = now()
WHERE gate_id = $1
)sql";

}  // namespace

Status report_gate_lag(drivers::pg::Connection& db, const std::string& gate_id, int64_t plant_seq,
                       const PlantLag& lag) {
  auto r = db.exec(kReport, {gate_id, std::to_string(plant_seq + lag.passages),
                             std::to_string(lag.passages > 0 ? lag.oldest_unix_ms : 0)});
  if (!r.ok()) return Error{"reporting the gate's lag to the plant: " + r.error()};
  return Status::Ok();
}

void report_gate_lag_if_connected(drivers::pg::Connection* db, const std::string& gate_id,
                                  int64_t plant_seq, const PlantLag& lag) {
  if (db == nullptr || !db->usable()) return;
  (void)report_gate_lag(*db, gate_id, plant_seq, lag);
}

}  // namespace gate::host
