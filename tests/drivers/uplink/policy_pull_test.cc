// The policy pull (KIND_POLICY_PULL) and the MD5 header login: a pull's reads are checked at
// their line (unknown control field, missing table, table of another domain, a read table's
// otherwise that is not ours, reads on another message); an answer is read into our control
// measures (codes theirs → ours, times in the platform's format, a code no table lists refused
// unless the table says `otherwise`); platform times parsed back; the MD5 signature against a
// vector computed with md5sum; ProfileTransport::fetch_downlink against a platform on 127.0.0.1
// that checks every call's MD5 headers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <mutex>
#include <thread>

#include "drivers/http/http_server.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/policy_pull.h"
#include "drivers/uplink/profile_transport.h"
#include "drivers/uplink/request_signing.h"
#include "drivers/uplink/time_pattern.h"

namespace gate::drivers::uplink {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A field-map profile that signs with MD5 headers and pulls control codes; `reads` replaces the
// pull's reads (line 17 on), `tail` goes after the pull message.
std::string pull_profile(const std::string& reads, const std::string& tail = "") {
  return "name: \"md5-made-up/1\"\n"                                                            // 1
         "profile_format: 1\n"                                                                  // 2
         "source: \"test\"\n"                                                                   // 3
         "wire: WIRE_FIELD_MAP\n"                                                               // 4
         "login { scheme: SCHEME_MD5_HEADER signature_header: \"api-signature\"\n"              // 5
         "  timestamp_header: \"api-timestamp\" key_header: \"api-key\" }\n"                    // 6
         "success { http_status: 200 field: \"code\" value: \"200\" reason_field: \"msg\" }\n"  // 7
         "code_tables { name: \"level\" domain: DOMAIN_ALERT_LEVEL\n"                           // 8
         "  codes { ours: \"none\" theirs: \"0\" } codes { ours: \"orange\" theirs: \"2\" } }\n"  // 9
         "code_tables { name: \"strategy\" domain: DOMAIN_CONTROL_STRATEGY\n"            // 10
         "  codes { ours: \"ban_stage_4_and_below\" theirs: \"2\" } }\n"                 // 11
         "messages { kind: KIND_PASSAGE path: \"/PassData/Send\"\n"                      // 12
         "  fields { name: \"plate\" from: \"plate\" } }\n"                              // 13
         "messages { kind: KIND_POLICY_PULL path: \"/Control/GetCompanyControlInfo\"\n"  // 14
         "  interval_s: 600\n"                                                           // 15
         "  fields { name: \"companyCode\" setting: \"enterprise_code\" }\n" +           // 16
         reads +
         "}\n" + tail;
}

const std::string kReads =
    "  reads { name: \"data.controlLevel\" to: \"alert_level\" code_table: \"level\" }\n"
    "  reads { name: \"data.controlStrategy\" to: \"strategy\" code_table: \"strategy\" }\n"
    "  reads { name: \"data.startTime\" to: \"issued_at\" time_format: \"yyyy-MM-dd HH:mm:ss\""
    " optional: true }\n"
    "  reads { name: \"data.docNo\" to: \"reference\" optional: true }\n";

void expect_error(const std::string& text, int line, const std::string& what) {
  auto r = parse_platform_profile(text, "p.textproto");
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_THAT(r.error(), StartsWith("p.textproto:" + std::to_string(line) + ":")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr(what)) << r.error();
}

gate::v1::PlatformProfile parsed(const std::string& text) {
  auto p = parse_platform_profile(text, "p.textproto");
  EXPECT_TRUE(p.ok()) << p.error();
  return p.ok() ? p.value() : gate::v1::PlatformProfile{};
}

TEST(PolicyPullProfile, AValidPullParses) {
  const auto p = parsed(pull_profile(kReads));
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_POLICY_PULL);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->reads_size(), 4);
}

