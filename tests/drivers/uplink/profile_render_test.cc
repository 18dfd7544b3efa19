// The body a profile sends for a record: the shipped transport-control profile's passage for a
// known truck, field by field; nested names, JSON types, empty values left out on request; and
// the records that cannot be written as the profile says, each with the field and the reason.
#include "drivers/uplink/profile_render.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "drivers/uplink/platform_profile.h"

namespace gate::drivers::uplink {
namespace {

using json = nlohmann::json;

gate::v1::PlatformProfile load(const std::string& name) {
  const std::string file = std::string(GATE_SOURCE_DIR) + "/deploy/platforms/" + name;
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  auto p = parse_platform_profile(s.str(), file);
  EXPECT_TRUE(p.ok()) << p.error();
  return p.ok() ? p.value() : gate::v1::PlatformProfile{};
}

gate::v1::PlatformProfile made_up(const std::string& fields, const std::string& tables = "") {
  auto p = parse_platform_profile(
      "name: \"m/1\" profile_format: 1 source: \"t\" wire: WIRE_FIELD_MAP\n"
      "login { scheme: SCHEME_NONE } success { http_status: 200 }\n" +
          tables + "messages { kind: KIND_PASSAGE path: \"/p\" " + fields + " }\n",
      "m.textproto");
  EXPECT_TRUE(p.ok()) << p.error();
  return p.ok() ? p.value() : gate::v1::PlatformProfile{};
}

gate::v1::UplinkRecord truck() {
  gate::v1::UplinkRecord r;
  r.set_key("HN-G1-42-decision");
  r.set_kind("decision");
  r.set_gate_id("HN-G1");
  r.set_seq(42);
  r.set_backfill(true);
  r.set_sent_at("2026-11-22T09:00:00+08:00");
  auto* d = r.mutable_decision();
  d->set_time("2026-11-22T08:05:09+08:00");
  d->set_lane_id("L1");
  d->set_direction(1);
  d->set_plate("豫HF50BC");
  d->set_plate_color(2);
  d->set_plate_color_name("yellow");
  d->set_confidence(0.95);
  d->set_vehicle_known(true);
  d->set_verdict("pass");
  auto* v = d->mutable_vehicle();
  v->set_vin("LZZRE12G9HP1G3DB9");
  v->set_registration_date("2018-04-10");
  v->set_emission_stage("6");
  v->set_fuel_type("B");
  v->set_fleet("demo");
  return r;
}

TEST(ProfileRender, TransportControlPassageFieldByField) {
  const auto p = load("transport-control.textproto");
  RenderContext ctx;
  ctx.settings = {{"organ", "JZ-EPB"},
                  {"enterprise_code", "410800001"},
                  {"enterprise_name", "焦作某钢厂"},
                  {"gate_code", "G01"}};
  ctx.token = "tok-1";
  auto body =
      render_message(p, *find_message(p, gate::v1::PlatformMessage::KIND_PASSAGE), truck(), ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value(), json::parse(R"({
    "organ": "JZ-EPB", "ipctype": "shareDrivingRecord", "access_token": "tok-1",
    "value": {
      "lsh": "HN-G1-42-decision", "qybh": "410800001", "qymc": "焦作某钢厂", "dzbh": "G01",
      "cphm": "豫HF50BC", "cpys": "1", "tgsjq": "2026-11-22 08:05:09", "tgzt": "1",
      "networkStatus": "0", "vin": "LZZRE12G9HP1G3DB9", "registerDate": "2018-04-10",
      "fuelType": "B", "emissionStandard": "6", "cdmc": "demo"}})"))
      << body.value().dump(2);
}

TEST(ProfileRender, NestedNamesTypesAndEmptyValuesLeftOut) {
  const auto p = made_up(
      "fields { name: \"car.no\" from: \"plate\" } fields { name: \"car.seq\" from: \"seq\" "
      "type: TYPE_NUMBER } fields { name: \"conf\" from: \"confidence\" type: TYPE_NUMBER } "
      "fields { name: \"late\" from: \"backfill\" type: TYPE_BOOL } fields { name: \"op\" from: "
      "\"operator_id\" omit_empty: true } fields { name: \"rule\" from: \"rule_id\" } "
      "fields { name: \"ts\" from: \"time\" time_format: \"unix_s\" type: TYPE_NUMBER }");
  auto body = render_message(p, p.messages(0), truck(), RenderContext{});
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value(), json::parse(R"({"car": {"no": "豫HF50BC", "seq": 42}, "conf": 0.95,
    "late": true, "rule": "", "ts": 1795305909})"))
      << body.value().dump();
}

// A checked profile codes every value (platform_profile_test); a profile built in code may not.
TEST(ProfileRender, AValueTheTableLacksIsAnErrorUnlessItHasOtherwise) {
  const std::string table =
      "code_tables { name: \"c\" domain: DOMAIN_PLATE_COLOR codes { ours: \"blue\" theirs: \"0\" "
      "} ";
  const std::string field = "fields { name: \"cpys\" from: \"plate_color\" code_table: \"c\" }";
  auto strict = made_up(field, table + "otherwise: \"9\" }\n");
  strict.mutable_code_tables(0)->clear_otherwise();
  auto refused = render_message(strict, strict.messages(0), truck(), RenderContext{});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error(),
            "field cpys: code table c has no code for \"yellow\" and no `otherwise`; add it to "
            "the profile");
  const auto lenient = made_up(field, table + "otherwise: \"9\" }\n");
  auto sent = render_message(lenient, lenient.messages(0), truck(), RenderContext{});
  ASSERT_TRUE(sent.ok()) << sent.error();
  EXPECT_EQ(sent.value().at("cpys"), "9");
}

