// ProfileTransport against a platform on 127.0.0.1 that speaks the shipped transport-control
// profile strictly (login, envelope, token, success in the body): records taken once each; a
// token the platform ends early and one past its lifetime both mean a new login and nothing
// lost; a refused record is reported with the platform's reason while the next goes on; an
// answer that is not the profile's JSON stops the batch and acks nothing; an outcome the
// profile has no message for is acked without a call; a token in a header (token-rest).
#include "drivers/uplink/profile_transport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "drivers/http/http_server.h"
#include "drivers/uplink/platform_profile.h"

namespace gate::drivers::uplink {
namespace {

using json = nlohmann::json;
namespace net = boost::asio;

gate::v1::PlatformProfile shipped(const std::string& name) {
  auto p = load_platform_profile(std::string(GATE_SOURCE_DIR) + "/deploy/platforms/" + name);
  EXPECT_TRUE(p.ok()) << p.error();
  return p.ok() ? p.value() : gate::v1::PlatformProfile{};
}

gate::v1::UplinkRecord record(int seq, const std::string& plate,
                              const std::string& kind = "decision") {
  gate::v1::UplinkRecord r;
  r.set_key("G1-" + std::to_string(seq) + "-" + kind);
  r.set_kind(kind);
  r.set_gate_id("G1");
  r.set_seq(seq);
  r.set_sent_at("2026-11-22T08:00:01+08:00");
  r.mutable_decision()->set_time("2026-11-22T08:00:00+08:00");
  r.mutable_decision()->set_direction(1);
  r.mutable_decision()->set_plate(plate);
  r.mutable_decision()->set_plate_color_name("yellow");
  r.mutable_outcome()->set_outcome(kind == "outcome" ? "passed" : "");
  return r;
}

// A transport-control platform: tokens it issued, records it took by serial (lsh), and what it
// is told to do with the next answers.
class TransportControlPlatform {
 public:
  TransportControlPlatform() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {
    auto s =
        HttpServer::Listen(io_, "127.0.0.1", 0, [this](const HttpRequest& r) { return handle(r); });
    EXPECT_TRUE(s.ok()) << s.error();
    server_ = std::move(s).value();
  }
  ~TransportControlPlatform() {
    server_->stop();
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }

  std::mutex mu;
  std::vector<std::string> taken;       // serials, in order
  std::vector<json> statuses;           // gateStatusReport values
  std::vector<json> lane_statuses;      // putdcstatus values
  bool refuse_lane_statuses = false;    // putdcstatus answered code 500
  std::vector<std::string> photos;      // sharePhotoInfo: "<zpbh> of <lsh>: <base64Image>"
  std::set<std::string> refuse_plates;  // answered code 500 with a reason
  bool expire_tokens = false;           // every token issued so far ends now
  bool garbage = false;
  int logins = 0;
  int calls = 0;

