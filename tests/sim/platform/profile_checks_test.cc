// The mock platform's checks against gated's renderer: what gated renders for a truck under each
// shipped profile and the made-up one passes the platform's checks of that same profile; and
// each kind of mistake a gate could make (a missing field, an extra one, a code not in the
// table, a time in another format, a wrong setting, a photo that is no JPEG or too large) is
// found and named; the policy pull gated renders passes too, and what the platform answers is
// what gated reads; so is the vehicle check, answered from the platform's own records of the
// fleet; the MD5 header signature is checked strictly.
#include "sim/platform/profile_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drivers/uplink/check_answer.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/policy_pull.h"
#include "drivers/uplink/profile_render.h"
#include "drivers/uplink/request_signing.h"
#include "sim/platform/check_answers.h"

namespace gate::sim {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using json = nlohmann::json;

const std::map<std::string, std::string> kSettings = {
    {"organ", "JZ"},          {"username", "u"},        {"password", "p"},
    {"enterprise_code", "E"}, {"enterprise_name", "N"}, {"gate_code", "G01"},
    {"company_code", "C"},    {"company_num", "1"},     {"company_password", "x"},
    {"account", "a"},         {"secret", "s"},          {"site", "JZ-7"}};

gate::v1::PlatformProfile load(const std::string& path) {
  auto p = drivers::uplink::load_platform_profile(std::string(GATE_SOURCE_DIR) + path);
  EXPECT_TRUE(p.ok()) << p.error();
  return p.ok() ? p.value() : gate::v1::PlatformProfile{};
}

gate::v1::UplinkRecord truck(const std::string& kind) {
  gate::v1::UplinkRecord r;
  r.set_key("G1-7-" + kind);
  r.set_kind(kind);
  r.set_seq(7);
  r.set_sent_at("2026-11-22T08:00:03+08:00");
  auto* d = r.mutable_decision();
  d->set_time("2026-11-22T08:00:00+08:00");
  d->set_direction(2);
  d->set_plate("豫HF50BC");
  d->set_plate_color_name("green");
  d->set_confidence(0.9);
  d->mutable_vehicle()->set_vin("LZZRE12G9HP1G3DB9");
  d->mutable_vehicle()->set_emission_stage("6");
  d->mutable_vehicle()->set_fuel_type("B");
  r.mutable_outcome()->set_outcome(kind == "outcome" ? "passed" : "");
  r.mutable_outcome()->set_time("2026-11-22T08:00:09+08:00");
  if (kind == "photo_1") {
    r.mutable_photo()->set_number(1);
    r.mutable_photo()->set_sha256("ab12");
  }
  return r;
}

// The photo store of these tests: one small JPEG.
Result<std::string> jpeg(const std::string&) {
  return std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10);
}

// Passage 7's second cargo entry (a correction).
gate::v1::UplinkRecord cargo() {
  gate::v1::UplinkRecord r;
  r.set_key("G1-7-cargo_2");
  r.set_kind("cargo_2");
  r.set_gate_id("G1");
  r.set_seq(7);
  r.set_sent_at("2026-11-22T08:30:03+08:00");
  auto* c = r.mutable_cargo();
  c->set_name("铁矿石");
  c->set_quantity("30.125");
  c->set_unit("t");
  c->set_entered_by("wang");
  c->set_time("2026-11-22T08:30:00+08:00");
  c->set_revision(2);
  c->set_plate("豫HF50BC");
  return r;
}

const char* const kProfiles[] = {"/deploy/platforms/transport-control.textproto",
                                 "/deploy/platforms/token-rest.textproto",
                                 "/deploy/platforms/company-control.textproto",
                                 "/tests/integration/data/made-up-platform.textproto"};

