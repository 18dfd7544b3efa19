// The sync worker against a scripted transport and a real SQLite file: order, batches, keys,
// acknowledgement without deletion, backfill flags, parking, splitting refused batches, backoff,
// alarms, heartbeats and the downlink.
#include "firmware-host/sync/outbox_uploader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "drivers/uplink/uplink_config.h"
#include "drivers/uplink/wire_time.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/seal_anchors.h"
#include "firmware-host/sync/platform_state_store.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using drivers::uplink::SendResult;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool wait_until(const std::function<bool()>& pred, int timeout_ms = 10000) {
  const auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

// A platform scripted by the test; every call is recorded. Thread-safe.
class FakeTransport : public drivers::uplink::UplinkTransport {
 public:
  struct Call {
    Clock::time_point at;
    std::vector<gate::v1::UplinkRecord> records;
  };
  using SendFn = std::function<SendResult(const std::vector<gate::v1::UplinkRecord>&)>;

  std::string describe() const override { return "fake"; }
  SendResult send(const std::vector<gate::v1::UplinkRecord>& records) override {
    std::lock_guard lock(mu_);
    calls_.push_back({Clock::now(), records});
    if (on_send_) return on_send_(records);
    SendResult r;
    for (const auto& rec : records) r.acked.push_back(rec.key());
    return r;
  }
  Result<gate::v1::HeartbeatReply> heartbeat(const gate::v1::Heartbeat& hb) override {
    std::lock_guard lock(mu_);
    heartbeats_.push_back(hb);
    gate::v1::HeartbeatReply r;
    if (on_heartbeat_) r = on_heartbeat_(hb);
    r.set_downlink_cursor(announced_cursor_);
    if (server_time_) r.set_server_time(server_time_());
    return r;
  }
  Result<gate::v1::DownlinkReply> fetch_downlink(const std::string& since) override {
    std::lock_guard lock(mu_);
    fetched_since_.push_back(since);
    if (on_downlink_) return on_downlink_(since);
    gate::v1::DownlinkReply r;
    r.set_cursor(since.empty() ? "0" : since);
    r.set_full(since.empty());
    return r;
  }

  void on_send(SendFn f) {
    std::lock_guard lock(mu_);
    on_send_ = std::move(f);
  }
  void on_downlink(std::function<gate::v1::DownlinkReply(const std::string&)> f) {
    std::lock_guard lock(mu_);
    on_downlink_ = std::move(f);
  }
  // The rest of each heartbeat reply (receipts), made from the heartbeat.
  void on_heartbeat(std::function<gate::v1::HeartbeatReply(const gate::v1::Heartbeat&)> f) {
    std::lock_guard lock(mu_);
    on_heartbeat_ = std::move(f);
  }
  // The platform's time in each heartbeat reply; unset: none.
  void server_time(std::function<std::string()> f) {
    std::lock_guard lock(mu_);
    server_time_ = std::move(f);
  }
  void announce_cursor(const std::string& c) {
    std::lock_guard lock(mu_);
    announced_cursor_ = c;
  }
  std::vector<Call> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  std::vector<gate::v1::Heartbeat> heartbeats() const {
    std::lock_guard lock(mu_);
    return heartbeats_;
  }
  std::vector<std::string> fetched_since() const {
    std::lock_guard lock(mu_);
    return fetched_since_;
  }

 private:
  mutable std::mutex mu_;
  SendFn on_send_;
  std::function<gate::v1::DownlinkReply(const std::string&)> on_downlink_;
  std::string announced_cursor_ = "0";
  std::function<std::string()> server_time_;
  std::function<gate::v1::HeartbeatReply(const gate::v1::Heartbeat&)> on_heartbeat_;
  std::vector<Call> calls_;
  std::vector<gate::v1::Heartbeat> heartbeats_;
  std::vector<std::string> fetched_since_;
};

class OutboxUploaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = GateStore::Open(db());
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(s).value();
    cfg_.set_batch_size(10);
    cfg_.set_interval_ms(20);
    cfg_.set_heartbeat_interval_ms(100);
    cfg_.set_downlink_poll_interval_ms(200);
    cfg_.set_metrics_log_interval_ms(200);
    cfg_.set_max_backoff_ms(400);
    cfg_.set_live_window_ms(60000);
  }
  void TearDown() override {
    if (uploader_) uploader_->stop();
  }
  std::string db() const { return dir_.file("gate.db"); }

  void start() {
    auto n = drivers::uplink::normalise_uplink_config(cfg_);
    ASSERT_TRUE(n.ok()) << n.error();
    auto t = std::make_unique<FakeTransport>();
    fake_ = t.get();
    if (script_) script_(*fake_);
    OutboxUploader::Hooks h;
    h.log = [this](const std::string& m) {
      std::lock_guard lock(mu_);
      logs_.push_back(m);
    };
    h.alarm = [this](const std::string& m) {
      std::lock_guard lock(mu_);
      alarms_.push_back(m);
    };
    h.on_platform_state = [this](const PlatformState& s, gate::v1::AlertLevel level) {
      std::lock_guard lock(mu_);
      states_.push_back(s);
      levels_.push_back(level);
    };
    h.lanes = [] {
      gate::v1::LaneStatus l;
      l.set_lane_id("L1");
      l.set_barrier_online(true);
      return std::vector<gate::v1::LaneStatus>{l};
    };
    uploader_ = std::make_unique<OutboxUploader>(
        db(), "G1", n.value(), 480, gate::v1::ALERT_LEVEL_NONE, std::move(t), std::move(h));
    uploader_->start();
  }

  int64_t commit(const std::string& plate, int64_t at) {
    auto p = sync_test::passage(plate, at, false);
    auto seq = store_->commit_passage(p, at);
    EXPECT_TRUE(seq.ok()) << seq.error();
    if (uploader_) uploader_->poke();
    return seq.ok() ? seq.value() : 0;
  }
  void commit_n(int n, int64_t at) {
    for (int i = 1; i <= n; ++i) commit("豫H" + std::to_string(10000 + i), at);
  }
  OutboxStats stats() { return store_->outbox_stats(cfg_.live_window_ms()).value(); }
  bool logged(const std::string& part) {
    std::lock_guard lock(mu_);
    for (const auto& l : logs_) {
      if (l.find(part) != std::string::npos) return true;
    }
    return false;
  }
  int count_alarms(const std::string& part) {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& l : alarms_) n += l.find(part) != std::string::npos;
    return n;
  }
  int count_logs(const std::string& part) {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& l : logs_) n += l.find(part) != std::string::npos;
    return n;
  }
  bool alarmed(const std::string& part) {
    std::lock_guard lock(mu_);
    for (const auto& l : alarms_) {
      if (l.find(part) != std::string::npos) return true;
    }
    return false;
  }

  test_support::TempDir dir_;
  std::unique_ptr<GateStore> store_;
  gate::v1::UplinkConfig cfg_;
  std::function<void(FakeTransport&)> script_;
  FakeTransport* fake_ = nullptr;
  std::unique_ptr<OutboxUploader> uploader_;
  std::mutex mu_;
  std::vector<std::string> logs_, alarms_;
  std::vector<PlatformState> states_;
  std::vector<gate::v1::AlertLevel> levels_;
};

TEST_F(OutboxUploaderTest, SendsInOrderInBatchesAndMarksWithoutDeleting) {
  commit_n(25, now_ms());
  start();
  ASSERT_TRUE(wait_until([&] { return uploader_->uploaded() == 25; }));
  std::vector<std::string> keys;
  for (const auto& c : fake_->calls()) {
    EXPECT_LE(c.records.size(), 10u);
    for (const auto& r : c.records) keys.push_back(r.key());
  }
  ASSERT_EQ(keys.size(), 25u) << "each record sent exactly once";
  for (int i = 0; i < 25; ++i) EXPECT_EQ(keys[i], "G1-" + std::to_string(i + 1) + "-decision");
  ASSERT_TRUE(wait_until([&] { return stats().acked == 25; }));
  EXPECT_EQ(stats().pending, 0);
  // Nothing deleted: every row is still there, acknowledged.
  EXPECT_EQ(store_->next_outbox(100).value().size(), 0u);
  EXPECT_EQ(stats().acked + stats().pending, 25);

  // A passage committed later is sent after a poke, without waiting for a full batch.
  commit("豫H99999", now_ms());
  ASSERT_TRUE(wait_until([&] { return uploader_->uploaded() == 26; }));
}

