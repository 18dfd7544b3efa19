// Both uplink transports against the mock platform of sim/ on 127.0.0.1, in this process:
// signing, TLS verification, per-record acks, rejections, repeats, downlink and fault modes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "drivers/http/http_server.h"
#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/endpoint.h"
#include "drivers/uplink/http_json_transport.h"
#include "drivers/uplink/net_stream.h"
#include "drivers/uplink/request_signing.h"
#include "drivers/uplink/tcp_json_transport.h"
#include "drivers/uplink/uplink_config.h"
#include "drivers/uplink/wire_time.h"
#include "sim/platform/mock_platform.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tls_fixture.h"

namespace gate::drivers::uplink {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using Failure = SendResult::Failure;

constexpr const char* kSecret = "transport-test-secret-0123456789";

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

gate::v1::UplinkRecord record(int64_t seq, const std::string& plate = "豫H12345") {
  gate::v1::UplinkRecord r;
  r.set_gate_id("G1");
  r.set_seq(seq);
  r.set_kind("decision");
  r.set_key("G1-" + std::to_string(seq) + "-decision");
  // One time for every call: a repeat of a record must have the same content even when the
  // test crosses a second boundary (the platform would count it as conflicting).
  static const int64_t kNow = now_ms();
  r.set_sent_at(format_wire_time(kNow, 480));
  auto* d = r.mutable_decision();
  d->set_time(format_wire_time(kNow - 1000, 480));
  d->set_lane_id("L1");
  d->set_direction(1);
  d->set_plate(plate);
  d->set_plate_color(1);
  d->set_plate_color_name("yellow");
  d->set_confidence(0.93);
  d->set_verdict("refuse");
  d->set_rule_id("identity.unknown_vehicle");
  d->set_reason("未登记车辆");
  d->set_policy_version("test-1");
  return r;
}

struct Profile {
  bool tcp;
  bool tls;
};

std::string name(const ::testing::TestParamInfo<Profile>& p) {
  return std::string(p.param.tcp ? "Tcp" : "Http") + (p.param.tls ? "Tls" : "Plain");
}

class TransportTest : public ::testing::TestWithParam<Profile> {
 protected:
  void SetUp() override {
    tls_ = testing::make_tls_files(dir_.path());
    secret_file_ = dir_.write("secret", std::string(kSecret) + "\n");
    ::chmod(secret_file_.c_str(), 0600);
    start_platform(GetParam());
  }

  void start_platform(Profile p) {
    platform_.reset();
    sim::MockPlatformOptions o;
    (p.tcp ? o.tcp_port : o.http_port) = 0;
    if (p.tls) {
      o.tls_cert_file = tls_.server_cert;
      o.tls_key_file = tls_.server_key;
    }
    o.app_key = "gate-G1";
    o.app_secret = kSecret;
    o.gate_id = registered_gate_;
    o.db_path = dir_.file("platform.db");
    o.slow_ms = 1500;
    auto started = sim::MockPlatform::Start(o);
    ASSERT_TRUE(started.ok()) << started.error();
    platform_ = std::move(started).value();
  }

  gate::v1::UplinkConfig config(Profile p) const {
    gate::v1::UplinkConfig c;
    const int port = p.tcp ? platform_->tcp_port() : platform_->http_port();
    c.set_profile(p.tcp ? gate::v1::UPLINK_PROFILE_TCP_JSON : gate::v1::UPLINK_PROFILE_HTTP_JSON);
    c.set_url(std::string(p.tcp ? (p.tls ? "tls" : "tcp") : (p.tls ? "https" : "http")) +
              "://127.0.0.1:" + std::to_string(port) + (p.tcp ? "" : "/api/v1"));
    c.set_app_key("gate-G1");
    c.set_app_secret_file(secret_file_);
    if (p.tls) c.set_ca_file(tls_.ca_cert);
    c.set_timeout_ms(1000);
    auto n = normalise_uplink_config(c);
    EXPECT_TRUE(n.ok()) << n.error();
    return n.value();
  }

