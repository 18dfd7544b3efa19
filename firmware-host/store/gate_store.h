// The gate's durable state in one SQLite file: vehicle ledger, passages, and the upload outbox.
//
// Contract: commit_passage() writes the passage and its outbox row in one transaction and
// returns only after the commit is durable (WAL, synchronous=FULL); the lane opens the barrier
// only after it returned a sequence number. Nothing here deletes a passage or an outbox row.
// Outbox rows (docs/uplink.md §2): one "decision" per passage; one "outcome" exactly for a
// passage decided pass or manual_pass — at commit when its outcome is already known (a pass
// the busy lane could not open: turned_away), else by set_outcome(). A refuse or hold is final
// and never gets one. Where the platform takes photos as messages of their own
// (queue_photo_records), a passage with a photo also gets a "photo_1" row, after its "decision",
// and one whose camera sent a plate close-up besides it a "photo_2" row after that. Cargo
// (record_cargo) queues one row per entry: "cargo" for the first, "cargo_<n>" for the n-th (a
// correction), each its own record with its own key.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firmware-host/store/audit_chain.h"
#include "firmware-host/store/ledger_history.h"
#include "firmware-host/store/schema_migrations.h"
#include "firmware-host/store/sqlite_db.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::host {

// The outbox kind of a passage's photo sent as its own message.
inline constexpr const char* kPhotoRecordKind = "photo_1";
// The outbox kind of a passage's plate close-up (PlateRead.closeup_sha256), sent as photo 2.
inline constexpr const char* kCloseupRecordKind = "photo_2";

struct PassageFilter {
  std::optional<int64_t> from_unix_ms;  // inclusive
  std::optional<int64_t> to_unix_ms;    // exclusive
  std::string plate;                    // exact plate as read, empty = any
  std::optional<gate::v1::Verdict> verdict;
  // Only passages whose platform check disagreed with the ledger (VehicleCheck.ledger_mismatch).
  bool ledger_mismatch_only = false;
  // Newest first (seq descending), so that `limit` keeps the latest; else oldest first.
  bool newest_first = false;
  int limit = 0;  // 0 = no limit
};

// One cargo entry of a passage (table passage_cargo). Entries are never changed or removed: a
// correction is a new entry with the next revision, and the latest revision is the cargo.
struct CargoEntry {
  int64_t id = 0;
  int64_t passage_seq = 0;
  int revision = 0;  // 1, 2, …
  std::string name;
  int64_t quantity_milli = 0;  // thousandths of the unit (rules/cargo.h)
  std::string unit;            // "t" or "L"
  std::string entered_by;      // the operator's name, or "weighbridge"
  int64_t entered_unix_ms = 0;
};

// What an operator or a weighbridge enters; checked by record_cargo.
struct CargoInput {
  std::string name;
  std::string quantity;  // decimal text, as typed
  std::string unit;
  std::string entered_by;
};

// The outbox kind of a passage's cargo entry `revision`: "cargo", "cargo_2", …
std::string cargo_outbox_kind(int revision);
// The revision an outbox kind names, 0 when the kind is not a cargo kind.
int cargo_revision_of_kind(const std::string& kind);

struct OutboxRow {
  int64_t id = 0;
  int64_t passage_seq = 0;
  // "decision" (new passage), "outcome" (barrier result known), "cargo", "cargo_<n>"
  std::string kind;
  int64_t created_unix_ms = 0;
  int attempts = 0;
  gate::v1::Passage passage;        // current state of the passage
  std::optional<CargoEntry> cargo;  // cargo kinds: the entry this row uploads
};

struct OutboxStats {
  int64_t pending = 0;  // neither acknowledged nor parked: still to be sent
  int64_t acked = 0;
  int64_t oldest_pending_unix_ms = 0;  // 0 when nothing is pending
  int64_t parked = 0;                  // rejected by the platform as invalid, set aside
  int64_t acked_within_window = 0;     // acknowledged at most live_window_ms after queueing
  int64_t photos_pending = 0;          // of `pending`: photos sent as messages of their own
  int64_t photo_bytes_sent = 0;        // JPEG bytes of every photo the platform took, ever
};

// An outbox row the platform rejected as invalid: kept, not sent again until requeued.
struct ParkedRow {
  int64_t id = 0;
  int64_t passage_seq = 0;
  std::string kind;
  std::string gate_id;
  int64_t created_unix_ms = 0;
  int64_t parked_unix_ms = 0;
  std::string reason;
};

class GateStore {
 public:
  // Opening for writing applies the schema migrations (schema_migrations.h); any open refuses a
  // file written by a newer release.
  static Result<std::unique_ptr<GateStore>> Open(const std::string& path, bool read_only = false);
  // The PRAGMA user_version this release writes.
  static int latest_schema_version();

  // The database remembers whether it was written under gated's simulated clock
  // (firmware-host/clock/simulation_clock.h): a simulated database is refused by a normal start
  // and a database with real passages is refused in simulation mode, so that simulated time
  // never enters a production audit trail. The first start decides for a new database.
  Status check_clock_mode(bool simulated);

