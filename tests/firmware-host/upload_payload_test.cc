#include "firmware-host/sync/upload_payload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gate::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00:00 +08:00
constexpr int64_t kLiveWindow = 60000;

OutboxRow row(int64_t seq, const std::string& kind, int64_t created, bool known) {
  OutboxRow r;
  r.id = seq * 10;
  r.passage_seq = seq;
  r.kind = kind;
  r.created_unix_ms = created;
  auto& p = r.passage;
  p.set_seq(seq);
  p.set_gate_id("G1");
  p.set_lane_id("L1");
  p.set_direction(gate::v1::DIRECTION_IN);
  p.set_time_unix_ms(kT0);
  p.mutable_read()->set_plate_text(known ? "豫H12345" : "豫H99999");
  p.mutable_read()->set_color(gate::v1::PLATE_COLOR_YELLOW);
  p.mutable_read()->set_confidence(0.9);
  p.set_vehicle_known(known);
  if (known) {
    p.mutable_vehicle()->set_vin("LZZ5ELND3KW123456");
    p.mutable_vehicle()->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    p.mutable_vehicle()->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  }
  p.mutable_decision()->set_verdict(known ? gate::v1::VERDICT_PASS : gate::v1::VERDICT_REFUSE);
  p.mutable_decision()->set_rule_id(known ? "pass.all_rules" : "identity.unknown_vehicle");
  p.mutable_decision()->set_reason("reason");
  p.mutable_decision()->set_policy_version("test-1");
  p.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  p.set_outcome(known ? gate::v1::PASSAGE_OUTCOME_PASSED : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  return r;
}

TEST(UploadPayloadTest, RecordKeyIsGateSeqAndKind) {
  EXPECT_EQ(record_key("HN-JZ-0001-G1", row(12, "decision", kT0, true)),
            "HN-JZ-0001-G1-12-decision");
  EXPECT_EQ(record_key("G1", row(7, "outcome", kT0, true)), "G1-7-outcome");
}

TEST(UploadPayloadTest, BatchCarriesKeysAndPassageFields) {
  const int64_t now = kT0 + 1000;
  std::string body = build_upload_batch(
      "G1", {row(1, "decision", kT0, true), row(2, "decision", kT0, false)}, now, kLiveWindow, 480);
  nlohmann::json j = nlohmann::json::parse(body);
  EXPECT_EQ(j["gate_id"], "G1");
  ASSERT_EQ(j["records"].size(), 2u);
  const auto& a = j["records"][0];
  EXPECT_EQ(a["key"], "G1-1-decision");
  EXPECT_EQ(a["seq"], 1);
  EXPECT_EQ(a["kind"], "decision");
  EXPECT_EQ(a["backfill"], false);
  EXPECT_EQ(a["time"], "2026-11-22 08:00:00");
  EXPECT_EQ(a["time_unix_ms"], kT0);
  EXPECT_EQ(a["lane"], "L1");
  EXPECT_EQ(a["plate"], "豫H12345");
  EXPECT_EQ(a["plate_color"], "yellow");
  EXPECT_EQ(a["vehicle_known"], true);
  EXPECT_EQ(a["vin"], "LZZ5ELND3KW123456");
  EXPECT_EQ(a["emission_stage"], "6");
  EXPECT_EQ(a["fuel_type"], "B");
  EXPECT_EQ(a["verdict"], "pass");
  EXPECT_EQ(a["rule"], "pass.all_rules");
  EXPECT_EQ(a["policy_version"], "test-1");
  EXPECT_EQ(a["outcome"], static_cast<int>(gate::v1::PASSAGE_OUTCOME_PASSED));

  const auto& b = j["records"][1];
  EXPECT_EQ(b["key"], "G1-2-decision");
  EXPECT_EQ(b["verdict"], "refuse");
  EXPECT_EQ(b["vehicle_known"], false);
  EXPECT_FALSE(b.contains("vin"));
  EXPECT_FALSE(b.contains("emission_stage"));
}

TEST(UploadPayloadTest, BackfillFlagFollowsTheLiveWindow) {
  const int64_t now = kT0 + 10 * kLiveWindow;
  std::string body = build_upload_batch(
      "G1",
      {row(1, "decision", now - kLiveWindow - 1, true), row(2, "decision", now - kLiveWindow, true),
       row(3, "outcome", now, true)},
      now, kLiveWindow, 480);
  nlohmann::json j = nlohmann::json::parse(body);
  ASSERT_EQ(j["records"].size(), 3u);
  EXPECT_EQ(j["records"][0]["backfill"], true);
  EXPECT_EQ(j["records"][1]["backfill"], false);  // exactly at the window edge: still live
  EXPECT_EQ(j["records"][2]["backfill"], false);
  EXPECT_EQ(j["records"][2]["key"], "G1-3-outcome");
}

TEST(UploadPayloadTest, EmptyBatchHasNoRecords) {
  nlohmann::json j = nlohmann::json::parse(build_upload_batch("G1", {}, kT0, kLiveWindow, 480));
  EXPECT_TRUE(j["records"].is_array());
  EXPECT_TRUE(j["records"].empty());
}

TEST(UploadReplyTest, ValidReplyGivesTheAckedKeys) {
  auto r = parse_upload_reply(R"({"acked": ["G1-1-decision", "G1-2-outcome"], "extra": 1})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_THAT(r.value(), ElementsAre("G1-1-decision", "G1-2-outcome"));

  auto empty = parse_upload_reply(R"({"acked": []})");
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_TRUE(empty.value().empty());
}

TEST(UploadReplyTest, NonJsonIsAnError) {
  auto r = parse_upload_reply("<html>502 Bad Gateway</html>");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("not JSON"));
  EXPECT_THAT(r.error(), HasSubstr("502 Bad Gateway"));
}

TEST(UploadReplyTest, MissingOrMistypedAckedIsAnError) {
  for (const char* body : {R"({})", R"({"ok": true})", R"({"acked": "G1-1-decision"})",
                           R"(["G1-1-decision"])", R"(null)"}) {
    auto r = parse_upload_reply(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_THAT(r.error(), HasSubstr("acked")) << body;
  }
}

TEST(UploadReplyTest, NonStringEntriesAreAnError) {
  for (const char* body : {R"({"acked": [1]})", R"({"acked": ["G1-1-decision", null]})",
                           R"({"acked": [{"key": "G1-1-decision"}]})"}) {
    auto r = parse_upload_reply(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_THAT(r.error(), HasSubstr("non-string")) << body;
  }
}

}  // namespace
}  // namespace gate::host
