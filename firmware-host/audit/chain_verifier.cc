#include "firmware-host/audit/chain_verifier.h"

#include "firmware-host/audit/retention.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/canonical_record.h"
#include "firmware-host/store/photo_store.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

std::string describe(const gate::v1::Passage& p, int offset) {
  return "passage " + std::to_string(p.seq()) + " (" + rules::local_time(p.time_unix_ms(), offset) +
         " " + p.read().plate_text() + ")";
}

struct Failure {
  VerifyReport& r;
  bool operator()(std::string why) {
    r.ok = false;
    r.failure = std::move(why);
    return false;
  }
};

// A passage's outcome and what confirmed it, as one comparable value.
int outcome_state(int64_t outcome, int64_t confirmation) {
  return static_cast<int>(outcome + 100 * confirmation);
}

// The canonical bytes of cargo entry `id` (passage_cargo), or why it cannot be had.
Result<std::string> cargo_canonical(SqliteDb& db, int64_t id) {
  auto q = db.prepare(
      "SELECT passage_seq, revision, name, quantity_milli, unit, entered_by, entered_unix_ms "
      "FROM passage_cargo WHERE id=?");
  if (!q.ok()) return Error{"cargo entry " + std::to_string(id) + " is missing (deleted)"};
  auto r = q.value().bind(1, id).step();
  if (!r.ok()) return Error{r.error()};
  if (!r.value()) return Error{"cargo entry " + std::to_string(id) + " is missing (deleted)"};
  const auto& s = q.value();
  return canonical_cargo(s.int64(0), static_cast<int>(s.int64(1)), s.text(2), s.int64(3), s.text(4),
                         s.text(5), s.int64(6));
}

// Whether the file has `table` (a copy from before a schema step may lack it).
bool has_table(SqliteDb& db, const char* table) {
  auto q = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
  if (!q.ok()) return false;
  auto r = q.value().bind(1, std::string(table)).step();
  return r.ok() && r.value();
}

bool check_chain(GateStore& store, const VerifyOptions& opt, VerifyReport& rep,
                 const std::optional<RetentionHorizon>& horizon,
                 std::unordered_map<int64_t, int>& last_outcome) {
  Failure fail{rep};
  auto& db = store.db();
  auto q = db.prepare("SELECT id, kind, ref, prev_hash, hash FROM chain ORDER BY id");
  auto oq = db.prepare(
      "SELECT passage_seq, outcome, time_unix_ms, confirmation FROM passage_outcomes "
      "WHERE id=?");
  if (!q.ok() || !oq.ok())
    return fail("cannot read the audit chain: " + (q.ok() ? oq.error() : q.error()));
  // After retention removed old days, the chain starts at the horizon (anchored by a seal,
  // checked in check_seals).
  std::string prev = horizon ? horizon->prev_hash : kGenesisHash;
  int64_t expect_id = horizon ? horizon->first_chain_id : 1;
  for (;;) {
    auto row = q.value().step();
    if (!row.ok()) return fail(row.error());
    if (!row.value()) break;
    auto& s = q.value();
    const int64_t id = s.int64(0);
    const std::string kind = s.text(1);
    const int64_t ref = s.int64(2);
    const std::string what = "chain entry " + std::to_string(id);
    if (id != expect_id) {
      return fail("chain entry " + std::to_string(expect_id) +
                  " is missing: records were deleted from the chain");
    }
    if (s.text(3) != prev) {
      return fail(what +
                  ": its link to the previous entry is broken (entries were removed, "
                  "reordered or inserted)");
    }
    std::string canonical, subject;
    if (kind == "passage") {
      auto p = store.read_passage(ref);
      if (!p.ok()) return fail(what + ": passage " + std::to_string(ref) + " is missing (deleted)");
      canonical = canonical_passage(p.value());
      subject = describe(p.value(), opt.utc_offset_minutes);
      last_outcome.emplace(ref, outcome_state(gate::v1::PASSAGE_OUTCOME_PENDING,
                                              gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED));
    } else if (kind == "outcome") {
      oq.value().reset().bind(1, ref);
      auto orow = oq.value().step();
      if (!orow.ok()) return fail(orow.error());
      if (!orow.value())
        return fail(what + ": outcome event " + std::to_string(ref) + " is missing (deleted)");
      const int64_t seq = oq.value().int64(0);
      const auto outcome = static_cast<gate::v1::PassageOutcome>(oq.value().int64(1));
      const auto confirmation = static_cast<gate::v1::PassageConfirmation>(oq.value().int64(3));
      canonical = canonical_outcome(seq, outcome, oq.value().int64(2), confirmation);
      subject = "outcome of passage " + std::to_string(seq);
      last_outcome[seq] = outcome_state(outcome, confirmation);

    } else if (kind == "cargo") {
      auto c = cargo_canonical(db, ref);
      if (!c.ok()) return fail(what + ": " + c.error());
      canonical = c.value();
      subject = "cargo entry " + std::to_string(ref);
    } else {
      return fail(what + ": unknown kind '" + kind + "'");
    }
    const std::string h = chain_hash(prev, canonical);
    if (h != s.text(4)) {
      return fail(what + ", " + subject +
                  ": the stored record does not match its hash (a field was changed after it "
                  "was written)");
    }
    prev = h;
    ++expect_id;
    ++rep.chain_entries;
  }
  return true;
}

