// The anchor file (firmware-host/audit/anchor_file.h) and the check of a copy against it
// (anchor_check.h): a copy that agrees passes; a day rewritten and sealed again with the gate's
// own key passes `verify` but fails here, naming the day; unanchored days are warnings; bad
// lines are errors naming file and line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "firmware-host/audit/anchor_check.h"
#include "firmware-host/audit/anchor_file.h"
#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/gate_store.h"
#include "tests/firmware-host/audit/reseal_attack.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using test_support::TempDir;
using ::testing::HasSubstr;

constexpr int kOffset = 480;
constexpr int64_t kDayMs = 86400000;

std::string seal_line(const Seal& s) {
  nlohmann::json j = {{"anchor", "seal"},
                      {"gate_id", s.gate_id},
                      {"date", s.date},
                      {"first_chain_id", s.first_chain_id},
                      {"last_chain_id", s.last_chain_id},
                      {"last_hash", s.last_hash},
                      {"passages", s.passages},
                      {"outcomes", s.outcomes},
                      {"key_id", s.key_id},
                      {"signature", s.signature},
                      {"receipt", "anchor-1"}};
  return j.dump();
}

std::string head_line(const std::string& gate, int64_t id, const std::string& hash) {
  return nlohmann::json{{"anchor", "head"}, {"gate_id", gate}, {"chain_id", id}, {"hash", hash}}
      .dump();
}

class AnchorCheckTest : public ::testing::Test {
 protected:
  // Three days of four passages each (day 3 open); days 1 and 2 sealed.
  void SetUp() override {
    auto key = SigningKey::LoadOrCreate(key_file());
    ASSERT_TRUE(key.ok()) << key.error();
    auto store = GateStore::Open(db_file());
    ASSERT_TRUE(store.ok()) << store.error();
    for (int day = 0; day < 3; ++day) {
      for (int i = 0; i < 4; ++i) {
        const int64_t t = sync_test::kT0 + day * kDayMs + i * 60000;
        auto p = sync_test::passage("豫H1000" + std::to_string(i), t);
        ASSERT_TRUE(store.value()->commit_passage(p, t).ok());
      }
    }
    auto n = seal_closed_days(store.value()->db(), key.value(), "G1", "2026-11-24", kOffset,
                              sync_test::kT0 + 2 * kDayMs);
    ASSERT_TRUE(n.ok() && n.value() == 2) << (n.ok() ? "" : n.error());
  }

  std::string key_file() const { return dir_.file("gate.key"); }
  std::string db_file() const { return dir_.file("gate.db"); }

  // The anchors the platform would hold now: both seals and the chain head.
  std::string anchors_of(const std::string& db) {
    auto store = GateStore::Open(db, /*read_only=*/true);
    auto seals = load_seals(store.value()->db());
    std::string text;
    for (const auto& s : seals.value()) text += seal_line(s) + "\n";
    AuditChain chain;
    EXPECT_TRUE(chain.load_head(store.value()->db()).ok());
    return text + head_line("G1", chain.head().id, chain.head().hash) + "\n";
  }

  AnchorReport check(const std::string& db, const std::string& anchors_text) {
    auto file = parse_anchor_file(anchors_text, "anchors.jsonl");
    EXPECT_TRUE(file.ok()) << file.error();
    auto store = GateStore::Open(db, /*read_only=*/true);
    auto rep = check_anchors(store.value()->db(), file.value(), std::nullopt);
    EXPECT_TRUE(rep.ok()) << rep.error();
    return rep.value();
  }

  std::string copy_db(const std::string& name) {
    const std::string copy = dir_.file(name);
    std::filesystem::copy_file(db_file(), copy);
    return copy;
  }

  TempDir dir_;
};

TEST_F(AnchorCheckTest, ACopyThatAgreesWithItsAnchorsPasses) {
  const auto rep = check(db_file(), anchors_of(db_file()));
  EXPECT_TRUE(rep.ok) << rep.failure;
  EXPECT_EQ(rep.gate_id, "G1");
  EXPECT_EQ(rep.seals_checked, 2);
  EXPECT_EQ(rep.heads_checked, 1);
  EXPECT_TRUE(rep.warnings.empty());
}

TEST_F(AnchorCheckTest, ADayRewrittenAndSealedAgainWithTheSameKeyFails) {
  const std::string anchors = anchors_of(db_file());
  const std::string copy = copy_db("rewritten.db");
  attack::rewrite_and_reseal(copy, key_file(), /*seq=*/6, "豫H99999", "2026-11-24", kOffset);
  // The attack is consistent on its own: the chain and the new seals verify.
  auto store = GateStore::Open(copy, /*read_only=*/true);
  auto pem = SigningKey::LoadOrCreate(key_file()).value().public_pem();
  VerifyOptions opt;
  opt.public_pem = pem;
  auto verified = verify_gate_records(*store.value(), opt);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified.value().ok) << verified.value().failure;

  const auto rep = check(copy, anchors);
  EXPECT_FALSE(rep.ok);
  EXPECT_THAT(rep.failure, HasSubstr("seal of 2026-11-23"));
  EXPECT_THAT(rep.failure, HasSubstr("the platform's anchor disagrees"));
  EXPECT_THAT(rep.failure, HasSubstr("anchors.jsonl:2"));
  EXPECT_EQ(rep.seals_checked, 1);  // the first day is untouched
}

