#include "firmware-host/policy/hold_queue.h"

#include <algorithm>

namespace gate::host {
namespace {

// States: waiting, called (open); admitted, dropped (closed).
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS hold_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plate TEXT NOT NULL, lane_id TEXT NOT NULL, passage_seq INTEGER NOT NULL,
  rule_id TEXT NOT NULL, held_unix_ms INTEGER NOT NULL,
  state TEXT NOT NULL, called_unix_ms INTEGER NOT NULL DEFAULT 0,
  closed_unix_ms INTEGER NOT NULL DEFAULT 0, closed_seq INTEGER NOT NULL DEFAULT 0,
  closed_reason TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS hold_queue_open ON hold_queue(state, id);
)sql";

}  // namespace

Result<std::unique_ptr<HoldQueue>> HoldQueue::Open(const std::string& db_path) {
  auto db = SqliteDb::Open(db_path);
  if (!db.ok()) return Error{db.error()};
  std::unique_ptr<HoldQueue> q(new HoldQueue(std::move(db).value()));
  if (Status st = q->db_->exec(kSchema); !st.ok()) {
    return Error{"hold queue: cannot prepare table in " + db_path + ": " + st.message()};
  }
  if (Status st = q->load(); !st.ok()) return Error{"hold queue: " + st.message()};
  return q;
}

Status HoldQueue::load() {
  auto q = db_->prepare(
      "SELECT id, plate, lane_id, passage_seq, rule_id, held_unix_ms, state, called_unix_ms "
      "FROM hold_queue WHERE state IN ('waiting','called') ORDER BY id");
  if (!q.ok()) return Error{q.error()};
  auto& s = q.value();
  entries_.clear();
  for (;;) {
    auto r = s.step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    HoldEntry e;
    e.id = s.int64(0);
    e.plate = s.text(1);
    e.lane_id = s.text(2);
    e.passage_seq = s.int64(3);
    e.rule_id = s.text(4);
    e.held_unix_ms = s.int64(5);
    e.state = s.text(6) == "called" ? HoldEntry::State::kCalled : HoldEntry::State::kWaiting;
    e.called_unix_ms = s.int64(7);
    entries_.push_back(std::move(e));
  }
  return Status::Ok();
}

const HoldEntry* HoldQueue::find(const std::string& plate) const {
  for (const auto& e : entries_) {
    if (e.plate == plate) return &e;
  }
  return nullptr;
}

int64_t HoldQueue::called_count() const {
  return std::count_if(entries_.begin(), entries_.end(),
                       [](const HoldEntry& e) { return e.state == HoldEntry::State::kCalled; });
}

Result<HoldEntry> HoldQueue::hold(const std::string& plate, const std::string& lane_id, int64_t seq,
                                  const std::string& rule_id, int64_t now) {
  for (auto& e : entries_) {
    if (e.plate != plate) continue;
    Status st = db_->run(
        "UPDATE hold_queue SET passage_seq=?, lane_id=?, rule_id=?, state='waiting', "
        "called_unix_ms=0 WHERE id=?",
        {seq, lane_id, rule_id, e.id});
    if (!st.ok()) return Error{"hold queue: cannot update " + plate + ": " + st.message()};
    e.passage_seq = seq;
    e.lane_id = lane_id;
    e.rule_id = rule_id;
    e.state = HoldEntry::State::kWaiting;
    e.called_unix_ms = 0;
    return e;
  }
  Status st = db_->run(
      "INSERT INTO hold_queue(plate, lane_id, passage_seq, rule_id, held_unix_ms, state) "
      "VALUES(?,?,?,?,?,'waiting')",
      {plate, lane_id, seq, rule_id, now});
  if (!st.ok()) return Error{"hold queue: cannot add " + plate + ": " + st.message()};
  HoldEntry e;
  e.id = db_->last_insert_id();
  e.plate = plate;
  e.lane_id = lane_id;
  e.passage_seq = seq;
  e.rule_id = rule_id;
  e.held_unix_ms = now;
  entries_.push_back(e);
  return e;
}

Status HoldQueue::call(int64_t id, int64_t now) {
  for (auto& e : entries_) {
    if (e.id != id) continue;
    Status st =
        db_->run("UPDATE hold_queue SET state='called', called_unix_ms=? WHERE id=?", {now, id});
    if (!st.ok()) return Error{"hold queue: cannot call " + e.plate + ": " + st.message()};
    e.state = HoldEntry::State::kCalled;
    e.called_unix_ms = now;
    return Status::Ok();
  }
  return Error{"hold queue: no open entry " + std::to_string(id)};
}

Status HoldQueue::close(int64_t id, const char* state, const std::string& reason, int64_t seq,
                        int64_t now) {
  Status st = db_->run(
      "UPDATE hold_queue SET state=?, closed_unix_ms=?, closed_seq=?, closed_reason=? WHERE id=?",
      {std::string(state), now, seq, reason, id});
  if (!st.ok())
    return Error{"hold queue: cannot close entry " + std::to_string(id) + ": " + st.message()};
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [id](const HoldEntry& e) { return e.id == id; }),
                 entries_.end());
  return Status::Ok();
}

Status HoldQueue::admitted(const std::string& plate, int64_t seq, int64_t now) {
  const HoldEntry* e = find(plate);
  if (e == nullptr) return Status::Ok();
  return close(e->id, "admitted", "released", seq, now);
}

Status HoldQueue::drop(int64_t id, const std::string& reason, int64_t now) {
  return close(id, "dropped", reason, 0, now);
}

}  // namespace gate::host
