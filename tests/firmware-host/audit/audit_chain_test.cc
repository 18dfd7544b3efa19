// Builds a real gate database with passages over three days, seals the closed days, then
// tampers with copies of it in every way an auditor worries about and checks that
// verification names the record and the reason; an untouched copy verifies.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "firmware-host/audit/audit_export.h"
#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/completeness.h"
#include "firmware-host/audit/daily_report.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using test_support::TempDir;

constexpr int kOffset = 480;
constexpr int64_t kDay1 = 1795305600000;  // 2026-11-22 08:00 +08:00
constexpr int64_t kDayMs = 86400000;

gate::v1::Passage make_passage(int i, int64_t t, const std::string& photo_sha) {
  gate::v1::Passage p;
  p.set_gate_id("G1");
  p.set_lane_id("L1");
  p.set_direction(gate::v1::DIRECTION_IN);
  p.set_time_unix_ms(t);
  auto* r = p.mutable_read();
  r->set_plate_text("豫H1234" + std::to_string(i % 10));
  r->set_color(gate::v1::PLATE_COLOR_YELLOW);
  r->set_confidence(0.9 + (i % 10) / 100.0);
  r->set_camera_id("cam");
  r->set_image_sha256(photo_sha);
  r->set_source("vzenith");
  if (i % 2 == 0) r->set_camera_time_unix_ms(t - 1500);  // the others: a camera without time
  const bool pass = i % 3 != 0;
  p.set_vehicle_known(pass);
  if (pass) {
    p.mutable_vehicle()->set_vin("LZZ5ELND3KW123456");
    p.mutable_vehicle()->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    p.mutable_vehicle()->set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  }
  p.mutable_decision()->set_verdict(pass ? gate::v1::VERDICT_PASS : gate::v1::VERDICT_REFUSE);
  p.mutable_decision()->set_rule_id(pass ? "pass.all_rules" : "identity.unknown_vehicle");
  p.mutable_decision()->set_reason("line one\nline two \\ backslash");
  p.mutable_decision()->set_policy_version("test-1");
  p.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  p.set_outcome(pass ? gate::v1::PASSAGE_OUTCOME_PENDING : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  p.set_outcome_time_unix_ms(pass ? 0 : t);
  return p;
}

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = SigningKey::LoadOrCreate(dir_.file("gate.key"));
    ASSERT_TRUE(key.ok()) << key.error();
    pubkey_ = key.value().public_pem();
    auto store = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    PhotoStore photos(dir_.file("photos"));
    // Three days of 12 passages; passes get an outcome later; day 3 stays open.
    for (int day = 0; day < 3; ++day) {
      for (int i = 0; i < 12; ++i) {
        const int n = day * 12 + i;
        const int64_t t = kDay1 + day * kDayMs + i * 60000;
        auto sha = photos.put("jpeg bytes of passage " + std::to_string(n));
        ASSERT_TRUE(sha.ok());
        auto p = make_passage(n, t, sha.value());
        auto seq = store.value()->commit_passage(p, t);
        ASSERT_TRUE(seq.ok()) << seq.error();
        if (p.outcome() == gate::v1::PASSAGE_OUTCOME_PENDING) {
          ASSERT_TRUE(store.value()
                          ->set_outcome(seq.value(), gate::v1::PASSAGE_OUTCOME_PASSED, t + 5000)
                          .ok());
        }
      }
      if (day < 2) {
        auto n = seal_closed_days(store.value()->db(), key.value(), "G1",
                                  day == 0 ? "2026-11-23" : "2026-11-24", kOffset,
                                  kDay1 + (day + 1) * kDayMs);
        ASSERT_TRUE(n.ok()) << n.error();
        ASSERT_EQ(n.value(), 1);
      }
    }
  }

  // A fresh copy of the database with `sql` applied through a raw connection.
  std::string tampered(const std::string& sql) {
    const std::string copy = dir_.file("copy-" + std::to_string(++copies_) + ".db");
    std::filesystem::copy_file(dir_.file("gate.db"), copy);
    for (const char* ext : {"-wal", "-shm"}) {
      if (std::filesystem::exists(dir_.file(std::string("gate.db") + ext))) {
        std::filesystem::copy_file(dir_.file(std::string("gate.db") + ext), copy + ext);
      }
    }
    if (!sql.empty()) {
      sqlite3* db = nullptr;
      sqlite3_open(copy.c_str(), &db);
      char* err = nullptr;
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
          << (err ? err : "");
      sqlite3_free(err);
      sqlite3_close(db);
    }
    return copy;
  }

  VerifyReport verify(const std::string& db_path, const std::string& photo_dir = "") {
    auto store = GateStore::Open(db_path, /*read_only=*/true);
    EXPECT_TRUE(store.ok()) << store.error();
    VerifyOptions opt;
    opt.public_pem = pubkey_;
    opt.photo_dir = photo_dir;
    auto rep = verify_gate_records(*store.value(), opt);
    EXPECT_TRUE(rep.ok()) << rep.error();
    return rep.value();
  }

  TempDir dir_;
  std::string pubkey_;
  int copies_ = 0;
};