TEST_F(OutboxUploaderTest, RecordsQueuedLongerThanTheLiveWindowAreBackfill) {
  cfg_.set_live_window_ms(1000);
  commit("豫H00001", now_ms() - 5000);
  commit("豫H00002", now_ms());
  start();
  ASSERT_TRUE(wait_until([&] { return uploader_->uploaded() == 2; }));
  auto calls = fake_->calls();
  std::map<std::string, bool> backfill;
  for (const auto& c : calls) {
    for (const auto& r : c.records) backfill[r.key()] = r.backfill();
  }
  EXPECT_TRUE(backfill.at("G1-1-decision"));
  EXPECT_FALSE(backfill.at("G1-2-decision"));
  // The share within the live window counts the late one as late.
  ASSERT_TRUE(wait_until([&] { return stats().acked == 2; }));
  EXPECT_EQ(stats().acked_within_window, 1);
}

TEST_F(OutboxUploaderTest, ARejectedRecordIsParkedAndTheRestGoOn) {
  commit_n(5, now_ms());
  script_ = [](FakeTransport& f) {
    f.on_send([](const std::vector<gate::v1::UplinkRecord>& recs) {
      SendResult r;
      for (const auto& rec : recs) {
        if (rec.key() == "G1-2-decision") {
          gate::v1::RecordRejection rej;
          rej.set_key(rec.key());
          rej.set_code("code_table");
          rej.set_reason("plate_color 7 is not in the etc table");
          r.rejected.push_back(rej);
        } else {
          r.acked.push_back(rec.key());
        }
      }
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return uploader_->uploaded() == 4 && stats().parked == 1; }));
  auto parked = store_->parked_outbox(10).value();
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].passage_seq, 2);
  EXPECT_EQ(parked[0].reason, "code_table: plate_color 7 is not in the etc table");
  EXPECT_TRUE(alarmed("G1-2-decision"));
  // Parked rows are not sent again.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int sent2 = 0;
  for (const auto& c : fake_->calls()) {
    for (const auto& r : c.records) sent2 += r.key() == "G1-2-decision";
  }
  EXPECT_EQ(sent2, 1);
}

TEST_F(OutboxUploaderTest, ABatchRefusedAsAWholeIsSplitUntilTheCulpritIsParked) {
  commit_n(8, now_ms());
  script_ = [](FakeTransport& f) {
    f.on_send([](const std::vector<gate::v1::UplinkRecord>& recs) {
      SendResult r;
      for (const auto& rec : recs) {
        if (rec.key() == "G1-6-decision") {
          r.failure = SendResult::Failure::kBatchRefused;
          r.error = "platform answered HTTP 422: schema: record G1-6-decision is malformed";
          return r;
        }
      }
      for (const auto& rec : recs) r.acked.push_back(rec.key());
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return uploader_->uploaded() == 7 && stats().parked == 1; }));
  auto parked = store_->parked_outbox(10).value();
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].passage_seq, 6);
  EXPECT_THAT(parked[0].reason, HasSubstr("malformed"));
  // 8 refused, then 4 (1-4) taken, 4 (5-8) refused, 2 (5-6) refused, 1 (5) taken, 1 (6) parked…
  auto calls = fake_->calls();
  ASSERT_GE(calls.size(), 4u);
  EXPECT_EQ(calls[0].records.size(), 8u);
  EXPECT_EQ(calls[1].records.size(), 4u);
}

