// GateStore: a passage's cargo entries (first entry and corrections), chained and queued for
// upload with the entry.
#include <charconv>

#include "firmware-host/store/gate_store.h"
#include "rules/cargo.h"
#include "rules/control_characters.h"

namespace gate::host {
namespace {

constexpr const char* kCargoColumns =
    "id, passage_seq, revision, name, quantity_milli, unit, entered_by, entered_unix_ms";

CargoEntry cargo_from_row(const Statement& s) {
  return CargoEntry{s.int64(0), s.int64(1), static_cast<int>(s.int64(2)),
                    s.text(3),  s.int64(4), s.text(5),
                    s.text(6),  s.int64(7)};
}

// The input as it will be stored, or what is wrong with it.
Result<CargoEntry> checked_cargo(int64_t seq, const CargoInput& in, int64_t now) {
  auto name = rules::check_cargo_name(in.name);
  if (!name.ok()) return Error{name.error()};
  auto quantity = rules::parse_cargo_quantity(in.quantity);
  if (!quantity.ok()) return Error{quantity.error()};
  if (!rules::is_cargo_unit(in.unit)) {
    return Error{"the unit must be t (tonnes) or L (litres), got \"" + in.unit + "\""};
  }
  if (in.entered_by.empty() || rules::find_control_character(in.entered_by)) {
    return Error{
        "who enters the cargo must be named in plain text (an operator's name or "
        "\"weighbridge\")"};
  }
  return CargoEntry{0,       seq,           0,  std::move(name).value(), quantity.value(),
                    in.unit, in.entered_by, now};
}

}  // namespace

std::string cargo_outbox_kind(int revision) {
  return revision <= 1 ? "cargo" : "cargo_" + std::to_string(revision);
}

int cargo_revision_of_kind(const std::string& kind) {
  if (kind == "cargo") return 1;
  if (!kind.starts_with("cargo_")) return 0;
  int n = 0;
  const char* first = kind.data() + 6;
  const char* last = kind.data() + kind.size();
  const auto [end, ec] = std::from_chars(first, last, n);
  return ec == std::errc() && end == last && n >= 2 ? n : 0;
}

Result<CargoEntry> GateStore::record_cargo(int64_t seq, const CargoInput& in, int64_t now) {
  auto entry = checked_cargo(seq, in, now);
  if (!entry.ok()) return entry;
  CargoEntry e = std::move(entry).value();
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  auto q = db_->prepare(
      "SELECT (SELECT COUNT(*) FROM passages WHERE seq=?1), "
      "(SELECT COALESCE(MAX(revision), 0) FROM passage_cargo WHERE passage_seq=?1)");
  if (!q.ok()) return Error{q.error()};
  auto row = q.value().bind(1, seq).step();
  if (!row.ok()) return Error{row.error()};
  if (q.value().int64(0) == 0) {
    return Error{"no passage " + std::to_string(seq) +
                 " in this database; `gatectl passages list` shows the passages (SEQ column)"};
  }
  e.revision = static_cast<int>(q.value().int64(1)) + 1;
  Status st = db_->run(
      "INSERT INTO passage_cargo(passage_seq, revision, name, quantity_milli, unit, entered_by, "
      "entered_unix_ms) VALUES(?,?,?,?,?,?,?)",
      {seq, int64_t{e.revision}, e.name, e.quantity_milli, e.unit, e.entered_by, now});
  if (!st.ok()) return Error{"cannot record the cargo: " + st.message()};
  e.id = db_->last_insert_id();
  st = db_->run("INSERT INTO outbox(passage_seq, kind, created_unix_ms) VALUES(?, ?, ?)",
                {seq, cargo_outbox_kind(e.revision), now});
  if (!st.ok()) return Error{"cannot queue the cargo for upload: " + st.message()};
  auto head = chain_.append(
      *db_, "cargo", e.id, now,
      canonical_cargo(seq, e.revision, e.name, e.quantity_milli, e.unit, e.entered_by, now));
  if (!head.ok()) return Error{head.error()};
  if (Status c = tx.commit(); !c.ok()) return Error{"cannot record the cargo: " + c.message()};
  chain_.set_head(head.value());
  return e;
}

Result<std::vector<CargoEntry>> GateStore::cargo_entries(int64_t seq) {
  auto q = db_->prepare(std::string("SELECT ") + kCargoColumns +
                        " FROM passage_cargo WHERE passage_seq=? ORDER BY revision");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, seq);
  std::vector<CargoEntry> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    out.push_back(cargo_from_row(q.value()));
  }
  return out;
}

Result<CargoEntry> GateStore::read_cargo(int64_t seq, int revision) {
  auto q = db_->prepare(std::string("SELECT ") + kCargoColumns +
                        " FROM passage_cargo WHERE passage_seq=? AND revision=?");
  if (!q.ok()) return Error{q.error()};
  auto r = q.value().bind(1, seq).bind(2, int64_t{revision}).step();
  if (!r.ok()) return Error{r.error()};
  if (!r.value()) {
    return Error{"passage " + std::to_string(seq) + " has no cargo entry " +
                 std::to_string(revision)};
  }
  return cargo_from_row(q.value());
}

}  // namespace gate::host
