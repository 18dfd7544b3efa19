// gated's wiring: config → store, ledger index, camera receiver, one LaneController and one
// ModbusBarrier per lane, the outbox uploader, signals. Everything lane-related runs on the
// single io_context thread; driver threads hand their events over with post().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <string>

#include "drivers/barrier/barrier.h"
#include "drivers/camera/camera_receiver.h"
#include "firmware-host/lane/lane_controller.h"
#include "firmware-host/ledger/ledger_index.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "firmware-host/sync/outbox_uploader.h"
#include "gate/v1/config.pb.h"

namespace gate::host {

class GateDaemon {
 public:
  explicit GateDaemon(gate::v1::GateConfig cfg);
  ~GateDaemon();

  // Opens the store, loads the ledger, starts listeners and drivers. Errors say what to fix.
  Status start();
  // Runs until SIGINT/SIGTERM.
  void run();

 private:
  struct Lane {
    std::unique_ptr<LaneController> controller;
    std::unique_ptr<drivers::ModbusBarrier> barrier;
  };
  Status accept_event(drivers::PlateEvent event);
  void on_barrier_event(const std::string& lane_id, const drivers::BarrierEvent& e);
  void schedule_tick();
  void shutdown();
  void log(const std::string& msg);

  gate::v1::GateConfig cfg_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_{io_};
  boost::asio::steady_timer tick_{io_};
  std::unique_ptr<GateStore> store_;
  std::unique_ptr<PhotoStore> photos_;
  LedgerIndex ledger_;
  std::map<std::string, Lane> lanes_;
  std::unique_ptr<drivers::CameraReceiver> camera_;
  std::unique_ptr<OutboxUploader> uploader_;
};

int64_t wall_clock_ms();

}  // namespace gate::host