TEST_F(OutboxUploaderTest, FailuresBackOffExponentiallyAndNothingIsLost) {
  commit_n(3, now_ms());
  script_ = [](FakeTransport& f) {
    auto failures = std::make_shared<int>(0);
    f.on_send([failures](const std::vector<gate::v1::UplinkRecord>& recs) {
      SendResult r;
      if ((*failures)++ < 5) {
        r.failure = SendResult::Failure::kUnavailable;
        r.error = "connect to 127.0.0.1:1 failed: Connection refused";
        return r;
      }
      for (const auto& rec : recs) r.acked.push_back(rec.key());
      return r;
    });
  };
  start();
  // Pokes during the backoff do not cut it short.
  for (int i = 0; i < 5; ++i) uploader_->poke();
  ASSERT_TRUE(wait_until([&] { return uploader_->uploaded() == 3; }));
  auto calls = fake_->calls();
  ASSERT_EQ(calls.size(), 6u);
  // Delay before attempt k+1 is at least half of min(400, 20·2^(k-1)) ms.
  const int64_t min_gap[] = {10, 20, 40, 80, 160};
  for (int k = 0; k < 5; ++k) {
    const auto gap =
        std::chrono::duration_cast<std::chrono::milliseconds>(calls[k + 1].at - calls[k].at)
            .count();
    EXPECT_GE(gap, min_gap[k]) << "attempt " << k + 2;
  }
  EXPECT_EQ(count_logs("not delivered"), 1) << "one log line per failure streak";
  EXPECT_TRUE(logged("reachable again"));
  ASSERT_TRUE(wait_until([&] { return stats().acked == 3; }));
}

TEST_F(OutboxUploaderTest, ARefusedSignatureRaisesAnAlarm) {
  commit_n(1, now_ms());
  script_ = [](FakeTransport& f) {
    f.on_send([](const std::vector<gate::v1::UplinkRecord>&) {
      SendResult r;
      r.failure = SendResult::Failure::kAuth;
      r.error = "platform answered HTTP 401: stale: timestamp is 3600 s off";
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return alarmed("credentials"); }));
  EXPECT_TRUE(alarmed("stale"));
  EXPECT_EQ(stats().pending, 1);
}

// docs/uplink.md §6.1, §5: a platform that refuses the gate_id (HTTP 403 "gate_id") refuses the
// gate, not a record: nothing is parked, everything waits and is retried with backoff.
TEST_F(OutboxUploaderTest, AForeignGateIdRefusalIsRetriedAndNothingIsParked) {
  commit_n(3, now_ms());
  script_ = [](FakeTransport& f) {
    f.on_send([](const std::vector<gate::v1::UplinkRecord>&) {
      SendResult r;
      r.failure = SendResult::Failure::kAuth;
      r.error =
          "platform answered HTTP 403: gate_id: app key \"K\" is registered for gate "
          "\"G9\", not \"G1\"";
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return fake_->calls().size() >= 3; }));
  EXPECT_TRUE(alarmed("gate_id"));
  EXPECT_EQ(stats().parked, 0);
  EXPECT_EQ(stats().pending, 3);
}

// docs/uplink.md §6.2: delivered_live_share is 1 while nothing has been acknowledged, whatever
// waits (the backlog fields say what waits).
TEST_F(OutboxUploaderTest, NothingDeliveredIsAShareOfOne) {
  commit_n(2, now_ms());
  script_ = [](FakeTransport& f) {
    f.on_send([](const std::vector<gate::v1::UplinkRecord>&) {
      SendResult r;
      r.failure = SendResult::Failure::kUnavailable;
      r.error = "platform answered HTTP 503";
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] {
    auto hbs = fake_->heartbeats();
    return !hbs.empty() && hbs.back().backlog_records() == 2;
  }));
  EXPECT_DOUBLE_EQ(fake_->heartbeats().back().delivered_live_share(), 1.0);
}

TEST_F(OutboxUploaderTest, BacklogAlarmIsRaisedWhenOldAndClearedWhenSent) {
  // Long enough that the first send (at start) has failed before the backlog is old enough,
  // even on a loaded machine, so the alarm can name the error.
  cfg_.set_backlog_alarm_age_ms(1000);
  auto down = std::make_shared<std::atomic<bool>>(true);
  script_ = [down](FakeTransport& f) {
    f.on_send([down](const std::vector<gate::v1::UplinkRecord>& recs) {
      SendResult r;
      if (*down) {
        r.failure = SendResult::Failure::kUnavailable;
        r.error = "platform answered HTTP 503";
        return r;
      }
      for (const auto& rec : recs) r.acked.push_back(rec.key());
      return r;
    });
  };
  commit_n(2, now_ms());
  start();
  ASSERT_TRUE(wait_until([&] { return alarmed("backlog older than 1 s"); }));
  EXPECT_TRUE(alarmed("HTTP 503")) << "the alarm names the last error";
  *down = false;
  ASSERT_TRUE(wait_until([&] { return logged("backlog alarm cleared"); }));
  EXPECT_EQ(uploader_->uploaded(), 2);
  EXPECT_TRUE(logged("uplink metrics: backlog"));
}