TEST(ProfileChecks, WhatGatedRendersPassesThePlatformsChecksOfTheSameProfile) {
  for (const char* path : kProfiles) {
    const auto p = load(path);
    drivers::uplink::RenderContext ctx;
    ctx.settings = kSettings;
    ctx.token = "tok";
    ctx.photo = jpeg;
    for (const auto& m : p.messages()) {
      Result<json> body = Error{""};
      gate::v1::Heartbeat hb;
      hb.set_time("2026-11-22T08:10:00+08:00");
      hb.add_lanes()->set_lane_id("L1");
      auto* camera = hb.add_cameras();
      camera->set_lane_id("L1");
      camera->set_camera_id("cam-1");
      camera->set_last_seen("2026-11-22T08:09:58+08:00");
      if (m.kind() == gate::v1::PlatformMessage::KIND_STATUS) {
        body = drivers::uplink::render_status(p, m, hb, ctx);
      } else if (m.kind() == gate::v1::PlatformMessage::KIND_LANE_STATUS ||
                 m.kind() == gate::v1::PlatformMessage::KIND_CAMERA_STATUS) {
        auto bodies = drivers::uplink::render_unit_statuses(p, m, hb, ctx);
        ASSERT_TRUE(bodies.ok()) << path << ": " << bodies.error();
        ASSERT_EQ(bodies.value().size(), 1u) << path;
        body = bodies.value()[0];
      } else if (m.kind() == gate::v1::PlatformMessage::KIND_CARGO) {
        body = drivers::uplink::render_message(p, m, cargo(), ctx);
      } else {
        const bool outcome = m.kind() == gate::v1::PlatformMessage::KIND_OUTCOME;
        const bool photo = m.kind() == gate::v1::PlatformMessage::KIND_PHOTO;
        body = drivers::uplink::render_message(p, m,
                                               truck(outcome ? "outcome"
                                                     : photo ? "photo_1"
                                                             : "decision"),
                                               ctx);
      }
      ASSERT_TRUE(body.ok()) << path << ": " << body.error();
      const auto check = check_profile_body(p, m, body.value(), kSettings);
      EXPECT_THAT(check.problems, IsEmpty()) << path << " " << m.path() << ": " << body.value();
      if (m.kind() == gate::v1::PlatformMessage::KIND_PASSAGE) {
        EXPECT_EQ(check.serial, "G1-7-decision") << path;
      }
      if (m.kind() == gate::v1::PlatformMessage::KIND_CARGO) {
        EXPECT_EQ(check.serial, "G1-7-cargo_2") << path << ": a correction has its own serial";
      }
    }
  }
}

TEST(ProfileChecks, EachMistakeIsNamed) {
  const auto p = load(kProfiles[0]);
  const auto& m = *drivers::uplink::find_message(p, gate::v1::PlatformMessage::KIND_PASSAGE);
  drivers::uplink::RenderContext ctx;
  ctx.settings = kSettings;
  ctx.token = "tok";
  const json good = drivers::uplink::render_message(p, m, truck("decision"), ctx).value();
  auto problems = [&](const std::function<void(json&)>& spoil) {
    json body = good;
    spoil(body);
    return check_profile_body(p, m, body, kSettings).problems;
  };
  EXPECT_THAT(problems([](json& b) { b["value"].erase("cphm"); }),
              ElementsAre("record.cphm missing"));
  EXPECT_THAT(problems([](json& b) { b["value"]["extra"] = "1"; }),
              ElementsAre("record.extra is not in the interface"));
  EXPECT_THAT(problems([](json& b) { b["value"]["cpys"] = "7"; }),
              ElementsAre("record.cpys \"7\" is no code of table plate-color"));
  EXPECT_THAT(problems([](json& b) { b["value"]["tgsjq"] = "2026-11-22T08:00:00"; }),
              ElementsAre("record.tgsjq \"2026-11-22T08:00:00\" is not a time as yyyy-MM-dd "
                          "HH:mm:ss"));
  EXPECT_THAT(problems([](json& b) { b["value"]["qybh"] = "other"; }),
              ElementsAre("record.qybh is not this plant's enterprise_code"));
  EXPECT_THAT(problems([](json& b) { b["ipctype"] = "shareGoodsRecord"; }),
              ElementsAre("ipctype is \"shareGoodsRecord\", not \"shareDrivingRecord\""));
}

