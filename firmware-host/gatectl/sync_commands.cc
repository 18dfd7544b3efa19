#include "firmware-host/gatectl/sync_commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/uplink_config.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/plant/plant_probe.h"
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
  gate::v1::PlantConfig plant;  // from --config; empty conninfo: no plant
  std::string gate_id;
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
    s.plant = cfg.value().plant();
    s.gate_id = cfg.value().gate_id();
  }
  if (auto it = a.options.find("--db"); it != a.options.end()) s.db = it->second;
  if (s.db.empty()) return Error{"--db FILE (or --config FILE) is required"};
  auto offset = utc_offset_option(a, s.utc_offset);
  if (!offset.ok()) return Error{offset.error()};
  s.utc_offset = offset.value();
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

// What sync status shows, read from the database.
struct SyncView {
  gate::v1::UplinkConfig uplink;
  int utc_offset = 480;
  int64_t now = 0;
  host::OutboxStats all, day;
  std::vector<host::ParkedRow> parked;
  host::PlatformState state;
  host::UplinkHealth health;
  host::TransmissionMetrics metrics;
  host::PlantLinkState plant;  // configured = false without a plant (docs/plant.md)
};

Result<SyncView> read_sync_view(const Setup& s) {
  auto store = host::GateStore::Open(s.db);
  if (!store.ok()) return Error{store.error()};
  auto platform = host::PlatformStateStore::Open(s.db);
  if (!platform.ok()) return Error{platform.error()};
  SyncView v;
  v.uplink = s.uplink;
  v.utc_offset = s.utc_offset;
  v.now = now_ms();
  const int64_t window = s.uplink.live_window_ms();
  auto all = store.value()->outbox_stats(window);
  auto day = store.value()->outbox_stats(window, v.now - kDayMs);
  auto parked = store.value()->parked_outbox(kParkedShown);
  auto state = platform.value()->load();
  auto health = platform.value()->health();
  if (!all.ok()) return Error{all.error()};
  if (!day.ok()) return Error{day.error()};
  if (!parked.ok()) return Error{parked.error()};
  if (!state.ok()) return Error{state.error()};
  if (!health.ok()) return Error{health.error()};
  v.all = all.value();
  v.day = day.value();
  v.parked = std::move(parked).value();
  v.state = std::move(state).value();
  v.health = health.value();
  v.metrics = host::compute_metrics(v.all, v.now, s.uplink.backlog_alarm_age_ms());
  v.plant = host::probe_plant_link(s.plant, s.gate_id, s.db, v.now);
  return v;
}

void write_json(const SyncView& v, std::ostream& out) {
  nlohmann::json j;
  j["delivered"] = v.all.acked;
  j["delivered_within_live_window"] = v.all.acked_within_window;
  j["live_share"] = v.metrics.live_share;
  j["live_window_ms"] = v.uplink.live_window_ms();
  j["last_24h"] = {{"delivered", v.day.acked},
                   {"delivered_within_live_window", v.day.acked_within_window}};
  j["backlog"] = {{"records", v.metrics.backlog},
                  {"oldest_age_ms", v.metrics.backlog_age_ms},
                  {"alarm", v.metrics.alarm},
                  {"alarm_age_ms", v.uplink.backlog_alarm_age_ms()}};
  j["photos"] = {{"backlog", v.all.photos_pending}, {"bytes_sent", v.all.photo_bytes_sent}};
  j["parked"] = nlohmann::json::array();
  for (const auto& p : v.parked) {
    j["parked"].push_back({{"key", p.gate_id + "-" + std::to_string(p.passage_seq) + "-" + p.kind},
                           {"queued", rules::local_time(p.created_unix_ms, v.utc_offset)},
                           {"parked", rules::local_time(p.parked_unix_ms, v.utc_offset)},
                           {"reason", p.reason}});
  }
  j["parked_total"] = v.metrics.parked;
  j["platform"] = {{"last_contact_unix_ms", v.health.last_contact_unix_ms},
                   {"last_error", v.health.last_error},
                   {"last_error_unix_ms", v.health.last_error_unix_ms}};
  j["downlink"] = {{"cursor", v.state.cursor},
                   {"has_control", v.state.has_control},
                   {"alert_level", v.state.has_control ? v.state.control.alert_level() : 0},
                   {"response_level", v.state.control.response_level()},
                   {"strategy", v.state.control.strategy()},
                   {"strategy_code", v.state.control.strategy_code()},
                   {"reference", v.state.control.reference()},
                   {"measures", nlohmann::json::array()},
                   {"whitelist", v.state.lists->whitelist.size()},
                   {"excess_emission", v.state.lists->excess_emission.size()}};
  for (const auto& me : v.state.control.measures()) j["downlink"]["measures"].push_back(me);
  if (v.plant.configured) {
    j["plant"] = {{"connected", v.plant.connected},
                  {"error", v.plant.last_error},
                  {"plant_seq", v.plant.plant_seq},
                  {"backlog", v.plant.lag_passages},
                  {"oldest_unix_ms", v.plant.lag_oldest_unix_ms}};
  }
  out << j.dump(2) << "\n";
}

