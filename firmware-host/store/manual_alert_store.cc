#include "firmware-host/store/manual_alert_store.h"

namespace gate::host {

Status save_manual_alert(SqliteDb& db, const ManualAlert& a) {
  return db.run(
      "INSERT OR REPLACE INTO manual_alert(id, level, set_by, reason, set_unix_ms) "
      "VALUES(1, ?, ?, ?, ?)",
      {int64_t{a.level}, a.set_by, a.reason, a.set_unix_ms});
}

Status clear_manual_alert(SqliteDb& db) {
  return db.exec("DELETE FROM manual_alert");
}

Result<std::optional<ManualAlert>> load_manual_alert(SqliteDb& db) {
  auto q = db.prepare("SELECT level, set_by, reason, set_unix_ms FROM manual_alert WHERE id = 1");
  if (!q.ok()) return Error{"cannot read the manual alert level: " + q.error()};
  auto row = q.value().step();
  if (!row.ok()) return Error{"cannot read the manual alert level: " + row.error()};
  if (!row.value()) return std::optional<ManualAlert>();
  ManualAlert a;
  a.level = static_cast<gate::v1::AlertLevel>(q.value().int64(0));
  a.set_by = q.value().text(1);
  a.reason = q.value().text(2);
  a.set_unix_ms = q.value().int64(3);
  return std::optional<ManualAlert>(a);
}

}  // namespace gate::host
