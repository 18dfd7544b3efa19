// The plant tier in gated (docs/plant.md): the pusher of passages to the plant database, its
// lines in /metrics, and the ledger's replication with the plant's master ledger. A plant that is
// down or refuses the gate never fails the start.
#include "firmware-host/gated/gate_daemon.h"

#include <boost/asio/post.hpp>
#include <fstream>
#include <iterator>

#include "firmware-host/plant/plant_link.h"
#include "firmware-host/store/photo_store.h"
#include "rules/display_names.h"

namespace gate::host {

void GateDaemon::start_plant() {
  if (cfg_.plant().conninfo().empty()) return;
  PlantPusher::Hooks hooks;
  hooks.log = [this](const std::string& m) { log(m); };
  hooks.alarm = [this](const std::string& m) { log("ALARM " + m); };
  hooks.now_ms = [] { return wall_clock_ms(); };
  if (share_leases_) {
    hooks.share_round = [this](const std::vector<gate::v1::Passage>& batch) {
      return plant_share_round(batch);
    };
    hooks.share_leases = share_leases_.get();
  }
  hooks.plant_alert = [this](const PlantAlert& a) {
    boost::asio::post(io_, [this, a] { apply_plant_alert(a); });
  };
  hooks.plant_alert_seen = applied_plant_alert_revision();
  hooks.gate_policy = [this] {
    std::lock_guard lock(share_engine_mu_);
    return policy_for_plant_;
  };
  plant_ = std::make_unique<PlantPusher>(cfg_.database_path(), cfg_.gate_id(), cfg_.plant(),
                                         cfg_.utc_offset_minutes(), std::move(hooks));
  plant_->start();
  log(std::string("plant: pushing passages to the plant database (plant.conninfo)") +
      (share_leases_ ? "; the share rules are kept plant-wide (plant.plant_wide_share)" : ""));
  start_ledger_replication();
}

void GateDaemon::start_ledger_replication() {
  LedgerReplicator::Hooks hooks;
  hooks.log = [this](const std::string& m) { log(m); };
  hooks.alarm = [this](const std::string& m) { log("ALARM " + m); };
  hooks.now_ms = [] { return wall_clock_ms(); };
  hooks.ledger_changed = [this] {
    boost::asio::post(io_, [this] { reload_ledger("the plant's master ledger"); });
  };
  ledger_sync_ = std::make_unique<LedgerReplicator>(cfg_.database_path(), cfg_.gate_id(),
                                                    cfg_.plant(), std::move(hooks));
  ledger_sync_->start();
  log("plant: keeping the ledger in step with the plant's master ledger");
}

void GateDaemon::reload_ledger(const std::string& why) {
  auto vehicles = store_->load_vehicles();
  if (!vehicles.ok()) {
    log("ALARM the ledger changed (" + why + ") but did not reload: " + vehicles.error() +
        "; the lanes decide with the ledger as it was until the next change or a restart");
    return;
  }
  ledger_.reset(std::move(vehicles).value());
}

namespace {
constexpr const char* kAlertRevisionKey = "plant.alert_revision";
}  // namespace

void GateDaemon::note_policy_for_plant() {
  GatePolicy p;
  p.gate_id = cfg_.gate_id();
  p.label = policy_->engine()->label();
  if (!cfg_.policy_file().empty()) {
    std::ifstream in(cfg_.policy_file(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    p.sha256 = sha256_hex(text);
  }
  std::lock_guard lock(share_engine_mu_);
  policy_for_plant_ = std::move(p);
}

int64_t GateDaemon::applied_plant_alert_revision() {
  auto q = store_->db().prepare("SELECT value FROM platform_sync WHERE key = ?");
  if (!q.ok()) return 0;  // no table yet: nothing applied
  q.value().bind(1, std::string(kAlertRevisionKey));
  auto row = q.value().step();
  if (!row.ok() || !row.value()) return 0;
  try {
    return std::stoll(q.value().text(0));
  } catch (const std::exception&) {
    return 0;
  }
}

void GateDaemon::apply_plant_alert(const PlantAlert& a) {
  const std::string who = "plant: " + (a.set_by.empty() ? std::string("unknown") : a.set_by);
  const std::string why = a.reason.empty() ? "set at the plant" : a.reason;
  if (Status st = set_manual_alert(a.level, who, why); !st.ok()) {
    log("ALARM the plant's alert level (revision " + std::to_string(a.revision) +
        ") was not applied: " + st.message());
    return;
  }
  if (Status st = store_->db().run("INSERT INTO platform_sync(key, value) VALUES(?, ?) "
                                   "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                                   {std::string(kAlertRevisionKey), std::to_string(a.revision)});
      !st.ok()) {
    log("WARN the plant's alert revision " + std::to_string(a.revision) +
        " is in force but not kept (" + st.message() + "): a restart applies it again");
  }
  if (a.level) {
    log("ALERT level " + std::string(rules::alert_name(*a.level)) + " set at the plant by " +
        who.substr(7) + ": " + why + " (in force at every lane until changed)");
  } else {
    log("ALERT the plant ended its level (" + why +
        "); the lanes use the platform's or the configured level");
  }
}

std::string GateDaemon::plant_metrics() const {
  if (!plant_) return "";
  std::string out = render_plant_metrics(plant_->state(), wall_clock_ms());
  if (share_leases_) {
    out += render_plant_share_metrics(share_leases_->leases(share_leases_->day()),
                                      share_leases_->settlements());
  }
  return out;
}

}  // namespace gate::host