TEST(ProfileRender, AMissingSettingOrANonNumberIsNamed) {
  const auto p = made_up("fields { name: \"qybh\" setting: \"enterprise_code\" }");
  auto r = render_message(p, p.messages(0), truck(), RenderContext{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("setting \"enterprise_code\" is not in uplink.platform_settings"),
            std::string::npos)
      << r.error();
  const auto n = made_up("fields { name: \"n\" from: \"plate\" type: TYPE_NUMBER }");
  auto bad = render_message(n, n.messages(0), truck(), RenderContext{});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("field n: \"豫HF50BC\" is not a number"), std::string::npos);
}

TEST(ProfileRender, TheGatesStatusAsTransportControlReportsIt) {
  const auto p = load("transport-control.textproto");
  gate::v1::Heartbeat hb;
  hb.set_gate_id("HN-G1");
  hb.set_time("2026-11-22T08:10:00+08:00");
  hb.add_lanes()->set_barrier_online(true);
  hb.add_lanes()->set_barrier_online(false);
  hb.add_cameras()->set_online(true);
  RenderContext ctx;
  ctx.settings = {{"organ", "JZ"}, {"gate_code", "G01"}};
  ctx.token = "tok";
  auto body = render_status(p, *find_message(p, gate::v1::PlatformMessage::KIND_STATUS), hb, ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value(), json::parse(R"({"organ":"JZ","ipctype":"gateStatusReport",
    "access_token":"tok","value":{"dzbh":"G01","gateStatus":"0","cameraStatus":"1",
    "subtime":"2026-11-22 08:10:00"}})"))
      << body.value().dump();
}