  std::unique_ptr<UplinkTransport> transport(const gate::v1::UplinkConfig& c) {
    std::string warning;
    auto t = make_transport(c, "G1", &warning);
    EXPECT_TRUE(t.ok()) << t.error();
    return t.ok() ? std::move(t).value() : nullptr;
  }
  std::unique_ptr<UplinkTransport> transport() { return transport(config(GetParam())); }

  // A request signed by hand (the gate's transports always sign correctly): status and body.
  std::pair<int, std::string> raw_request(boost::beast::http::verb method,
                                          const std::string& target, const std::string& body,
                                          const Signature& sig) {
    TlsContext tls;
    if (GetParam().tls) tls = make_client_tls(tls_.ca_cert).value();
    auto conn =
        NetStream::Connect("127.0.0.1", static_cast<uint16_t>(platform_->http_port()), tls, 2000);
    if (!conn.ok()) return {0, conn.error()};
    HttpRequestMsg req{method, target, 11};
    req.set(boost::beast::http::field::host, "127.0.0.1");
    req.set(kHeaderKey, sig.app_key);
    req.set(kHeaderTimestamp, std::to_string(sig.timestamp_s));
    req.set(kHeaderNonce, sig.nonce);
    req.set(kHeaderSignature, sig.signature);
    req.body() = body;
    req.prepare_payload();
    auto res = conn.value()->http_exchange(req, 2000);
    if (!res.ok()) return {0, res.error()};
    return {static_cast<int>(res.value().result_int()), res.value().body()};
  }

  test_support::TempDir dir_;
  testing::TlsFiles tls_;
  std::string secret_file_;
  std::string registered_gate_;  // the gate of the app key at the platform; "" = first to sign
  std::unique_ptr<sim::MockPlatform> platform_;
};

TEST_P(TransportTest, RecordsAreAcknowledgedAndStoredOnceByKey) {
  auto t = transport();
  ASSERT_TRUE(t);
  SendResult r = t->send({record(1), record(2), record(3)});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(r.acked, UnorderedElementsAre("G1-1-decision", "G1-2-decision", "G1-3-decision"));
  EXPECT_TRUE(r.rejected.empty());
  ASSERT_EQ(platform_->records().size(), 3u);
  EXPECT_EQ(platform_->records()[0].plate, "豫H12345");
  EXPECT_EQ(platform_->records()[0].profile, GetParam().tcp ? "tcp_json" : "http_json");

  // The same records again (a lost ack): acknowledged, not stored twice, seen as repeats.
  auto again = record(2);
  again.set_backfill(true);  // a later attempt may differ in backfill and sent_at only
  r = t->send({again, record(3)});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.acked.size(), 2u);
  EXPECT_EQ(platform_->records().size(), 3u);
  EXPECT_EQ(platform_->duplicates(), 2);
  EXPECT_EQ(platform_->conflicting_duplicates(), 0);

  // A repeat whose content differs is acknowledged (the first stays) but reported.
  auto changed = record(1);
  changed.mutable_decision()->set_verdict("pass");
  r = t->send({changed});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(platform_->conflicting_duplicates(), 1);
  EXPECT_EQ(platform_->records()[0].verdict, "refuse");
}

TEST_P(TransportTest, InvalidRecordsAreRejectedWithAReasonAndTheRestTaken) {
  auto t = transport();
  ASSERT_TRUE(t);
  auto bad_direction = record(2);
  bad_direction.mutable_decision()->set_direction(7);
  auto bad_stage = record(3);
  bad_stage.mutable_decision()->set_vehicle_known(true);
  bad_stage.mutable_decision()->mutable_vehicle()->set_emission_stage("7");
  bad_stage.mutable_decision()->mutable_vehicle()->set_fuel_type("B");
  bad_stage.mutable_decision()->mutable_vehicle()->set_vehicle_class(1);
  SendResult r = t->send({record(1), bad_direction, bad_stage, record(4)});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(r.acked, UnorderedElementsAre("G1-1-decision", "G1-4-decision"));
  ASSERT_EQ(r.rejected.size(), 2u);
  for (const auto& rej : r.rejected) {
    EXPECT_EQ(rej.code(), "code_table") << rej.reason();
    if (rej.key() == "G1-2-decision") {
      EXPECT_THAT(rej.reason(), HasSubstr("direction 7"));
    } else {
      EXPECT_THAT(rej.reason(), HasSubstr("emission_stage"));
    }
  }
  EXPECT_EQ(platform_->records().size(), 2u);
}