TEST(PolicyPullProfile, ReadsAreCheckedAtTheirLine) {
  expect_error(pull_profile("  reads { name: \"x\" to: \"colour\" }\n" + kReads), 17,
               "\"colour\" is none of our control fields: alert_level, response_level, strategy");
  expect_error(pull_profile(kReads + "  reads { name: \"x\" to: \"response_level\" }\n"), 21,
               "name a code table of DOMAIN_RESPONSE_LEVEL");
  expect_error(
      pull_profile(kReads +
                   "  reads { name: \"x\" to: \"response_level\" code_table: \"nope\" }\n"),
      21, "no code table named \"nope\"");
  expect_error(
      pull_profile(kReads +
                   "  reads { name: \"x\" to: \"response_level\" code_table: \"level\" }\n"),
      21,
      "table \"level\" codes DOMAIN_ALERT_LEVEL, but \"response_level\" is DOMAIN_RESPONSE_LEVEL");
  expect_error(
      pull_profile(kReads + "  reads { name: \"x\" to: \"issuer\" code_table: \"level\" }\n"), 21,
      "\"issuer\" is not a coded field");
  expect_error(
      pull_profile(kReads + "  reads { name: \"x\" to: \"issuer\" time_format: \"unix_s\" }\n"), 21,
      "\"issuer\" is not a time");
  expect_error(pull_profile(kReads + "  reads { name: \"y\" to: \"reference\" }\n"), 21,
               "\"reference\" is read twice");
}

TEST(PolicyPullProfile, APullReadsTheControlLevel) {
  expect_error(pull_profile("  reads { name: \"data.docNo\" to: \"reference\" }\n"), 14,
               "read the platform's control level");
}

TEST(PolicyPullProfile, OnlyAPullReadsItsAnswer) {
  std::string text = pull_profile(kReads);
  const std::string passage_field = "  fields { name: \"plate\" from: \"plate\" } }\n";
  text.replace(
      text.find(passage_field), passage_field.size(),
      "  fields { name: \"plate\" from: \"plate\" }\n  reads { name: \"x\" to: \"issuer\" } }\n");
  expect_error(text, 14, "only a KIND_POLICY_PULL or KIND_VEHICLE_CHECK message reads its answer");
}

TEST(PolicyPullProfile, AReadTablesOtherwiseIsOneOfOurs) {
  std::string text = pull_profile(kReads);
  text.replace(text.find("theirs: \"2\" } }\n"), 16, "theirs: \"2\" } otherwise: \"9\" }\n");
  expect_error(text, 9, "otherwise is one of ours");
}

TEST(PolicyPullProfile, AReadTableMayNotGiveOneCodeTwoMeanings) {
  std::string text = pull_profile(kReads);
  text.replace(text.find("ours: \"orange\" theirs: \"2\""), 26, "ours: \"orange\" theirs: \"0\"");
  expect_error(text, 9, "\"0\" already means another of ours");
}

TEST(PolicyPullProfile, MD5HeaderLoginNamesItsThreeHeaders) {
  std::string text = pull_profile(kReads);
  text.replace(text.find(" key_header: \"api-key\""), 22, "");
  expect_error(text, 5, "login.key_header");
}

TEST(PolicyPullProfile, APullSendsNoRecordField) {
  expect_error(pull_profile(kReads + "  fields { name: \"p\" from: \"plate\" }\n"), 21,
               "no field \"plate\" in our policy pulls");
}

// ---- reading an answer ----

TEST(ReadControl, CodesTimesAndTextAreRead) {
  const auto p = parsed(pull_profile(kReads));
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_POLICY_PULL);
  const json answer =
      json::parse(R"({"code":"200","data":{"controlLevel":2,"controlStrategy":"2",)"
                  R"("startTime":"2026-12-07 08:00:00","docNo":"豫环〔2026〕12号"}})");
  auto c = read_control(p, *m, answer, 480);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.value().alert_level(), 2);  // orange
  EXPECT_EQ(c.value().strategy(), "ban_stage_4_and_below");
  EXPECT_EQ(c.value().strategy_code(), "2");
  EXPECT_EQ(c.value().issued_at(), "2026-12-07T08:00:00+08:00");
  EXPECT_EQ(c.value().reference(), "豫环〔2026〕12号");
}

