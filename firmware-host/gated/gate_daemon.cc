#include "firmware-host/gated/gate_daemon.h"

#include <boost/asio/post.hpp>

#include <chrono>
#include <iostream>
#include <thread>

#include "firmware-host/lane/decision_line.h"

namespace gate::host {

int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

GateDaemon::GateDaemon(gate::v1::GateConfig cfg) : cfg_(std::move(cfg)) {}

GateDaemon::~GateDaemon() {
  shutdown();
}

void GateDaemon::log(const std::string& msg) {
  std::cerr << local_time(wall_clock_ms(), cfg_.utc_offset_minutes()) << " gated: " << msg
            << std::endl;
}

Status GateDaemon::start() {
  auto store = GateStore::Open(cfg_.database_path());
  if (!store.ok()) return Error{store.error()};
  store_ = std::move(store).value();
  photos_ = std::make_unique<PhotoStore>(cfg_.photo_dir());

  // Passages left pending by a previous run: the outcome is unknown, say so rather than guess.
  auto pending = store_->pending_passages();
  if (!pending.ok()) return Error{pending.error()};
  for (int64_t seq : pending.value()) {
    if (Status st =
            store_->set_outcome(seq, gate::v1::PASSAGE_OUTCOME_UNCONFIRMED, wall_clock_ms());
        !st.ok()) {
      return Error{"cannot close passage " + std::to_string(seq) +
                   " left open by the last run: " + st.message()};
    }
  }
  if (!pending.value().empty()) {
    log(std::to_string(pending.value().size()) +
        " passage(s) left pending by the previous run marked unconfirmed");
  }

  auto vehicles = store_->load_vehicles();
  if (!vehicles.ok()) return Error{vehicles.error()};
  ledger_.reset(std::move(vehicles).value());
  log("ledger: " + std::to_string(ledger_.size()) + " vehicle(s) with plates");

  for (const auto& lane_cfg : cfg_.lanes()) {
    const std::string lane_id = lane_cfg.lane_id();
    Lane lane;
    LanePorts ports;
    ports.lookup = [this](const std::string& plate) { return ledger_.find(plate); };
    ports.commit = [this](gate::v1::Passage& p) {
      auto r = store_->commit_passage(p, wall_clock_ms());
      if (r.ok() && uploader_) uploader_->poke();
      return r;
    };
    ports.set_outcome = [this](int64_t seq, gate::v1::PassageOutcome o) {
      Status st = store_->set_outcome(seq, o, wall_clock_ms());
      if (st.ok() && uploader_) uploader_->poke();
      return st;
    };
    ports.open_barrier = [this, lane_id](uint64_t token) {
      lanes_.at(lane_id).barrier->request_open(token);
    };
    ports.on_decided = [this](const gate::v1::Passage& p) {
      std::cout << decision_line(p, cfg_.utc_offset_minutes()) << std::endl;
    };
    ports.on_outcome = [this](const gate::v1::Passage& p, gate::v1::PassageOutcome o) {
      if (o != gate::v1::PASSAGE_OUTCOME_PASSED) {
        log("lane " + p.lane_id() + " #" + std::to_string(p.seq()) + " " + p.read().plate_text() +
            ": " + outcome_name(o));
      }
    };
    ports.alarm = [this](const std::string& m) { log("ALARM " + m); };
    lane.controller = std::make_unique<LaneController>(lane_cfg, cfg_.gate_id(), cfg_.policy(),
                                                       cfg_.utc_offset_minutes(), ports);
    lane.controller->set_alert_level(cfg_.alert_level());
    lane.barrier = std::make_unique<drivers::ModbusBarrier>(
        lane_cfg.barrier(), [this, lane_id](const drivers::BarrierEvent& e) {
          boost::asio::post(io_, [this, lane_id, e] { on_barrier_event(lane_id, e); });
        });
    lanes_.emplace(lane_id, std::move(lane));
  }

  // Give the barrier modules a moment to connect before trucks are accepted, so the first
  // truck of the day is not refused an opening by a driver that is still connecting. A module
  // that stays silent does not block the start: its lane records barrier faults and alarms.
  for (auto& [id, lane] : lanes_) lane.barrier->start();
  const auto connect_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (auto& [id, lane] : lanes_) {
    while (!lane.barrier->connected() && std::chrono::steady_clock::now() < connect_deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!lane.barrier->connected()) {
      log("ALARM lane " + id +
          ": barrier module not answering at start; passes will be "
          "recorded as barrier faults until it answers");
    }
  }

  auto camera = drivers::CameraReceiver::Start(
      io_, cfg_.camera().listen_address(), static_cast<uint16_t>(cfg_.camera().port()),
      [this](drivers::PlateEvent e) { return accept_event(std::move(e)); }, wall_clock_ms);
  if (!camera.ok()) return Error{"camera receiver: " + camera.error()};
  camera_ = std::move(camera).value();

  if (!cfg_.uplink().url().empty()) {
    uploader_ = std::make_unique<OutboxUploader>(cfg_.database_path(), cfg_.gate_id(),
                                                 cfg_.uplink(), cfg_.utc_offset_minutes(),
                                                 [this](const std::string& m) { log(m); });
    uploader_->start();
  } else {
    log("uplink: no url configured; passages stay in the outbox");
  }

  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    log("signal " + std::to_string(sig) + ": stopping");
    shutdown();
  });
  schedule_tick();
  log("ready: gate " + cfg_.gate_id() + ", " + std::to_string(lanes_.size()) +
      " lane(s), camera push on http://" + cfg_.camera().listen_address() + ":" +
      std::to_string(camera_->port()) + ", database " + cfg_.database_path());
  return Status::Ok();
}

