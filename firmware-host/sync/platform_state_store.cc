#include "firmware-host/sync/platform_state_store.h"

#include "drivers/uplink/wire_json.h"
#include "rules/plate.h"

namespace gate::host {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS platform_control (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  control_json TEXT NOT NULL,          -- gate.v1.ControlMeasures as sent by the platform
  received_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS platform_lists (
  list TEXT NOT NULL,                  -- 'whitelist' or 'excess_emission'
  plate TEXT NOT NULL,                 -- normalised
  plate_color INTEGER NOT NULL,        -- platform table code, informative
  reason TEXT NOT NULL,
  changed_unix_ms INTEGER NOT NULL,
  PRIMARY KEY (list, plate));
CREATE TABLE IF NOT EXISTS platform_sync (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

}  // namespace

Result<std::unique_ptr<PlatformStateStore>> PlatformStateStore::Open(const std::string& path) {
  auto db = SqliteDb::Open(path);
  if (!db.ok()) return Error{db.error()};
  std::unique_ptr<PlatformStateStore> s(new PlatformStateStore(std::move(db).value()));
  if (Status st = s->db_->exec(kSchema); !st.ok()) {
    return Error{"cannot prepare the platform tables in " + path + ": " + st.message()};
  }
  return s;
}

Status PlatformStateStore::set(const std::string& key, const std::string& value) {
  return db_->run(
      "INSERT INTO platform_sync(key, value) VALUES(?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
      {key, value});
}

Result<std::string> PlatformStateStore::get(const std::string& key) {
  auto q = db_->prepare("SELECT value FROM platform_sync WHERE key=?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, key);
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  return r.value() ? q.value().text(0) : std::string();
}

Status PlatformStateStore::apply(const gate::v1::DownlinkReply& reply, int64_t now) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  if (reply.full()) {
    if (Status st = db_->exec("DELETE FROM platform_lists"); !st.ok()) return st;
  }
  if (reply.has_control()) {
    Status st = db_->run(
        "INSERT INTO platform_control(id, control_json, received_unix_ms) VALUES(1, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET control_json=excluded.control_json, "
        "received_unix_ms=excluded.received_unix_ms",
        {drivers::uplink::to_json(reply.control()), now});
    if (!st.ok()) return st;
  }
  for (const auto& ch : reply.changes()) {
    const std::string plate = rules::normalise_plate(ch.plate());
    Status st =
        ch.op() == "add"
            ? db_->run(
                  "INSERT INTO platform_lists(list, plate, plate_color, reason, "
                  "changed_unix_ms) VALUES(?,?,?,?,?) ON CONFLICT(list, plate) DO UPDATE "
                  "SET plate_color=excluded.plate_color, reason=excluded.reason, "
                  "changed_unix_ms=excluded.changed_unix_ms",
                  {ch.list(), plate, int64_t{ch.plate_color()}, ch.reason(), now})
            : db_->run("DELETE FROM platform_lists WHERE list=? AND plate=?", {ch.list(), plate});
    if (!st.ok()) return st;
  }
  if (Status st = set("cursor", reply.cursor()); !st.ok()) return st;
  if (Status st = set("updated_unix_ms", std::to_string(now)); !st.ok()) return st;
  return tx.commit();
}

Result<PlatformState> PlatformStateStore::load() {
  PlatformState s;
  auto q = db_->prepare("SELECT control_json FROM platform_control WHERE id=1");
  if (!q.ok()) return Error{q.error()};
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  if (r.value()) {
    if (Status st = drivers::uplink::from_json_lenient(q.value().text(0), &s.control); !st.ok()) {
      return Error{"stored control measures are unreadable: " + st.message()};
    }
    s.has_control = true;
  }
  auto lists = std::make_shared<rules::PlatformLists>();
  auto l = db_->prepare("SELECT list, plate FROM platform_lists");
  if (!l.ok()) return Error{l.error()};
  for (;;) {
    auto row = l.value().step();
    if (!row.ok()) return Error{row.error()};
    if (!row.value()) break;
    const std::string list = l.value().text(0);
    (list == kListWhitelist ? lists->whitelist : lists->excess_emission).insert(l.value().text(1));
  }
  auto cursor = get("cursor");
  if (!cursor.ok()) return Error{cursor.error()};
  s.cursor = cursor.value();
  lists->version = s.cursor;
  s.lists = std::move(lists);
  auto updated = get("updated_unix_ms");
  if (!updated.ok()) return Error{updated.error()};
  s.updated_unix_ms = updated.value().empty() ? 0 : std::stoll(updated.value());
  return s;
}

Status PlatformStateStore::note_contact(int64_t now) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  if (Status st = set("last_contact_unix_ms", std::to_string(now)); !st.ok()) return st;
  if (Status st = set("last_error", ""); !st.ok()) return st;
  return tx.commit();
}

Status PlatformStateStore::note_error(const std::string& error, int64_t now) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  if (Status st = set("last_error", error); !st.ok()) return st;
  if (Status st = set("last_error_unix_ms", std::to_string(now)); !st.ok()) return st;
  return tx.commit();
}

Result<UplinkHealth> PlatformStateStore::health() {
  UplinkHealth h;
  auto contact = get("last_contact_unix_ms");
  auto error = get("last_error");
  auto error_time = get("last_error_unix_ms");
  if (!contact.ok() || !error.ok() || !error_time.ok()) {
    return Error{!contact.ok() ? contact.error()
                 : !error.ok() ? error.error()
                               : error_time.error()};
  }
  h.last_contact_unix_ms = contact.value().empty() ? 0 : std::stoll(contact.value());
  h.last_error = error.value();
  h.last_error_unix_ms = error_time.value().empty() ? 0 : std::stoll(error_time.value());
  return h;
}

}  // namespace gate::host
