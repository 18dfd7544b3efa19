#include "firmware-host/store/ledger_history.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

namespace gate::host {
namespace {

namespace pb = google::protobuf;

std::string field_text(const pb::Message& m, const pb::FieldDescriptor* f) {
  const pb::Reflection* r = m.GetReflection();
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(m, f);
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(m, f) ? "yes" : "no";
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return r->GetEnum(m, f)->name();
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(r->GetInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(r->GetInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(r->GetUInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(r->GetUInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return std::to_string(r->GetDouble(m, f));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return std::to_string(r->GetFloat(m, f));
    default:
      return "(" + std::string(f->type_name()) + ")";
  }
}

}  // namespace

Status create_ledger_history_table(SqliteDb& db) {
  return db.exec(R"sql(
CREATE TABLE IF NOT EXISTS vehicle_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ledger_key TEXT NOT NULL,
  time_unix_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  changes TEXT NOT NULL,
  snapshot BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS vehicle_history_key ON vehicle_history(ledger_key, id);
)sql");
}

std::string describe_vehicle_changes(const gate::v1::Vehicle* before,
                                     const gate::v1::Vehicle& after) {
  const gate::v1::Vehicle empty;
  const gate::v1::Vehicle& old = before ? *before : empty;
  const pb::Descriptor* d = gate::v1::Vehicle::descriptor();
  std::string out;
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) continue;
    const std::string a = field_text(old, f);
    const std::string b = field_text(after, f);
    if (a == b) continue;
    if (!before && (b.empty() || b == "no" || b.find("_UNSPECIFIED") != std::string::npos)) {
      continue;  // a new entry lists only the fields it sets
    }
    out += (out.empty() ? "" : "; ") + f->name() + ": " + (before ? a + " → " : "") + b;
  }
  return out;
}

Status record_vehicle_write(SqliteDb& db, const std::string& key, const gate::v1::Vehicle& v,
                            const std::string& actor, int64_t now) {
  auto q = db.prepare(
      "SELECT snapshot FROM vehicle_history WHERE ledger_key=? ORDER BY id DESC LIMIT 1");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, key);
  auto row = q.value().step();
  if (!row.ok()) return Error{row.error()};
  gate::v1::Vehicle before;
  const bool existed = row.value() && before.ParseFromString(q.value().text(0));
  std::string changes = describe_vehicle_changes(existed ? &before : nullptr, v);
  if (existed && changes.empty()) return Status::Ok();
  std::string snapshot;
  v.SerializeToString(&snapshot);
  return db.run(
      "INSERT INTO vehicle_history(ledger_key, time_unix_ms, actor, action, changes, snapshot) "
      "VALUES(?,?,?,?,?,?)",
      {key, now, actor.empty() ? std::string("unknown") : actor,
       std::string(existed ? "update" : "create"), changes, snapshot});
}

Result<std::vector<LedgerChange>> ledger_history(SqliteDb& db, const std::string& key) {
  auto q = db.prepare(
      "SELECT id, ledger_key, time_unix_ms, actor, action, changes FROM vehicle_history "
      "WHERE ledger_key=? ORDER BY id");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, key);
  std::vector<LedgerChange> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    auto& s = q.value();
    out.push_back({s.int64(0), s.text(1), s.int64(2), s.text(3), s.text(4), s.text(5)});
  }
  return out;
}

}  // namespace gate::host
