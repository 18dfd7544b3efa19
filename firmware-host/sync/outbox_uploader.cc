#include "firmware-host/sync/outbox_uploader.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <random>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/wire_time.h"
#include "firmware-host/clock/simulation_clock.h"
#include "firmware-host/clock/wall_clock.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/sync/backoff.h"
#include "firmware-host/sync/platform_state_store.h"
#include "firmware-host/sync/seal_anchoring.h"
#include "firmware-host/sync/transmission_metrics.h"
#include "firmware-host/sync/upload_payload.h"
#include "rules/clock_skew.h"
#include "rules/display_names.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

using Clock = std::chrono::steady_clock;
using drivers::uplink::SendResult;

Clock::time_point after_ms(int64_t ms) {
  return Clock::now() + std::chrono::milliseconds(ms);
}

// Longest the metrics (and so the backlog alarm) go unchecked.
constexpr int64_t kMetricsCheckMs = 2000;
// Downlink pages fetched in one round before giving the uploads a turn.
constexpr int kMaxDownlinkPages = 50;

}  // namespace

// State of the worker thread; lives and dies inside run().
class OutboxUploader::Worker {
 public:
  Worker(OutboxUploader& up, std::unique_ptr<GateStore> outbox,
         std::unique_ptr<PlatformStateStore> platform)
      : up_(up),
        cfg_(up.cfg_),
        outbox_(std::move(outbox)),
        platform_(std::move(platform)),
        backoff_(cfg_.interval_ms(), cfg_.max_backoff_ms()),
        rng_(std::random_device{}()),
        batch_limit_(cfg_.batch_size()),
        platform_clock_(int64_t{cfg_.clock_tolerance_s()} * 1000) {
    payload_.live_window_ms = cfg_.live_window_ms();
    payload_.utc_offset_minutes = up.utc_offset_minutes_;
    payload_.color_table = drivers::uplink::color_table(cfg_.plate_color_table());
  }

  void loop() {
    auto state = platform_->load();
    if (state.ok()) {
      state_ = std::move(state).value();
    } else {
      log("cannot read the stored platform state (fetching it again): " + state.error());
    }
    effective_ = effective_alert_level(state_, up_.configured_alert_, wall_clock_ms());
    strategy_ = effective_strategy(state_, wall_clock_ms()).strategy;
    log("uplink: to " + up_.transport_->describe() + "; " + describe(state_));
    check_metrics(/*log_line=*/true);
    for (;;) {
      const auto now = Clock::now();
      if (now >= upload_due_) upload_once();
      if (stopping()) return;
      if (Clock::now() >= heartbeat_due_) heartbeat();
      if (Clock::now() >= downlink_due_) downlink();
      if (Clock::now() >= metrics_due_) check_metrics(Clock::now() >= metrics_log_due_);
      check_expiry();
      if (!wait()) return;
    }
  }

 private:
  void log(const std::string& m) {
    if (up_.hooks_.log) up_.hooks_.log(m);
  }
  void alarm(const std::string& m) {
    if (up_.hooks_.alarm) up_.hooks_.alarm(m);
  }
  bool stopping() {
    std::lock_guard lock(up_.mu_);
    return up_.stopping_;
  }

  // Sleeps until the next thing is due or the uploader is poked/stopped; false when stopping.
  bool wait() {
    auto next = std::min({upload_due_, heartbeat_due_, downlink_due_, metrics_due_});
    std::unique_lock lock(up_.mu_);
    up_.cv_.wait_until(lock, next, [&] { return up_.stopping_ || (up_.poked_ && !backing_off_); });
    if (up_.stopping_) return false;
    if (up_.poked_ && !backing_off_) upload_due_ = Clock::now();
    up_.poked_ = false;
    return true;
  }