TEST_P(TransportTest, HeartbeatAndIncrementalDownlink) {
  gate::v1::ControlMeasures c;
  c.set_alert_level(2);
  c.set_response_level(2);
  c.add_measures("国四及以下柴油货车禁止通行");
  platform_->set_control(c);
  gate::v1::ListChange add;
  add.set_list("excess_emission");
  add.set_op("add");
  add.set_plate("豫H 12345");
  platform_->change_list(add);

  auto t = transport();
  ASSERT_TRUE(t);
  gate::v1::Heartbeat hb;
  hb.set_gate_id("G1");
  hb.set_time(format_wire_time(now_ms(), 480));
  auto reply = t->heartbeat(hb);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.value().downlink_cursor(), "2");

  auto full = t->fetch_downlink("");
  ASSERT_TRUE(full.ok()) << full.error();
  EXPECT_TRUE(full.value().full());
  EXPECT_EQ(full.value().control().alert_level(), 2);
  ASSERT_EQ(full.value().changes_size(), 1);
  EXPECT_EQ(full.value().changes(0).plate(), "豫H12345");  // normalised by the platform
  EXPECT_EQ(full.value().cursor(), "2");

  auto none = t->fetch_downlink("2");
  ASSERT_TRUE(none.ok()) << none.error();
  EXPECT_FALSE(none.value().full());
  EXPECT_FALSE(none.value().has_control());
  EXPECT_EQ(none.value().changes_size(), 0);

  add.set_op("remove");
  platform_->change_list(add);
  auto inc = t->fetch_downlink("2");
  ASSERT_TRUE(inc.ok()) << inc.error();
  EXPECT_FALSE(inc.value().full());
  ASSERT_EQ(inc.value().changes_size(), 1);
  EXPECT_EQ(inc.value().changes(0).op(), "remove");
  EXPECT_EQ(inc.value().cursor(), "3");
  auto report = platform_->report_json(false);
  EXPECT_THAT(report, HasSubstr("\"heartbeats\":1"));
}

TEST_P(TransportTest, AWrongSecretIsAnAuthFailure) {
  auto c = config(GetParam());
  c.set_app_secret_file(dir_.write("other", "a-different-secret-0123456789\n"));
  ::chmod(c.app_secret_file().c_str(), 0600);
  auto t = transport(c);
  ASSERT_TRUE(t);
  SendResult r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kAuth) << r.error;
  EXPECT_THAT(r.error, HasSubstr("signature"));
  EXPECT_TRUE(platform_->records().empty());
  EXPECT_THAT(platform_->report_json(false), HasSubstr("\"signature\":1"));
}

// §5: the app key belongs to one gate. A gate naming another gate_id is refused as a whole
// (HTTP 403 "gate_id", a failed TCP login): an authentication failure the uploader retries
// with an alarm, never a reason to park records.
TEST_P(TransportTest, AGateIdNotRegisteredForTheKeyIsRefusedAsAnAuthFailure) {
  registered_gate_ = "G9";
  start_platform(GetParam());
  auto t = transport();
  ASSERT_TRUE(t);
  SendResult r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kAuth) << r.error;
  EXPECT_THAT(r.error, HasSubstr("gate_id"));
  EXPECT_THAT(r.error, HasSubstr("registered for gate \"G9\""));
  if (!GetParam().tcp) {
    EXPECT_THAT(r.error, HasSubstr("HTTP 403"));
  }
  EXPECT_TRUE(platform_->records().empty());
  gate::v1::Heartbeat hb;
  hb.set_gate_id("G1");
  hb.set_time(format_wire_time(now_ms(), 480));
  auto reply = t->heartbeat(hb);
  ASSERT_FALSE(reply.ok());
  EXPECT_THAT(reply.error(), HasSubstr("gate_id"));
  auto down = t->fetch_downlink("");
  ASSERT_FALSE(down.ok());
  EXPECT_THAT(down.error(), HasSubstr("gate_id"));
  EXPECT_EQ(platform_->report_json(false).find("\"heartbeats\":1"), std::string::npos);
}