bool check_coverage(GateStore& store, const std::unordered_map<int64_t, int>& last_outcome,
                    VerifyReport& rep) {
  Failure fail{rep};
  auto& db = store.db();
  auto q = db.prepare("SELECT seq, outcome, confirmation FROM passages ORDER BY seq");
  if (!q.ok()) return fail(q.error());
  for (;;) {
    auto row = q.value().step();
    if (!row.ok()) return fail(row.error());
    if (!row.value()) break;
    const int64_t seq = q.value().int64(0);
    auto it = last_outcome.find(seq);
    if (it == last_outcome.end()) {
      return fail("passage " + std::to_string(seq) +
                  " is not in the audit chain (inserted outside gated)");
    }
    if (it->second != outcome_state(q.value().int64(1), q.value().int64(2))) {
      return fail("passage " + std::to_string(seq) +
                  ": its outcome or what confirmed it differs from the outcome recorded in the "
                  "chain (changed)");
    }
  }
  if (has_table(db, "passage_cargo")) {
    auto c = db.prepare(
        "SELECT id FROM passage_cargo WHERE id NOT IN (SELECT ref FROM chain WHERE "
        "kind='cargo') LIMIT 1");
    if (!c.ok()) return fail(c.error());
    if (auto r = c.value().step(); r.ok() && r.value()) {
      return fail("cargo entry " + std::to_string(c.value().int64(0)) +
                  " is not in the audit chain (inserted outside gated)");
    }
  }
  auto o = db.prepare(
      "SELECT id FROM passage_outcomes WHERE id NOT IN (SELECT ref FROM chain WHERE "
      "kind='outcome') LIMIT 1");
  if (!o.ok()) return fail(o.error());
  auto r = o.value().step();
  if (r.ok() && r.value()) {
    return fail("outcome event " + std::to_string(o.value().int64(0)) +
                " is not in the audit chain (inserted outside gated)");
  }
  return true;
}