 private:
  HttpResponse handle(const HttpRequest& r) {
    std::lock_guard lock(mu);
    ++calls;
    const json body = json::parse(r.body, nullptr, false);
    if (garbage) return HttpResponse{200, "text/html", "<html>gateway</html>"};
    if (body.is_discarded() || body.value("organ", "") != "JZ") {
      return HttpResponse{200, "application/json", R"({"code":"400","status":"bad envelope"})"};
    }
    if (r.path == "/api/restapi/transportControl/get_data" &&
        body.value("ipctype", "") == "getAccessToken") {
      if (body["value"].value("username", "") != "u" ||
          body["value"].value("password", "") != "p") {
        return HttpResponse{200, "application/json", R"({"code":"403","status":"wrong password"})"};
      }
      tokens_.insert("t" + std::to_string(++logins));
      return HttpResponse{
          200, "application/json",
          json{{"code", "200"}, {"access_token", "t" + std::to_string(logins)}}.dump()};
    }
    const bool photo = r.path == "/api/restapi/transportControl/put_file" &&
                       body.value("ipctype", "") == "sharePhotoInfo";
    if (r.path != "/api/restapi/transportControl/put_data" && !photo)
      return HttpResponse{404, "text/plain", ""};
    if (expire_tokens) {
      tokens_.clear();
      expire_tokens = false;
    }
    if (tokens_.count(body.value("access_token", "")) == 0) {
      return HttpResponse{401, "application/json", R"({"code":"401","status":"token invalid"})"};
    }
    const json& v = body["value"];
    if (body.value("ipctype", "") == "gateStatusReport") {
      statuses.push_back(v);
      return HttpResponse{200, "application/json", R"({"code":"200","status":"成功"})"};
    }
    if (body.value("ipctype", "") == "putdcstatus") {
      if (refuse_lane_statuses) {
        return HttpResponse{200, "application/json", R"({"code":"500","status":"道闸未备案"})"};
      }
      lane_statuses.push_back(v);
      return HttpResponse{200, "application/json", R"({"code":"200","status":"成功"})"};
    }
    if (photo) {
      photos.push_back(v.value("zpbh", "") + " of " + v.value("lsh", "") + ": " +
                       v.value("base64Image", ""));
      return HttpResponse{200, "application/json", R"({"code":"200","status":"成功"})"};
    }
    if (refuse_plates.count(v.value("cphm", "")) != 0) {
      return HttpResponse{200, "application/json", R"({"code":"500","status":"车牌不在备案范围"})"};
    }
    taken.push_back(v.value("lsh", ""));
    return HttpResponse{200, "application/json", R"({"code":"200","status":"成功"})"};
  }

  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> guard_;
  std::thread thread_;
  std::unique_ptr<HttpServer> server_;
  std::set<std::string> tokens_;
};

class ProfileTransportTest : public ::testing::Test {
 protected:
  std::unique_ptr<ProfileTransport> transport(const gate::v1::PlatformProfile& p) {
    Endpoint ep;
    ep.scheme = Endpoint::Scheme::kHttp;
    ep.host = "127.0.0.1";
    ep.port = platform_.port();
    ep.base_path = "/api";
    TransportOptions o;
    o.gate_id = "G1";
    o.timeout_ms = 2000;
    RenderContext ctx;
    ctx.settings = {{"organ", "JZ"},           {"username", "u"},        {"password", "p"},
                    {"enterprise_code", "E1"}, {"enterprise_name", "N"}, {"gate_code", "G01"},
                    {"company_code", "C"},     {"company_num", "1"},     {"company_password", "x"}};
    ctx.photo = [](const std::string& sha) -> Result<std::string> {
      if (sha == "ab12") return std::string("\xFF\xD8\xFF\xE0\x00\x10", 6);
      return Error{"photo " + sha + " is not in the photo store"};
    };
    auto t = std::make_unique<ProfileTransport>(p, ep, o, TlsContext{}, ctx);
    t->clock_s = [this] { return now_s_; };
    return t;
  }
  TransportControlPlatform platform_;
  int64_t now_s_ = 1795305600;
};

TEST_F(ProfileTransportTest, RecordsAreTakenOnceEachAfterOneLogin) {
  auto t = transport(shipped("transport-control.textproto"));
  SendResult r = t->send({record(1, "豫H00001"), record(2, "豫H00002")});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.acked, (std::vector<std::string>{"G1-1-decision", "G1-2-decision"}));
  std::lock_guard lock(platform_.mu);
  EXPECT_EQ(platform_.taken, (std::vector<std::string>{"G1-1-decision", "G1-2-decision"}));
  EXPECT_EQ(platform_.logins, 1);
}

TEST_F(ProfileTransportTest, ATokenEndedEarlyOrPastItsLifetimeMeansANewLoginAndNothingLost) {
  auto t = transport(shipped("transport-control.textproto"));
  ASSERT_TRUE(t->send({record(1, "豫H00001")}).ok());
  {
    std::lock_guard lock(platform_.mu);
    platform_.expire_tokens = true;  // the platform ends the token before its 2 h
  }
  SendResult r = t->send({record(2, "豫H00002")});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.acked, std::vector<std::string>{"G1-2-decision"});
  EXPECT_EQ(t->logins(), 2);
  now_s_ += 7200;  // past the token's lifetime: a login before the record, no refusal first
  int calls_before = 0;
  {
    std::lock_guard lock(platform_.mu);
    calls_before = platform_.calls;
  }
  ASSERT_TRUE(t->send({record(3, "豫H00003")}).ok());
  EXPECT_EQ(t->logins(), 3);
  std::lock_guard lock(platform_.mu);
  EXPECT_EQ(platform_.calls - calls_before, 2) << "login, then the record";
  EXPECT_EQ(platform_.taken.size(), 3u);
}

TEST_F(ProfileTransportTest, ARefusedRecordCarriesThePlatformsReasonAndTheNextGoesOn) {
  {
    std::lock_guard lock(platform_.mu);
    platform_.refuse_plates.insert("豫H00002");
  }
  auto t = transport(shipped("transport-control.textproto"));
  SendResult r = t->send({record(1, "豫H00001"), record(2, "豫H00002"), record(3, "豫H00003")});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.acked, (std::vector<std::string>{"G1-1-decision", "G1-3-decision"}));
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].key(), "G1-2-decision");
  EXPECT_EQ(r.rejected[0].reason(), "code 500: 车牌不在备案范围");
}

TEST_F(ProfileTransportTest, AnAnswerThatIsNotTheProfilesJsonAcksNothing) {
  auto t = transport(shipped("transport-control.textproto"));
  ASSERT_TRUE(t->send({record(1, "豫H00001")}).ok());
  {
    std::lock_guard lock(platform_.mu);
    platform_.garbage = true;
  }
  SendResult r = t->send({record(2, "豫H00002"), record(3, "豫H00003")});
  EXPECT_EQ(r.failure, SendResult::Failure::kUnavailable);
  EXPECT_TRUE(r.acked.empty());
  EXPECT_NE(r.error.find("not a JSON object: <html>gateway</html>"), std::string::npos) << r.error;
}