TEST_F(OutboxUploaderTest, HeartbeatsCarryTheGatesStatus) {
  start();
  ASSERT_TRUE(wait_until([&] { return fake_->heartbeats().size() >= 2; }));
  auto hb = fake_->heartbeats().back();
  EXPECT_EQ(hb.gate_id(), "G1");
  ASSERT_EQ(hb.lanes_size(), 1);
  EXPECT_EQ(hb.lanes(0).lane_id(), "L1");
  EXPECT_TRUE(hb.lanes(0).barrier_online());
  EXPECT_EQ(hb.backlog_records(), 0);
  EXPECT_THAT(hb.time(), HasSubstr("+08:00"));
  EXPECT_THAT(hb.software(), HasSubstr("gate-uplink/1"));
}

// Two days of one passage each; the first sealed.
void seal_first_day(GateStore& store, const std::string& key_file) {
  auto key = SigningKey::LoadOrCreate(key_file);
  ASSERT_TRUE(key.ok()) << key.error();
  auto n = seal_closed_days(store.db(), key.value(), "G1", "2026-11-23", 480, sync_test::kT0);
  ASSERT_TRUE(n.ok() && n.value() == 1);
}

TEST_F(OutboxUploaderTest, HeartbeatsAnchorSealsUntilThePlatformAcknowledgesThem) {
  commit("豫H10001", sync_test::kT0);
  commit("豫H10002", sync_test::kT0 + 86400000);
  seal_first_day(*store_, dir_.file("gate.key"));
  script_ = [](FakeTransport& f) {
    f.on_heartbeat([](const gate::v1::Heartbeat& hb) {
      gate::v1::HeartbeatReply r;
      for (const auto& s : hb.seals()) {
        auto* receipt = r.add_seal_receipts();
        receipt->set_date(s.date());
        receipt->set_last_chain_id(s.last_chain_id());
        receipt->set_receipt("anchor-" + s.date());
      }
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return seal_anchor_counts(store_->db()).value().anchored == 1; }));
  const std::size_t acked_after = fake_->heartbeats().size();
  ASSERT_TRUE(wait_until([&] { return fake_->heartbeats().size() > acked_after; }));
  const int64_t head =
      store_->db().prepare("SELECT MAX(id) FROM chain").value().int64_rows().value()[0];
  const auto first = fake_->heartbeats().front();
  ASSERT_EQ(first.seals_size(), 1);
  EXPECT_EQ(first.seals(0).date(), "2026-11-22");
  EXPECT_EQ(first.chain_head().chain_id(), head);
  const auto later = fake_->heartbeats().back();
  EXPECT_EQ(later.seals_size(), 0);  // acknowledged: not sent again
  EXPECT_EQ(later.chain_head().chain_id(), head);
  EXPECT_TRUE(logged("the platform holds 1 more daily seal(s) as anchors"));
}

TEST_F(OutboxUploaderTest, AReceiptForASealNeverSentIsIgnoredWithALogLine) {
  commit("豫H10001", sync_test::kT0);
  commit("豫H10002", sync_test::kT0 + 86400000);
  seal_first_day(*store_, dir_.file("gate.key"));
  script_ = [](FakeTransport& f) {
    f.on_heartbeat([](const gate::v1::Heartbeat&) {
      gate::v1::HeartbeatReply r;
      auto* receipt = r.add_seal_receipts();
      receipt->set_date("2026-11-21");
      receipt->set_last_chain_id(7);
      receipt->set_receipt("anchor-x");
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return fake_->heartbeats().size() >= 2; }));
  ASSERT_TRUE(
      wait_until([&] { return logged("ignored the platform's seal receipt for 2026-11-21"); }));
  EXPECT_EQ(seal_anchor_counts(store_->db()).value().anchored, 0);
  EXPECT_EQ(fake_->heartbeats().back().seals_size(), 1);  // still sent
}

