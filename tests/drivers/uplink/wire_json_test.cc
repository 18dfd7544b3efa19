#include "drivers/uplink/wire_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "gate/v1/uplink.pb.h"

namespace gate::drivers::uplink {
namespace {

using ::testing::HasSubstr;

TEST(WireJsonTest, ProtoNamesDefaultsAndInt64AsStrings) {
  gate::v1::UplinkRecord r;
  r.set_key("G1-7-outcome");
  r.set_kind("outcome");
  r.set_seq(7);
  r.mutable_outcome()->set_outcome("passed");
  EXPECT_EQ(to_json(r), R"({"key":"G1-7-outcome","backfill":false,"sent_at":"","kind":"outcome",)"
                        R"("gate_id":"","seq":"7","outcome":{"outcome":"passed","time":"",)"
                        R"("confirmed_by":""}})");
}

TEST(WireJsonTest, EscapesAndUnicodeRoundTrip) {
  gate::v1::UplinkRecord r;
  r.set_key("k");
  auto* d = r.mutable_decision();
  d->set_plate("豫H12345");
  d->set_reason("say \"no\"\\\n\t\x01 end");
  d->set_confidence(0.93);
  d->set_direction(2);
  const std::string json = to_json(r);
  EXPECT_THAT(json, HasSubstr(R"("plate":"豫H12345")"));
  EXPECT_THAT(json, HasSubstr(R"("reason":"say \"no\"\\\n\t\u0001 end")"));
  EXPECT_THAT(json, HasSubstr(R"("confidence":0.93)"));
  gate::v1::UplinkRecord back;
  ASSERT_TRUE(from_json_strict(json, &back).ok()) << json;
  EXPECT_EQ(back.SerializeAsString(), r.SerializeAsString());
}

TEST(WireJsonTest, RepeatedFieldsAndOneofs) {
  gate::v1::TcpFrame f;
  f.set_msg_id("3");
  EXPECT_EQ(to_json(f), R"({"msg_id":"3"})") << "no oneof member set";
  f.mutable_downlink()->set_cursor("9");
  EXPECT_EQ(to_json(f), R"({"msg_id":"3","downlink":{"cursor":"9","full":false,"changes":[],)"
                        R"("more":false}})");
  gate::v1::UploadReply reply;
  reply.add_acked("a");
  reply.add_acked("b");
  EXPECT_EQ(to_json(reply), R"({"acked":["a","b"],"rejected":[]})");
}

TEST(WireJsonTest, NonFiniteNumbersAreStringsAsInTheJsonMapping) {
  gate::v1::UplinkRecord r;
  r.mutable_decision()->set_confidence(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(to_json(r), HasSubstr(R"("confidence":"NaN")"));
  r.mutable_decision()->set_confidence(-std::numeric_limits<double>::infinity());
  const std::string json = to_json(r);
  EXPECT_THAT(json, HasSubstr(R"("confidence":"-Infinity")"));
  gate::v1::UplinkRecord back;
  ASSERT_TRUE(from_json_strict(json, &back).ok()) << json;
  EXPECT_TRUE(std::isinf(back.decision().confidence()));
}

TEST(WireJsonTest, HeartbeatCamerasRoundTripAndOldHeartbeatsStayValid) {
  gate::v1::Heartbeat hb;
  hb.set_gate_id("G1");
  auto* c = hb.add_cameras();
  c->set_camera_id("hik-in-1");
  c->set_lane_id("L1");
  c->set_online(true);
  c->set_last_seen("2026-11-22T08:00:12+08:00");
  const std::string json = to_json(hb);
  EXPECT_THAT(json, HasSubstr(R"("cameras":[{"camera_id":"hik-in-1","lane_id":"L1","online":true,)"
                              R"("last_seen":"2026-11-22T08:00:12+08:00"}])"));
  gate::v1::Heartbeat back;
  ASSERT_TRUE(from_json_strict(json, &back).ok()) << json;
  ASSERT_EQ(back.cameras_size(), 1);
  EXPECT_EQ(back.cameras(0).camera_id(), "hik-in-1");
  // A heartbeat of a gate from before camera health: no cameras field, still valid.
  gate::v1::Heartbeat old;
  ASSERT_TRUE(from_json_strict(R"({"gate_id":"G1","time":"2026-11-22T08:00:30+08:00",)"
                               R"("lanes":[{"lane_id":"L1","barrier_online":true}]})",
                               &old)
                  .ok());
  EXPECT_EQ(old.cameras_size(), 0);
}

TEST(WireJsonTest, StrictRefusesUnknownFieldsLenientIgnoresThem) {
  gate::v1::HeartbeatReply r;
  const char* json = R"({"server_time":"x","downlink_cursor":"1","extra":true})";
  Status strict = from_json_strict(json, &r);
  ASSERT_FALSE(strict.ok());
  EXPECT_THAT(strict.message(), HasSubstr("HeartbeatReply"));
  EXPECT_TRUE(from_json_lenient(json, &r).ok());
  EXPECT_EQ(r.downlink_cursor(), "1");
  // 64-bit integers are accepted as strings or numbers.
  gate::v1::UplinkRecord rec;
  EXPECT_TRUE(from_json_strict(R"({"seq":"12"})", &rec).ok());
  EXPECT_EQ(rec.seq(), 12);
  EXPECT_TRUE(from_json_strict(R"({"seq":13})", &rec).ok());
  EXPECT_EQ(rec.seq(), 13);
  EXPECT_FALSE(from_json_strict(R"({"seq":"x"})", &rec).ok());
  EXPECT_FALSE(from_json_strict("<html>", &rec).ok());
}

}  // namespace
}  // namespace gate::drivers::uplink
