// The worker that pushes the gate's passages to the plant database (docs/plant.md), on its own
// thread with its own connections: the gate's SQLite file read-only (PassageBacklog) and one
// libpq connection to the plant.
//
// Contracts:
// - Exactly once, with backfill after a cut: each round asks the plant for the highest seq it
//   holds for this gate and sends the settled passages after it, up to batch_size per
//   transaction (plant_passages.h). Nothing is marked at the gate; the plant's table is the
//   cursor, so a cut, a crash or a lost answer just means the next round starts from what the
//   plant committed.
// - Never stops the gate: a plant that is down, unknown or refuses the gate's credentials is an
//   ALARM naming plant.conninfo (describe_plant_failure), once per streak of failures and again
//   when the kind of failure changes; the worker retries with exponential backoff and jitter
//   (push_interval_ms … max_backoff_ms). A poke does not cut a backoff short.
// - The plant's schema is brought up to date on each new connection (plant_schema.h); a plant
//   database newer than this release is a failure like any other (ALARM, retried).
// - The link state and lag (state()) are refreshed at least every push_interval_ms, also while
//   backing off, for /metrics.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "firmware-host/plant/passage_backlog.h"
#include "firmware-host/plant/plant_alert.h"
#include "firmware-host/plant/plant_link.h"
#include "firmware-host/plant/plant_policy.h"
#include "firmware-host/plant/plant_share_leases.h"
#include "gate/v1/config.pb.h"

namespace gate::host {

class PlantPusher {
 public:
  struct Hooks {
    std::function<void(const std::string&)> log;
    std::function<void(const std::string&)> alarm;  // the text, without the "ALARM" prefix
    std::function<int64_t()> now_ms;                // the gate's clock
    // The plant-wide share (plant.plant_wide_share), both set or neither: what a round settles,
    // built from its batch, and where the outcome goes. Every round then settles the gate's
    // lease in the push's transaction, also when there is nothing to push.
    std::function<PlantShareRound(const std::vector<gate::v1::Passage>& batch)> share_round;
    PlantShareLeases* share_leases = nullptr;
    // The plant's alert level (plant_alert.h), read after every successful round: told of each
    // revision above the last one told (starting from plant_alert_seen, the one the gate
    // applied before it started).
    std::function<void(const PlantAlert&)> plant_alert;
    int64_t plant_alert_seen = 0;
    // The policy this gate runs (plant_policy.h), reported after every successful round and
    // compared with the plant's: an ALARM when they differ, once per difference.
    std::function<GatePolicy()> gate_policy;
  };

  // `cfg.conninfo` is set; zero settings take their defaults (config.proto, PlantConfig).
  PlantPusher(std::string database_path, std::string gate_id, gate::v1::PlantConfig cfg,
              int utc_offset_minutes, Hooks hooks);
  ~PlantPusher();

  void start();
  void stop();
  // A passage was committed or settled: look for it now unless backing off.
  void poke();
  // Any thread.
  PlantLinkState state() const;

 private:
  void run();
  // Connects (and migrates) when needed, then pushes one batch; `more` when the batch was full.
  Status push_round(PassageBacklog& backlog, bool& more);
  // Pushes `batch` (possibly empty) and settles the share in the same transaction.
  Result<int64_t> push_and_settle(const std::vector<gate::v1::Passage>& batch);
  // Reads the plant's alert level and tells hooks_.plant_alert of a new revision.
  void watch_plant_alert();
  // Reports this gate's policy and compares it with the plant's.
  void check_plant_policy();
  Status connect();
  void failed(const std::string& reason);
  void refresh_lag(PassageBacklog& backlog);
  // Waits `ms`, refreshing the lag every push interval; false when stopping.
  bool wait(int64_t ms, bool poke_cuts_short, PassageBacklog& backlog);

  std::string database_path_;
  std::string gate_id_;
  gate::v1::PlantConfig cfg_;
  int utc_offset_minutes_;
  Hooks hooks_;
  std::unique_ptr<drivers::pg::Connection> plant_;  // worker thread only
  std::string alarmed_kind_;                        // worker thread only; "" = no streak
  std::string share_warning_;                       // worker thread only; the last one alarmed
  int64_t alert_seen_ = 0;                          // worker thread only
  std::string alert_error_;                         // worker thread only; the last one logged
  std::string policy_alarm_;                        // worker thread only; the last one raised
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool poked_ = false;
  PlantLinkState state_;  // guarded by mu_
};

}  // namespace gate::host
