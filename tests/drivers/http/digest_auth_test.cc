// Digest authentication against the worked examples of RFC 7616 §3.9.1 (MD5 and SHA-256) and
// RFC 2617 §3.5, and the parsing of challenges as cameras send them.
#include "drivers/http/digest_auth.h"

#include <gtest/gtest.h>

namespace gate::drivers {
namespace {

constexpr const char* kRfc7616Challenge =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=%s, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

DigestChallenge rfc7616_challenge(const std::string& algorithm) {
  char header[512];
  std::snprintf(header, sizeof header, kRfc7616Challenge, algorithm.c_str());
  auto c = parse_digest_challenge(header);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error());
  return c.value();
}

DigestAnswer rfc7616_answer() {
  DigestAnswer a;
  a.method = "GET";
  a.uri = "/dir/index.html";
  a.user = "Mufasa";
  a.password = "Circle of Life";
  a.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  a.nc = 1;
  return a;
}

TEST(DigestAuth, Rfc7616Md5Example) {
  const DigestChallenge c = rfc7616_challenge("MD5");
  EXPECT_EQ(c.realm, "http-auth@example.org");
  EXPECT_TRUE(c.qop_auth);
  EXPECT_EQ(digest_response(c, rfc7616_answer()), "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(DigestAuth, Rfc7616Sha256Example) {
  const DigestChallenge c = rfc7616_challenge("SHA-256");
  EXPECT_EQ(digest_response(c, rfc7616_answer()),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestAuth, Rfc2617Example) {
  auto c = parse_digest_challenge(
      "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_TRUE(c.ok()) << c.error();
  DigestAnswer a;
  a.method = "GET";
  a.uri = "/dir/index.html";
  a.user = "Mufasa";
  a.password = "Circle Of Life";
  a.cnonce = "0a4f113b";
  a.nc = 1;
  EXPECT_EQ(digest_response(c.value(), a), "6629fae49393a05397450978507c4ef1");
}

TEST(DigestAuth, AuthorizationHeaderCarriesEveryParameterTheServerChecks) {
  const DigestChallenge c = rfc7616_challenge("SHA-256");
  const std::string h = digest_authorization(c, rfc7616_answer());
  auto p = parse_digest_params(h);
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p.value().at("username"), "Mufasa");
  EXPECT_EQ(p.value().at("uri"), "/dir/index.html");
  EXPECT_EQ(p.value().at("nc"), "00000001");
  EXPECT_EQ(p.value().at("qop"), "auth");
  EXPECT_EQ(p.value().at("algorithm"), "SHA-256");
  EXPECT_EQ(p.value().at("opaque"), "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_EQ(p.value().at("response"),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestAuth, ChallengeWithoutQopIsAnsweredInTheRfc2069Form) {
  auto c = parse_digest_challenge("Digest realm=\"IP Camera\", nonce=\"abc\"");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_FALSE(c.value().qop_auth);
  const std::string h = digest_authorization(c.value(), rfc7616_answer());
  EXPECT_EQ(h.find("qop="), std::string::npos);
  EXPECT_EQ(h.find("cnonce="), std::string::npos);
}

TEST(DigestAuth, RefusesWhatItCannotAnswer) {
  EXPECT_FALSE(parse_digest_challenge("Basic realm=\"x\"").ok());
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"x\"").ok());  // no nonce
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"x\", nonce=\"n\", algorithm=MD5-sess").ok());
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\"").ok());
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"open, nonce=\"n\"").ok());
}

TEST(DigestAuth, CnoncesAreFresh) {
  const std::string a = make_digest_cnonce();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, make_digest_cnonce());
}

}  // namespace
}  // namespace gate::drivers