Status GateDaemon::accept_event(drivers::PlateEvent event) {
  auto it = lanes_.find(event.read.lane_id());
  if (it == lanes_.end()) {
    std::string known;
    for (const auto& [id, lane] : lanes_) known += (known.empty() ? "" : ", ") + id;
    return Error{"unknown lane '" + event.read.lane_id() + "'; configured lanes: " + known};
  }
  if (!event.image_jpeg.empty()) {
    auto digest = photos_->put(event.image_jpeg);
    if (digest.ok()) {
      event.read.set_image_sha256(digest.value());
    } else {
      // The read still decides the truck; the missing photo is flagged, not fatal.
      log("ALARM photo not stored for " + event.read.plate_text() + ": " + digest.error());
    }
  }
  it->second.controller->on_read(event.read, wall_clock_ms());
  return Status::Ok();
}

void GateDaemon::on_barrier_event(const std::string& lane_id, const drivers::BarrierEvent& e) {
  auto it = lanes_.find(lane_id);
  if (it == lanes_.end()) return;
  auto& lane = *it->second.controller;
  const int64_t now = wall_clock_ms();
  switch (e.kind) {
    case drivers::BarrierEvent::Kind::kInputs:
      lane.on_loops(e.entry_loop, e.boom_loop, now);
      break;
    case drivers::BarrierEvent::Kind::kOpened:
      lane.on_open_result(e.token, e.ok, e.message, now);
      break;
    case drivers::BarrierEvent::Kind::kFault:
      log("ALARM lane " + lane_id + ": barrier module fault: " + e.message +
          " (reconnecting; barrier kept closed)");
      break;
    case drivers::BarrierEvent::Kind::kRecovered:
      log("lane " + lane_id + ": barrier module answering again");
      break;
  }
}

void GateDaemon::schedule_tick() {
  tick_.expires_after(std::chrono::milliseconds(100));
  tick_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    const int64_t now = wall_clock_ms();
    for (auto& [id, lane] : lanes_) lane.controller->on_tick(now);
    schedule_tick();
  });
}

void GateDaemon::run() {
  io_.run();
}

void GateDaemon::shutdown() {
  if (camera_) camera_->stop();
  tick_.cancel();
  signals_.cancel();
  if (uploader_) uploader_->stop();
  for (auto& [id, lane] : lanes_) {
    if (lane.barrier) lane.barrier->stop();
  }
  io_.stop();
}

}  // namespace gate::host