TEST(ReadControl, OptionalReadsMayBeMissing) {
  const auto p = parsed(pull_profile(kReads));
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_POLICY_PULL);
  auto c = read_control(p, *m,
                        json::parse(R"({"data":{"controlLevel":"0","controlStrategy":"2"}})"), 480);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.value().alert_level(), 0);
  EXPECT_TRUE(c.value().issued_at().empty());
}

TEST(ReadControl, AMissingFieldOrAnUnlistedCodeRefusesTheAnswer) {
  const auto p = parsed(pull_profile(kReads));
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_POLICY_PULL);
  auto missing = read_control(p, *m, json::parse(R"({"data":{"controlLevel":"2"}})"), 480);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), HasSubstr("no data.controlStrategy"));
  auto unlisted = read_control(
      p, *m, json::parse(R"({"data":{"controlLevel":"2","controlStrategy":"7"}})"), 480);
  ASSERT_FALSE(unlisted.ok());
  EXPECT_THAT(unlisted.error(),
              HasSubstr("data.controlStrategy \"7\" is not in code table strategy"));
  auto bad_time = read_control(
      p, *m,
      json::parse(R"({"data":{"controlLevel":"2","controlStrategy":"2","startTime":"today"}})"),
      480);
  ASSERT_FALSE(bad_time.ok());
  EXPECT_THAT(bad_time.error(), HasSubstr("data.startTime"));
}

TEST(ReadControl, AnUnlistedCodeReadsAsTheTablesOtherwise) {
  std::string text = pull_profile(kReads);
  text.replace(text.find("theirs: \"2\" } }\n"), 16, "theirs: \"2\" } otherwise: \"red\" }\n");
  const auto p = parsed(text);
  const auto* m = find_message(p, gate::v1::PlatformMessage::KIND_POLICY_PULL);
  auto c = read_control(p, *m,
                        json::parse(R"({"data":{"controlLevel":"5","controlStrategy":"2"}})"), 480);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.value().alert_level(), 3);
}

TEST(PlatformTimes, ParseIsTheInverseOfFormat) {
  const int64_t ms = 1796601600000;  // 2026-12-07T08:00:00+08:00
  for (const char* f : {"yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss", "iso8601", "unix_s", "unix_ms"}) {
    auto back = parse_time(format_time(ms, 480, f), 480, f);
    ASSERT_TRUE(back.ok()) << f << ": " << back.error();
    EXPECT_EQ(back.value(), ms) << f;
  }
  EXPECT_FALSE(parse_time("2026-13-07 08:00:00", 480, "yyyy-MM-dd HH:mm:ss").ok());
  EXPECT_FALSE(parse_time("2026-12-07 08:00", 480, "yyyy-MM-dd HH:mm:ss").ok());
  EXPECT_FALSE(parse_time("12a", 480, "unix_s").ok());
}

// ---- MD5 header signature ----

TEST(MD5HeaderSignature, MatchesAVectorComputedWithMd5sum) {
  // printf 'secret' | md5sum                                  → 5ebe2294ecd0e0f08eab7690d2a6ee69
  // printf 'key-1|1764000000|5ebe2294ecd0e0f08eab7690d2a6ee69' | md5sum
  //                                                           → ea7b746eed403f83a59015333846c1b8
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("secret"), "5ebe2294ecd0e0f08eab7690d2a6ee69");
  EXPECT_EQ(md5_header_signature("key-1", 1764000000, "secret"),
            "ea7b746eed403f83a59015333846c1b8");
}

// ---- ProfileTransport::fetch_downlink ----

namespace net = boost::asio;

// A platform answering the pull, checking every call's MD5 headers.
class PullPlatform {
 public:
  PullPlatform() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {
    auto s =
        HttpServer::Listen(io_, "127.0.0.1", 0, [this](const HttpRequest& r) { return handle(r); });
    EXPECT_TRUE(s.ok()) << s.error();
    server_ = std::move(s).value();
  }
  ~PullPlatform() {
    server_->stop();
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }

  std::mutex mu;
  std::string answer = R"({"code":"200","data":{"controlLevel":"2","controlStrategy":"2"}})";
  int64_t now_s = 1764000000;
  int calls = 0;
  json last_body;