TEST_F(ProfileTransportTest, AWrongPasswordIsAnAuthFailure) {
  auto p = shipped("transport-control.textproto");
  RenderContext ctx;
  ctx.settings = {{"organ", "JZ"},           {"username", "u"},        {"password", "wrong"},
                  {"enterprise_code", "E1"}, {"enterprise_name", "N"}, {"gate_code", "G01"}};
  Endpoint e{Endpoint::Scheme::kHttp, "127.0.0.1", platform_.port(), "/api"};
  ProfileTransport wrong(p, e, TransportOptions{}, TlsContext{}, ctx);
  SendResult r = wrong.send({record(1, "豫H00001")});
  EXPECT_EQ(r.failure, SendResult::Failure::kAuth);
  EXPECT_NE(r.error.find("login refused: code 403: wrong password"), std::string::npos) << r.error;
}

TEST_F(ProfileTransportTest, TheGatesStatusGoesAsTheProfilesStatusMessage) {
  auto t = transport(shipped("transport-control.textproto"));
  gate::v1::Heartbeat hb;
  hb.set_time("2026-11-22T08:10:00+08:00");
  auto* lane = hb.add_lanes();
  lane->set_lane_id("D01");
  lane->set_barrier_online(true);
  auto* camera = hb.add_cameras();
  camera->set_lane_id("D01");
  camera->set_camera_id("vz-1");
  camera->set_online(false);
  ASSERT_TRUE(t->heartbeat(hb).ok());
  auto none = transport(shipped("token-rest.textproto"));
  auto r = none->heartbeat(hb);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "profile token-rest/1 has no status message: no status is reported");
  std::lock_guard lock(platform_.mu);
  ASSERT_EQ(platform_.statuses.size(), 1u);
  EXPECT_EQ(platform_.statuses[0].at("gateStatus"), "1");
  EXPECT_EQ(platform_.statuses[0].at("subtime"), "2026-11-22 08:10:00");
  // Then putdcstatus for the lane: its barrier works, its camera does not.
  ASSERT_EQ(platform_.lane_statuses.size(), 1u);
  EXPECT_EQ(platform_.lane_statuses[0], json::parse(R"({"dzbh":"G01","bgzt":"1","vlpzt":"0"})"));
}

// A lane status the platform refuses fails the status report with the platform's reason; the
// next report sends it again (a status is a state, not a queued record).
TEST_F(ProfileTransportTest, ALaneStatusThePlatformRefusesFailsTheReport) {
  auto t = transport(shipped("transport-control.textproto"));
  gate::v1::Heartbeat hb;
  hb.set_time("2026-11-22T08:10:00+08:00");
  hb.add_lanes()->set_lane_id("D01");
  {
    std::lock_guard lock(platform_.mu);
    platform_.refuse_lane_statuses = true;
  }
  auto r = t->heartbeat(hb);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("status report: KIND_LANE_STATUS: "), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("道闸未备案"), std::string::npos) << r.error();
  {
    std::lock_guard lock(platform_.mu);
    platform_.refuse_lane_statuses = false;
  }
  ASSERT_TRUE(t->heartbeat(hb).ok());
  std::lock_guard lock(platform_.mu);
  EXPECT_EQ(platform_.statuses.size(), 2u);
  EXPECT_EQ(platform_.lane_statuses.size(), 1u);
}

TEST_F(ProfileTransportTest, AnOutcomeTheProfileHasNoMessageForIsAckedWithoutACall) {
  auto t = transport(shipped("transport-control.textproto"));
  SendResult r = t->send({record(1, "豫H00001", "outcome")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.acked, std::vector<std::string>{"G1-1-outcome"});
  std::lock_guard lock(platform_.mu);
  EXPECT_EQ(platform_.calls, 0);
}

// transport-control sends a passage's photo as sharePhotoInfo after the passage; the JPEG bytes
// of what the platform took are counted; a photo missing from the store is refused locally
// with the reason (parked), and the next record goes on.
TEST_F(ProfileTransportTest, APhotoGoesAsItsOwnMessageAndItsBytesAreCounted) {
  auto t = transport(shipped("transport-control.textproto"));
  auto photo = record(1, "豫H00001", "photo_1");
  photo.mutable_photo()->set_number(1);
  photo.mutable_photo()->set_sha256("ab12");
  auto lost = record(2, "豫H00002", "photo_1");
  lost.mutable_photo()->set_number(1);
  lost.mutable_photo()->set_sha256("cd34");
  SendResult r = t->send({record(1, "豫H00001"), photo, lost, record(3, "豫H00003")});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.acked, (std::vector<std::string>{"G1-1-decision", "G1-1-photo_1", "G1-3-decision"}));
  EXPECT_EQ(r.photo_bytes, 6) << "the photo's JPEG bytes; the decisions carry none";
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].key(), "G1-2-photo_1");
  EXPECT_NE(r.rejected[0].reason().find("photo cd34 is not in the photo store"), std::string::npos)
      << r.rejected[0].reason();
  std::lock_guard lock(platform_.mu);
  EXPECT_EQ(platform_.photos, std::vector<std::string>{"G1-1-photo_1 of G1-1-decision: /9j/4AAQ"});
}

}  // namespace
}  // namespace gate::drivers::uplink
