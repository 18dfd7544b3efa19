// The plant tier in gated (docs/plant.md): the pusher of passages to the plant database, its
// lines in /metrics, and the ledger's replication with the plant's master ledger. A plant that is
// down or refuses the gate never fails the start.
#include "firmware-host/gated/gate_daemon.h"

#include <boost/asio/post.hpp>

#include "firmware-host/plant/plant_link.h"

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

std::string GateDaemon::plant_metrics() const {
  return plant_ ? render_plant_metrics(plant_->state(), wall_clock_ms()) : "";
}

}  // namespace gate::host
