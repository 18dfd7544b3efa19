// The attack that anchoring stops (docs/security.md): the plant, owning the database and the
// seal key, changes a recorded passage, recomputes every chain hash after it and seals the days
// again with the same key. The result passes `verify` on its own; only the platform's anchors
// show it. Used by the anchor unit test and the integration test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/canonical_record.h"
#include "firmware-host/store/gate_store.h"

namespace gate::host::attack {

// Rewrites passage `seq`'s plate, re-chains from there, replaces every seal with a new one made
// with `key_file` for the days before `today` (dropping the platform's receipts with them).
// Failures are test failures.
inline void rewrite_and_reseal(const std::string& db_path, const std::string& key_file, int64_t seq,
                               const std::string& new_plate, const std::string& today,
                               int utc_offset_minutes) {
  auto store = GateStore::Open(db_path);
  ASSERT_TRUE(store.ok()) << store.error();
  auto& db = store.value()->db();
  ASSERT_TRUE(db.run("UPDATE passages SET plate_read = ? WHERE seq = ?", {new_plate, seq}).ok());
  auto q = db.prepare("SELECT id, kind, ref FROM chain ORDER BY id");
  ASSERT_TRUE(q.ok());
  auto oq = db.prepare(
      "SELECT passage_seq, outcome, time_unix_ms, confirmation FROM passage_outcomes "
      "WHERE id=?");
  ASSERT_TRUE(oq.ok());
  std::string prev = kGenesisHash;
  for (;;) {
    auto row = q.value().step();
    ASSERT_TRUE(row.ok());
    if (!row.value()) break;
    const int64_t id = q.value().int64(0), ref = q.value().int64(2);
    std::string canonical;
    if (q.value().text(1) == "passage") {
      auto p = store.value()->read_passage(ref);
      ASSERT_TRUE(p.ok());
      canonical = canonical_passage(p.value());
    } else {
      ASSERT_TRUE(oq.value().reset().bind(1, ref).step().value());
      canonical = canonical_outcome(
          oq.value().int64(0), static_cast<gate::v1::PassageOutcome>(oq.value().int64(1)),
          oq.value().int64(2), static_cast<gate::v1::PassageConfirmation>(oq.value().int64(3)));
    }
    const std::string hash = chain_hash(prev, canonical);
    ASSERT_TRUE(
        db.run("UPDATE chain SET prev_hash = ?, hash = ? WHERE id = ?", {prev, hash, id}).ok());
    prev = hash;
  }
  auto key = SigningKey::LoadOrCreate(key_file);
  ASSERT_TRUE(key.ok()) << key.error();
  auto gate = db.prepare("SELECT gate_id FROM seals LIMIT 1");
  ASSERT_TRUE(gate.ok() && gate.value().step().value());
  const std::string gate_id = gate.value().text(0);
  ASSERT_TRUE(db.exec("DELETE FROM seal_anchors; DELETE FROM seals").ok());
  auto n = seal_closed_days(db, key.value(), gate_id, today, utc_offset_minutes, 0);
  ASSERT_TRUE(n.ok()) << n.error();
  ASSERT_GT(n.value(), 0);
}

}  // namespace gate::host::attack
