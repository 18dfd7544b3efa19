#include "firmware-host/plant/plant_ledger.h"

#include <algorithm>
#include <map>

namespace gate::host {
namespace {

// Every writer of the master ledger takes this lock first, so that revisions are committed in
// their order: a gate that has seen revision r has seen every revision below r that will ever
// be committed, and its cursor cannot skip one.
constexpr const char* kLedgerWriteLock = "SELECT pg_advisory_xact_lock(2203840715)";

constexpr const char* kInsertRevision = R"sql(
INSERT INTO ledger_revisions (ledger_key, vehicle, edited_at_unix_ms, edited_by, origin, origin_id)
VALUES ($1, decode($2, 'hex'), $3, $4, $5, $6)
ON CONFLICT (origin, origin_id) DO NOTHING
RETURNING revision
)sql";

// The later edit by its editor's clock wins; a tie goes to the larger origin (byte order), and
// between two edits of one origin to the one received last (its later edit).
constexpr const char* kApplyToMaster = R"sql(
INSERT INTO ledger_entries (ledger_key, vehicle, plate, edited_at_unix_ms, edited_by, origin,
                            revision)
VALUES ($1, decode($2, 'hex'), $3, $4, $5, $6, $7)
ON CONFLICT (ledger_key) DO UPDATE
  SET vehicle = EXCLUDED.vehicle, plate = EXCLUDED.plate,
      edited_at_unix_ms = EXCLUDED.edited_at_unix_ms, edited_by = EXCLUDED.edited_by,
      origin = EXCLUDED.origin, revision = EXCLUDED.revision
  WHERE EXCLUDED.edited_at_unix_ms > ledger_entries.edited_at_unix_ms
     OR (EXCLUDED.edited_at_unix_ms = ledger_entries.edited_at_unix_ms
         AND EXCLUDED.origin COLLATE "C" >= ledger_entries.origin COLLATE "C")
)sql";

constexpr const char* kEntryColumns =
    "revision, ledger_key, encode(vehicle, 'hex'), edited_at_unix_ms, edited_by, origin";

std::string to_hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<gate::v1::Vehicle> vehicle_from_hex(const std::string& hex) {
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return Error{"a ledger entry's vehicle is not hex"};
    bytes += static_cast<char>(hi * 16 + lo);
  }
  gate::v1::Vehicle v;
  if (!v.ParseFromString(bytes)) return Error{"a ledger entry's vehicle does not parse"};
  return v;
}

// A row of kEntryColumns (and `applied`, received time after them when `history`).
Result<PlantLedgerRevision> revision_from_row(const drivers::pg::Rows& rows, std::size_t r,
                                              bool history) {
  PlantLedgerRevision out;
  out.revision = std::stoll(rows.text(r, 0));
  out.ledger_key = rows.text(r, 1);
  auto v = vehicle_from_hex(rows.text(r, 2));
  if (!v.ok()) return Error{"revision " + rows.text(r, 0) + ": " + v.error()};
  out.vehicle = std::move(v).value();
  out.edited_at_unix_ms = std::stoll(rows.text(r, 3));
  out.edited_by = rows.text(r, 4);
  out.origin = rows.text(r, 5);
  if (history) {
    out.applied = rows.text(r, 6) == "t";
    out.received_unix_ms = std::stoll(rows.text(r, 7));
  }
  return out;
}

Result<std::vector<PlantLedgerRevision>> revisions(const drivers::pg::Rows& rows, bool history) {
  std::vector<PlantLedgerRevision> out;
  for (std::size_t r = 0; r < rows.rows.size(); ++r) {
    auto one = revision_from_row(rows, r, history);
    if (!one.ok()) return Error{one.error()};
    out.push_back(std::move(one).value());
  }
  return out;
}

Result<PlantLedgerRevision> master_entry(drivers::pg::Connection& db, const std::string& key) {
  auto r = db.exec(
      std::string("SELECT ") + kEntryColumns + " FROM ledger_entries WHERE ledger_key = $1", {key});
  if (!r.ok()) return Error{r.error()};
  if (r.value().rows.empty()) return Error{"ledger entry " + key + " has no master entry"};
  return revision_from_row(r.value(), 0, false);
}

// Whether an edit the plant already held lost (a batch sent again after a lost answer).
Result<bool> held_edit_lost(drivers::pg::Connection& db, const LedgerEdit& e) {
  auto r = db.exec("SELECT applied FROM ledger_revisions WHERE origin = $1 AND origin_id = $2",
                   {e.origin, std::to_string(e.origin_id)});
  if (!r.ok()) return Error{r.error()};
  return !r.value().rows.empty() && r.value().text(0, 0) == "f";
}