bool check_seals(GateStore& store, const VerifyOptions& opt, VerifyReport& rep,
                 const std::optional<RetentionHorizon>& horizon) {
  Failure fail{rep};
  auto seals = load_seals(store.db());
  if (!seals.ok()) return fail(seals.error());
  auto key_id = public_key_id(opt.public_pem);
  if (!key_id.ok()) return fail("--pubkey: " + key_id.error());
  int64_t prev_last = 0;
  for (const auto& s : seals.value()) {
    const std::string what = "seal of " + s.date;
    if (s.key_id != key_id.value()) {
      return fail(what + " was made with key " + s.key_id + ", not with the given public key " +
                  key_id.value());
    }
    auto ok = verify_signature(opt.public_pem, canonical_seal(s), s.signature);
    if (!ok.ok()) return fail(ok.error());
    if (!ok.value())
      return fail(what + ": the signature does not verify (the seal was forged or edited)");
    if (s.first_chain_id != prev_last + 1) {
      return fail(what + ": it starts at chain entry " + std::to_string(s.first_chain_id) +
                  " but the previous seal ended at " + std::to_string(prev_last));
    }
    if (horizon && s.last_chain_id < horizon->first_chain_id) {
      // A day removed by retention: its seal is kept; the last one anchors the chain.
      if (s.last_chain_id == horizon->first_chain_id - 1 && s.last_hash != horizon->prev_hash) {
        return fail("the retention horizon (chain entry " +
                    std::to_string(horizon->first_chain_id) + ") does not link to the seal of " +
                    s.date + ": records were removed or rewritten outside retention");
      }
      prev_last = s.last_chain_id;
      ++rep.seals;
      continue;
    }
    auto q = store.db().prepare(
        "SELECT SUM(kind = 'passage'), SUM(kind = 'outcome'), COUNT(*), "
        "(SELECT hash FROM chain WHERE id = ?2) FROM chain WHERE id BETWEEN ?1 AND ?2");
    if (!q.ok()) return fail(q.error());
    q.value().bind(1, s.first_chain_id).bind(2, s.last_chain_id);
    auto r = q.value().step();
    if (!r.ok()) return fail(r.error());
    if (q.value().text(3) != s.last_hash) {
      return fail(what +
                  ": the day's last chain hash differs from the sealed one (records "
                  "of that day were rewritten)");
    }
    if (q.value().int64(0) != s.passages || q.value().int64(1) != s.outcomes ||
        q.value().int64(2) != s.last_chain_id - s.first_chain_id + 1) {
      return fail(what + ": the day's record counts differ from the sealed counts");
    }
    prev_last = s.last_chain_id;
    ++rep.seals;
  }
  if (horizon && prev_last < horizon->first_chain_id - 1) {
    return fail("the retention horizon (chain entry " + std::to_string(horizon->first_chain_id) +
                ") is not anchored by a seal: records were removed outside retention");
  }
  const int64_t first_id = horizon ? horizon->first_chain_id : 1;
  if (first_id + rep.chain_entries - 1 > prev_last) {
    rep.notes.push_back(std::to_string(first_id + rep.chain_entries - 1 - prev_last) +
                        " chain entries after the last seal are not sealed yet (a day is sealed "
                        "after it ends)");
  }
  return true;
}

bool check_photos(GateStore& store, const VerifyOptions& opt, VerifyReport& rep) {
  Failure fail{rep};
  if (opt.photo_dir.empty()) {
    // Only the count is needed: no need to load every record.
    auto q = store.db().prepare(
        "SELECT COUNT(*) FROM passages WHERE time_unix_ms >= ? AND time_unix_ms < ?");
    if (!q.ok()) return fail(q.error());
    q.value()
        .bind(1, opt.from_unix_ms.value_or(INT64_MIN))
        .bind(2, opt.to_unix_ms.value_or(INT64_MAX));
    auto r = q.value().step();
    if (!r.ok()) return fail(r.error());
    rep.passages_in_range = q.value().int64(0);
    return true;
  }
  PassageFilter f;
  f.from_unix_ms = opt.from_unix_ms;
  f.to_unix_ms = opt.to_unix_ms;
  auto ps = store.list_passages(f);
  if (!ps.ok()) return fail(ps.error());
  rep.passages_in_range = static_cast<int64_t>(ps.value().size());
  PhotoStore photos(opt.photo_dir);
  for (const auto& p : ps.value()) {
    // The main photo, then the plate close-up: both are evidence of the passage.
    for (const auto& [sha, what] : {std::pair{&p.read().image_sha256(), "photo "},
                                    std::pair{&p.read().closeup_sha256(), "plate close-up "}}) {
      if (sha->empty()) continue;
      std::ifstream in(photos.path_of(*sha), std::ios::binary);
      if (!in)
        return fail(describe(p, opt.utc_offset_minutes) + ": " + what + *sha + " is missing");
      std::stringstream ss;
      ss << in.rdbuf();
      if (sha256_hex(ss.str()) != *sha) {
        return fail(describe(p, opt.utc_offset_minutes) + ": " + what + *sha +
                    " was replaced (its content no longer matches its hash)");
      }
      ++rep.photos_checked;
    }
  }
  return true;
}

}  // namespace

Result<VerifyReport> verify_gate_records(GateStore& store, const VerifyOptions& opt) {
  VerifyReport rep;
  auto horizon = load_retention_horizon(store.db());
  if (!horizon.ok()) return Error{horizon.error()};
  if (const auto& h = horizon.value()) {
    rep.notes.push_back("records up to " + h->pruned_through_date +
                        " were removed by retention; the chain is verified from entry " +
                        std::to_string(h->first_chain_id) + ", anchored by that day's seal");
  }
  std::unordered_map<int64_t, int> last_outcome;
  if (check_chain(store, opt, rep, horizon.value(), last_outcome) &&
      check_coverage(store, last_outcome, rep) && check_seals(store, opt, rep, horizon.value())) {
    check_photos(store, opt, rep);
  }
  return rep;
}

}  // namespace gate::host