// A gate with several barriers: a lane's own value (gate_code@L2) goes in that lane's messages,
// the gate's value in the others'.
TEST(ProfileRender, ALaneMayHaveItsOwnValueOfASetting) {
  const auto p = load("transport-control.textproto");
  RenderContext ctx;
  ctx.settings = {{"organ", "JZ-EPB"},
                  {"enterprise_code", "410800001"},
                  {"enterprise_name", "焦作某钢厂"},
                  {"gate_code", "G01"},
                  {"gate_code@L2", "G02"}};
  const auto& passage = *find_message(p, gate::v1::PlatformMessage::KIND_PASSAGE);
  auto l1 = render_message(p, passage, truck(), ctx);
  ASSERT_TRUE(l1.ok()) << l1.error();
  EXPECT_EQ(l1.value().at("value").at("dzbh"), "G01");
  auto record = truck();
  record.mutable_decision()->set_lane_id("L2");
  auto l2 = render_message(p, passage, record, ctx);
  ASSERT_TRUE(l2.ok()) << l2.error();
  EXPECT_EQ(l2.value().at("value").at("dzbh"), "G02");
  gate::v1::Heartbeat hb;
  hb.set_time("2026-11-22T08:10:00+08:00");
  hb.add_lanes()->set_lane_id("L1");
  hb.add_lanes()->set_lane_id("L2");
  auto lanes = render_unit_statuses(
      p, *find_message(p, gate::v1::PlatformMessage::KIND_LANE_STATUS), hb, ctx);
  ASSERT_TRUE(lanes.ok()) << lanes.error();
  ASSERT_EQ(lanes.value().size(), 2u);
  EXPECT_EQ(lanes.value()[0].at("value").at("dzbh"), "G01");
  EXPECT_EQ(lanes.value()[1].at("value").at("dzbh"), "G02");
  EXPECT_EQ(lanes.value()[1].at("ipctype"), "putdcstatus");
}

TEST(ProfileRender, EachLaneAndEachCameraHasAStatusMessageOfItsOwn) {
  const auto p = made_up(
      "fields { name: \"x\" from: \"plate\" } }\n"
      "messages { kind: KIND_LANE_STATUS path: \"/l\" interval_s: 60\n"
      "  fields { name: \"lane\" from: \"lane_id\" }\n"
      "  fields { name: \"ok\" from: \"cameras_online\" type: TYPE_BOOL }\n"
      "  fields { name: \"down\" from: \"cameras_offline\" type: TYPE_NUMBER }\n"
      "  fields { name: \"seen\" from: \"last_seen\" time_format: \"yyyyMMddHHmmss\" } }\n"
      "messages { kind: KIND_CAMERA_STATUS path: \"/c\" interval_s: 60\n"
      "  fields { name: \"cam\" from: \"camera_id\" }\n"
      "  fields { name: \"up\" from: \"online\" type: TYPE_BOOL }\n"
      "  fields { name: \"gate\" from: \"barrier_online\" type: TYPE_BOOL }\n"
      "  fields { name: \"seen\" from: \"last_seen\" time_format: \"yyyyMMddHHmmss\" }");
  gate::v1::Heartbeat hb;
  hb.set_time("2026-11-22T08:10:00+08:00");
  auto* l1 = hb.add_lanes();
  l1->set_lane_id("L1");
  l1->set_barrier_online(true);
  hb.add_lanes()->set_lane_id("L2");
  const auto camera = [&](const char* id, const char* lane, bool online, const char* seen) {
    auto* c = hb.add_cameras();
    c->set_camera_id(id);
    c->set_lane_id(lane);
    c->set_online(online);
    c->set_last_seen(seen);
  };
  camera("in-a", "L1", true, "2026-11-22T08:09:58+08:00");
  camera("in-b", "L1", false, "2026-11-22T07:01:00+08:00");
  camera("out", "L2", false, "");
  auto lanes = render_unit_statuses(
      p, *find_message(p, gate::v1::PlatformMessage::KIND_LANE_STATUS), hb, RenderContext{});
  ASSERT_TRUE(lanes.ok()) << lanes.error();
  ASSERT_EQ(lanes.value().size(), 2u);
  EXPECT_EQ(lanes.value()[0],
            json::parse(R"({"lane":"L1","ok":false,"down":1,"seen":"20261122080958"})"));
  EXPECT_EQ(lanes.value()[1], json::parse(R"({"lane":"L2","ok":false,"down":1,"seen":""})"));
  auto cams = render_unit_statuses(
      p, *find_message(p, gate::v1::PlatformMessage::KIND_CAMERA_STATUS), hb, RenderContext{});
  ASSERT_TRUE(cams.ok()) << cams.error();
  ASSERT_EQ(cams.value().size(), 3u);
  EXPECT_EQ(cams.value()[0],
            json::parse(R"({"cam":"in-a","up":true,"gate":true,"seen":"20261122080958"})"));
  EXPECT_EQ(cams.value()[1],
            json::parse(R"({"cam":"in-b","up":false,"gate":true,"seen":"20261122070100"})"));
  EXPECT_EQ(cams.value()[2], json::parse(R"({"cam":"out","up":false,"gate":false,"seen":""})"));
}

