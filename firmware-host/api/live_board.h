// What the dashboard shows live and what the lanes' thread tells it: the last decision of each
// lane and its outcome, the alarms raised since start with who acknowledged them, and whether the
// platform's vehicle check answers or the lanes decide in degraded mode. Written by
// the daemon (lanes' thread, uploader, retention), read by the API thread: thread-safe, bounded
// (the newest kMaxAlarms alarms are kept). No I/O; the time is passed in.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gate/v1/passage.pb.h"

namespace gate::host {

struct Alarm {
  int64_t id = 0;
  int64_t raised_unix_ms = 0;
  std::string text;
  std::string acknowledged_by;  // "" while open
  int64_t acknowledged_unix_ms = 0;
};

// The platform's vehicle check as the live page shows it (docs/platform-profiles.md, "Vehicle
// check"). Degraded: the last check that ended had no usable answer (none by the deadline, or
// the call failed), so the lanes decide in their degraded mode until one is answered again.
struct CheckHealth {
  bool seen = false;  // a check has ended since start
  bool degraded = false;
  std::string degraded_mode;              // while degraded: "local" or "refuse", as applied
  std::string reason;                     // while degraded: why the last check had no answer
  int64_t degraded_since_unix_ms = 0;     // while degraded: the first unanswered check of the spell
  int64_t last_unix_ms = 0;               // when the last check ended
  int64_t last_latency_ms = 0;            // the last check's read to answer (or to the deadline)
  int64_t answered = 0, unavailable = 0;  // since start
};

class LiveBoard {
 public:
  static constexpr std::size_t kMaxAlarms = 200;

  void on_decided(const gate::v1::Passage& p);
  void on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome o);
  // The latest passage decided at `lane` (with its outcome once known); nullopt before the first.
  std::optional<gate::v1::Passage> last_passage(const std::string& lane) const;
  int64_t decisions() const;  // since start, all lanes

  int64_t raise_alarm(const std::string& text, int64_t now);
  // False when there is no alarm with that id (or it was dropped as too old).
  bool acknowledge(int64_t id, const std::string& user, int64_t now);
  std::vector<Alarm> alarms() const;  // newest first

  // One vehicle check ended at `now` (status ANSWERED or UNAVAILABLE; NONE is ignored). True
  // when it turned degraded mode on or off: the daemon raises or clears its ALARM on that.
  bool on_check_done(const gate::v1::VehicleCheck& c, int64_t now);
  CheckHealth check_health() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, gate::v1::Passage> last_;
  int64_t decisions_ = 0;
  std::deque<Alarm> alarms_;
  int64_t next_alarm_id_ = 1;
  CheckHealth check_;
};

}  // namespace gate::host