  void upload_once() {
    auto rows = outbox_->next_outbox(batch_limit_);
    if (!rows.ok()) {
      failed(SendResult::Failure::kUnavailable, "cannot read the outbox: " + rows.error(), {});
      return;
    }
    if (rows.value().empty()) {
      upload_due_ = after_ms(cfg_.interval_ms());
      return;
    }
    const int64_t now = wall_clock_ms();
    std::vector<gate::v1::UplinkRecord> records;
    std::map<std::string, int64_t> id_by_key;
    std::vector<int64_t> ids;
    for (const auto& row : rows.value()) {
      records.push_back(build_record(up_.gate_id_, row, now, payload_));
      id_by_key[records.back().key()] = row.id;
      ids.push_back(row.id);
    }
    SendResult res = up_.transport_->send(records);
    if (!res.ok()) {
      if (res.failure == SendResult::Failure::kBatchRefused) {
        refused(records, id_by_key, res.error);
      } else {
        failed(res.failure, res.error, ids);
      }
      return;
    }
    std::vector<int64_t> acked_ids;
    for (const auto& k : res.acked) acked_ids.push_back(id_by_key.at(k));
    if (Status st = outbox_->mark_acked(acked_ids, wall_clock_ms(), res.photo_bytes); !st.ok()) {
      log("uplink: cannot mark records acknowledged (they will be sent again): " + st.message());
    }
    for (const auto& rej : res.rejected) {
      park(id_by_key.at(rej.key()), rej.key(),
           (rej.code().empty() ? "" : rej.code() + ": ") + rej.reason());
    }
    up_.uploaded_ += static_cast<int64_t>(acked_ids.size());
    const std::size_t answered = res.acked.size() + res.rejected.size();
    if (answered == 0) {
      failed(SendResult::Failure::kUnavailable,
             "the platform took none of " + std::to_string(records.size()) + " record(s)" +
                 (res.error.empty() ? "" : ": " + res.error),
             ids);
      return;
    }
    recovered();
    batch_limit_ = std::min(cfg_.batch_size(), batch_limit_ * 2);
    // More may wait: look again at once (an empty outbox then waits for the interval or a poke).
    upload_due_ = Clock::now();
  }

  // The platform refused the whole request as invalid: halve until the culprit is alone, then
  // park it. Valid records around it go on.
  void refused(const std::vector<gate::v1::UplinkRecord>& records,
               const std::map<std::string, int64_t>& id_by_key, const std::string& error) {
    if (records.size() > 1) {
      batch_limit_ = std::max<int>(1, static_cast<int>(records.size()) / 2);
      log("uplink: the platform refused a batch of " + std::to_string(records.size()) +
          " as invalid (" + error + "); retrying in batches of " + std::to_string(batch_limit_) +
          " to find the record");
      upload_due_ = Clock::now();
      return;
    }
    park(id_by_key.at(records[0].key()), records[0].key(), error);
    recovered();
    upload_due_ = Clock::now();
  }

  void park(int64_t id, const std::string& key, const std::string& reason) {
    if (Status st = outbox_->mark_parked(id, reason, wall_clock_ms()); !st.ok()) {
      log("uplink: cannot park record " + key + ": " + st.message());
      return;
    }
    alarm("uplink: the platform rejected record " + key + " as invalid: " + reason +
          "; it is parked (gatectl sync status) and the other records go on");
  }

  void failed(SendResult::Failure kind, const std::string& error, const std::vector<int64_t>& ids) {
    if (!ids.empty()) (void)outbox_->mark_failed(ids, error);
    const int64_t wait = backoff_.next(rng_());
    backing_off_ = true;
    upload_due_ = after_ms(wait);
    if (error != last_error_) {
      if (kind == SendResult::Failure::kAuth) {
        alarm("uplink: the platform refused this gate's credentials: " + error +
              " (check uplink.app_key and the secret file, or the account in "
              "uplink.platform_settings for a profile's login, and the clock); retrying");
      } else {
        log("uplink: " + std::to_string(ids.size()) + " record(s) not delivered, retrying in " +
            format_age(wait) + " and backing off: " + error);
      }
      (void)platform_->note_error(error, wall_clock_ms());
      last_error_ = error;
    }
  }

  void recovered() {
    if (!last_error_.empty()) {
      log("uplink: platform reachable again after " + std::to_string(backoff_.failures()) +
          " failed attempt(s); sending the backlog");
      (void)platform_->note_contact(wall_clock_ms());
    }
    last_error_.clear();
    backoff_.reset();
    backing_off_ = false;
  }

  void heartbeat() {
    heartbeat_due_ = after_ms(cfg_.heartbeat_interval_ms());
    gate::v1::Heartbeat hb;
    hb.set_gate_id(up_.gate_id_);
    hb.set_time(drivers::uplink::format_wire_time(wall_clock_ms(), up_.utc_offset_minutes_));
    if (up_.hooks_.lanes) {
      for (auto& l : up_.hooks_.lanes()) *hb.add_lanes() = std::move(l);
    }
    if (up_.hooks_.cameras) {
      for (auto& c : up_.hooks_.cameras()) *hb.add_cameras() = std::move(c);
    }
    hb.set_backlog_records(metrics_.backlog);
    hb.set_backlog_age_s(metrics_.backlog_age_ms / 1000);
    hb.set_parked_records(metrics_.parked);
    hb.set_delivered_live_share(metrics_.live_share);
    hb.set_alert_level(drivers::uplink::alert_code(effective_));
    hb.set_downlink_cursor(state_.cursor);
    hb.set_software("gated " + std::string(drivers::uplink::kProfileVersion));
    if (Status st = add_anchors(outbox_->db(), hb); !st.ok()) {
      log("uplink: heartbeat sent without anchors: " + st.message());
    }
    auto reply = up_.transport_->heartbeat(hb);
    if (!reply.ok()) {
      if (reply.error() != last_heartbeat_error_) {
        log("uplink: heartbeat not answered: " + reply.error());
        last_heartbeat_error_ = reply.error();
      }
      return;
    }
    if (!last_heartbeat_error_.empty()) log("uplink: heartbeat answered again");
    last_heartbeat_error_.clear();
    (void)platform_->note_contact(wall_clock_ms());
    check_platform_clock(reply.value().server_time());
    take_receipts(hb, reply.value());
    if (reply.value().downlink_cursor() != state_.cursor) downlink_due_ = Clock::now();
  }