TEST(ProfileRender, APhotoGoesInlineOrItsAbsenceIsNamed) {
  auto p = parse_platform_profile(
      "name: \"m/1\" profile_format: 1 source: \"t\" wire: WIRE_FIELD_MAP\n"
      "login { scheme: SCHEME_NONE } photos { mode: MODE_INLINE }\n"
      "messages { kind: KIND_PASSAGE path: \"/p\" fields { name: \"img\" from: "
      "\"plate_photo\" } }\n",
      "m.textproto");
  ASSERT_TRUE(p.ok()) << p.error();
  auto record = truck();
  record.mutable_decision()->set_image_sha256("ab12");
  RenderContext ctx;
  ctx.photo = [](const std::string& sha) -> Result<std::string> {
    if (sha == "ab12") return std::string("\xFF\xD8\xFF\xE0", 4);
    return Error{"photo " + sha + " is missing"};
  };
  auto body = render_message(p.value(), p.value().messages(0), record, ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value().at("img"), "data:image/jpeg;base64,/9j/4A==");
  record.mutable_decision()->set_image_sha256("cd34");
  auto missing = render_message(p.value(), p.value().messages(0), record, ctx);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), "field img: photo cd34 is missing");
}

// Inline, the plate close-up is a second photo field (imgURL2 beside imgURL1); a passage without
// one sends "" there, or nothing with omit_empty.
TEST(ProfileRender, TheCloseupGoesInlineAsASecondPhoto) {
  auto p = parse_platform_profile(
      "name: \"m/1\" profile_format: 1 source: \"t\" wire: WIRE_FIELD_MAP\n"
      "login { scheme: SCHEME_NONE } photos { mode: MODE_INLINE }\n"
      "messages { kind: KIND_PASSAGE path: \"/p\"\n"
      "  fields { name: \"imgURL1\" from: \"plate_photo\" }\n"
      "  fields { name: \"imgURL2\" from: \"closeup_photo\" }\n"
      "  fields { name: \"img2\" from: \"closeup_photo\" omit_empty: true }\n"
      "  fields { name: \"sha2\" from: \"closeup_sha256\" } }\n",
      "m.textproto");
  ASSERT_TRUE(p.ok()) << p.error();
  auto record = truck();
  record.mutable_decision()->set_image_sha256("ab12");
  record.mutable_decision()->set_closeup_sha256("cd34");
  RenderContext ctx;
  ctx.photo = [](const std::string& sha) -> Result<std::string> {
    if (sha == "ab12") return std::string("\xFF\xD8\xFF\xE0", 4);
    if (sha == "cd34") return std::string("\xFF\xD8\xFF\xE1", 4);
    return Error{"photo " + sha + " is missing"};
  };
  auto body = render_message(p.value(), p.value().messages(0), record, ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value().at("imgURL1"), "data:image/jpeg;base64,/9j/4A==");
  EXPECT_EQ(body.value().at("imgURL2"), "data:image/jpeg;base64,/9j/4Q==");
  EXPECT_EQ(body.value().at("sha2"), "cd34");
  record.mutable_decision()->clear_closeup_sha256();
  auto without = render_message(p.value(), p.value().messages(0), record, ctx);
  ASSERT_TRUE(without.ok()) << without.error();
  EXPECT_EQ(without.value().at("imgURL2"), "");
  EXPECT_FALSE(without.value().contains("img2"));
}