TEST_F(AnchorCheckTest, AChainHeadThatDisagreesNamesTheEntry) {
  const std::string head_only = head_line("G1", 3, std::string(64, 'f')) + "\n";
  const auto rep = check(db_file(), head_only);
  EXPECT_FALSE(rep.ok);
  EXPECT_THAT(rep.failure, HasSubstr("chain entry 3"));
  EXPECT_THAT(rep.failure, HasSubstr("the platform's anchor disagrees"));
}

TEST_F(AnchorCheckTest, AnAnchoredHeadBeyondTheCopysEndFails) {
  const auto rep = check(db_file(), head_line("G1", 999, std::string(64, 'a')) + "\n");
  EXPECT_FALSE(rep.ok);
  EXPECT_THAT(rep.failure, HasSubstr("chain entry 999"));
  EXPECT_THAT(rep.failure, HasSubstr("ends at entry 12"));
}

TEST_F(AnchorCheckTest, SealsWithoutAnAnchorAreWarningsNotFailures) {
  std::string first_only = anchors_of(db_file());
  first_only = first_only.substr(0, first_only.find('\n') + 1);  // the first day's seal only
  const auto rep = check(db_file(), first_only);
  EXPECT_TRUE(rep.ok) << rep.failure;
  ASSERT_EQ(rep.warnings.size(), 1u);
  EXPECT_THAT(rep.warnings[0], HasSubstr("not anchored"));
  EXPECT_THAT(rep.warnings[0], HasSubstr("2026-11-23"));
}

TEST_F(AnchorCheckTest, AnchorsOfAnotherGateAreNotThisGates) {
  auto seals_text = anchors_of(db_file());
  for (std::size_t at = 0; (at = seals_text.find("\"G1\"", at)) != std::string::npos;) {
    seals_text.replace(at, 4, "\"G2\"");
  }
  const auto rep = check(db_file(), seals_text);
  EXPECT_TRUE(rep.ok);
  EXPECT_EQ(rep.seals_checked, 0);
  EXPECT_THAT(rep.warnings[0], HasSubstr("no anchors for gate G1"));
}

TEST_F(AnchorCheckTest, ASealAnchorForADayTheCopyLacksFails) {
  auto store = GateStore::Open(db_file(), /*read_only=*/true);
  Seal s = load_seals(store.value()->db()).value()[0];
  s.date = "2026-11-20";
  const auto rep = check(db_file(), seal_line(s) + "\n");
  EXPECT_FALSE(rep.ok);
  EXPECT_THAT(rep.failure, HasSubstr("seal of 2026-11-20"));
  EXPECT_THAT(rep.failure, HasSubstr("no seal for"));
}

TEST(AnchorFileTest, EveryBadLineIsAnErrorWithFileAndLine) {
  const std::string hash(64, 'a');
  const std::string text =
      "# exported by the platform\n"
      "\n"
      "{\"anchor\":\"head\",\"gate_id\":\"G1\",\"chain_id\":5,\"hash\":\"" +
      hash +
      "\"}\n"
      "not json\n"
      "{\"anchor\":\"head\",\"gate_id\":\"G1\",\"chain_id\":\"5\",\"hash\":\"" +
      hash +
      "\"}\n"
      "{\"anchor\":\"seal\",\"gate_id\":\"G1\",\"date\":\"22/11/2026\"}\n"
      "{\"anchor\":\"tail\",\"gate_id\":\"G1\"}\n"
      "{\"anchor\":\"head\",\"gate_id\":\"G1\",\"chain_id\":6,\"hash\":\"XYZ\"}\n";
  auto f = parse_anchor_file(text, "a.jsonl");
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.error(), HasSubstr("a.jsonl:4: not a JSON object"));
  EXPECT_THAT(f.error(), HasSubstr("a.jsonl:5: chain_id must be a whole number"));
  EXPECT_THAT(f.error(), HasSubstr("a.jsonl:6: date must be a date YYYY-MM-DD"));
  EXPECT_THAT(f.error(), HasSubstr("a.jsonl:7: anchor must be \"seal\" or \"head\""));
  EXPECT_THAT(f.error(), HasSubstr("a.jsonl:8: hash must be 64 lowercase hex digits"));
  EXPECT_THAT(f.error(), ::testing::Not(HasSubstr("a.jsonl:3")));
}

TEST(AnchorFileTest, AGoodFileKeepsLineNumbersAndIgnoresUnknownFields) {
  const std::string hash(64, 'b');
  const std::string text =
      "{\"anchor\":\"head\",\"gate_id\":\"G1\",\"chain_id\":5,\"hash\":\"" + hash +
      "\",\"platform_note\":\"x\"}\n"
      "{\"anchor\":\"seal\",\"gate_id\":\"G1\",\"date\":\"2026-11-22\",\"first_chain_id\":1,"
      "\"last_chain_id\":4,\"last_hash\":\"" +
      hash +
      "\",\"passages\":4,\"outcomes\":0,"
      "\"key_id\":\"k\",\"signature\":\"00ff\",\"receipt\":\"anchor-1\"}\n";
  auto f = parse_anchor_file(text, "a.jsonl");
  ASSERT_TRUE(f.ok()) << f.error();
  ASSERT_EQ(f.value().heads.size(), 1u);
  EXPECT_EQ(f.value().heads[0].line, 1);
  EXPECT_EQ(f.value().heads[0].chain_id, 5);
  ASSERT_EQ(f.value().seals.size(), 1u);
  EXPECT_EQ(f.value().seals[0].line, 2);
  EXPECT_EQ(f.value().seals[0].seal.last_chain_id, 4);
  EXPECT_EQ(f.value().seals[0].seal.signature, "00ff");
}

}  // namespace
}  // namespace gate::host