// Without a registered gate the key is bound to the first gate that signs with it.
TEST_P(TransportTest, TheKeyIsBoundToTheFirstGateThatUsesIt) {
  auto t = transport();
  ASSERT_TRUE(t);
  ASSERT_TRUE(t->send({record(1)}).ok());
  auto other = config(GetParam());
  std::string warning;
  auto g2 = make_transport(other, "G2", &warning);
  ASSERT_TRUE(g2.ok()) << g2.error();
  auto rec = record(1);
  rec.set_gate_id("G2");
  rec.set_key("G2-1-decision");
  SendResult r = g2.value()->send({rec});
  EXPECT_EQ(r.failure, Failure::kAuth) << r.error;
  EXPECT_THAT(r.error, HasSubstr("gate_id"));
}

// §2, §4.8: a refuse or hold decision is final; the platform refuses an outcome for it. A pass
// is followed by its outcome, turned_away included.
TEST_P(TransportTest, NoOutcomeFollowsARefusal) {
  auto t = transport();
  ASSERT_TRUE(t);
  auto pass = record(2);
  pass.mutable_decision()->set_verdict("pass");
  pass.mutable_decision()->set_rule_id("pass.all_rules");
  ASSERT_TRUE(t->send({record(1), pass}).ok());
  auto outcome = [](int64_t seq, const std::string& what) {
    gate::v1::UplinkRecord o;
    o.set_gate_id("G1");
    o.set_seq(seq);
    o.set_kind("outcome");
    o.set_key("G1-" + std::to_string(seq) + "-outcome");
    o.set_sent_at(format_wire_time(now_ms(), 480));
    o.mutable_outcome()->set_outcome(what);
    o.mutable_outcome()->set_time(format_wire_time(now_ms(), 480));
    return o;
  };
  SendResult r = t->send({outcome(1, "turned_away"), outcome(2, "turned_away")});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(r.acked, UnorderedElementsAre("G1-2-outcome"));
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].key(), "G1-1-outcome");
  EXPECT_EQ(r.rejected[0].code(), "kind");
  EXPECT_THAT(r.rejected[0].reason(), HasSubstr("decided refuse"));
}

TEST_P(TransportTest, FaultModesLoseNothing) {
  auto t = transport();
  ASSERT_TRUE(t);
  using Mode = sim::MockPlatform::Mode;

  platform_->set_mode(Mode::kDown);
  SendResult r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kUnavailable);
  EXPECT_TRUE(platform_->records().empty());

  platform_->set_mode(Mode::kError500);
  r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kUnavailable) << r.error;
  EXPECT_TRUE(r.acked.empty());

  platform_->set_mode(Mode::kGarbage);
  r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kUnavailable) << r.error;
  EXPECT_TRUE(r.acked.empty());
  EXPECT_TRUE(platform_->records().empty());

  // Dropped after being taken: the gate does not know, and must send it again.
  platform_->set_mode(Mode::kDrop);
  r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kUnavailable) << r.error;
  EXPECT_EQ(platform_->records().size(), 1u);

  platform_->set_mode(Mode::kNormal);
  r = t->send({record(1), record(2)});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.acked.size(), 2u);
  EXPECT_EQ(platform_->records().size(), 2u);
  // At least the resend above; the HTTP transport may also have tried the dropped request once
  // more on a fresh connection. Every repeat carries the same content.
  EXPECT_GE(platform_->duplicates(), 1);
  EXPECT_EQ(platform_->conflicting_duplicates(), 0);
}

