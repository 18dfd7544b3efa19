#include "firmware-host/plant/plant_probe.h"

#include "drivers/postgres/pg_connection.h"
#include "firmware-host/plant/passage_backlog.h"
#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/plant/plant_view.h"

namespace gate::host {
namespace {

// The plant's cursor for the gate; 0 when the plant has no schema yet.
Result<int64_t> read_cursor(const gate::v1::PlantConfig& cfg, const std::string& gate_id) {
  auto db = connect_to_plant(cfg);
  if (!db.ok()) return Error{db.error()};
  auto version = plant_schema_version(*db.value());
  if (!version.ok()) return Error{version.error()};
  if (version.value() == 0) return int64_t{0};
  return plant_cursor(*db.value(), gate_id);
}

}  // namespace

PlantLinkState probe_plant_link(const gate::v1::PlantConfig& cfg, const std::string& gate_id,
                                const std::string& database_path, int64_t now_unix_ms) {
  PlantLinkState s;
  if (cfg.conninfo().empty()) return s;
  s.configured = true;
  auto cursor = read_cursor(cfg, gate_id);
  if (cursor.ok()) {
    s.connected = true;
    s.plant_seq = cursor.value();
    s.cursor_known = true;
    s.last_contact_unix_ms = now_unix_ms;
  } else {
    s.last_error = describe_plant_failure(cursor.error());
  }
  auto backlog = PassageBacklog::Open(database_path);
  if (!backlog.ok()) return s;
  if (auto lag = backlog.value()->lag_after(s.plant_seq); lag.ok()) {
    s.lag_passages = lag.value().passages;
    s.lag_oldest_unix_ms = lag.value().oldest_unix_ms;
  }
  return s;
}

}  // namespace gate::host