TEST(ProfileRender, TransportControlPhotoMessageFieldByField) {
  const auto p = load("transport-control.textproto");
  auto record = truck();
  record.set_key("HN-G1-42-photo_1");
  record.set_kind("photo_1");
  record.mutable_photo()->set_number(1);
  record.mutable_photo()->set_sha256("ab12");
  RenderContext ctx;
  ctx.settings = {{"organ", "JZ"}, {"gate_code", "G01"}};
  ctx.token = "tok";
  ctx.photo = [](const std::string&) -> Result<std::string> {
    return std::string("\xFF\xD8\xFF\xE0", 4);
  };
  int64_t rendered = 0;
  ctx.photo_rendered = [&](int64_t n) { rendered += n; };
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_PHOTO);
  ASSERT_NE(m, nullptr);
  auto body = render_message(p, *m, record, ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value(), json::parse(R"({"organ":"JZ","ipctype":"sharePhotoInfo",
    "access_token":"tok","value":{"zpbh":"HN-G1-42-photo_1","lsh":"HN-G1-42-decision",
    "dzbh":"G01","zplx":"1","pzsj":"2026-11-22 08:05:09","base64Image":"/9j/4A=="}})"))
      << body.value().dump();
  EXPECT_EQ(rendered, 4) << "the JPEG's bytes, before base64";
}

TEST(ProfileRender, TheLoginBodyOfTokenRest) {
  const auto p = load("token-rest.textproto");
  RenderContext ctx;
  ctx.settings = {{"company_code", "C1"}, {"company_num", "7"}, {"company_password", "pw"}};
  auto body = render_login(p, ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value(),
            json::parse(R"({"companyCode":"C1","companynum":"7","companypassword":"pw"})"));
}

gate::v1::UplinkRecord cargo(const std::string& unit, int revision) {
  gate::v1::UplinkRecord r;
  const std::string kind = revision == 1 ? "cargo" : "cargo_" + std::to_string(revision);
  r.set_key("HN-G1-42-" + kind);
  r.set_kind(kind);
  r.set_gate_id("HN-G1");
  r.set_seq(42);
  r.set_sent_at("2026-11-22T09:00:00+08:00");
  auto* c = r.mutable_cargo();
  c->set_name("铁矿石");
  c->set_quantity("31.25");
  c->set_unit(unit);
  c->set_entered_by("alice");
  c->set_time("2026-11-22T08:30:00+08:00");
  c->set_revision(revision);
  c->set_plate("豫HF50BC");
  return r;
}

TEST(ProfileRender, TransportControlCargoNamesThePassageBySerial) {
  const auto p = load("transport-control.textproto");
  RenderContext ctx;
  ctx.settings = {{"organ", "JZ-EPB"}, {"enterprise_code", "410800001"}, {"gate_code", "G01"}};
  ctx.token = "tok-1";
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_CARGO);
  ASSERT_NE(m, nullptr);
  auto body = render_message(p, *m, cargo("t", 2), ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value(), json::parse(R"({
    "organ": "JZ-EPB", "ipctype": "shareGoodsRecord", "access_token": "tok-1",
    "value": {
      "lsh": "HN-G1-42-decision", "hwlsh": "HN-G1-42-cargo_2", "qybh": "410800001",
      "dzbh": "G01", "cphm": "豫HF50BC", "hwmc": "铁矿石", "ysl": 31.25, "ysldw": "t",
      "djsj": "2026-11-22 08:30:00"}})"))
      << body.value().dump(2);
  // The number is written as typed: 31.25, not 31.249999999999996.
  EXPECT_NE(body.value().dump().find("\"ysl\":31.25,"), std::string::npos) << body.value().dump();
}

TEST(ProfileRender, TokenRestCargoInTonnesAndALitreEntryIsNamed) {
  const auto p = load("token-rest.textproto");
  RenderContext ctx;
  ctx.settings = {{"gate_code", "G01"}};
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_CARGO);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->path(), "/transport/record/cargo");
  auto body = render_message(p, *m, cargo("t", 1), ctx);
  ASSERT_TRUE(body.ok()) << body.error();
  EXPECT_EQ(body.value(), json::parse(R"({
    "serialNum": "HN-G1-42-decision", "cargoSerialNum": "HN-G1-42-cargo", "gateCode": "G01",
    "goodsName": "铁矿石", "netWeight": 31.25, "unit": "吨（T）",
    "recordTime": "2026-11-22 08:30:00"})"))
      << body.value().dump(2);
  auto litres = render_message(p, *m, cargo("L", 1), ctx);
  ASSERT_FALSE(litres.ok());
  EXPECT_NE(litres.error().find("L"), std::string::npos) << litres.error();
}

}  // namespace
}  // namespace gate::drivers::uplink