TEST_P(TransportTest, ASlowPlatformIsATimeout) {
  auto c = config(GetParam());
  c.set_timeout_ms(300);
  auto t = transport(c);
  ASSERT_TRUE(t);
  platform_->set_mode(sim::MockPlatform::Mode::kSlow);
  SendResult r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kUnavailable);
  EXPECT_THAT(r.error, HasSubstr("timeout"));
  platform_->set_mode(sim::MockPlatform::Mode::kNormal);
  // The connection that timed out is not reused: the next call opens a fresh one and works.
  r = t->send({record(2)});
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.acked.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Profiles, TransportTest,
                         ::testing::Values(Profile{false, false}, Profile{false, true},
                                           Profile{true, false}, Profile{true, true}),
                         name);

class TransportTlsTest : public TransportTest {};

TEST_P(TransportTlsTest, ACertificateFromAnotherCaIsRefused) {
  auto other = testing::make_tls_files(dir_.path(), "other-");
  auto c = config(GetParam());
  c.set_ca_file(other.ca_cert);
  auto t = transport(c);
  ASSERT_TRUE(t);
  SendResult r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kUnavailable);
  EXPECT_THAT(r.error, HasSubstr("certificate"));
  EXPECT_TRUE(platform_->records().empty());
}

INSTANTIATE_TEST_SUITE_P(Profiles, TransportTlsTest,
                         ::testing::Values(Profile{false, true}, Profile{true, true}), name);

class HttpOnlyTest : public TransportTest {};

TEST_P(HttpOnlyTest, StaleAndReplayedRequestsAreRefused) {
  auto c = config(GetParam());
  auto ep = parse_endpoint(c.url()).value();
  TransportOptions opt{"G1", "gate-G1", kSecret, 1000, 100};
  TlsContext tls;
  if (GetParam().tls) tls = make_client_tls(tls_.ca_cert).value();
  HttpJsonTransport stale(ep, opt, tls);
  stale.clock_s = [] { return now_ms() / 1000 - 3600; };
  SendResult r = stale.send({record(1)});
  EXPECT_EQ(r.failure, Failure::kAuth);
  EXPECT_THAT(r.error, HasSubstr("stale"));

  // The same signed request twice: the second is a replay.
  auto conn =
      NetStream::Connect("127.0.0.1", static_cast<uint16_t>(platform_->http_port()), tls, 2000);
  ASSERT_TRUE(conn.ok()) << conn.error();
  const std::string body = R"({"gate_id":"G1","time":"2026-11-22T08:00:00+08:00"})";
  Signature sig =
      sign_request("gate-G1", kSecret, now_ms() / 1000, "POST", "/api/v1/heartbeat", body);
  int statuses[2] = {0, 0};
  for (int& status : statuses) {
    HttpRequestMsg req{boost::beast::http::verb::post, "/api/v1/heartbeat", 11};
    req.set(boost::beast::http::field::host, "127.0.0.1");
    req.set(kHeaderKey, sig.app_key);
    req.set(kHeaderTimestamp, std::to_string(sig.timestamp_s));
    req.set(kHeaderNonce, sig.nonce);
    req.set(kHeaderSignature, sig.signature);
    req.body() = body;
    req.prepare_payload();
    auto res = conn.value()->http_exchange(req, 2000);
    ASSERT_TRUE(res.ok()) << res.error();
    status = res.value().result_int();
    if (status != 200) {
      EXPECT_THAT(res.value().body(), HasSubstr("replayed"));
    }
  }
  EXPECT_EQ(statuses[0], 200);
  EXPECT_EQ(statuses[1], 401);
}

TEST_P(HttpOnlyTest, ABatchRefusedAsAWholeIsReportedAsSuch) {
  platform_->reject_plate("豫H66666", /*whole_batch=*/true);
  auto t = transport();
  ASSERT_TRUE(t);
  SendResult r = t->send({record(1), record(2, "豫H66666")});
  EXPECT_EQ(r.failure, Failure::kBatchRefused);
  EXPECT_THAT(r.error, HasSubstr("422"));
  EXPECT_TRUE(platform_->records().empty());
}

