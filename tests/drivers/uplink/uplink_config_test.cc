#include "drivers/uplink/uplink_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/temp_dir.h"

namespace gate::drivers::uplink {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

gate::v1::UplinkConfig with_url(const std::string& url) {
  gate::v1::UplinkConfig c;
  c.set_url(url);
  return c;
}

TEST(UplinkConfigTest, DefaultsAreFilledIn) {
  auto r = normalise_uplink_config({});
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& c = r.value();
  EXPECT_EQ(c.batch_size(), 100);
  EXPECT_EQ(c.interval_ms(), 500);
  EXPECT_EQ(c.timeout_ms(), 5000);
  EXPECT_EQ(c.heartbeat_interval_ms(), 30000);
  EXPECT_EQ(c.live_window_ms(), 60000);
  EXPECT_EQ(c.backlog_alarm_age_ms(), 600000);
  EXPECT_EQ(c.downlink_poll_interval_ms(), 60000);
  EXPECT_EQ(c.max_backoff_ms(), 60000);
  EXPECT_EQ(c.clock_tolerance_s(), 120);
  EXPECT_EQ(c.profile(), gate::v1::UPLINK_PROFILE_HTTP_JSON);
  EXPECT_EQ(c.plate_color_table(), gate::v1::PLATE_COLOR_TABLE_TRAFFIC_ETC);
}

TEST(UplinkConfigTest, ErrorsNameTheField) {
  gate::v1::UplinkConfig c;
  c.set_batch_size(20000);
  EXPECT_THAT(normalise_uplink_config(c).error(), StartsWith("uplink.batch_size"));
  c = {};
  c.set_heartbeat_interval_ms(-1);
  EXPECT_THAT(normalise_uplink_config(c).error(), StartsWith("uplink.heartbeat_interval_ms"));
  EXPECT_THAT(normalise_uplink_config(with_url("ftp://p/x")).error(), StartsWith("uplink.url"));
  c = {};
  c.set_clock_tolerance_s(86401);
  EXPECT_EQ(normalise_uplink_config(c).error(),
            "uplink.clock_tolerance_s: must be 1..86400, got 86401");
}

TEST(UplinkConfigTest, ProfileAndSchemeMustAgree) {
  auto tcp = with_url("https://p/api/v1");
  tcp.set_profile(gate::v1::UPLINK_PROFILE_TCP_JSON);
  EXPECT_THAT(normalise_uplink_config(tcp).error(), HasSubstr("tcp://host:port"));
  auto http = with_url("tls://p:9000");
  EXPECT_THAT(normalise_uplink_config(http).error(), HasSubstr("https://"));
  tcp.set_url("tls://p:9000");
  EXPECT_TRUE(normalise_uplink_config(tcp).ok());
}

TEST(UplinkConfigTest, TheUrlIsTheBaseNotTheBatchEndpoint) {
  auto r = normalise_uplink_config(with_url("http://127.0.0.1:18090/api/v1/passages"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith("uplink.url"));
  EXPECT_THAT(r.error(), HasSubstr("drop the trailing /passages"));
}

TEST(UplinkConfigTest, KeyAndSecretGoTogether) {
  auto c = with_url("https://p/api/v1");
  c.set_app_key("gate-1");
  EXPECT_THAT(normalise_uplink_config(c).error(), StartsWith("uplink.app_secret_file"));
  c.clear_app_key();
  c.set_app_secret_file("/etc/gate/secret");
  EXPECT_THAT(normalise_uplink_config(c).error(), StartsWith("uplink.app_key"));
}

TEST(UplinkConfigTest, SecretFileIsReadAndChecked) {
  test_support::TempDir dir;
  std::string path = dir.write("secret", "0123456789abcdef-and-more  \nsecond line\n");
  ::chmod(path.c_str(), 0600);
  auto s = load_app_secret(path);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s.value().secret, "0123456789abcdef-and-more");
  EXPECT_TRUE(s.value().warning.empty());
  ::chmod(path.c_str(), 0644);
  EXPECT_THAT(load_app_secret(path).value().warning, HasSubstr("chmod 600"));
  EXPECT_THAT(load_app_secret(dir.write("short", "abc\n")).error(), HasSubstr("at least 16"));
  EXPECT_THAT(load_app_secret(dir.file("missing")).error(), HasSubstr("cannot read"));
}

TEST(UplinkConfigTest, AnMD5HeaderProfileNeedsTheAppKey) {
  test_support::TempDir dir;
  auto c = normalise_uplink_config(with_url("http://127.0.0.1:1/api")).value();
  c.set_profile_file(dir.write(
      "md5.textproto",
      "name: \"md5/1\" profile_format: 1 source: \"test\" wire: WIRE_FIELD_MAP\n"
      "login { scheme: SCHEME_MD5_HEADER signature_header: \"s\" timestamp_header: \"t\"\n"
      "  key_header: \"k\" }\n"
      "messages { kind: KIND_PASSAGE path: \"/p\" fields { name: \"plate\" from: \"plate\" } }\n"));
  std::string warning;
  auto unsigned_ = make_transport(c, "G1", &warning);
  ASSERT_FALSE(unsigned_.ok());
  EXPECT_THAT(unsigned_.error(), HasSubstr("uplink.app_key: profile md5/1 signs every call"));
  c.set_app_key("gate-1");
  c.set_app_secret_file(dir.write("secret", "0123456789abcdef0123\n"));
  auto t = make_transport(c, "G1", &warning);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_THAT(t.value()->describe(), HasSubstr("profile md5/1"));
}

TEST(UplinkConfigTest, TransportNeedsReadableFiles) {
  test_support::TempDir dir;
  auto c = normalise_uplink_config(with_url("https://127.0.0.1:1/api/v1")).value();
  c.set_app_key("gate-1");
  c.set_app_secret_file(dir.file("missing"));
  std::string warning;
  EXPECT_THAT(make_transport(c, "G1", &warning).error(), HasSubstr("app_secret_file"));
  c.set_app_secret_file(dir.write("secret", "0123456789abcdef0123\n"));
  c.set_ca_file(dir.write("ca.pem", "not a certificate"));
  EXPECT_THAT(make_transport(c, "G1", &warning).error(), HasSubstr("uplink.ca_file"));
  c.clear_app_key();
  c.clear_app_secret_file();
  c.set_url("http://10.1.2.3:8080/api/v1");
  auto t = make_transport(c, "G1", &warning);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_THAT(warning, HasSubstr("not signed"));
  EXPECT_THAT(warning, HasSubstr("not encrypted"));
  EXPECT_THAT(t.value()->describe(), HasSubstr("http_json"));
}

}  // namespace
}  // namespace gate::drivers::uplink
