// Transmission metrics of the uplink (docs/domain.md §1, §5: ≥ 95 % delivered in near real time):
// the share of records acknowledged within the live window, the backlog's size and age, and whether
// the backlog is old enough to raise an alarm. Pure: the outbox counts and the time come in.
#pragma once

#include <cstdint>
#include <string>

#include "firmware-host/store/gate_store.h"

namespace gate::host {

struct TransmissionMetrics {
  int64_t backlog = 0;         // records waiting to be sent
  int64_t backlog_age_ms = 0;  // age of the oldest of them; 0 when none
  int64_t parked = 0;
  int64_t acked = 0;
  int64_t acked_live = 0;
  double live_share = 1.0;  // acked_live / acked; 1 when nothing was acknowledged yet
  bool alarm = false;       // backlog_age_ms > alarm age
};

TransmissionMetrics compute_metrics(const OutboxStats& stats, int64_t now_unix_ms,
                                    int64_t alarm_age_ms);

// "backlog 12 record(s), oldest 35 s; 99.1 % of 2000 delivered within 60 s; 0 parked"
std::string format_metrics(const TransmissionMetrics& m, int64_t live_window_ms);
// "250 ms", "42 s", "3 min 5 s", "2 h 3 min", "1 d 4 h"
std::string format_age(int64_t ms);

}  // namespace gate::host