TEST(ProfileChecks, APhotoMustBeAJpegWithinTheLimit) {
  const auto p = load(kProfiles[0]);
  const auto& m = *drivers::uplink::find_message(p, gate::v1::PlatformMessage::KIND_PHOTO);
  drivers::uplink::RenderContext ctx;
  ctx.settings = kSettings;
  ctx.token = "tok";
  ctx.photo = jpeg;
  const json good = drivers::uplink::render_message(p, m, truck("photo_1"), ctx).value();
  auto problems = [&](const std::function<void(json&)>& spoil) {
    json body = good;
    spoil(body);
    return check_profile_body(p, m, body, kSettings).problems;
  };
  EXPECT_THAT(problems([](json&) {}), IsEmpty());
  EXPECT_THAT(problems([](json& b) { b["value"]["base64Image"] = "iVBORw0KGgo="; }),
              ElementsAre("record.base64Image does not hold a JPEG"));
  EXPECT_THAT(problems([](json& b) { b["value"]["base64Image"] = "data:image/jpeg;base64,/9j/"; }),
              ElementsAre("record.base64Image is not valid base64"));
  const std::string big = "/9j/" + std::string(300000, 'A');
  EXPECT_THAT(problems([&](json& b) { b["value"]["base64Image"] = big; }),
              ElementsAre("record.base64Image holds 225003 bytes, over the 204800 the interface "
                          "allows"));
}

TEST(ProfileChecks, ACargoQuantityIsAPositiveDecimalOfAtMost3Decimals) {
  const auto p = load(kProfiles[0]);
  const auto& m = *drivers::uplink::find_message(p, gate::v1::PlatformMessage::KIND_CARGO);
  drivers::uplink::RenderContext ctx;
  ctx.settings = kSettings;
  ctx.token = "tok";
  const json good = drivers::uplink::render_message(p, m, cargo(), ctx).value();
  EXPECT_EQ(good["value"]["ysl"], 30.125);
  auto problems = [&](const json& ysl) {
    json body = good;
    body["value"]["ysl"] = ysl;
    return check_profile_body(p, m, body, kSettings).problems;
  };
  EXPECT_THAT(problems(30.125), IsEmpty());
  ASSERT_EQ(problems(30.1251).size(), 1u);
  EXPECT_THAT(problems(30.1251)[0], ::testing::HasSubstr("more than 3 decimals"));
  ASSERT_EQ(problems(0).size(), 1u);
  EXPECT_THAT(problems(0)[0], ::testing::HasSubstr("greater than 0"));
  EXPECT_THAT(problems("30.125"), ElementsAre("record.ysl is not a number"));
  json body = good;
  body["value"]["ysldw"] = "kg";
  EXPECT_THAT(check_profile_body(p, m, body, kSettings).problems,
              ElementsAre("record.ysldw \"kg\" is no code of table cargo-unit"));
}

TEST(ProfileChecks, TimesMatchTheirFormatExactly) {
  EXPECT_TRUE(time_matches("yyyyMMddHHmmss", "20261122080000"));
  EXPECT_FALSE(time_matches("yyyyMMddHHmmss", "2026112208000"));
  EXPECT_FALSE(time_matches("yyyy-MM-dd HH:mm:ss", "2026-11-22 08:00:00.5"));
  EXPECT_TRUE(time_matches("unix_ms", "1795305600000"));
  EXPECT_TRUE(time_matches("", "2026-11-22T08:00:00+08:00"));
  EXPECT_FALSE(time_matches("iso8601", "2026-11-22 08:00:00"));
}

