#include "firmware-host/gatectl/sync_commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/uplink_config.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/sync/platform_state_store.h"
#include "firmware-host/sync/transmission_metrics.h"
#include "rules/local_time.h"

namespace gate::ctl {
namespace {

constexpr int kParkedShown = 50;
constexpr int64_t kDayMs = 24 * 3600 * 1000;

struct Setup {
  std::string db;
  gate::v1::UplinkConfig uplink;  // normalised: defaults unless --config gave values
  int utc_offset = 480;
};

Result<Setup> setup(const Args& a) {
  Setup s;
  auto defaults = drivers::uplink::normalise_uplink_config({});
  if (!defaults.ok()) return Error{defaults.error()};
  s.uplink = defaults.value();
  if (auto it = a.options.find("--config"); it != a.options.end()) {
    auto cfg = host::load_config(it->second);
    if (!cfg.ok()) return Error{cfg.error()};
    s.db = cfg.value().database_path();
    s.uplink = cfg.value().uplink();
    s.utc_offset = cfg.value().utc_offset_minutes();
  }
  if (auto it = a.options.find("--db"); it != a.options.end()) s.db = it->second;
  if (s.db.empty()) return Error{"--db FILE (or --config FILE) is required"};
  if (auto it = a.options.find("--utc-offset"); it != a.options.end()) {
    try {
      s.utc_offset = std::stoi(it->second);
    } catch (...) {
      return Error{"--utc-offset must be minutes east of UTC (480 for China)"};
    }
  }
  return s;
}

std::string percent(int64_t part, int64_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * static_cast<double>(part) / whole);
  return buf;
}

std::string when(int64_t ms, int64_t now, int offset) {
  if (ms == 0) return "never";
  return rules::local_time(ms, offset) + " (" + host::format_age(now - ms) + " ago)";
}

}  // namespace

int sync_status(const Args& a, std::ostream& out, std::ostream& err) {
  auto s = setup(a);
  if (!s.ok()) {
    err << "gatectl: " << s.error() << "\n";
    return 2;
  }
  const std::string format = a.options.count("--format") ? a.options.at("--format") : "table";
  if (format != "table" && format != "json") {
    err << "gatectl: --format must be table or json\n";
    return 2;
  }
  auto store = host::GateStore::Open(s.value().db);
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto platform = host::PlatformStateStore::Open(s.value().db);
  if (!platform.ok()) {
    err << "gatectl: " << platform.error() << "\n";
    return 1;
  }
  const auto& up = s.value().uplink;
  const int64_t now = now_ms();
  auto all = store.value()->outbox_stats(up.live_window_ms());
  auto day = store.value()->outbox_stats(up.live_window_ms(), now - kDayMs);
  auto parked = store.value()->parked_outbox(kParkedShown);
  auto state = platform.value()->load();
  auto health = platform.value()->health();
  if (!all.ok() || !day.ok() || !parked.ok() || !state.ok() || !health.ok()) {
    err << "gatectl: "
        << (!all.ok()      ? all.error()
            : !day.ok()    ? day.error()
            : !parked.ok() ? parked.error()
            : !state.ok()  ? state.error()
                           : health.error())
        << "\n";
    return 1;
  }
  const auto m = host::compute_metrics(all.value(), now, up.backlog_alarm_age_ms());
  const int off = s.value().utc_offset;
  const auto& st = state.value();
  const auto& h = health.value();

  if (format == "json") {
    nlohmann::json j;
    j["delivered"] = all.value().acked;
    j["delivered_within_live_window"] = all.value().acked_within_window;
    j["live_share"] = m.live_share;
    j["live_window_ms"] = up.live_window_ms();
    j["last_24h"] = {{"delivered", day.value().acked},
                     {"delivered_within_live_window", day.value().acked_within_window}};
    j["backlog"] = {{"records", m.backlog},
                    {"oldest_age_ms", m.backlog_age_ms},
                    {"alarm", m.alarm},
                    {"alarm_age_ms", up.backlog_alarm_age_ms()}};
    j["parked"] = nlohmann::json::array();
    for (const auto& p : parked.value()) {
      j["parked"].push_back(
          {{"key", p.gate_id + "-" + std::to_string(p.passage_seq) + "-" + p.kind},
           {"queued", rules::local_time(p.created_unix_ms, off)},
           {"parked", rules::local_time(p.parked_unix_ms, off)},
           {"reason", p.reason}});
    }
    j["parked_total"] = m.parked;
    j["platform"] = {{"last_contact_unix_ms", h.last_contact_unix_ms},
                     {"last_error", h.last_error},
                     {"last_error_unix_ms", h.last_error_unix_ms}};
    j["downlink"] = {{"cursor", st.cursor},
                     {"has_control", st.has_control},
                     {"alert_level", st.has_control ? st.control.alert_level() : 0},
                     {"measures", nlohmann::json::array()},
                     {"whitelist", st.lists->whitelist.size()},
                     {"excess_emission", st.lists->excess_emission.size()}};
    for (const auto& me : st.control.measures()) j["downlink"]["measures"].push_back(me);
    out << j.dump(2) << "\n";
    return 0;
  }
  out << "delivered:  " << all.value().acked << " record(s); "
      << percent(all.value().acked_within_window, all.value().acked) << " within "
      << host::format_age(up.live_window_ms())
      << " (last 24 h: " << percent(day.value().acked_within_window, day.value().acked) << " of "
      << day.value().acked << ")\n";
  out << "backlog:    " << m.backlog << " record(s) waiting";
  if (m.backlog > 0) out << ", oldest " << host::format_age(m.backlog_age_ms);
  if (m.alarm) out << "  ALARM: older than " << host::format_age(up.backlog_alarm_age_ms());
  out << "\n";
  out << "parked:     " << m.parked << " record(s) rejected by the platform as invalid";
  out << (m.parked > 0 ? " (gatectl sync requeue sends them again)\n" : "\n");
  for (const auto& p : parked.value()) {
    out << "  " << p.gate_id << "-" << p.passage_seq << "-" << p.kind << "  parked "
        << rules::local_time(p.parked_unix_ms, off) << "  " << p.reason << "\n";
  }
  if (m.parked > static_cast<int64_t>(parked.value().size())) {
    out << "  … and " << m.parked - static_cast<int64_t>(parked.value().size()) << " more\n";
  }
  out << "platform:   last contact " << when(h.last_contact_unix_ms, now, off);
  if (!h.last_error.empty()) {
    out << "; last error " << when(h.last_error_unix_ms, now, off) << ": " << h.last_error;
  }
  out << "\n";
  out << "downlink:   " << host::describe(st) << "\n";
  return 0;
}

int sync_requeue(const Args& a, std::ostream& out, std::ostream& err) {
  auto s = setup(a);
  if (!s.ok()) {
    err << "gatectl: " << s.error() << "\n";
    return 2;
  }
  auto store = host::GateStore::Open(s.value().db);
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto n = store.value()->requeue_parked();
  if (!n.ok()) {
    err << "gatectl: " << n.error() << "\n";
    return 1;
  }
  out << n.value() << " parked record(s) queued for upload again\n";
  return 0;
}

}  // namespace gate::ctl