TEST_P(HttpOnlyTest, UnsignedRequestsAreRefusedByASigningPlatform) {
  auto c = config(GetParam());
  c.clear_app_key();
  c.clear_app_secret_file();
  auto t = transport(c);
  ASSERT_TRUE(t);
  SendResult r = t->send({record(1)});
  EXPECT_EQ(r.failure, Failure::kAuth);
  EXPECT_THAT(r.error, HasSubstr("missing header"));
}

// §5: the checks run in one order, signature, then timestamp, then nonce: a request whose
// signature and timestamp are both wrong is refused as "signature".
TEST_P(HttpOnlyTest, TheSignatureIsCheckedBeforeTheTimestamp) {
  const std::string body = R"({"gate_id":"G1","time":"2026-11-22T08:00:00+08:00"})";
  Signature sig =
      sign_request("gate-G1", kSecret, now_ms() / 1000 - 3600, "POST", "/api/v1/heartbeat", body);
  auto stale = raw_request(boost::beast::http::verb::post, "/api/v1/heartbeat", body, sig);
  EXPECT_EQ(stale.first, 401);
  EXPECT_THAT(stale.second, HasSubstr("\"code\":\"stale\""));
  sig = sign_request("gate-G1", "not-the-secret-0123456789", now_ms() / 1000 - 3600, "POST",
                     "/api/v1/heartbeat", body);
  auto both = raw_request(boost::beast::http::verb::post, "/api/v1/heartbeat", body, sig);
  EXPECT_EQ(both.first, 401);
  EXPECT_THAT(both.second, HasSubstr("\"code\":\"signature\""));
}

// §6.1: a body that is not an UplinkBatch (unparsable JSON) is refused as a whole with 400
// "schema"; gated reads 400 as "the batch is invalid" (halves it, parks the culprit).
TEST_P(HttpOnlyTest, UnparsableJsonIsRefusedAsAWholeWith400Schema) {
  const std::string body = R"({"profile":"gate-uplink/1","gate_id":"G1","records":[)";
  Signature sig =
      sign_request("gate-G1", kSecret, now_ms() / 1000, "POST", "/api/v1/passages", body);
  auto res = raw_request(boost::beast::http::verb::post, "/api/v1/passages", body, sig);
  EXPECT_EQ(res.first, 400);
  EXPECT_THAT(res.second, HasSubstr("\"code\":\"schema\""));
  EXPECT_TRUE(platform_->records().empty());
}

INSTANTIATE_TEST_SUITE_P(Profiles, HttpOnlyTest,
                         ::testing::Values(Profile{false, false}, Profile{false, true}), name);

// A platform whose heartbeat reply has no server_time: its HTTP Date header stands in, so that
// the gate can still check its clock against the platform's.
TEST(HttpJsonTransportClockTest, AHeartbeatReplyWithoutServerTimeTakesTheDateHeader) {
  boost::asio::io_context io;
  auto server = HttpServer::Listen(io, "127.0.0.1", 0, [](const HttpRequest&) {
    return HttpResponse{200,
                        "application/json",
                        R"({"downlink_cursor":"7"})",
                        {{"Date", "Sun, 22 Nov 2026 00:00:00 GMT"}}};
  });
  ASSERT_TRUE(server.ok()) << server.error();
  std::thread runner([&io] { io.run(); });
  gate::v1::UplinkConfig c;
  c.set_url("http://127.0.0.1:" + std::to_string(server.value()->port()) + "/api/v1");
  c.set_timeout_ms(2000);
  std::string warning;
  auto t = make_transport(normalise_uplink_config(c).value(), "G1", &warning);
  ASSERT_TRUE(t.ok()) << t.error();
  auto reply = t.value()->heartbeat(gate::v1::Heartbeat{});
  server.value()->stop();
  io.stop();
  runner.join();
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.value().downlink_cursor(), "7");
  EXPECT_EQ(reply.value().server_time(), "2026-11-22T00:00:00+00:00");
}

}  // namespace
}  // namespace gate::drivers::uplink
