// GateStore: the vehicles table (the plant's ledgers), each write with its history row.
#include "firmware-host/store/gate_store.h"

#include <string_view>
#include <utility>

#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/ledger_history.h"
#include "firmware-host/store/vehicle_columns.h"
#include "rules/ledger_columns.h"

namespace gate::host {

Status GateStore::upsert_vehicle(const gate::v1::Vehicle& v, int64_t now,
                                 const std::string& actor) {
  // The entry and its history row commit together, inside or outside a caller's transaction.
  if (Status st = db_->exec("SAVEPOINT vehicle_write"); !st.ok()) return st;
  Status st = record_vehicle_write(*db_, ledger_key_of(v), v, actor, now);
  if (st.ok()) st = write_vehicle(v, now);
  if (!st.ok()) {
    (void)db_->exec("ROLLBACK TO vehicle_write");
    (void)db_->exec("RELEASE vehicle_write");
    return st;
  }
  return db_->exec("RELEASE vehicle_write");
}

Status GateStore::write_vehicle(const gate::v1::Vehicle& v, int64_t now) {
  static const std::string kUpsert = [] {
    std::string placeholders, updates;
    for (std::string_view column : rules::kLedgerColumns) {
      placeholders += ",?";
      updates += std::string(column) + "=excluded." + std::string(column) + ", ";
    }
    return "INSERT INTO vehicles(ledger_key, " + vehicle_column_list() +
           ", updated_unix_ms) VALUES(?" + placeholders +
           ",?) ON CONFLICT(ledger_key) DO UPDATE SET " + updates +
           "updated_unix_ms=excluded.updated_unix_ms";
  }();
  std::vector<SqlValue> args = stored_vehicle_values(v);
  args.insert(args.begin(), SqlValue(ledger_key_of(v)));
  args.emplace_back(now);
  return db_->run(kUpsert, args);
}

Status GateStore::replace_ledger(const std::vector<gate::v1::Vehicle>& vehicles, int64_t now,
                                 const std::string& actor) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  for (const auto& v : vehicles) {
    if (Status st = upsert_vehicle(v, now, actor); !st.ok()) {
      return Error{"ledger entry " + ledger_key_of(v) + ": " + st.message()};
    }
  }
  return tx.commit();
}

Result<std::vector<gate::v1::Vehicle>> GateStore::load_vehicles() {
  auto q = db_->prepare("SELECT " + vehicle_column_list() + " FROM vehicles ORDER BY id");
  if (!q.ok()) return Error{q.error()};
  std::vector<gate::v1::Vehicle> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    out.push_back(vehicle_from_columns(q.value()));
  }
  return out;
}

}  // namespace gate::host
