#include "firmware-host/plant/plant_passages.h"

#include "firmware-host/audit/record_json.h"
#include "firmware-host/store/canonical_record.h"
#include "rules/display_names.h"

namespace gate::host {
namespace {

constexpr const char* kUpsertGate = R"sql(
INSERT INTO gates (gate_id, last_contact, last_seq) VALUES ($1, now(), $2)
ON CONFLICT (gate_id) DO UPDATE
  SET last_contact = now(), last_seq = GREATEST(gates.last_seq, EXCLUDED.last_seq)
)sql";

constexpr const char* kInsertPassage = R"sql(
INSERT INTO passages (gate_id, seq, passage_key, time_unix_ms, time, lane_id, direction, plate,
                      verdict, rule_id, explanation, outcome, record, canonical)
VALUES ($1, $2, $3, $4, to_timestamp($4::bigint / 1000.0), $5, $6, $7, $8, $9, $10, $11,
        $12::jsonb, $13)
ON CONFLICT (gate_id, seq) DO NOTHING
)sql";

std::string direction_key(gate::v1::Direction d) {
  switch (d) {
    case gate::v1::DIRECTION_IN:
      return "in";
    case gate::v1::DIRECTION_OUT:
      return "out";
    default:
      return "unspecified";
  }
}

Result<int64_t> insert_passage(drivers::pg::Connection& db, const std::string& gate_id,
                               const gate::v1::Passage& p, int utc_offset_minutes) {
  const std::string seq = std::to_string(p.seq());
  auto r =
      db.exec(kInsertPassage,
              {gate_id, seq, plant_passage_key(gate_id, p.seq()), std::to_string(p.time_unix_ms()),
               p.lane_id(), direction_key(p.direction()), p.read().plate_text(),
               std::string(rules::verdict_key(p.decision().verdict())), p.decision().rule_id(),
               p.decision().explanation(), std::string(rules::outcome_key(p.outcome())),
               passage_json(p, utc_offset_minutes).dump(), canonical_passage(p)});
  if (!r.ok()) return Error{"passage " + seq + ": " + r.error()};
  return r.value().affected;
}

}  // namespace

std::string plant_passage_key(const std::string& gate_id, int64_t seq) {
  return gate_id + "-" + std::to_string(seq);
}

Result<int64_t> plant_cursor(drivers::pg::Connection& db, const std::string& gate_id) {
  auto r = db.exec("SELECT COALESCE(MAX(seq), 0) FROM passages WHERE gate_id = $1", {gate_id});
  if (!r.ok()) return Error{r.error()};
  return std::stoll(r.value().text(0, 0));
}

Result<int64_t> push_passages(drivers::pg::Connection& db, const std::string& gate_id,
                              const std::vector<gate::v1::Passage>& passages,
                              int utc_offset_minutes, const BeforeCommit& before_commit,
                              bool* commit_unknown) {
  if (commit_unknown != nullptr) *commit_unknown = false;
  if (passages.empty() && !before_commit) return int64_t{0};
  auto tx = drivers::pg::Transaction::Begin(db);
  if (!tx.ok()) return Error{tx.error()};
  // The gate's row first: passages reference it.
  const int64_t last = passages.empty() ? 0 : passages.back().seq();
  auto gate = db.exec(kUpsertGate, {gate_id, std::to_string(last)});
  if (!gate.ok()) return Error{gate.error()};
  std::vector<int64_t> added;
  for (const auto& p : passages) {
    auto n = insert_passage(db, gate_id, p, utc_offset_minutes);
    if (!n.ok()) return Error{n.error()};
    if (n.value() > 0) added.push_back(p.seq());
  }
  if (before_commit) {
    if (Status st = before_commit(added); !st.ok()) return Error{st.message()};
  }
  if (Status st = tx.value()->commit(); !st.ok()) {
    if (commit_unknown != nullptr) *commit_unknown = true;
    return Error{st.message()};
  }
  return static_cast<int64_t>(added.size());
}

Status record_contact(drivers::pg::Connection& db, const std::string& gate_id) {
  auto r = db.exec(kUpsertGate, {gate_id, "0"});
  if (!r.ok()) return Error{r.error()};
  return Status::Ok();
}

}  // namespace gate::host
