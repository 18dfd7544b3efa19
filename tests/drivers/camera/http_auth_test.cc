// Basic and Digest authentication of camera pushes: good, bad and missing credentials, wrong and
// stale nonces, replayed nonce counts, both Digest algorithms.
#include "drivers/camera/http_auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drivers/camera/plate_event.h"
#include "drivers/http/digest_auth.h"

namespace gate::drivers {
namespace {

using ::testing::HasSubstr;
using Verdict = DigestServer::Verdict;

constexpr int64_t kNow = 1767608100000;
constexpr int64_t kLifetime = 300000;
const std::string kTarget = "/camera/dahua/L1";

// What a camera sends after the challenge (RFC 7616 §3.4.1, qop=auth).
std::string digest_authorization(const std::string& nonce, const std::string& nc,
                                 const std::string& password = "s3cret-pass",
                                 const std::string& algorithm = "SHA-256",
                                 const std::string& uri = kTarget,
                                 const std::string& user = "itc") {
  const std::string ha1 = digest_hash_hex(algorithm, user + ":gate-camera:" + password);
  const std::string ha2 = digest_hash_hex(algorithm, "POST:" + uri);
  const std::string response =
      digest_hash_hex(algorithm, ha1 + ":" + nonce + ":" + nc + ":0a4f113b:auth:" + ha2);
  return "Digest username=\"" + user + "\", realm=\"gate-camera\", nonce=\"" + nonce +
         "\", uri=\"" + uri + "\", algorithm=" + algorithm + ", qop=auth, nc=" + nc +
         ", cnonce=\"0a4f113b\", response=\"" + response + "\"";
}

DigestServer::Check verify(DigestServer& server, const std::string& authorization,
                           int64_t now = kNow) {
  return server.verify(authorization, "POST", kTarget, "itc", "s3cret-pass", now);
}

TEST(DigestHex, KnownVectors) {
  EXPECT_EQ(digest_hash_hex("MD5", "abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(digest_hash_hex("SHA-256", "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestServer, AcceptsBothAlgorithmsWithOurNonce) {
  DigestServer server("gate-camera", kLifetime);
  const std::string nonce = server.make_nonce(kNow);
  EXPECT_EQ(verify(server, digest_authorization(nonce, "00000001")).verdict, Verdict::kOk);
  EXPECT_EQ(verify(server, digest_authorization(nonce, "00000002", "s3cret-pass", "MD5")).verdict,
            Verdict::kOk);
}

TEST(DigestServer, ChallengesOfferSha256ThenMd5) {
  DigestServer server("gate-camera", kLifetime);
  const auto c = server.challenges(kNow, false);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_THAT(c[0], HasSubstr("algorithm=SHA-256"));
  EXPECT_THAT(c[0], HasSubstr("qop=\"auth\""));
  EXPECT_THAT(c[1], HasSubstr("algorithm=MD5"));
  EXPECT_THAT(server.challenges(kNow, true)[0], HasSubstr("stale=true"));
}

TEST(DigestServer, MissingCredentialsAreChallenged) {
  DigestServer server("gate-camera", kLifetime);
  EXPECT_EQ(verify(server, "").verdict, Verdict::kMissing);
  EXPECT_EQ(verify(server, "Basic aXRjOnBhc3M=").verdict, Verdict::kMissing);
}

TEST(DigestServer, RefusesWrongPasswordUserUriAndForgedNonce) {
  DigestServer server("gate-camera", kLifetime);
  const std::string nonce = server.make_nonce(kNow);
  auto wrong = verify(server, digest_authorization(nonce, "00000001", "guess"));
  EXPECT_EQ(wrong.verdict, Verdict::kBad);
  EXPECT_THAT(wrong.reason, HasSubstr("wrong user name or password"));
  EXPECT_EQ(verify(server, digest_authorization(nonce, "00000001", "s3cret-pass", "SHA-256",
                                                kTarget, "admin"))
                .verdict,
            Verdict::kBad);
  EXPECT_THAT(verify(server, digest_authorization(nonce, "00000001", "s3cret-pass", "SHA-256",
                                                  "/camera/dahua/L2"))
                  .reason,
              HasSubstr("uri does not match"));
  // A nonce of the right shape that this server did not make (another key, or invented).
  DigestServer other("gate-camera", kLifetime);
  auto forged = verify(server, digest_authorization(other.make_nonce(kNow), "00000001"));
  EXPECT_EQ(forged.verdict, Verdict::kBad);
  EXPECT_THAT(forged.reason, HasSubstr("not our nonce"));
  EXPECT_EQ(verify(server, digest_authorization("12345", "00000001")).verdict, Verdict::kBad);
  EXPECT_EQ(verify(server, "Digest username=\"itc\", realm=\"gate-camera\"").verdict,
            Verdict::kBad);
  EXPECT_EQ(verify(server, "Digest username=\"unclosed").verdict, Verdict::kBad);
}

TEST(DigestServer, StaleNonceIsChallengedAgain) {
  DigestServer server("gate-camera", kLifetime);
  const std::string old = server.make_nonce(kNow - kLifetime - 1);
  auto stale = verify(server, digest_authorization(old, "00000001"));
  EXPECT_EQ(stale.verdict, Verdict::kStale);
}

TEST(DigestServer, ReplayedNonceCountIsRefused) {
  DigestServer server("gate-camera", kLifetime);
  const std::string nonce = server.make_nonce(kNow);
  const std::string first = digest_authorization(nonce, "00000001");
  EXPECT_EQ(verify(server, first).verdict, Verdict::kOk);
  auto replay = verify(server, first);
  EXPECT_EQ(replay.verdict, Verdict::kBad);
  EXPECT_THAT(replay.reason, HasSubstr("used before"));
  EXPECT_EQ(verify(server, digest_authorization(nonce, "00000003")).verdict, Verdict::kOk);
  EXPECT_EQ(verify(server, digest_authorization(nonce, "00000002")).verdict, Verdict::kBad);
  EXPECT_EQ(verify(server, digest_authorization(nonce, "zz000004")).verdict, Verdict::kBad);
}

TEST(DigestServer, TrackedNoncesAreBounded) {
  DigestServer server("gate-camera", kLifetime, 4);
  std::vector<std::string> nonces;
  for (int i = 0; i < 6; ++i) {
    nonces.push_back(server.make_nonce(kNow + i));
    EXPECT_EQ(verify(server, digest_authorization(nonces.back(), "00000001"), kNow + i).verdict,
              Verdict::kOk);
  }
  // The newest are remembered: their counts cannot be replayed.
  EXPECT_EQ(verify(server, digest_authorization(nonces.back(), "00000001"), kNow + 6).verdict,
            Verdict::kBad);
}

TEST(BasicAuthorization, ParsesAndRefuses) {
  auto ok = parse_basic_authorization("Basic " + base64_encode("hik:pa:ss"));
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value().user, "hik");
  EXPECT_EQ(ok.value().password, "pa:ss");
  EXPECT_FALSE(parse_basic_authorization("Basic !!!").ok());
  EXPECT_FALSE(parse_basic_authorization("Basic " + base64_encode("nocolon")).ok());
  EXPECT_FALSE(parse_basic_authorization("Bearer x").ok());
  EXPECT_FALSE(parse_basic_authorization("").ok());
}

TEST(ConstantTimeEqual, ComparesWhole) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace gate::drivers
