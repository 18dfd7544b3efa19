// The worker that keeps the gate's ledger and the plant's master ledger in step (docs/plant.md
// §4), on its own thread with its own connections: the gate's SQLite file (GateLedgerCopy) and
// one libpq connection to the plant.
//
// Contracts:
// - Each round pushes, then pulls. Push: the gate's ledger edits (vehicle_history rows) after
//   the plant's cursor for this gate, batch by batch, each batch exactly once
//   (plant_ledger.h); an edit that lost to a later one brings the master entry back at once.
//   Pull: the master entries after the gate's revision cursor, in revision order, written
//   through GateStore::upsert_vehicle with the cursor in the same transaction. Pushing first
//   means a gate's own edit made while cut off is judged at the plant before the plant's older
//   entries come in.
// - After a round that changed the gate's ledger (or sent edits another writer made to it,
//   such as `gatectl ledger import`), hooks.ledger_changed is called so that the lanes reload
//   their lookup.
// - Never stops the gate: the gate decides from its own copy at all times. A plant that is down
//   or refuses the gate is an ALARM (once per streak, again when the kind changes) naming
//   plant.conninfo; the worker retries with exponential backoff and jitter (ledger_interval_ms
//   … max_backoff_ms). The plant schema is brought up to date on each new connection.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/postgres/pg_connection.h"
#include "firmware-host/plant/gate_ledger_copy.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::host {

struct LedgerSyncState {
  bool connected = false;
  std::string last_error;  // "" after a successful round
  int64_t revision = 0;    // the plant revision the gate has applied up to
  int64_t pushed = 0;      // edits the plant took from this gate since start
  int64_t pulled = 0;      // master entries that changed the gate's ledger since start
  int64_t rounds = 0;      // successful rounds since start
};

class LedgerReplicator {
 public:
  struct Hooks {
    std::function<void(const std::string&)> log;
    std::function<void(const std::string&)> alarm;  // the text, without the "ALARM" prefix
    std::function<int64_t()> now_ms;                // the gate's clock, for the history rows
    std::function<void()> ledger_changed;           // worker thread; may be empty
  };

  // `cfg.conninfo` is set; zero settings take their defaults (config.proto, PlantConfig).
  LedgerReplicator(std::string database_path, std::string gate_id, gate::v1::PlantConfig cfg,
                   Hooks hooks);
  ~LedgerReplicator();

  void start();
  void stop();
  // A ledger edit was made here: send it now unless backing off.
  void poke();
  // Any thread.
  LedgerSyncState state() const;

 private:
  void run();
  Status round(GateLedgerCopy& copy, bool& more, bool& changed);
  Status push(GateLedgerCopy& copy, bool& more, bool& changed, int64_t& pushed_through);
  Status pull(GateLedgerCopy& copy, int64_t pushed_through, bool& more, bool& changed);
  Status connect();
  void failed(const std::string& reason);
  bool wait(int64_t ms, bool poke_cuts_short);

  std::string database_path_;
  std::string gate_id_;
  gate::v1::PlantConfig cfg_;
  Hooks hooks_;
  std::unique_ptr<drivers::pg::Connection> plant_;  // worker thread only
  int64_t scanned_to_ = 0;    // worker only: history ids up to here are at the plant or replicated
  std::string alarmed_kind_;  // worker thread only; "" = no streak
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool poked_ = false;
  LedgerSyncState state_;  // guarded by mu_
};

// The ALARM text for a failed round: the reason, the setting to check, and that the gate goes
// on deciding from its copy while its own edits wait.
std::string describe_ledger_sync_failure(const std::string& reason);

}  // namespace gate::host