  void take_receipts(const gate::v1::Heartbeat& sent, const gate::v1::HeartbeatReply& reply) {
    const auto taken = take_seal_receipts(outbox_->db(), sent, reply, wall_clock_ms());
    for (const auto& line : taken.ignored) log(line);
    if (taken.recorded > 0) {
      log("uplink: the platform holds " + std::to_string(taken.recorded) +
          " more daily seal(s) as anchors");
    }
  }

  // The gate's clock stamps every passage, so a gate clock far from the platform's files
  // passages on the wrong day: an ALARM when they differ by more than the tolerance, a log line
  // when they agree again. Not checked under a simulation clock, which is off by design.
  void check_platform_clock(const std::string& server_time) {
    if (server_time.empty() || simulation_clock_in_use()) return;
    auto platform_ms = drivers::uplink::parse_wire_time(server_time);
    if (!platform_ms.ok()) {
      if (!platform_time_unreadable_)
        log("uplink: platform time not checked: " + platform_ms.error());
      platform_time_unreadable_ = true;
      return;
    }
    platform_time_unreadable_ = false;
    const int64_t gate_ms = wall_clock_ms();
    const auto change = platform_clock_.observe("platform", platform_ms.value(), gate_ms);
    if (change == rules::ClockSkewWatch::Change::kOutOfTolerance) {
      alarm("uplink: the gate's clock is " + rules::describe_skew(gate_ms - platform_ms.value()) +
            " the platform's (gate " + rules::local_time(gate_ms, up_.utc_offset_minutes_) +
            ", platform " + server_time + "; tolerance " +
            std::to_string(cfg_.clock_tolerance_s()) +
            " s); passages are stamped with the gate's clock: set this PC's time (NTP)");
    } else if (change == rules::ClockSkewWatch::Change::kBackInTolerance) {
      log("uplink: the gate's clock agrees with the platform's again (" +
          rules::describe_skew(gate_ms - platform_ms.value()) + " the platform's)");
    }
  }

  void downlink() {
    downlink_due_ = after_ms(cfg_.downlink_poll_interval_ms());
    bool changed = false;
    for (int page = 0; page < kMaxDownlinkPages; ++page) {
      auto reply = up_.transport_->fetch_downlink(state_.cursor);
      if (!reply.ok()) {
        if (reply.error() != last_downlink_error_) {
          log("uplink: downlink not fetched: " + reply.error());
          last_downlink_error_ = reply.error();
        }
        break;
      }
      last_downlink_error_.clear();
      const auto& r = reply.value();
      if (Status st = check_downlink(r); !st.ok()) {
        alarm("uplink: the platform's downlink is invalid and was not applied: " + st.message());
        break;
      }
      const bool news = r.full() || r.has_control() || r.changes_size() > 0;
      if (news || r.cursor() != state_.cursor) {
        if (Status st = platform_->apply(r, wall_clock_ms()); !st.ok()) {
          log("uplink: cannot store the platform's downlink (will fetch it again): " +
              st.message());
          break;
        }
        auto state = platform_->load();
        if (!state.ok()) {
          log("uplink: cannot read back the platform state: " + state.error());
          break;
        }
        state_ = std::move(state).value();
        changed = changed || news;
      }
      if (!r.more()) break;
    }
    if (changed) {
      effective_ = effective_alert_level(state_, up_.configured_alert_, wall_clock_ms());
      strategy_ = effective_strategy(state_, wall_clock_ms()).strategy;
      log("platform: " + describe(state_) + "; lanes use alert level " +
          std::string(rules::alert_name(effective_)));
      if (up_.hooks_.on_platform_state) up_.hooks_.on_platform_state(state_, effective_);
    }
  }