// One edit inside the batch's transaction: its revision row, then the master entry if it wins.
// Returns whether it lost (new or already held).
Result<bool> push_one(drivers::pg::Connection& db, const LedgerEdit& e, LedgerPushResult& out) {
  std::string bytes;
  e.vehicle.SerializeToString(&bytes);
  const std::string hex = to_hex(bytes);
  const drivers::pg::Value origin_id =
      e.origin_id > 0 ? drivers::pg::Value(std::to_string(e.origin_id)) : std::nullopt;
  auto rev = db.exec(kInsertRevision, {e.ledger_key, hex, std::to_string(e.edited_at_unix_ms),
                                       e.edited_by, e.origin, origin_id});
  if (!rev.ok()) return Error{rev.error()};
  if (rev.value().rows.empty()) return held_edit_lost(db, e);
  ++out.added;
  const std::string revision = rev.value().text(0, 0);
  auto applied = db.exec(kApplyToMaster,
                         {e.ledger_key, hex, e.vehicle.plate(), std::to_string(e.edited_at_unix_ms),
                          e.edited_by, e.origin, revision});
  if (!applied.ok()) return Error{applied.error()};
  if (applied.value().affected == 0) return true;
  ++out.won;
  auto mark = db.exec("UPDATE ledger_revisions SET applied = true WHERE revision = $1", {revision});
  if (!mark.ok()) return Error{mark.error()};
  return false;
}

}  // namespace

Result<int64_t> ledger_push_cursor(drivers::pg::Connection& db, const std::string& origin) {
  auto r = db.exec("SELECT COALESCE(MAX(origin_id), 0) FROM ledger_revisions WHERE origin = $1",
                   {origin});
  if (!r.ok()) return Error{r.error()};
  return std::stoll(r.value().text(0, 0));
}

Result<LedgerPushResult> push_ledger_edits(drivers::pg::Connection& db,
                                           const std::vector<LedgerEdit>& edits) {
  LedgerPushResult out;
  if (edits.empty()) return out;
  // By key (stable: one key's edits keep their order), so that two batches lock the master
  // entries in the same order and cannot deadlock.
  std::vector<const LedgerEdit*> order;
  for (const auto& e : edits) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const LedgerEdit* a, const LedgerEdit* b) {
    return a->ledger_key < b->ledger_key;
  });
  auto tx = drivers::pg::Transaction::Begin(db);
  if (!tx.ok()) return Error{tx.error()};
  if (auto lock = db.exec(kLedgerWriteLock); !lock.ok()) return Error{lock.error()};
  std::map<std::string, bool> lost;  // by key: whether the key's last edit here lost
  for (const LedgerEdit* e : order) {
    auto l = push_one(db, *e, out);
    if (!l.ok()) return Error{"ledger edit " + e->ledger_key + ": " + l.error()};
    lost[e->ledger_key] = l.value();
  }
  for (const auto& [key, was_lost] : lost) {
    if (!was_lost) continue;
    auto master = master_entry(db, key);
    if (!master.ok()) return Error{master.error()};
    out.lost_to.push_back(std::move(master).value());
  }
  if (Status st = tx.value()->commit(); !st.ok()) return Error{st.message()};
  return out;
}

Result<std::vector<PlantLedgerRevision>> ledger_entries_after(drivers::pg::Connection& db,
                                                              int64_t after, int limit) {
  auto r = db.exec(std::string("SELECT ") + kEntryColumns +
                       " FROM ledger_entries WHERE revision > $1 ORDER BY revision LIMIT $2",
                   {std::to_string(after), std::to_string(limit)});
  if (!r.ok()) return Error{r.error()};
  return revisions(r.value(), false);
}

Result<int64_t> latest_ledger_revision(drivers::pg::Connection& db) {
  auto r = db.exec("SELECT COALESCE(MAX(revision), 0) FROM ledger_entries");
  if (!r.ok()) return Error{r.error()};
  return std::stoll(r.value().text(0, 0));
}

Result<std::vector<PlantLedgerRevision>> plant_ledger_history(drivers::pg::Connection& db,
                                                              const std::string& ledger_key) {
  auto r = db.exec(std::string("SELECT ") + kEntryColumns +
                       ", applied, (extract(epoch FROM received_at) * 1000)::bigint"
                       " FROM ledger_revisions WHERE ledger_key = $1 ORDER BY revision",
                   {ledger_key});
  if (!r.ok()) return Error{r.error()};
  return revisions(r.value(), true);
}

}  // namespace gate::host
