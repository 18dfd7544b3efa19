#include "firmware-host/sync/transmission_metrics.h"

#include <algorithm>
#include <cstdio>

namespace gate::host {

TransmissionMetrics compute_metrics(const OutboxStats& s, int64_t now, int64_t alarm_age_ms) {
  TransmissionMetrics m;
  m.backlog = s.pending;
  m.backlog_age_ms = s.pending > 0 && s.oldest_pending_unix_ms > 0
                         ? std::max<int64_t>(0, now - s.oldest_pending_unix_ms)
                         : 0;
  m.parked = s.parked;
  m.acked = s.acked;
  m.acked_live = s.acked_within_window;
  m.live_share = s.acked > 0 ? static_cast<double>(s.acked_within_window) / s.acked : 1.0;
  m.alarm = m.backlog > 0 && m.backlog_age_ms > alarm_age_ms;
  return m;
}

std::string format_age(int64_t ms) {
  if (ms < 1000) return std::to_string(ms < 0 ? 0 : ms) + " ms";
  const int64_t s = ms / 1000;
  auto two = [](int64_t big, const char* big_unit, int64_t small, const char* small_unit) {
    std::string out = std::to_string(big) + " " + big_unit;
    if (small != 0) out += " " + std::to_string(small) + " " + small_unit;
    return out;
  };
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return two(s / 60, "min", s % 60, "s");
  if (s < 86400) return two(s / 3600, "h", s / 60 % 60, "min");
  return two(s / 86400, "d", s / 3600 % 24, "h");
}

std::string format_metrics(const TransmissionMetrics& m, int64_t live_window_ms) {
  std::string out = "backlog " + std::to_string(m.backlog) + " record(s)";
  if (m.backlog > 0) out += ", oldest " + format_age(m.backlog_age_ms);
  char share[32];
  std::snprintf(share, sizeof share, "%.1f %%", m.live_share * 100.0);
  out += "; " + std::string(m.acked > 0 ? share : "-") + " of " + std::to_string(m.acked) +
         " delivered within " + format_age(live_window_ms) + "; " + std::to_string(m.parked) +
         " parked";
  return out;
}

}  // namespace gate::host