  // Measures past their effective_until end without a word from the platform.
  void check_expiry() {
    const auto level = effective_alert_level(state_, up_.configured_alert_, wall_clock_ms());
    const auto strategy = effective_strategy(state_, wall_clock_ms()).strategy;
    if (level == effective_ && strategy == strategy_) return;
    effective_ = level;
    strategy_ = strategy;
    log("platform: control measures expired; lanes use alert level " +
        std::string(rules::alert_name(level)));
    if (up_.hooks_.on_platform_state) up_.hooks_.on_platform_state(state_, effective_);
  }

  void check_metrics(bool log_line) {
    metrics_due_ = after_ms(std::min<int64_t>(kMetricsCheckMs, cfg_.metrics_log_interval_ms()));
    const int64_t now = wall_clock_ms();
    // The alarm check every 2 s needs the backlog only; the delivered counts of the whole
    // history are read with each log line and kept for the heartbeats in between.
    const bool totals = log_line || !delivered_;
    auto stats = outbox_->outbox_stats(cfg_.live_window_ms(), totals ? 0 : now);
    if (!stats.ok()) {
      log("uplink: cannot read the outbox metrics: " + stats.error());
      return;
    }
    if (totals) {
      delivered_ = stats.value();
    } else {
      stats.value().acked = delivered_->acked;
      stats.value().acked_within_window = delivered_->acked_within_window;
    }
    metrics_ = compute_metrics(stats.value(), now, cfg_.backlog_alarm_age_ms());
    if (log_line) {
      metrics_log_due_ = after_ms(cfg_.metrics_log_interval_ms());
      log("uplink metrics: " + format_metrics(metrics_, cfg_.live_window_ms()));
    }
    if (metrics_.alarm && !alarm_raised_) {
      alarm("uplink: backlog older than " + format_age(cfg_.backlog_alarm_age_ms()) + ": " +
            format_metrics(metrics_, cfg_.live_window_ms()) +
            (last_error_.empty() ? "" : "; last error: " + last_error_));
      alarm_raised_ = true;
    } else if (!metrics_.alarm && alarm_raised_) {
      log("uplink: backlog alarm cleared: " + format_metrics(metrics_, cfg_.live_window_ms()));
      alarm_raised_ = false;
    }
  }

  OutboxUploader& up_;
  const gate::v1::UplinkConfig& cfg_;
  std::unique_ptr<GateStore> outbox_;
  std::optional<OutboxStats> delivered_;  // the last whole-history counts (check_metrics)
  std::unique_ptr<PlatformStateStore> platform_;
  PayloadOptions payload_;
  Backoff backoff_;
  std::mt19937_64 rng_;
  int batch_limit_;
  bool backing_off_ = false;
  std::string last_error_;
  std::string last_heartbeat_error_;
  std::string last_downlink_error_;
  PlatformState state_;
  gate::v1::AlertLevel effective_ = gate::v1::ALERT_LEVEL_NONE;
  rules::PlatformStrategy strategy_ = rules::PlatformStrategy::kNone;  // in force, as effective_
  TransmissionMetrics metrics_;
  bool alarm_raised_ = false;
  rules::ClockSkewWatch platform_clock_;
  bool platform_time_unreadable_ = false;
  Clock::time_point upload_due_ = Clock::now();
  Clock::time_point heartbeat_due_ = Clock::now();
  Clock::time_point downlink_due_ = Clock::now();
  Clock::time_point metrics_due_ = Clock::now();
  Clock::time_point metrics_log_due_ = Clock::now();
};

OutboxUploader::OutboxUploader(std::string db_path, std::string gate_id, gate::v1::UplinkConfig cfg,
                               int utc_offset_minutes, gate::v1::AlertLevel configured_alert,
                               std::unique_ptr<drivers::uplink::UplinkTransport> transport,
                               Hooks hooks)
    : db_path_(std::move(db_path)),
      gate_id_(std::move(gate_id)),
      cfg_(std::move(cfg)),
      utc_offset_minutes_(utc_offset_minutes),
      configured_alert_(configured_alert),
      transport_(std::move(transport)),
      hooks_(std::move(hooks)) {}

OutboxUploader::~OutboxUploader() {
  stop();
}

void OutboxUploader::start() {
  thread_ = std::thread([this] { run(); });
}

void OutboxUploader::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxUploader::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void OutboxUploader::run() {
  auto outbox = GateStore::Open(db_path_);
  auto platform = PlatformStateStore::Open(db_path_);
  if (!outbox.ok() || !platform.ok()) {
    const std::string e = !outbox.ok() ? outbox.error() : platform.error();
    if (hooks_.alarm) hooks_.alarm("uplink disabled: " + e);
    return;
  }
  Worker w(*this, std::move(outbox).value(), std::move(platform).value());
  w.loop();
}

}  // namespace gate::host
