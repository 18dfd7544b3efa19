// The plate close-up (PlateRead.closeup_sha256) in the gate database: written and read with the
// passage, a version-6 file gains the column (schema step 7) and its chain still verifies, a
// passage with a close-up queues photo_2 after photo_1 where photos travel as messages, and the
// close-up is in the passage's chained text only when there is one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/canonical_record.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/schema_migrations.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using test_support::TempDir;

const std::string kCloseup(64, 'c');

gate::v1::Passage with_closeup(const std::string& plate, int64_t time) {
  auto p = sync_test::passage(plate, time);
  p.mutable_read()->set_closeup_sha256(kCloseup);
  return p;
}

Result<VerifyReport> verify(GateStore& store, const TempDir& dir) {
  auto key = SigningKey::LoadOrCreate(dir.file("gate.key"));
  if (!key.ok()) return Error{key.error()};
  VerifyOptions opt;
  opt.public_pem = key.value().public_pem();
  return verify_gate_records(store, opt);
}

TEST(CloseupPhoto, IsWrittenAndReadWithThePassage) {
  TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  auto p = with_closeup("豫H10001", kT0);
  auto seq = store.value()->commit_passage(p, kT0);
  ASSERT_TRUE(seq.ok()) << seq.error();
  auto plain = sync_test::passage("豫H10002", kT0 + 1000);
  ASSERT_TRUE(store.value()->commit_passage(plain, kT0 + 1000).ok());

  auto back = store.value()->read_passage(seq.value());
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back.value().read().closeup_sha256(), kCloseup);
  EXPECT_EQ(back.value().read().image_sha256(), std::string(64, 'a')) << "the main photo stays";
  auto listed = store.value()->list_passages({});
  ASSERT_TRUE(listed.ok()) << listed.error();
  ASSERT_EQ(listed.value().size(), 2u);
  EXPECT_EQ(listed.value()[0].read().closeup_sha256(), kCloseup);
  EXPECT_EQ(listed.value()[1].read().closeup_sha256(), "");
  auto report = verify(*store.value(), dir);
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_TRUE(report.value().ok) << report.value().failure;
}

TEST(CloseupPhoto, AVersionSixFileGainsTheColumnAndItsChainStillVerifies) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  {
    auto store = GateStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error();
    for (int i = 0; i < 3; ++i) {
      auto p = sync_test::passage("豫H1000" + std::to_string(i), kT0 + i * 1000, i % 2 == 0);
      ASSERT_TRUE(store.value()->commit_passage(p, kT0 + i * 1000).ok());
    }
    // As a version-6 file has them: no close-up column.
    ASSERT_TRUE(store.value()
                    ->db()
                    .exec("DROP INDEX passages_closeup; ALTER TABLE passages DROP COLUMN "
                          "closeup_sha256; PRAGMA user_version = 6")
                    .ok());
  }
  auto store = GateStore::Open(path);  // migrates
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(schema_version(store.value()->db()).value(), GateStore::latest_schema_version());
  EXPECT_GE(GateStore::latest_schema_version(), 7);
  auto old = store.value()->read_passage(2);
  ASSERT_TRUE(old.ok()) << old.error();
  EXPECT_EQ(old.value().read().closeup_sha256(), "");

  auto p = with_closeup("豫H20000", kT0 + 5000);
  auto seq = store.value()->commit_passage(p, kT0 + 5000);
  ASSERT_TRUE(seq.ok()) << seq.error();
  EXPECT_EQ(store.value()->read_passage(seq.value()).value().read().closeup_sha256(), kCloseup);

  auto report = verify(*store.value(), dir);
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_TRUE(report.value().ok) << report.value().failure;
  EXPECT_GE(report.value().chain_entries, 4);
}

// The close-up's hash is chained: changing or clearing it in a copy is caught.
TEST(CloseupPhoto, AnEditedCloseupHashBreaksTheChain) {
  TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  auto p = with_closeup("豫H10001", kT0);
  ASSERT_TRUE(store.value()->commit_passage(p, kT0).ok());
  for (const std::string& sql :
       {std::string("UPDATE passages SET closeup_sha256='' WHERE seq=1"),
        "UPDATE passages SET closeup_sha256='" + std::string(64, 'd') + "' WHERE seq=1"}) {
    ASSERT_TRUE(store.value()->db().exec(sql).ok()) << sql;
    auto report = verify(*store.value(), dir);
    ASSERT_TRUE(report.ok()) << report.error();
    EXPECT_FALSE(report.value().ok) << sql;
  }
}

TEST(CloseupPhoto, TheCanonicalTextNamesItOnlyWhenThereIsOne) {
  auto p = sync_test::passage("豫H10001", kT0);
  p.set_seq(7);
  const std::string without = canonical_passage(p);
  EXPECT_EQ(without.find("closeup"), std::string::npos) << "old records keep their bytes";
  p.mutable_read()->set_closeup_sha256(kCloseup);
  EXPECT_EQ(canonical_passage(p), without + "closeup_sha256=" + kCloseup + "\n");
}

// Where photos travel as messages: photo_1 then photo_2 after the decision of a passage with a
// close-up; photo_1 alone for one without or whose close-up is the same picture; nothing for
// one without a photo.
TEST(CloseupPhoto, APassageWithACloseupQueuesPhotoTwoAfterPhotoOne) {
  TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  store.value()->queue_photo_records(true);
  auto both = with_closeup("豫H10001", kT0);
  ASSERT_TRUE(store.value()->commit_passage(both, kT0).ok());
  auto one = sync_test::passage("豫H10002", kT0 + 1);
  ASSERT_TRUE(store.value()->commit_passage(one, kT0 + 1).ok());
  auto none = sync_test::passage("豫H10003", kT0 + 2);
  none.mutable_read()->clear_image_sha256();
  ASSERT_TRUE(store.value()->commit_passage(none, kT0 + 2).ok());
  auto twice = sync_test::passage("豫H10004", kT0 + 3);  // the scene sent again as close-up
  twice.mutable_read()->set_closeup_sha256(twice.read().image_sha256());
  ASSERT_TRUE(store.value()->commit_passage(twice, kT0 + 3).ok());
  auto rows = store.value()->next_outbox(20);
  ASSERT_TRUE(rows.ok()) << rows.error();
  std::vector<std::string> kinds;
  for (const auto& r : rows.value()) kinds.push_back(std::to_string(r.passage_seq) + r.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"1decision", "1photo_1", "1photo_2", "2decision",
                                             "2photo_1", "3decision", "4decision", "4photo_1"}));
  EXPECT_EQ(store.value()->outbox_stats().value().photos_pending, 4);
}

}  // namespace
}  // namespace gate::host