TEST_F(OutboxUploaderTest, AGateClockOffThePlatformsRaisesOneAlarmAndOneLineWhenBack) {
  auto offset_ms = std::make_shared<std::atomic<int64_t>>(-3 * 3600 * 1000);  // platform behind
  script_ = [offset_ms](FakeTransport& f) {
    f.server_time([offset_ms] {
      return drivers::uplink::format_wire_time(now_ms() + offset_ms->load(), 480);
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return fake_->heartbeats().size() >= 4; }));
  EXPECT_EQ(count_alarms("uplink: the gate's clock is 3 h ahead of the platform's"), 1);
  EXPECT_TRUE(alarmed("tolerance 120 s"));
  EXPECT_TRUE(alarmed("set this PC's time (NTP)"));
  offset_ms->store(0);
  ASSERT_TRUE(wait_until([&] { return logged("the gate's clock agrees with the platform's"); }));
  const std::size_t heartbeats = fake_->heartbeats().size();
  ASSERT_TRUE(wait_until([&] { return fake_->heartbeats().size() >= heartbeats + 2; }));
  EXPECT_EQ(count_alarms("the gate's clock is"), 1);
  EXPECT_EQ(count_logs("the gate's clock agrees with the platform's"), 1);
}

TEST_F(OutboxUploaderTest, AGateClockWithinToleranceOfThePlatformsIsQuiet) {
  script_ = [](FakeTransport& f) {
    f.server_time([] { return drivers::uplink::format_wire_time(now_ms() + 60000, 480); });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return fake_->heartbeats().size() >= 3; }));
  EXPECT_FALSE(alarmed("clock"));
}

TEST_F(OutboxUploaderTest, DownlinkIsPersistedAndHandedToTheLanes) {
  cfg_.set_downlink_poll_interval_ms(60000);  // after the first fetch, only heartbeats trigger
  script_ = [](FakeTransport& f) {
    f.announce_cursor("5");
    f.on_downlink([](const std::string& since) {
      gate::v1::DownlinkReply r;
      if (since.empty()) {
        r.set_full(true);
        r.set_cursor("5");
        r.mutable_control()->set_alert_level(3);
        r.mutable_control()->set_response_level(1);
        r.mutable_control()->add_measures("only China VI and new energy");
        auto* c = r.add_changes();
        c->set_list("excess_emission");
        c->set_op("add");
        c->set_plate("豫H12345");
      } else if (since == "5") {
        r.set_cursor("9");
        auto* c = r.add_changes();
        c->set_list("whitelist");
        c->set_op("add");
        c->set_plate("豫H77777");
      } else {
        r.set_cursor(since);
      }
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(mu_);
    return !states_.empty();
  }));
  {
    std::lock_guard lock(mu_);
    EXPECT_EQ(levels_[0], gate::v1::ALERT_LEVEL_RED);
    EXPECT_EQ(states_[0].lists->excess_emission.count("豫H12345"), 1u);
    EXPECT_EQ(states_[0].cursor, "5");
  }
  // A heartbeat announcing a newer cursor makes the gate fetch from the one it has.
  fake_->announce_cursor("9");
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(mu_);
    return states_.size() >= 2;
  }));
  auto since = fake_->fetched_since();
  EXPECT_NE(std::find(since.begin(), since.end(), "5"), since.end());
  uploader_->stop();
  // What the platform said survives a restart.
  auto ps = PlatformStateStore::Open(db());
  ASSERT_TRUE(ps.ok());
  auto state = ps.value()->load().value();
  EXPECT_EQ(state.cursor, "9");
  EXPECT_EQ(state.control.alert_level(), 3);
  EXPECT_EQ(state.lists->whitelist.count("豫H77777"), 1u);
  EXPECT_EQ(state.lists->excess_emission.count("豫H12345"), 1u);
}

TEST_F(OutboxUploaderTest, AnInvalidDownlinkIsNotApplied) {
  script_ = [](FakeTransport& f) {
    f.on_downlink([](const std::string&) {
      gate::v1::DownlinkReply r;
      r.set_full(true);
      r.set_cursor("3");
      r.mutable_control()->set_alert_level(9);
      return r;
    });
  };
  start();
  ASSERT_TRUE(wait_until([&] { return alarmed("downlink is invalid"); }));
  uploader_->stop();
  auto state = PlatformStateStore::Open(db()).value()->load().value();
  EXPECT_FALSE(state.has_control);
  EXPECT_TRUE(state.cursor.empty());
}

}  // namespace
}  // namespace gate::host
