// Retention on a real gate database: only sealed days older than the period whose every record
// was acknowledged are removed, with their photos; the chain still verifies from the horizon,
// anchored by the kept seal; tampering around the horizon is caught. And the disk levels.
#include "firmware-host/audit/retention.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/disk_space.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;

constexpr int kOffset = 480;
constexpr int64_t kDayMs = 86400000;
constexpr int64_t kNow = 1795305600000;           // 2026-11-22 08:00 +08:00
constexpr int64_t kOld = kNow - 800 * kDayMs;     // 2024-09-13: beyond 24 months
constexpr const char* kFirstKept = "2024-11-22";  // 24 months before kNow

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = SigningKey::LoadOrCreate(dir_.file("gate.key"));
    ASSERT_TRUE(key.ok()) << key.error();
    pubkey_ = key.value().public_pem();
    auto store = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    PhotoStore photos(dir_.file("photos"));
    // Two old days and one recent day, 5 trucks each; the last truck of the first old day gets
    // its outcome just after midnight (chained on the next day).
    const int64_t days[] = {kOld, kOld + kDayMs, kNow - 10 * kDayMs};
    for (int d = 0; d < 3; ++d) {
      for (int i = 0; i < 5; ++i) {
        const int64_t t = days[d] + i * 3600000;
        auto sha = photos.put("photo " + std::to_string(d) + "-" + std::to_string(i));
        ASSERT_TRUE(sha.ok());
        shas_.push_back(sha.value());
        auto p = sync_test::passage("豫H1000" + std::to_string(i), t);
        p.mutable_read()->set_image_sha256(sha.value());
        if (closeups_) {
          auto closeup = photos.put(closeup_bytes(d, i));
          ASSERT_TRUE(closeup.ok());
          closeup_shas_.push_back(closeup.value());
          p.mutable_read()->set_closeup_sha256(closeup.value());
        }
        auto seq = store_->commit_passage(p, t);
        ASSERT_TRUE(seq.ok()) << seq.error();
        if (d == 0 && i == 0) {
          // Cargo entered for the first truck ten minutes later: chained on the same day.
          ASSERT_TRUE(
              store_->record_cargo(seq.value(), {"coal", "31.25", "t", "wang"}, t + 600000).ok());
        }
        const bool late = d == 0 && i == 4;
        if (!late) {
          ASSERT_TRUE(
              store_->set_outcome(seq.value(), gate::v1::PASSAGE_OUTCOME_PASSED, t + 5000).ok());
        } else {
          late_seq_ = seq.value();
        }
      }
      if (d == 0) {
        // The late outcome, after midnight: the next day's first chain entry.
        ASSERT_TRUE(store_
                        ->set_outcome(late_seq_, gate::v1::PASSAGE_OUTCOME_PASSED,
                                      days[1] - 8 * 3600000 + 60000)
                        .ok());
      }
    }
    auto n = seal_closed_days(store_->db(), key.value(), "G1", "2026-11-22", kOffset, kNow);
    ASSERT_TRUE(n.ok()) << n.error();
    ASSERT_EQ(n.value(), 3);
  }

  void ack_all() {
    ASSERT_TRUE(store_->db().run("UPDATE outbox SET acked_unix_ms=?", {kNow}).ok());
  }
  VerifyReport verify() {
    VerifyOptions o;
    o.public_pem = pubkey_;
    o.photo_dir = dir_.file("photos");
    o.utc_offset_minutes = kOffset;
    auto r = verify_gate_records(*store_, o);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? r.value() : VerifyReport{};
  }
  int64_t count(const std::string& table) {
    auto q = store_->db().prepare("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(q.ok());
    (void)q.value().step();
    return q.value().int64(0);
  }
  bool photo_exists(int i) {
    return std::filesystem::exists(PhotoStore(dir_.file("photos")).path_of(shas_[i]));
  }
  bool closeup_exists(int i) {
    return std::filesystem::exists(PhotoStore(dir_.file("photos")).path_of(closeup_shas_[i]));
  }
  // The close-up of day d's truck i. Two are the same picture as a recent truck's other
  // column: day 0's truck 1's close-up is day 2's truck 1's photo, and day 2's truck 2's
  // close-up is day 0's truck 2's photo (a camera can send one picture twice).
  static std::string closeup_bytes(int d, int i) {
    if (d == 0 && i == 1) return "photo 2-1";
    if (d == 2 && i == 2) return "photo 0-2";
    return "closeup " + std::to_string(d) + "-" + std::to_string(i);
  }

  test_support::TempDir dir_;
  std::string pubkey_;
  std::unique_ptr<GateStore> store_;
  std::vector<std::string> shas_;
  std::vector<std::string> closeup_shas_;
  bool closeups_ = false;  // set before SetUp: every passage gets a plate close-up
  int64_t late_seq_ = 0;
};

class RetentionWithCloseupsTest : public RetentionTest {
 protected:
  void SetUp() override {
    closeups_ = true;
    RetentionTest::SetUp();
  }
};

TEST(RetentionDateTest, FirstKeptDayIsTheSameDayMonthsBackClampedToTheMonth) {
  EXPECT_EQ(retention_first_kept_date(kNow, kOffset, 24), "2024-11-22");
  // 2026-03-31 12:00 +08:00, one month back: February has 28 days.
  EXPECT_EQ(retention_first_kept_date(1774929600000, kOffset, 1), "2026-02-28");
  EXPECT_EQ(retention_first_kept_date(1774929600000, kOffset, 25), "2024-02-29");
}