  // Ledger. upsert replaces the entry with the same plate (or registration code when plate is
  // empty). replace_ledger is all-or-nothing.
  // Every write is recorded in the ledger history (ledger_history.h) with `actor`.
  Status upsert_vehicle(const gate::v1::Vehicle& v, int64_t now_unix_ms,
                        const std::string& actor = "");
  Status replace_ledger(const std::vector<gate::v1::Vehicle>& vehicles, int64_t now_unix_ms,
                        const std::string& actor = "");
  Result<std::vector<gate::v1::Vehicle>> load_vehicles();

  // Passages. Sets p.seq on success.
  Result<int64_t> commit_passage(gate::v1::Passage& p, int64_t now_unix_ms);
  // From now on, commit_passage() queues a kPhotoRecordKind row for each passage with a photo
  // and a kCloseupRecordKind row for each with a close-up too (the daemon sets it when its
  // platform profile sends photos as messages).
  void queue_photo_records(bool on) { queue_photo_records_ = on; }
  // `confirmation` says what confirmed a PASSED outcome (UNSPECIFIED for the others).
  Status set_outcome(
      int64_t seq, gate::v1::PassageOutcome outcome, int64_t now_unix_ms,
      gate::v1::PassageConfirmation confirmation = gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED);
  Result<std::vector<gate::v1::Passage>> list_passages(const PassageFilter& f);
  // Passages left PENDING by a previous run (crash or stop between opening and confirmation).
  Result<std::vector<int64_t>> pending_passages();

  // Cargo. Checks the input (rules/cargo.h; the passage must exist) and writes the entry, its
  // audit chain entry and its outbox row in one transaction; a passage that has cargo gets the
  // next revision (a correction). Errors say what was wrong and what to write instead.
  Result<CargoEntry> record_cargo(int64_t seq, const CargoInput& in, int64_t now_unix_ms);
  // Every cargo entry of passage `seq`, oldest first (empty: none entered).
  Result<std::vector<CargoEntry>> cargo_entries(int64_t seq);
  // The entry with `revision` of passage `seq`.
  Result<CargoEntry> read_cargo(int64_t seq, int revision);

  // Outbox, oldest first; parked rows are skipped.
  Result<std::vector<OutboxRow>> next_outbox(int limit);
  // `photo_bytes`: the JPEG bytes of the photos these records carried (inline or as photo
  // messages), added to the total that outbox_stats() reports, in the same transaction.
  Status mark_acked(const std::vector<int64_t>& ids, int64_t now_unix_ms, int64_t photo_bytes = 0);
  Status mark_failed(const std::vector<int64_t>& ids, const std::string& error);
  // Sets a row aside with the platform's reason; the rows after it go on.
  Status mark_parked(int64_t id, const std::string& reason, int64_t now_unix_ms);
  Result<std::vector<ParkedRow>> parked_outbox(int limit);
  // Puts every parked row back in the queue (after the platform fixed its side); returns how many.
  Result<int64_t> requeue_parked();
  // acked and acked_within_window count rows queued at or after `since_unix_ms` (0 = all);
  // pending, parked and oldest_pending always count every row. Indexed: the cost follows the
  // backlog and the acknowledged rows since `since_unix_ms`, so a periodic check that needs only
  // the backlog passes the current time (the counts of a whole history take a while).
  Result<OutboxStats> outbox_stats(int64_t live_window_ms = 60000, int64_t since_unix_ms = 0);
  // Its two reads, public so that a test can check their query plans: the backlog through
  // outbox_pending, and (live window, since) the acknowledged rows through outbox_created.
  static constexpr const char* kOutboxBacklogSql =
      "SELECT SUM(parked_unix_ms IS NULL), "
      "MIN(CASE WHEN parked_unix_ms IS NULL THEN created_unix_ms END), "
      "SUM(parked_unix_ms IS NOT NULL), SUM(parked_unix_ms IS NULL AND kind LIKE 'photo%') "
      "FROM outbox WHERE acked_unix_ms IS NULL";
  static constexpr const char* kOutboxDeliveredSql =
      "SELECT COUNT(*), SUM(acked_unix_ms - created_unix_ms <= ?) FROM outbox "
      "WHERE created_unix_ms >= ? AND acked_unix_ms IS NOT NULL";

  // One passage by sequence number (audit verification reads records one at a time).
  Result<gate::v1::Passage> read_passage(int64_t seq);
  // The connection, for the audit tables kept beside the passages (seals, verification).
  SqliteDb& db() { return *db_; }

 private:
  explicit GateStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status migrate();
  static const std::vector<SchemaMigration>& migrations();

  // Chains a passage's outcome event inside the caller's transaction.
  Status write_vehicle(const gate::v1::Vehicle& v, int64_t now);
  Result<ChainHead> chain_outcome(
      int64_t seq, gate::v1::PassageOutcome outcome, int64_t now,
      gate::v1::PassageConfirmation confirmation = gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED);

  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<Statement> read_passage_stmt_;  // declared after db_: finalized first
  AuditChain chain_;
  bool queue_photo_records_ = false;
  Status queue_photos(int64_t seq, const gate::v1::PlateRead& r, int64_t now_unix_ms);
  // The passage's vehicle check, in the passage's row (inside commit_passage's transaction).
  Status store_check(int64_t seq, const gate::v1::VehicleCheck& check);
};

}  // namespace gate::host