TEST_F(AuditChainTest, AnUntouchedDatabaseVerifies) {
  auto rep = verify(tampered(""), dir_.file("photos"));
  EXPECT_TRUE(rep.ok) << rep.failure;
  // 36 passages, 24 pass outcomes + 12 refusal outcomes.
  EXPECT_EQ(rep.chain_entries, 72);
  EXPECT_EQ(rep.seals, 2);
  EXPECT_EQ(rep.photos_checked, 36);
  ASSERT_EQ(rep.notes.size(), 1u) << "the open day is reported as not sealed yet";
}

TEST_F(AuditChainTest, AnEditedFieldNamesThePassage) {
  auto rep = verify(tampered("UPDATE passages SET plate_read='豫H99999' WHERE seq=5"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("passage 5 "), std::string::npos) << rep.failure;
  EXPECT_NE(rep.failure.find("changed"), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, AnEditedOrAddedCameraTimeIsCaught) {
  auto edited = verify(tampered("UPDATE passages SET camera_time_unix_ms=0 WHERE seq=3"));
  EXPECT_FALSE(edited.ok);
  EXPECT_NE(edited.failure.find("passage 3 "), std::string::npos) << edited.failure;
  auto added = verify(tampered("UPDATE passages SET camera_time_unix_ms=42 WHERE seq=4"));
  EXPECT_FALSE(added.ok);
  EXPECT_NE(added.failure.find("passage 4 "), std::string::npos) << added.failure;
}

TEST_F(AuditChainTest, AnEditedDecisionIsCaught) {
  auto rep =
      verify(tampered("UPDATE passages SET verdict=1, rule_id='pass.all_rules' WHERE seq=4"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("passage 4 "), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, AChangedOutcomeIsCaught) {
  auto rep = verify(tampered("UPDATE passages SET outcome=2 WHERE seq=1"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("passage 1:"), std::string::npos) << rep.failure;
  EXPECT_NE(rep.failure.find("outcome"), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, AnAssumedPassageRewrittenAsLoopConfirmedIsCaught) {
  // Outcomes of passes were recorded without a confirmation: claiming a loop saw one is an edit.
  auto in_passage = verify(tampered("UPDATE passages SET confirmation=1 WHERE seq=2"));
  EXPECT_FALSE(in_passage.ok);
  EXPECT_NE(in_passage.failure.find("what confirmed it"), std::string::npos) << in_passage.failure;
  auto in_event =
      verify(tampered("UPDATE passage_outcomes SET confirmation=1 WHERE id=(SELECT MIN(id) FROM "
                      "passage_outcomes WHERE outcome=2)"));
  EXPECT_FALSE(in_event.ok);
  EXPECT_NE(in_event.failure.find("does not match its hash"), std::string::npos)
      << in_event.failure;
}

TEST_F(AuditChainTest, ADeletedRecordIsCaught) {
  auto rep = verify(tampered("DELETE FROM passages WHERE seq=7"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("passage 7 is missing"), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, ARecordDeletedWithItsChainEntryIsCaught) {
  auto rep = verify(tampered(
      "DELETE FROM chain WHERE kind='passage' AND ref=9; DELETE FROM passages WHERE seq=9"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("is missing: records were deleted"), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, ReorderedRecordsAreCaught) {
  // Swap two passages' plates and times: each row is still well-formed, the order is not.
  auto rep = verify(tampered(
      "UPDATE passages SET plate_read = CASE seq WHEN 2 THEN (SELECT plate_read FROM passages "
      "WHERE seq=3) ELSE (SELECT plate_read FROM passages WHERE seq=2) END, time_unix_ms = CASE "
      "seq WHEN 2 THEN (SELECT time_unix_ms FROM passages WHERE seq=3) ELSE (SELECT "
      "time_unix_ms FROM passages WHERE seq=2) END WHERE seq IN (2, 3)"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("passage 2 "), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, ReorderedChainEntriesBreakTheLinks) {
  auto rep = verify(
      tampered("UPDATE chain SET id = -1 WHERE id = 10; UPDATE chain SET id = 10 WHERE id = 11; "
               "UPDATE chain SET id = 11 WHERE id = -1"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("chain entry 10"), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, AnInsertedRecordIsCaught) {
  auto rep = verify(tampered(
      "INSERT INTO passages SELECT 1000, gate_id, lane_id, direction, time_unix_ms, "
      "'豫H77777', read_color, confidence, camera_id, image_sha256, source, vehicle_known, "
      "v_plate, v_plate_color, v_class, v_vin, v_engine_no, v_registration_date, v_stage, "
      "v_fuel, v_fleet, verdict, rule_id, reason, policy_version, explanation, operator_id, "
      "alert_level, outcome, outcome_unix_ms, committed_unix_ms, camera_time_unix_ms, "
      "confirmation, closeup_sha256, platform_strategy, platform_strategy_code, check_status, "
      "check_may_pass, check_reason, check_stage, check_fuel, check_vin, "
      "check_registration_date, check_serial, check_latency_ms, check_ledger_mismatch, "
      "check_degraded_mode FROM passages WHERE seq=2"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("passage 1000 is not in the audit chain"), std::string::npos)
      << rep.failure;
}

TEST_F(AuditChainTest, RehashingAfterAnEditIsCaughtByTheSeal) {
  // An attacker edits a record of day 1 and recomputes every later hash (they have the
  // database, not the key): the chain is self-consistent, the seal is not.
  const std::string copy = tampered("UPDATE passages SET plate_read='豫H99999' WHERE seq=5");
  {
    auto store = GateStore::Open(copy);
    ASSERT_TRUE(store.ok());
    auto& db = store.value()->db();
    auto q = db.prepare("SELECT id, kind, ref FROM chain ORDER BY id");
    ASSERT_TRUE(q.ok());
    std::string prev = kGenesisHash;
    std::vector<std::tuple<int64_t, std::string, std::string>> fixes;
    while (q.value().step().value()) {
      const int64_t id = q.value().int64(0);
      const std::string kind = q.value().text(1);
      const int64_t ref = q.value().int64(2);
      std::string canonical;
      if (kind == "passage") {
        canonical = canonical_passage(store.value()->read_passage(ref).value());
      } else {
        auto o = db.prepare(
            "SELECT passage_seq, outcome, time_unix_ms, confirmation FROM passage_outcomes "
            "WHERE id=?");
        o.value().bind(1, ref);
        (void)o.value().step();
        canonical = canonical_outcome(
            o.value().int64(0), static_cast<gate::v1::PassageOutcome>(o.value().int64(1)),
            o.value().int64(2), static_cast<gate::v1::PassageConfirmation>(o.value().int64(3)));
      }
      std::string h = chain_hash(prev, canonical);
      fixes.emplace_back(id, prev, h);
      prev = h;
    }
    for (const auto& [id, p, h] : fixes) {
      ASSERT_TRUE(db.run("UPDATE chain SET prev_hash=?, hash=? WHERE id=?", {p, h, id}).ok());
    }
  }
  auto rep = verify(copy);
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("seal of 2026-11-22"), std::string::npos) << rep.failure;
  EXPECT_NE(rep.failure.find("rewritten"), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, AForgedSealIsCaught) {
  auto rep = verify(tampered("UPDATE seals SET passages = passages + 1 WHERE date='2026-11-23'"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("seal of 2026-11-23: the signature does not verify"),
            std::string::npos)
      << rep.failure;
}

TEST_F(AuditChainTest, ASealMadeWithAnotherKeyIsCaught) {
  auto other = SigningKey::LoadOrCreate(dir_.file("other.key"));
  ASSERT_TRUE(other.ok());
  const std::string copy = tampered("DELETE FROM seals WHERE date='2026-11-23'");
  {
    auto store = GateStore::Open(copy);
    ASSERT_TRUE(store.ok());
    auto n = seal_closed_days(store.value()->db(), other.value(), "G1", "2026-11-24", kOffset,
                              kDay1 + 2 * kDayMs);
    ASSERT_TRUE(n.ok());
    ASSERT_EQ(n.value(), 1);
  }
  auto rep = verify(copy);
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("was made with key " + other.value().key_id()), std::string::npos)
      << rep.failure;
}

TEST_F(AuditChainTest, AReplacedPhotoIsCaught) {
  const std::string copy = tampered("");
  auto store = GateStore::Open(copy, true);
  auto p = store.value()->read_passage(6);
  ASSERT_TRUE(p.ok());
  PhotoStore photos(dir_.file("photos"));
  {
    std::ofstream out(photos.path_of(p.value().read().image_sha256()), std::ios::trunc);
    out << "another picture";
  }
  auto rep = verify(copy, dir_.file("photos"));
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.failure.find("passage 6 "), std::string::npos) << rep.failure;
  EXPECT_NE(rep.failure.find("was replaced"), std::string::npos) << rep.failure;
}

TEST_F(AuditChainTest, SealsAreMadeOncePerClosedDay) {
  auto store = GateStore::Open(dir_.file("gate.db"));
  auto key = SigningKey::LoadOrCreate(dir_.file("gate.key"));
  ASSERT_TRUE(store.ok() && key.ok());
  // Same day again: nothing new. The next day: day 3 is sealed.
  EXPECT_EQ(
      seal_closed_days(store.value()->db(), key.value(), "G1", "2026-11-24", kOffset, 0).value(),
      0);
  EXPECT_EQ(
      seal_closed_days(store.value()->db(), key.value(), "G1", "2026-11-25", kOffset, 0).value(),
      1);
  auto seals = load_seals(store.value()->db());
  ASSERT_EQ(seals.value().size(), 3u);
  EXPECT_EQ(seals.value()[0].date, "2026-11-22");
  EXPECT_EQ(seals.value()[0].passages, 12);
  EXPECT_EQ(seals.value()[2].last_chain_id, 72);
}

TEST(CanonicalRecord, IsStableTextWithEscapes) {
  gate::v1::Passage p;
  p.set_seq(3);
  p.mutable_read()->set_plate_text("豫H12345");
  p.mutable_read()->set_confidence(0.955);
  p.mutable_decision()->set_reason("a\nb\\c");
  const std::string c = canonical_passage(p);
  EXPECT_EQ(c.rfind("gate-chain/1\nkind=passage\nseq=3\n", 0), 0u) << c;
  EXPECT_NE(c.find("\nplate=豫H12345\n"), std::string::npos);
  EXPECT_NE(c.find("\nconfidence_e4=9550\n"), std::string::npos);
  EXPECT_NE(c.find("\nreason=a\\nb\\\\c\n"), std::string::npos);
  EXPECT_EQ(canonical_outcome(3, gate::v1::PASSAGE_OUTCOME_PASSED, 42),
            "gate-chain/1\nkind=outcome\nseq=3\noutcome=2\ntime_ms=42\n");
  // What confirmed a passage is a last line of its own, only when there is one.
  EXPECT_EQ(canonical_outcome(3, gate::v1::PASSAGE_OUTCOME_PASSED, 42,
                              gate::v1::PASSAGE_CONFIRMATION_TIMEOUT),
            "gate-chain/1\nkind=outcome\nseq=3\noutcome=2\ntime_ms=42\nconfirmation=3\n");
  // The camera's time is a last line of its own, and only when the camera sent one: records
  // chained before it was kept keep their bytes.
  EXPECT_EQ(c.find("camera_time_ms"), std::string::npos);
  EXPECT_EQ(c.substr(c.size() - 14), "alert_level=0\n");
  p.mutable_read()->set_camera_time_unix_ms(4102416000000);
  const std::string with_camera = canonical_passage(p);
  EXPECT_EQ(with_camera, c + "camera_time_ms=4102416000000\n");
  // The plate close-up likewise, after the camera's time: a passage without one keeps its bytes.
  EXPECT_EQ(with_camera.find("closeup"), std::string::npos);
  p.mutable_read()->set_closeup_sha256("cd");
  EXPECT_EQ(canonical_passage(p), with_camera + "closeup_sha256=cd\n");
  // Pinned: a change of the canonical form must be a new version, not a silent change.
  EXPECT_EQ(chain_hash(kGenesisHash, "x"), sha256_hex(std::string(kGenesisHash) + "\nx"));
}

TEST_F(AuditChainTest, ExportIsCompleteAndItsManifestMatches) {
  auto store = GateStore::Open(dir_.file("gate.db"), true);
  ASSERT_TRUE(store.ok());
  ExportOptions opt;
  opt.out_dir = dir_.file("export");
  opt.photo_dir = dir_.file("photos");
  auto sum = export_audit_package(*store.value(), opt);
  ASSERT_TRUE(sum.ok()) << sum.error();
  EXPECT_EQ(sum.value().passages, 36);
  EXPECT_EQ(sum.value().photos, 36);
  EXPECT_EQ(sum.value().missing_photos, 0);
  auto read = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  // CSV: header + 36 rows (CRLF), BOM first; a reason with a newline stays one quoted field.
  const std::string csv = read(opt.out_dir + "/passages.csv");
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFseq,time,", 0), 0u);
  int records = 0;
  bool quoted = false;
  for (char c : csv) {
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) ++records;
  }
  EXPECT_EQ(records, 37);
  // XLSX is a zip with both sheets.
  const std::string xlsx = read(opt.out_dir + "/passages.xlsx");
  EXPECT_EQ(xlsx.substr(0, 4), std::string("PK\x03\x04"));
  EXPECT_NE(xlsx.find("xl/worksheets/sheet2.xml"), std::string::npos);
  // Every file is in the manifest with its hash; nothing else is in the directory.
  auto manifest = nlohmann::json::parse(read(opt.out_dir + "/manifest.json"));
  int listed = 0;
  for (const auto& f : manifest["files"]) {
    const std::string path = opt.out_dir + "/" + f["path"].get<std::string>();
    EXPECT_EQ(sha256_hex(read(path)), f["sha256"].get<std::string>()) << path;
    ++listed;
  }
  int on_disk = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(opt.out_dir)) {
    on_disk += e.is_regular_file() && e.path().filename() != "manifest.json";
  }
  EXPECT_EQ(listed, on_disk);
  EXPECT_EQ(listed, 36 + 7);  // photos + passages.csv/xlsx, ledger, seals, days.txt/svg, README
  // A second export into the same directory is refused rather than mixed.
  EXPECT_FALSE(export_audit_package(*store.value(), opt).ok());
}

TEST_F(AuditChainTest, DailyStatsCountEachDay) {
  auto store = GateStore::Open(dir_.file("gate.db"), true);
  auto days = daily_stats(store.value()->list_passages({}).value(), kOffset);
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0].date, "2026-11-22");
  EXPECT_EQ(days[0].passages, 12);
  EXPECT_EQ(days[0].passed, 8);  // every third passage is refused
  EXPECT_EQ(days[0].refused, 4);
  EXPECT_EQ(days[0].trucks_released, 8);
  EXPECT_EQ(days[0].green_trucks_released, 0);
  EXPECT_EQ(days[0].by_stage.at("6"), 8);
  EXPECT_NE(format_daily_stats(days).find("normal days"), std::string::npos);
  EXPECT_NE(daily_stats_svg(days).find("<polyline"), std::string::npos);
}

TEST(Completeness, NamesWhatIsMissing) {
  gate::v1::Passage p;
  p.set_time_unix_ms(1);
  p.set_gate_id("G");
  p.set_lane_id("L1");
  p.set_direction(gate::v1::DIRECTION_IN);
  p.mutable_read()->set_plate_text("豫H12345");
  p.mutable_read()->set_color(gate::v1::PLATE_COLOR_YELLOW);
  p.mutable_read()->set_confidence(0.9);
  p.mutable_read()->set_camera_id("c");
  p.mutable_read()->set_image_sha256("ab");
  p.mutable_decision()->set_rule_id("r");
  p.mutable_decision()->set_reason("x");
  p.mutable_decision()->set_policy_version("v");
  p.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  EXPECT_TRUE(missing_passage_fields(p, true).empty());
  EXPECT_EQ(missing_passage_fields(p, false), std::vector<std::string>{"photo file"});
  // A close-up is optional; once the record names one, its file is required.
  EXPECT_TRUE(missing_passage_fields(p, true, false).empty()) << "no close-up named";
  p.mutable_read()->set_closeup_sha256("cd");
  EXPECT_TRUE(missing_passage_fields(p, true, true).empty());
  EXPECT_EQ(missing_passage_fields(p, true, false),
            std::vector<std::string>{"plate close-up file"});
  p.mutable_read()->clear_closeup_sha256();
  p.set_vehicle_known(true);
  p.mutable_vehicle()->set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  auto m = missing_passage_fields(p, true);
  EXPECT_NE(std::find(m.begin(), m.end(), "ledger VIN"), m.end());
  EXPECT_NE(std::find(m.begin(), m.end(), "ledger fleet"), m.end());
}

}  // namespace
}  // namespace gate::host

namespace gate::host {
namespace {

// The plate close-up is evidence like the photo: verification checks its file, a replaced or
// missing one is named as the close-up, and the audit export copies it and lists its hash.
TEST(CloseupAudit, VerificationAndExportTreatTheCloseupLikeThePhoto) {
  TempDir dir;
  auto key = SigningKey::LoadOrCreate(dir.file("gate.key"));
  ASSERT_TRUE(key.ok()) << key.error();
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  PhotoStore photos(dir.file("photos"));
  auto photo = photos.put("scene");
  auto closeup = photos.put("plate close-up");
  ASSERT_TRUE(photo.ok() && closeup.ok());
  auto p = make_passage(0, kDay1, photo.value());
  p.mutable_read()->set_closeup_sha256(closeup.value());
  ASSERT_TRUE(store.value()->commit_passage(p, kDay1).ok());

  VerifyOptions vo;
  vo.public_pem = key.value().public_pem();
  vo.photo_dir = dir.file("photos");
  auto rep = verify_gate_records(*store.value(), vo);
  ASSERT_TRUE(rep.ok()) << rep.error();
  EXPECT_TRUE(rep.value().ok) << rep.value().failure;
  EXPECT_EQ(rep.value().photos_checked, 2);

  ExportOptions eo;
  eo.out_dir = dir.file("export");
  eo.photo_dir = dir.file("photos");
  auto sum = export_audit_package(*store.value(), eo);
  ASSERT_TRUE(sum.ok()) << sum.error();
  EXPECT_EQ(sum.value().photos, 2);
  EXPECT_TRUE(std::filesystem::exists(eo.out_dir + "/photos/" + closeup.value() + ".jpg"));
  std::ifstream csv(eo.out_dir + "/passages.csv", std::ios::binary);
  std::stringstream text;
  text << csv.rdbuf();
  EXPECT_NE(text.str().find("camera_time,closeup_sha256\r\n"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find(closeup.value()), std::string::npos);

  {
    std::ofstream out(photos.path_of(closeup.value()), std::ios::trunc);
    out << "another picture";
  }
  rep = verify_gate_records(*store.value(), vo);
  ASSERT_TRUE(rep.ok()) << rep.error();
  EXPECT_FALSE(rep.value().ok);
  EXPECT_NE(rep.value().failure.find("plate close-up " + closeup.value() + " was replaced"),
            std::string::npos)
      << rep.value().failure;
  std::filesystem::remove(photos.path_of(closeup.value()));
  rep = verify_gate_records(*store.value(), vo);
  ASSERT_TRUE(rep.ok()) << rep.error();
  EXPECT_NE(rep.value().failure.find("plate close-up " + closeup.value() + " is missing"),
            std::string::npos)
      << rep.value().failure;
}

}  // namespace
}  // namespace gate::host
