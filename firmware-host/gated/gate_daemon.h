// gated's wiring: config → store, ledger index, camera receiver, one LaneController and one
// barrier driver (Modbus module or camera relay) per lane, the outbox uploader, signals. Everything
// lane-related runs on the single io_context thread; driver threads hand their events over with
// post().
#pragma once

#include "firmware-host/clock/wall_clock.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/barrier/barrier.h"
#include "drivers/barrier/barrier_driver.h"
#include "drivers/barrier/vzenith_reply_relay.h"
#include "drivers/camera/camera_receiver.h"
#include "drivers/display/display_output.h"
#include "drivers/display/vzenith_serial_display.h"
#include "firmware-host/api/api_server.h"
#include "firmware-host/api/gate_metrics.h"
#include "firmware-host/audit/retention_worker.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/gated/lpr_camera_plugin.h"
#include "firmware-host/gated/pending_evidence.h"
#include "firmware-host/gated/systemd_notify.h"
#include "firmware-host/lane/lane_controller.h"
#include "firmware-host/ledger/ledger_index.h"
#include "firmware-host/plant/ledger_replicator.h"
#include "firmware-host/plant/plant_pusher.h"
#include "firmware-host/policy/policy_runtime.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "firmware-host/sync/outbox_uploader.h"
#include "firmware-host/sync/platform_state.h"
#include "firmware-host/sync/platform_vehicle_check.h"
#include "gate/v1/config.pb.h"
#include "rules/camera_health.h"
#include "rules/clock_skew.h"
#include "rules/opening_hours.h"

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
    // Modbus module or the camera's relay (drivers/barrier/barrier_driver.h), own thread.
    std::unique_ptr<drivers::BarrierDriver> barrier;
    // Optional LED display: on TCP, or behind the entrance camera's RS-485 port.
    std::unique_ptr<drivers::DisplayOutput> display;
    // `display` when it waits for the lane's Vzenith camera to take its frames; else null.
    drivers::VzenithSerialDisplay* vzenith_display = nullptr;
    // `barrier` when the lane's Vzenith camera's push answer opens it; else null.
    drivers::VzenithReplyRelay* vzenith_relay = nullptr;
    // Optional plain camera read by the plate-recognition plugin (lpr_camera_plugin.h), own
    // thread.
    std::unique_ptr<LprCameraHandle> lpr_camera;
    bool entry_loop = false;  // last entry-loop input, to trigger lpr_camera on its rising edge
    // The platform's vehicle check (the profile's KIND_VEHICLE_CHECK), own thread; null when the
    // profile has none. The timer wakes the lane at the check's deadline.
    std::unique_ptr<PlatformVehicleCheck> check;
    std::unique_ptr<boost::asio::steady_timer> check_timer;
    // Camera pushes whose answer waits for the lane's decision (the check in the air), so that
    // the answer carries the open command (a Vzenith camera's relay).
    std::vector<std::function<void()>> pushes_waiting;
  };
  // Start steps, in order (gate_daemon.cc): the store, photos, retention and signing key;
  // passages a crash left pending; the barrier connections; the cameras; signals; READY.
  Status open_records();
  Status close_pending_passages();
  void connect_barriers();
  Status start_cameras();
  drivers::CameraAccessPolicy camera_access_policy() const;
  void stop_on_signals();
  void announce_ready();
  // One lane and its devices (lane_wiring.cc).
  Result<Lane> make_lane(const gate::v1::LaneConfig& lane_cfg);
  LanePorts lane_ports(const std::string& lane_id);
  Result<std::unique_ptr<drivers::BarrierDriver>> make_barrier(
      const gate::v1::LaneConfig& lane_cfg);
  void on_decided(const gate::v1::Passage& p);
  // The lane's vehicle check (lane_wiring.cc): made at start when the profile has one.
  Status attach_vehicle_check(const std::string& lane_id, Lane& lane);
  void ask_vehicle_check(const std::string& lane_id, uint64_t token,
                         const gate::v1::PlateRead& read);
  // Metrics, the dashboard's check state (LiveBoard::on_check_done), and the degraded-mode
  // ALARM raised at the first check that goes unanswered and cleared at the next answered one
  // (io thread).
  void on_check_done(const gate::v1::VehicleCheck& c, bool deadline_passed);
  // True when `lane_id` is waiting for its check: `answer` is called once it has decided.
  bool hold_push_until_decided(const std::string& lane_id, std::function<void()> answer);
  // Answers the pushes held for `lane` once it is no longer checking.
  static void answer_decided_pushes(Lane& lane);
  void on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome o);
  // The lane's display sender for its transport (a camera's password is read here).
  Result<std::unique_ptr<drivers::DisplayOutput>> make_display(
      const gate::v1::LaneConfig& lane_cfg);
  // Display frames and the relay command waiting for `lane_id`'s Vzenith camera (its push
  // answer); receiver threads.
  drivers::VzenithReplyExtras vzenith_reply(const std::string& lane_id);
  // The lane's plain camera from the plate-recognition plugin, loaded on first use (model and
  // font loaded here: a plugin, model or font that does not load fails the start).
  Result<std::unique_ptr<LprCameraHandle>> make_lpr_camera(const gate::v1::LaneConfig& lane_cfg);
  Status accept_event(drivers::PlateEvent event);
  // Puts the event's picture and plate close-up in the photo store and sets their hashes on the
  // read; neither when the disk is at its critical level. A picture that cannot be stored is an
  // ALARM, never a refused read.
  void store_pictures(drivers::PlateEvent& event);
  // A push camera's event, from the receiver's decoding thread to the lanes' (gate_daemon.cc).
  Status hand_to_lanes(drivers::PlateEvent event);
  std::atomic<bool> cameras_stopping_{false};
  // The camera clocks seen in events (camera_time_unix_ms), io thread only.
  void check_camera_clock(const gate::v1::PlateRead& read);
  std::unique_ptr<rules::ClockSkewWatch> camera_clocks_;
  // A plain camera's frame for the read `p` records, rendered with the decision and stored as
  // its photo (image_sha256) just before the passage is committed.
  void attach_evidence(gate::v1::Passage& p);
  PendingEvidence evidence_;
  void on_barrier_event(const std::string& lane_id, const drivers::BarrierEvent& e);
  void schedule_tick();
  // Downlink from the platform (alert level, lists, control strategy) to every lane; io thread
  // only. A manual alert level set on the dashboard overrides the level, not the strategy.
  void apply_platform_state(std::shared_ptr<const rules::PlatformLists> lists,
                            gate::v1::AlertLevel level,
                            std::shared_ptr<const rules::PlatformStrategyInput> strategy);
  Status restore_platform_state();
  Status start_uplink();
  // The plant database (plant_wiring.cc, docs/plant.md): started before the API, whose /metrics
  // reads its state; never fails the start.
  void start_plant();
  std::string plant_metrics() const;  // the plant's /metrics lines; "" without a plant
  // The plant-wide share (plant_share_wiring.cc, plant.plant_wide_share): this gate's leases,
  // read by the policy's decisions and settled by the pusher, and the policy the pusher counts
  // releases with (replaced on reload).
  bool plant_wide_share() const;
  void begin_plant_share(int64_t now);
  void set_plant_share_engine(std::shared_ptr<const rules::PolicyEngine> engine);
  PlantShareRound plant_share_round(const std::vector<gate::v1::Passage>& batch);
  // The plant's alert level (plant_wiring.cc): applied as a manual level, on the io thread; the
  // revision applied is kept in the gate database so that a restart does not apply it again
  // over a level set by hand at the gate since.
  void apply_plant_alert(const PlantAlert& a);
  int64_t applied_plant_alert_revision();
  // A level set by hand (dashboard, the plant), or nullopt to end it; io thread.
  Status set_manual_alert(std::optional<gate::v1::AlertLevel> level, const std::string& user,
                          const std::string& reason);
  std::unique_ptr<PlantShareLeases> share_leases_;
  mutable std::mutex share_engine_mu_;
  std::shared_ptr<const rules::PolicyEngine> share_engine_;
  // The policy this gate runs as the plant is told of it (plant_policy.h): its label and the
  // SHA-256 of its file ("" for an inline policy); set at start and reload, read by the pusher.
  void note_policy_for_plant();
  GatePolicy policy_for_plant_;  // guarded by share_engine_mu_
  std::unique_ptr<PlantPusher> plant_;
  // The ledger kept in step with the plant's master ledger (plant_wiring.cc, docs/plant.md §4):
  // started with the pusher; a round that changed the ledger reloads the lanes' lookup.
  void start_ledger_replication();
  void reload_ledger(const std::string& why);  // io thread
  std::unique_ptr<LedgerReplicator> ledger_sync_;
  // Policy engine (firmware-host/policy/): load, SIGHUP reload keeping the last good policy,
  // the local API for operator actions.
  Status start_policy();
  Status start_api();
  void start_retention();
  void wait_for_reload_signal();
  void reload_policy();
  void shutdown();
  void log(const std::string& msg);

  gate::v1::GateConfig cfg_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_{io_};
  boost::asio::steady_timer tick_{io_};
  std::unique_ptr<GateStore> store_;
  std::unique_ptr<PhotoStore> photos_;
  LedgerIndex ledger_;
  // Daily seals (docs/audit.md): checked at start and whenever the local date changes.
  void seal_closed_days(int64_t now);
  std::unique_ptr<SigningKey> signing_key_;
  std::string sealed_through_date_;
  std::map<std::string, Lane> lanes_;
  std::unique_ptr<drivers::CameraReceiver> camera_;
  std::unique_ptr<OutboxUploader> uploader_;
  std::unique_ptr<PolicyRuntime> policy_;
  std::unique_ptr<ApiServer> api_;
  std::unique_ptr<RetentionWorker> retention_;
  // /metrics (docs/operations.md). The probe times the read being decided on arrival: set in
  // accept_event, observed at the open command (pass) or the committed decision (refusal).
  std::shared_ptr<GateMetrics> metrics_;
  int64_t started_unix_ms_ = 0;
  struct LatencyProbe {
    std::string plate;
    std::chrono::steady_clock::time_point received;
    bool awaiting_open = false;
  };
  std::optional<LatencyProbe> probe_;
  // READY=1 after start, WATCHDOG=1 from the tick, STOPPING=1 (deploy/gated.service).
  SystemdNotifier systemd_ = SystemdNotifier::FromEnvironment();
  bool stopping_notified_ = false;
  void observe_latency();
  boost::asio::signal_set reload_signal_{io_};
  // The web dashboard (dashboard_wiring.cc): last decisions and alarms for the live page, the
  // level the downlink (or restore) last set and a manual level that wins over it until ended.
  Result<std::unique_ptr<DashboardRoutes>> make_dashboard();
  Status restore_manual_alert();  // the manual level kept in the store, before the lanes run
  std::shared_ptr<LiveBoard> board_ = std::make_shared<LiveBoard>();
  gate::v1::AlertLevel downlink_level_ = gate::v1::ALERT_LEVEL_UNSPECIFIED;
  std::optional<AlertView> manual_alert_;
  // Camera health (camera_health_wiring.cc, docs/cameras.md): the declared cameras' signs of
  // life are gathered from the receiver and the LPR loops on the tick; a silence past
  // camera.silence_alarm_s in opening hours raises an ALARM. The statuses are copied under
  // camera_status_mu_ for the API and uplink threads.
  void start_camera_health();
  void check_camera_health(int64_t now);
  std::vector<rules::CameraStatus> camera_statuses() const;  // any thread
  std::vector<gate::v1::CameraState> camera_states() const;  // any thread, for heartbeats
  std::unique_ptr<rules::CameraHealth> camera_health_;       // io thread
  rules::OpeningHours opening_hours_;
  std::map<std::string, std::string> push_camera_lanes_;  // declared camera id → lane
  int64_t camera_health_checked_ms_ = 0;
  mutable std::mutex camera_status_mu_;
  std::vector<rules::CameraStatus> camera_status_;  // guarded by camera_status_mu_
};

}  // namespace gate::host