void write_table(const SyncView& v, std::ostream& out) {
  out << "delivered:  " << v.all.acked << " record(s); "
      << percent(v.all.acked_within_window, v.all.acked) << " within "
      << host::format_age(v.uplink.live_window_ms())
      << " (last 24 h: " << percent(v.day.acked_within_window, v.day.acked) << " of " << v.day.acked
      << ")\n";
  out << "backlog:    " << v.metrics.backlog << " record(s) waiting";
  if (v.metrics.backlog > 0) out << ", oldest " << host::format_age(v.metrics.backlog_age_ms);
  if (v.metrics.alarm)
    out << "  ALARM: older than " << host::format_age(v.uplink.backlog_alarm_age_ms());
  out << "\n";
  out << "photos:     " << v.all.photos_pending << " photo message(s) waiting; "
      << v.all.photo_bytes_sent << " bytes of photos taken by the platform\n";
  out << "parked:     " << v.metrics.parked << " record(s) rejected by the platform as invalid";
  out << (v.metrics.parked > 0 ? " (gatectl sync requeue sends them again)\n" : "\n");
  for (const auto& p : v.parked) {
    out << "  " << p.gate_id << "-" << p.passage_seq << "-" << p.kind << "  parked "
        << rules::local_time(p.parked_unix_ms, v.utc_offset) << "  " << p.reason << "\n";
  }
  if (v.metrics.parked > static_cast<int64_t>(v.parked.size())) {
    out << "  … and " << v.metrics.parked - static_cast<int64_t>(v.parked.size()) << " more\n";
  }
  out << "platform:   last contact " << when(v.health.last_contact_unix_ms, v.now, v.utc_offset);
  if (!v.health.last_error.empty()) {
    out << "; last error " << when(v.health.last_error_unix_ms, v.now, v.utc_offset) << ": "
        << v.health.last_error;
  }
  out << "\n";
  out << "downlink:   " << host::describe(v.state) << "\n";
  if (v.plant.configured)
    out << "plant:      " << host::describe_plant_link(v.plant, v.now) << "\n";
}

}  // namespace

int sync_status(const Args& a, std::ostream& out, std::ostream& err) {
  auto s = setup(a);
  if (!s.ok()) return usage_error(err, a, s.error());
  const std::string format = a.options.count("--format") ? a.options.at("--format") : "table";
  if (format != "table" && format != "json") {
    return usage_error(err, a, "--format must be table or json, got '" + format + "'");
  }
  auto view = read_sync_view(s.value());
  if (!view.ok()) return failure(err, view.error());
  if (format == "json") {
    write_json(view.value(), out);
  } else {
    write_table(view.value(), out);
  }
  return 0;
}

int sync_requeue(const Args& a, std::ostream& out, std::ostream& err) {
  auto s = setup(a);
  if (!s.ok()) return usage_error(err, a, s.error());
  auto store = host::GateStore::Open(s.value().db);
  if (!store.ok()) return failure(err, store.error());
  auto n = store.value()->requeue_parked();
  if (!n.ok()) return failure(err, n.error());
  out << n.value() << " parked record(s) queued for upload again\n";
  return 0;
}

}  // namespace gate::ctl
