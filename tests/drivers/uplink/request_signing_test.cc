#include "drivers/uplink/request_signing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace gate::drivers::uplink {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kNow = 1795305600;  // 2026-11-22 08:00:00 +08:00
constexpr const char* kSecret = "s3cret-for-tests-only-0123456789";

TEST(RequestSigningTest, HmacMatchesRfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RequestSigningTest, StringToSignCoversEveryPart) {
  EXPECT_EQ(string_to_sign("key-1", kNow, "00ff", "POST", "/api/v1/passages?x=1", ""),
            "GATE-HMAC-SHA256\nkey-1\n1795305600\n00ff\nPOST\n/api/v1/passages?x=1\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RequestSigningTest, NoncesAreFreshHex) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string n = random_nonce();
    ASSERT_EQ(n.size(), 32u);
    EXPECT_EQ(n.find_first_not_of("0123456789abcdef"), std::string::npos) << n;
    EXPECT_TRUE(seen.insert(n).second) << "nonce repeated: " << n;
  }
}

// The worked examples of docs/uplink.md §5: a platform team can check its side against them.
TEST(RequestSigningTest, DocumentedExamplesHold) {
  const char* secret = "example-secret-for-docs-only-0123";
  const char* nonce = "8f2c4e1a9b7d3f60c5e8a1b2d4f6e7c9";
  EXPECT_EQ(hmac_sha256_hex(secret, string_to_sign("HN-JZ-0001-G1", 1795305600, nonce, "POST",
                                                   "/gate-api/v1/heartbeat",
                                                   R"({"gate_id":"HN-JZ-0001-G1",)"
                                                   R"("time":"2026-11-22T08:00:00+08:00"})")),
            "58133d9c1a34f6d65779953be4e0334846575d33589ab171bd0a1e07c898fc86");
  EXPECT_EQ(hmac_sha256_hex(
                secret, string_to_sign("HN-JZ-0001-G1", 1795305600, nonce, "GET",
                                       "/gate-api/v1/downlink?gate_id=HN-JZ-0001-G1&since=17", "")),
            "602b33c78faa2f338f2b316ac358c2e085a2b56dffb8852a9ebefea4baefe51e");
  EXPECT_EQ(hmac_sha256_hex(secret, string_to_sign("HN-JZ-0001-G1", 1795305600, nonce, "LOGIN",
                                                   "HN-JZ-0001-G1", "")),
            "857ae10b7db357c5e9bbaf7c4953bbebc0e461e04668db7a29d8984599a8d65d");
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override { v_.add_key("gate-1", kSecret); }
  Signature sign(int64_t ts, const std::string& body = "{}") {
    return sign_request("gate-1", kSecret, ts, "POST", "/api/v1/passages", body);
  }
  SignatureVerifier v_{300};
};

TEST_F(VerifierTest, AcceptsAFreshSignedRequest) {
  Signature s = sign(kNow);
  EXPECT_EQ(s.signature.size(), 64u);
  EXPECT_TRUE(v_.verify(s, "POST", "/api/v1/passages", "{}", kNow).ok());
  EXPECT_TRUE(v_.verify(sign(kNow - 299), "POST", "/api/v1/passages", "{}", kNow).ok());
}

TEST_F(VerifierTest, RefusesAlteredRequests) {
  Signature s = sign(kNow, R"({"records":[]})");
  Status body = v_.verify(s, "POST", "/api/v1/passages", R"({"records":[1]})", kNow);
  ASSERT_FALSE(body.ok());
  EXPECT_THAT(body.message(), StartsWith("signature"));
  EXPECT_FALSE(v_.verify(s, "PUT", "/api/v1/passages", R"({"records":[]})", kNow).ok());
  EXPECT_FALSE(v_.verify(s, "POST", "/api/v1/heartbeat", R"({"records":[]})", kNow).ok());
  Signature ts = s;
  ts.timestamp_s += 1;
  EXPECT_FALSE(v_.verify(ts, "POST", "/api/v1/passages", R"({"records":[]})", kNow).ok());
}

TEST_F(VerifierTest, RefusesWrongSecretAndUnknownKey) {
  Signature wrong =
      sign_request("gate-1", "another-secret-0123456789", kNow, "POST", "/api/v1/passages", "{}");
  EXPECT_THAT(v_.verify(wrong, "POST", "/api/v1/passages", "{}", kNow).message(),
              StartsWith("signature"));
  Signature unknown = sign_request("gate-9", kSecret, kNow, "POST", "/api/v1/passages", "{}");
  EXPECT_THAT(v_.verify(unknown, "POST", "/api/v1/passages", "{}", kNow).message(),
              HasSubstr("unknown app key"));
}

TEST_F(VerifierTest, RefusesStaleRequestsBothWays) {
  Status old = v_.verify(sign(kNow - 301), "POST", "/api/v1/passages", "{}", kNow);
  ASSERT_FALSE(old.ok());
  EXPECT_THAT(old.message(), StartsWith("stale"));
  Status future = v_.verify(sign(kNow + 301), "POST", "/api/v1/passages", "{}", kNow);
  EXPECT_THAT(future.message(), StartsWith("stale"));
}

TEST_F(VerifierTest, RefusesAReplayedNonce) {
  Signature s = sign(kNow);
  ASSERT_TRUE(v_.verify(s, "POST", "/api/v1/passages", "{}", kNow).ok());
  Status again = v_.verify(s, "POST", "/api/v1/passages", "{}", kNow + 5);
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.message(), StartsWith("replayed"));
  // Long after, the same request is refused as stale (the nonce memory may be gone).
  Status later = v_.verify(s, "POST", "/api/v1/passages", "{}", kNow + 3600);
  EXPECT_FALSE(later.ok());
}

}  // namespace
}  // namespace gate::drivers::uplink
