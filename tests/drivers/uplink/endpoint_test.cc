#include "drivers/uplink/endpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::drivers::uplink {
namespace {

using ::testing::HasSubstr;

TEST(EndpointTest, HttpsBaseUrl) {
  auto e = parse_endpoint("https://platform.example:8443/gate-api/v1/");
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_EQ(e.value().scheme, Endpoint::Scheme::kHttps);
  EXPECT_EQ(e.value().host, "platform.example");
  EXPECT_EQ(e.value().port, 8443);
  EXPECT_EQ(e.value().base_path, "/gate-api/v1");
  EXPECT_TRUE(e.value().tls());
  EXPECT_TRUE(e.value().http());
  EXPECT_EQ(e.value().to_string(), "https://platform.example:8443/gate-api/v1");
}

TEST(EndpointTest, DefaultPortsAndSchemes) {
  EXPECT_EQ(parse_endpoint("https://p").value().port, 443);
  EXPECT_EQ(parse_endpoint("HTTP://p/x").value().port, 80);
  EXPECT_FALSE(parse_endpoint("http://p").value().tls());
  auto tcp = parse_endpoint("tcp://10.0.0.5:9000");
  ASSERT_TRUE(tcp.ok()) << tcp.error();
  EXPECT_EQ(tcp.value().scheme, Endpoint::Scheme::kTcp);
  EXPECT_FALSE(tcp.value().http());
  EXPECT_FALSE(tcp.value().tls());
  auto tls = parse_endpoint("tls://[::1]:9443");
  ASSERT_TRUE(tls.ok()) << tls.error();
  EXPECT_EQ(tls.value().host, "::1");
  EXPECT_TRUE(tls.value().tls());
}

TEST(EndpointTest, ErrorsSayWhatIsWrong) {
  EXPECT_THAT(parse_endpoint("ftp://p/x").error(), HasSubstr("https://"));
  EXPECT_THAT(parse_endpoint("tcp://platform").error(), HasSubstr("needs a port"));
  EXPECT_THAT(parse_endpoint("tcp://p:9000/path").error(), HasSubstr("no path"));
  EXPECT_THAT(parse_endpoint("https://p:0/").error(), HasSubstr("1..65535"));
  EXPECT_THAT(parse_endpoint("https://p:99999/").error(), HasSubstr("port"));
  EXPECT_THAT(parse_endpoint("https://u:pw@p/").error(), HasSubstr("user info"));
  EXPECT_THAT(parse_endpoint("https:///x").error(), HasSubstr("no host"));
  EXPECT_THAT(parse_endpoint("https://p/x?y=1").error(), HasSubstr("no query"));
}

TEST(EndpointTest, UrlEncodeKeepsUnreserved) {
  EXPECT_EQ(url_encode("HN-JZ_0001.G1~"), "HN-JZ_0001.G1~");
  EXPECT_EQ(url_encode("a b&c=d/豫"), "a%20b%26c%3Dd%2F%E8%B1%AB");
}

}  // namespace
}  // namespace gate::drivers::uplink