TEST_F(RetentionTest, UnacknowledgedRecordsKeepTheirDay) {
  auto r = prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.value().pruned);
  EXPECT_THAT(r.value().kept_because, HasSubstr("not acknowledged by the platform"));
  // An unacknowledged cargo record alone keeps its day too.
  ack_all();
  ASSERT_TRUE(store_->db().exec("UPDATE outbox SET acked_unix_ms=NULL WHERE kind='cargo'").ok());
  r = prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.value().pruned);
  EXPECT_THAT(r.value().kept_because, HasSubstr("1 record(s)"));
  EXPECT_EQ(count("passages"), 15);
  EXPECT_TRUE(photo_exists(0));
}

TEST_F(RetentionTest, ExpiredAcknowledgedDaysGoOneByOneAndTheChainStillVerifies) {
  ack_all();
  auto r = prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_TRUE(r.value().pruned) << r.value().kept_because;
  EXPECT_EQ(r.value().passages, 5);
  EXPECT_EQ(r.value().photos_deleted, 5);
  EXPECT_EQ(count("passages"), 10);
  EXPECT_EQ(count("passage_cargo"), 0) << "the day's cargo entry went with its day";
  EXPECT_FALSE(photo_exists(0));
  EXPECT_TRUE(photo_exists(5));
  auto rep = verify();
  EXPECT_TRUE(rep.ok) << rep.failure;
  EXPECT_EQ(rep.seals, 3) << "the removed day's seal is kept and still checked";
  EXPECT_THAT(rep.notes.front(), HasSubstr("removed by retention"));

  r = prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow);
  ASSERT_TRUE(r.ok() && r.value().pruned);
  EXPECT_EQ(count("passages"), 5);
  EXPECT_EQ(count("passage_outcomes"), 5) << "the late outcome went with its day";
  rep = verify();
  EXPECT_TRUE(rep.ok) << rep.failure;

  // The recent day is younger than the period: kept, and nothing more to do.
  r = prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value().pruned);
  EXPECT_TRUE(r.value().kept_because.empty());
  EXPECT_EQ(count("passages"), 5);
  EXPECT_TRUE(photo_exists(14));
}

// Close-ups go by the photos' rule: kept with an unacknowledged day, deleted with a removed one,
// except a file a kept passage still names, as its photo or as its close-up.
TEST_F(RetentionWithCloseupsTest, CloseupsGoWithTheirDayUnlessAKeptPassageNamesThem) {
  auto kept = prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow);
  ASSERT_TRUE(kept.ok()) << kept.error();
  EXPECT_FALSE(kept.value().pruned);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(closeup_exists(i)) << i;

  ack_all();
  auto r = prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_TRUE(r.value().pruned) << r.value().kept_because;
  EXPECT_EQ(r.value().photos_deleted, 8) << "4 photos and 4 close-ups; one of each is named";
  for (int i : {0, 2, 3, 4}) EXPECT_FALSE(closeup_exists(i)) << i;
  EXPECT_TRUE(closeup_exists(1)) << "day 2's truck 1 has it as its photo";
  EXPECT_TRUE(photo_exists(2)) << "day 2's truck 2 has it as its close-up";
  EXPECT_FALSE(photo_exists(0));
  for (int i = 5; i < 15; ++i) EXPECT_TRUE(closeup_exists(i)) << i;
  auto rep = verify();
  EXPECT_TRUE(rep.ok) << rep.failure;
  EXPECT_EQ(rep.photos_checked, 20) << "10 kept passages, each with a photo and a close-up";
}

TEST_F(RetentionTest, RecordsRemovedOutsideRetentionAreCaught) {
  ack_all();
  ASSERT_TRUE(prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow).ok());
  // Someone moves the horizon to hide the next day as well.
  ASSERT_TRUE(store_->db()
                  .exec("DELETE FROM chain WHERE id = (SELECT first_chain_id FROM "
                        "retention_horizon)")
                  .ok());
  auto rep = verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_THAT(rep.failure, HasSubstr("missing"));
}

TEST_F(RetentionTest, AForgedHorizonDoesNotLinkToTheSeal) {
  ack_all();
  ASSERT_TRUE(prune_oldest_expired_day(*store_, dir_.file("photos"), kFirstKept, kNow).ok());
  ASSERT_TRUE(store_->db()
                  .exec("UPDATE retention_horizon SET prev_hash = (SELECT hash FROM chain WHERE "
                        "id = first_chain_id)")
                  .ok());
  auto rep = verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_FALSE(rep.failure.empty());
}

TEST(DiskSpaceTest, LevelsFollowTheWarningShareAndTheReserve) {
  constexpr uint64_t kGiB = 1ull << 30;
  EXPECT_EQ(storage_level({50 * kGiB, 100 * kGiB}, 10, kGiB / 2), StorageLevel::kOk);
  EXPECT_EQ(storage_level({9 * kGiB, 100 * kGiB}, 10, kGiB / 2), StorageLevel::kLow);
  EXPECT_EQ(storage_level({kGiB / 4, 100 * kGiB}, 10, kGiB / 2), StorageLevel::kCritical);
  auto here = disk_space(".");
  ASSERT_TRUE(here.ok()) << here.error();
  EXPECT_GT(here.value().total_bytes, 0u);
  EXPECT_LE(here.value().free_bytes, here.value().total_bytes);
  auto missing = disk_space("/no/such/dir");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), HasSubstr("/no/such/dir"));
}

}  // namespace
}  // namespace gate::host
