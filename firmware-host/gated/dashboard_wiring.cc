// GateDaemon's side of the web dashboard (firmware-host/api/dashboard_routes.h): what the lanes
// show, and the manual alert level. Kept apart from gate_daemon.cc so that the daemon's main
// wiring stays readable; the functions below run on the lanes' thread unless said otherwise.
#include "firmware-host/gated/gate_daemon.h"

#include "firmware-host/ledger/ledger_import.h"
#include "firmware-host/store/manual_alert_store.h"
#include "rules/display_names.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

std::string state_name(LaneController::State s) {
  switch (s) {
    case LaneController::State::kIdle:
      return "idle";
    case LaneController::State::kChecking:
      return "checking with the platform";
    case LaneController::State::kAwaitingVehicle:
      return "awaiting vehicle";
    case LaneController::State::kOpening:
      return "opening";
    case LaneController::State::kPassing:
      return "passing";
  }
  return "idle";
}

}  // namespace

Result<std::unique_ptr<DashboardRoutes>> GateDaemon::make_dashboard() {
  DashboardOptions opt;
  opt.database_path = cfg_.database_path();
  opt.utc_offset_minutes = cfg_.utc_offset_minutes();
  if (cfg_.uplink().live_window_ms() > 0) opt.live_window_ms = cfg_.uplink().live_window_ms();
  if (cfg_.uplink().backlog_alarm_age_ms() > 0) {
    opt.backlog_alarm_age_ms = cfg_.uplink().backlog_alarm_age_ms();
  }
  DashboardPorts ports;
  ports.lanes = [this] {
    std::vector<LaneView> out;
    for (const auto& [id, lane] : lanes_) {
      LaneView v;
      v.lane = id;
      v.state = state_name(lane.controller->state());
      v.barrier_online = lane.barrier && lane.barrier->connected();
      v.queued = static_cast<int>(lane.controller->queued());
      v.alert_level = lane.controller->alert_level();
      v.last_refused_seq = lane.controller->last_refused().seq();
      out.push_back(std::move(v));
    }
    return out;
  };
  ports.share_status = [this] { return policy_->status(wall_clock_ms()); };
  ports.alert = [this] {
    if (manual_alert_) return *manual_alert_;
    AlertView a;
    a.level =
        downlink_level_ != gate::v1::ALERT_LEVEL_UNSPECIFIED ? downlink_level_ : cfg_.alert_level();
    a.source = "downlink";
    return a;
  };
  // A manual level wins over the platform's until a user ends it ("platform"): it is meant for
  // an alert the platform cannot deliver (link down), and must not be undone behind the
  // operator's back by the next poll.
  // The manual level is kept in the gate database first (manual_alert_store.h), so that a
  // restart keeps it; a level that could not be kept is not put in force.
  ports.set_alert = [this](std::optional<gate::v1::AlertLevel> level, const std::string& user,
                           const std::string& reason) {
    return set_manual_alert(level, user, reason);
  };
  // The same change as `gatectl ledger suspend`, through the daemon's own store, and then the
  // ledger the lanes use is reloaded so that the next truck is decided with it.
  ports.set_suspended = [this](const std::string& plate, bool suspended,
                               const std::string& actor) -> Status {
    auto vs = store_->load_vehicles();
    if (!vs.ok()) return Error{vs.error()};
    bool found = false;
    for (auto v : vs.value()) {
      if (v.plate() != plate) continue;
      found = true;
      v.set_suspended(suspended);
      if (Status st = store_->upsert_vehicle(v, wall_clock_ms(), actor); !st.ok()) return st;
    }
    if (!found) return Error{plate + " is not in the ledger"};
    auto reloaded = store_->load_vehicles();
    if (!reloaded.ok()) return Error{"saved, but the ledger did not reload: " + reloaded.error()};
    ledger_.reset(std::move(reloaded).value());
    if (ledger_sync_) ledger_sync_->poke();  // to the plant now rather than at the next round
    return Status::Ok();
  };
  // The same write as `gatectl ledger import` (all entries in one transaction, with history),
  // then the lanes' ledger is reloaded so that the next truck is decided with it.
  ports.write_vehicles = [this](const std::vector<gate::v1::Vehicle>& vs,
                                const std::string& actor) -> Status {
    const std::vector<std::vector<StoredRowDocument>> no_documents(vs.size());
    if (Status st = import_ledger(*store_, vs, no_documents, actor, wall_clock_ms()); !st.ok()) {
      return st;
    }
    auto reloaded = store_->load_vehicles();
    if (!reloaded.ok()) return Error{"saved, but the ledger did not reload: " + reloaded.error()};
    ledger_.reset(std::move(reloaded).value());
    if (ledger_sync_) ledger_sync_->poke();  // to the plant now rather than at the next round
    return Status::Ok();
  };
  ports.cameras = [this] { return camera_statuses(); };
  ports.board = board_;
  ports.now_ms = [] { return wall_clock_ms(); };  // called on the API thread
  ports.log = [this](const std::string& m) { log(m); };
  return DashboardRoutes::Create(std::move(opt), std::move(ports));
}

Status GateDaemon::set_manual_alert(std::optional<gate::v1::AlertLevel> level,
                                    const std::string& user, const std::string& reason) {
  if (level) {
    AlertView a;
    a.level = *level;
    a.source = "manual";
    a.set_by = user;
    a.reason = reason;
    a.set_unix_ms = wall_clock_ms();
    if (Status st = save_manual_alert(store_->db(), {a.level, a.set_by, a.reason, a.set_unix_ms});
        !st.ok()) {
      return Error{"the manual level could not be saved, nothing changed: " + st.message()};
    }
    manual_alert_ = a;
  } else {
    if (Status st = clear_manual_alert(store_->db()); !st.ok()) {
      return Error{"the manual level could not be ended, nothing changed: " + st.message()};
    }
    manual_alert_.reset();
  }
  const auto in_force = manual_alert_ ? manual_alert_->level
                        : downlink_level_ != gate::v1::ALERT_LEVEL_UNSPECIFIED ? downlink_level_
                                                                               : cfg_.alert_level();
  for (auto& [id, lane] : lanes_) lane.controller->set_alert_level(in_force);
  return Status::Ok();
}

// A manual level kept from before a restart is in force again before the first truck.
Status GateDaemon::restore_manual_alert() {
  auto kept = load_manual_alert(store_->db());
  if (!kept.ok()) return Error{kept.error()};
  if (!kept.value()) return Status::Ok();
  const auto& m = *kept.value();
  AlertView a;
  a.level = m.level;
  a.source = "manual";
  a.set_by = m.set_by;
  a.reason = m.reason;
  a.set_unix_ms = m.set_unix_ms;
  manual_alert_ = a;
  log("ALERT level " + std::string(rules::alert_name(m.level)) + " set by hand by " + m.set_by +
      " at " + rules::local_time(m.set_unix_ms, cfg_.utc_offset_minutes()) + " (" + m.reason +
      ") is still in force after the restart; end it on the dashboard to go back to the "
      "platform's level");
  return Status::Ok();
}

}  // namespace gate::host
