// The sync worker: sends outbox rows to the platform through an UplinkTransport, in order, in
// batches, each record keyed by gate id + local sequence and flagged live or backfill. It runs
// on its own thread with its own database connections (WAL lets it read while lanes write).
//
// Contracts:
// - Nothing is deleted: acknowledged rows are marked; a record the platform rejects as invalid
//   is parked with the platform's reason and the rows after it go on. A batch refused as a whole
//   is split in halves until the invalid record is found.
// - Failures back off exponentially with jitter (interval_ms … max_backoff_ms); each streak is
//   logged once, and a refused signature or login raises an alarm.
// - Every heartbeat_interval_ms a heartbeat carries the gate's status and metrics; the downlink
//   (alert level, control measures, whitelist, excess-emission list) is fetched every
//   downlink_poll_interval_ms, or at once when a heartbeat reply announces a new cursor. It is
//   persisted before it is handed to the daemon, so it survives a restart.
// - Transmission metrics (share delivered within the live window, backlog size and age) go to
//   the log every metrics_log_interval_ms; an alarm is raised when the backlog is older than
//   backlog_alarm_age_ms, and cleared when it is not.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/uplink/uplink_transport.h"
#include "firmware-host/sync/platform_state.h"
#include "gate/v1/config.pb.h"
#include "gate/v1/uplink.pb.h"

namespace gate::host {

class OutboxUploader {
 public:
  struct Hooks {
    std::function<void(const std::string&)> log;
    std::function<void(const std::string&)> alarm;  // the text, without the "ALARM" prefix
    // What the platform said changed (downlink applied, or measures expired): the state and the
    // alert level the lanes should use now (the strategy in force: effective_strategy()).
    // Called on the worker thread.
    std::function<void(const PlatformState&, gate::v1::AlertLevel)> on_platform_state;
    // Lane status for heartbeats; called on the worker thread, must be thread-safe.
    std::function<std::vector<gate::v1::LaneStatus>()> lanes;
    // Declared cameras' health for heartbeats; same thread and rule; unset = none sent.
    std::function<std::vector<gate::v1::CameraState>()> cameras;
  };

  // `cfg` is normalised (drivers/uplink/uplink_config.h). `configured_alert` is the level from
  // the configuration, in force while the platform has said nothing.
  OutboxUploader(std::string db_path, std::string gate_id, gate::v1::UplinkConfig cfg,
                 int utc_offset_minutes, gate::v1::AlertLevel configured_alert,
                 std::unique_ptr<drivers::uplink::UplinkTransport> transport, Hooks hooks);
  ~OutboxUploader();

  void start();
  void stop();
  // Wakes the worker early (a new passage was committed). Does not cut a backoff short.
  void poke();

  int64_t uploaded() const { return uploaded_.load(); }

 private:
  class Worker;
  void run();

  std::string db_path_;
  std::string gate_id_;
  gate::v1::UplinkConfig cfg_;
  int utc_offset_minutes_;
  gate::v1::AlertLevel configured_alert_;
  std::unique_ptr<drivers::uplink::UplinkTransport> transport_;
  Hooks hooks_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool poked_ = false;
  std::atomic<int64_t> uploaded_{0};
};

}  // namespace gate::host