TEST(ProfileChecks, ThePullGatedRendersPassesAndItsAnswerIsReadBack) {
  const auto p = load("/deploy/platforms/transport-control.textproto");
  const auto* m = drivers::uplink::find_message(p, gate::v1::PlatformMessage::KIND_POLICY_PULL);
  ASSERT_NE(m, nullptr);
  drivers::uplink::RenderContext ctx;
  ctx.settings = kSettings;
  ctx.token = "tok-1";
  auto body = drivers::uplink::render_pull(p, *m, ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  const auto check = check_profile_body(p, *m, body.value(), kSettings);
  EXPECT_THAT(check.problems, IsEmpty()) << body.value().dump();
  EXPECT_EQ(check.token, "tok-1");

  json answer = json{{"code", "200"}};
  put_control_answer(p, *m, {{"alert_level", "2"}, {"strategy", "3"}}, 1796601600000, answer);
  auto control = drivers::uplink::read_control(p, *m, answer, 480);
  ASSERT_TRUE(control.ok()) << control.error() << " in " << answer.dump();
  EXPECT_EQ(control.value().alert_level(), 2);
  EXPECT_EQ(control.value().response_level(), 0) << "not set: the table's code of none";
  EXPECT_EQ(control.value().strategy(), "ban_diesel_4_gas_5_and_below");
  EXPECT_EQ(control.value().strategy_code(), "3");
}

// The check gated renders passes; the platform answers it from its records of the fleet (one
// vehicle a stage lower on purpose), and gated reads back what it answered, serial included.
TEST(ProfileChecks, TheCheckGatedRendersPassesAndItsAnswerIsReadBack) {
  for (const char* path : {"/deploy/platforms/token-rest.textproto",
                           "/deploy/platforms/transport-control.textproto"}) {
    const auto p = load(path);
    const auto* m = drivers::uplink::find_message(p, gate::v1::PlatformMessage::KIND_VEHICLE_CHECK);
    ASSERT_NE(m, nullptr) << path;
    drivers::uplink::RenderContext ctx;
    ctx.settings = kSettings;
    ctx.token = "tok-1";
    auto body = drivers::uplink::render_message(p, *m, truck("check"), ctx);
    ASSERT_TRUE(body.ok()) << body.error();
    const auto check = check_profile_body(p, *m, body.value(), kSettings);
    EXPECT_THAT(check.problems, IsEmpty()) << body.value().dump();
    EXPECT_EQ(checked_plate(*m, check.record), "豫HF50BC") << path;

    gate::v1::Vehicle disagreeing, agreeing;
    disagreeing.set_plate("豫HF50BC");
    disagreeing.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    disagreeing.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    agreeing = disagreeing;
    agreeing.set_plate("豫H00002");
    const auto table = platform_records_of({disagreeing, agreeing}, 2);
    json answer = json{{"code", "200"}};
    put_check_answer(p, *m, table, "豫HF50BC", "PS-9", answer);
    auto read = drivers::uplink::read_check_answer(p, *m, answer);
    ASSERT_TRUE(read.ok()) << read.error() << " in " << answer.dump();
    EXPECT_TRUE(read.value().may_pass()) << path;
    EXPECT_EQ(read.value().emission_stage(), gate::v1::EMISSION_STAGE_CHINA_V)
        << path << ": the first vehicle is on record a stage lower";
    EXPECT_EQ(read.value().fuel_type(), gate::v1::FUEL_TYPE_DIESEL) << path;
    EXPECT_EQ(table.at("豫H00002").emission_stage, "6") << "the second agrees";
    PlatformVehicleTable refusing;
    refusing["豫HF50BC"] = {false, "黑名单", "", "", "", ""};
    json no = json{{"code", "200"}};
    put_check_answer(p, *m, refusing, "豫HF50BC", "PS-10", no);
    auto refused = drivers::uplink::read_check_answer(p, *m, no);
    ASSERT_TRUE(refused.ok()) << refused.error();
    EXPECT_FALSE(refused.value().may_pass()) << path;
    EXPECT_EQ(refused.value().reason(), "黑名单") << path;
  }
}

TEST(ProfileChecks, MD5HeadersAreCheckedStrictly) {
  gate::v1::PlatformLogin login;
  login.set_key_header("api-key");
  login.set_timestamp_header("api-timestamp");
  login.set_signature_header("api-signature");
  const int64_t now = 1764000000;
  std::map<std::string, std::string> h = {
      {"api-key", "key-1"},
      {"api-timestamp", std::to_string(now)},
      {"api-signature", "ea7b746eed403f83a59015333846c1b8"}};  // md5sum, policy_pull_test.cc
  EXPECT_EQ(md5_header_problem(login, h, "key-1", "secret", now), "");
  EXPECT_EQ(md5_header_problem(login, h, "key-1", "secret", now + 299), "");
  EXPECT_THAT(md5_header_problem(login, h, "key-1", "other-secret", now),
              ::testing::HasSubstr("api-signature does not match"));
  EXPECT_THAT(md5_header_problem(login, h, "key-2", "secret", now),
              ::testing::HasSubstr("unknown key"));
  EXPECT_THAT(md5_header_problem(login, h, "key-1", "secret", now + 301),
              ::testing::HasSubstr("more than 300 s"));
  h.erase("api-signature");
  EXPECT_THAT(md5_header_problem(login, h, "key-1", "secret", now),
              ::testing::HasSubstr("are required"));
}

}  // namespace
}  // namespace gate::sim