 private:
  HttpResponse handle(const HttpRequest& r) {
    std::lock_guard lock(mu);
    ++calls;
    last_body = json::parse(r.body, nullptr, false);
    auto h = [&](const char* n) {
      auto it = r.headers.find(n);
      return it == r.headers.end() ? std::string() : it->second;
    };
    if (h("api-key") != "key-1" || h("api-timestamp") != std::to_string(now_s) ||
        h("api-signature") != md5_header_signature("key-1", now_s, "secret")) {
      return HttpResponse{401, "application/json", R"({"code":"401","msg":"bad signature"})"};
    }
    if (r.path != "/Control/GetCompanyControlInfo") return HttpResponse{404, "text/plain", ""};
    return HttpResponse{200, "application/json", answer};
  }

  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> guard_;
  std::thread thread_;
  std::unique_ptr<HttpServer> server_;
};

std::unique_ptr<ProfileTransport> transport(PullPlatform& platform, const std::string& profile,
                                            const std::string& secret = "secret") {
  auto ep = parse_endpoint("http://127.0.0.1:" + std::to_string(platform.port()));
  EXPECT_TRUE(ep.ok()) << ep.error();
  TransportOptions o;
  o.app_key = "key-1";
  o.app_secret = secret;
  o.timeout_ms = 3000;
  RenderContext ctx;
  ctx.settings = {{"enterprise_code", "E1"}};
  auto t = std::make_unique<ProfileTransport>(parsed(profile), ep.value(), o, TlsContext{}, ctx);
  t->clock_s = [&platform] { return platform.now_s; };
  return t;
}

TEST(FetchDownlink, ReadsTheControlCodesWithSignedHeaders) {
  PullPlatform platform;
  auto t = transport(platform, pull_profile(kReads));
  auto r = t->fetch_downlink("");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.value().full());
  EXPECT_EQ(r.value().changes_size(), 0);
  ASSERT_TRUE(r.value().has_control());
  EXPECT_EQ(r.value().control().alert_level(), 2);
  EXPECT_EQ(r.value().control().strategy(), "ban_stage_4_and_below");
  EXPECT_FALSE(r.value().cursor().empty());
  EXPECT_EQ(platform.last_body, json::parse(R"({"companyCode":"E1"})"));
  // Unchanged: the same cursor, no measures to apply again.
  auto again = t->fetch_downlink(r.value().cursor());
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_FALSE(again.value().has_control());
  EXPECT_EQ(again.value().cursor(), r.value().cursor());
}

TEST(FetchDownlink, AWrongSecretIsRefusedByThePlatform) {
  PullPlatform platform;
  auto t = transport(platform, pull_profile(kReads), "not-the-secret");
  auto r = t->fetch_downlink("");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("401"));
}

TEST(FetchDownlink, AGarbageOrUnsuccessfulAnswerIsAnError) {
  PullPlatform platform;
  auto t = transport(platform, pull_profile(kReads));
  platform.answer = "<html>maintenance</html>";
  auto garbage = t->fetch_downlink("");
  ASSERT_FALSE(garbage.ok());
  EXPECT_THAT(garbage.error(), HasSubstr("policy pull"));
  platform.answer = R"({"code":"500","msg":"no such company"})";
  auto refused = t->fetch_downlink("");
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("no such company"));
  platform.answer = R"({"code":"200","data":{"controlLevel":"2","controlStrategy":"9"}})";
  auto unlisted = t->fetch_downlink("");
  ASSERT_FALSE(unlisted.ok());
  EXPECT_THAT(unlisted.error(), HasSubstr("\"9\" is not in code table strategy"));
}

TEST(FetchDownlink, AProfileWithoutAPullSaysSo) {
  PullPlatform platform;
  std::string text = pull_profile(kReads);
  text = text.substr(0, text.find("messages { kind: KIND_POLICY_PULL"));
  auto t = transport(platform, text);
  auto r = t->fetch_downlink("");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("control codes are not pulled"));
  EXPECT_EQ(platform.calls, 0);
}

}  // namespace
}  // namespace gate::drivers::uplink
