#include "firmware-host/gatectl/commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "firmware-host/store/gate_store.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Checked with Python: datetime(2026, 11, 22, tzinfo=UTC+8).timestamp() * 1000.
constexpr int64_t kDay = 1795276800000;  // 2026-11-22 00:00:00 +08:00
constexpr int64_t kT0 = 1795305600000;   // 2026-11-22 08:00:00 +08:00

struct CtlRun {
  int rc = -1;
  std::string out;
  std::string err;
};

CtlRun run_ctl(const std::vector<std::string>& argv) {
  CtlRun r;
  auto args = parse_args(argv);
  if (!args.ok()) {
    r.err = args.error();
    return r;
  }
  std::ostringstream out, err;
  r.rc = run_command(args.value(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(ParseArgsTest, SplitsWordsOptionsAndPositionals) {
  auto a = parse_args({"ledger", "import", "--db", "/tmp/g.db", "ledger.csv"});
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_THAT(a.value().words, ElementsAre("ledger", "import"));
  EXPECT_EQ(a.value().options.at("--db"), "/tmp/g.db");
  EXPECT_THAT(a.value().positional, ElementsAre("ledger.csv"));

  auto b = parse_args({"passages", "--format=json", "list", "--plate", "豫H12345", "--limit=5"});
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_THAT(b.value().words, ElementsAre("passages", "list"));
  EXPECT_EQ(b.value().options.at("--format"), "json");
  EXPECT_EQ(b.value().options.at("--plate"), "豫H12345");
  EXPECT_EQ(b.value().options.at("--limit"), "5");
  EXPECT_TRUE(b.value().positional.empty());

  auto c = parse_args({"--from", "2026-11-22 08:00", "passages", "list"});
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.value().options.at("--from"), "2026-11-22 08:00");
  EXPECT_THAT(c.value().words, ElementsAre("passages", "list"));
}

TEST(ParseArgsTest, RejectsUnknownOptionsAndMissingValues) {
  auto a = parse_args({"passages", "list", "--verbose"});
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.error(), HasSubstr("--verbose"));
  auto b = parse_args({"passages", "list", "--db"});
  ASSERT_FALSE(b.ok());
  EXPECT_THAT(b.error(), HasSubstr("--db needs a value"));
  auto c = parse_args({"passages", "list", "--colour=red"});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error(), HasSubstr("--colour"));
}

TEST(ParseLocalTimeTest, DatesAndTimesAtUtcPlus8) {
  auto day = parse_local_time("2026-11-22", 480);
  ASSERT_TRUE(day.ok()) << day.error();
  EXPECT_EQ(day.value(), kDay);
  for (const char* t : {"2026-11-22 08:00:00", "2026-11-22 08:00", "2026-11-22T08:00:00"}) {
    auto r = parse_local_time(t, 480);
    ASSERT_TRUE(r.ok()) << t << ": " << r.error();
    EXPECT_EQ(r.value(), kT0) << t;
  }
  auto r = parse_local_time("2026-11-22 23:59:59", 480);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), kDay + 86399000);
}

TEST(ParseLocalTimeTest, OtherOffsetsAndCalendarEdges) {
  EXPECT_EQ(parse_local_time("1970-01-01", 0).value(), 0);
  EXPECT_EQ(parse_local_time("1970-01-01 08:00", 480).value(), 0);
  EXPECT_EQ(parse_local_time("2024-02-29 12:00:00", 0).value(), 1709208000000);  // leap day
  EXPECT_EQ(parse_local_time("2000-03-01", 0).value(), 951868800000);
  EXPECT_EQ(parse_local_time("2026-11-22", -300).value(), kDay + 13 * 3600000LL);
}

TEST(ParseLocalTimeTest, RejectsWhatIsNotATime) {
  for (const char* t : {"", "22/11/2026", "2026-11", "2026-13-01", "2026-11-32", "2026-11-22 25:00",
                        "2026-11-22 08", "2026-11-22X08:00:00", "yesterday", "2026-11-22 -1:00",
                        "2026-11-22 08:-5"}) {
    auto r = parse_local_time(t, 480);
    EXPECT_FALSE(r.ok()) << "'" << t << "' parsed as " << (r.ok() ? r.value() : 0);
  }
}

class GatectlTest : public ::testing::Test {
 protected:
  std::string csv(const std::string& name, const std::string& text) {
    return dir_.write(name, text);
  }

  test_support::TempDir dir_;
  std::string db_ = dir_.file("gate.db");
};

constexpr const char* kGoodCsv =
    "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,fleet,valid_from,valid_until,"
    "suspended\n"
    "豫H12345,yellow,transport,LZZ5ELND3KW123456,6,B,\"Fleet, Ltd\",,2026-12-31,0\n"
    "豫AD12345,green,in_plant,,D,C,,,,no\n";

TEST_F(GatectlTest, LedgerImportThenList) {
  const std::string file = csv("ledger.csv", kGoodCsv);
  CtlRun imp = run_ctl({"ledger", "import", "--db", db_, file});
  ASSERT_EQ(imp.rc, 0) << imp.err;
  EXPECT_THAT(imp.out, HasSubstr("imported 2 ledger entries"));

  CtlRun list = run_ctl({"ledger", "list", "--db", db_});
  ASSERT_EQ(list.rc, 0) << list.err;
  auto ls = lines_of(list.out);
  ASSERT_EQ(ls.size(), 3u) << list.out;
  EXPECT_THAT(ls[0], HasSubstr("plate,plate_color,vehicle_class"));
  EXPECT_THAT(ls[1], HasSubstr("豫H12345,yellow,VEHICLE_CLASS_TRANSPORT,LZZ5ELND3KW123456,6,B"));
  EXPECT_THAT(ls[1], HasSubstr("\"Fleet, Ltd\""));
  EXPECT_THAT(ls[2], HasSubstr("豫AD12345,green,VEHICLE_CLASS_IN_PLANT"));
}

TEST_F(GatectlTest, BadLedgerImportsNothingAndNamesEachBadLine) {
  const std::string file =
      csv("bad.csv",
          "plate,vehicle_class,emission_stage,fuel_type,valid_from,valid_until,suspended\n"
          "豫H12345,transport,6,B,,,0\n"
          "豫H54321,transport,Z,B,,,0\n"
          "豫H11111,lorry,5,B,,,0\n");
  CtlRun imp = run_ctl({"ledger", "import", "--db", db_, file});
  EXPECT_EQ(imp.rc, 1);
  EXPECT_THAT(imp.err, HasSubstr(file + ":3: emission_stage: "));
  EXPECT_THAT(imp.err, HasSubstr(file + ":4: vehicle_class: "));
  EXPECT_THAT(imp.err, HasSubstr("nothing imported"));
  EXPECT_THAT(imp.out, Not(HasSubstr("imported")));

  CtlRun list = run_ctl({"ledger", "list", "--db", db_});
  ASSERT_EQ(list.rc, 0) << list.err;
  EXPECT_EQ(lines_of(list.out).size(), 1u) << list.out;  // header only
}

TEST_F(GatectlTest, LedgerImportUsageErrors) {
  EXPECT_EQ(run_ctl({"ledger", "import", "--db", db_}).rc, 2);             // no file
  EXPECT_EQ(run_ctl({"ledger", "import", csv("l.csv", kGoodCsv)}).rc, 2);  // no --db
  CtlRun missing = run_ctl({"ledger", "import", "--db", db_, dir_.file("absent.csv")});
  EXPECT_EQ(missing.rc, 1);
  EXPECT_THAT(missing.err, HasSubstr("absent.csv"));
}

class GatectlPassagesTest : public GatectlTest {
 protected:
  void SetUp() override {
    auto store = host::GateStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.error();
    add(*store.value(), "豫H12345", kT0, gate::v1::VERDICT_PASS);                   // 1
    add(*store.value(), "豫H54321", kT0 + 5 * 60000, gate::v1::VERDICT_REFUSE);     // 2
    add(*store.value(), "豫H12345", kT0 + 25 * 3600000LL, gate::v1::VERDICT_PASS);  // 3, next day
  }

  static void add(host::GateStore& store, const std::string& plate, int64_t time,
                  gate::v1::Verdict verdict) {
    gate::v1::Passage p;
    p.set_gate_id("G1");
    p.set_lane_id("L1");
    p.set_direction(gate::v1::DIRECTION_IN);
    p.set_time_unix_ms(time);
    p.mutable_read()->set_plate_text(plate);
    p.mutable_read()->set_color(gate::v1::PLATE_COLOR_YELLOW);
    p.mutable_read()->set_confidence(0.9);
    const bool pass = verdict == gate::v1::VERDICT_PASS;
    p.set_vehicle_known(pass);
    if (pass) {
      p.mutable_vehicle()->set_plate(plate);
      p.mutable_vehicle()->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
      p.mutable_vehicle()->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    }
    p.mutable_decision()->set_verdict(verdict);
    p.mutable_decision()->set_rule_id(pass ? "pass.all_rules" : "identity.unknown_vehicle");
    p.mutable_decision()->set_reason(pass ? "准予通行" : "未登记车辆, unknown");
    p.mutable_decision()->set_policy_version("test-1");
    p.set_outcome(pass ? gate::v1::PASSAGE_OUTCOME_PASSED : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
    auto r = store.commit_passage(p, time);
    ASSERT_TRUE(r.ok()) << r.error();
  }
};

TEST_F(GatectlPassagesTest, CsvListsEveryPassageInLocalTime) {
  CtlRun r = run_ctl({"passages", "list", "--db", db_, "--format", "csv"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto ls = lines_of(r.out);
  ASSERT_EQ(ls.size(), 4u) << r.out;
  EXPECT_EQ(ls[0].rfind("seq,time,lane,plate,", 0), 0u);
  EXPECT_EQ(ls[1].rfind("1,2026-11-22 08:00:00,L1,豫H12345,yellow,", 0), 0u) << ls[1];
  EXPECT_THAT(ls[1], HasSubstr(",6,B,PASS,pass.all_rules,准予通行,passed"));
  EXPECT_EQ(ls[2].rfind("2,2026-11-22 08:05:00,L1,豫H54321,", 0), 0u) << ls[2];
  EXPECT_THAT(ls[2],
              HasSubstr(",REFUSE,identity.unknown_vehicle,\"未登记车辆, unknown\",turned_away"));
  EXPECT_EQ(ls[3].rfind("3,2026-11-23 09:00:00,", 0), 0u) << ls[3];
}

TEST_F(GatectlPassagesTest, CsvFiltersByDecision) {
  CtlRun r = run_ctl({"passages", "list", "--db", db_, "--format=csv", "--decision", "refuse"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto ls = lines_of(r.out);
  ASSERT_EQ(ls.size(), 2u) << r.out;
  EXPECT_THAT(ls[1], HasSubstr("豫H54321"));

  CtlRun p = run_ctl({"passages", "list", "--db", db_, "--format=csv", "--decision", "pass"});
  ASSERT_EQ(p.rc, 0) << p.err;
  EXPECT_EQ(lines_of(p.out).size(), 3u) << p.out;
}

TEST_F(GatectlPassagesTest, JsonFiltersByPlateAndParses) {
  CtlRun r = run_ctl({"passages", "list", "--db", db_, "--format", "json", "--plate", "豫H12345"});
  ASSERT_EQ(r.rc, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  for (const auto& p : j) {
    EXPECT_EQ(p["plate"], "豫H12345");
    EXPECT_EQ(p["decision"], "PASS");
    EXPECT_EQ(p["outcome"], "passed");
    EXPECT_EQ(p["emission_stage"], "6");
    EXPECT_EQ(p["gate"], "G1");
  }
  EXPECT_EQ(j[0]["seq"], 1);
  EXPECT_EQ(j[0]["time"], "2026-11-22 08:00:00");
  EXPECT_EQ(j[0]["time_unix_ms"], kT0);
  EXPECT_EQ(j[1]["seq"], 3);
}

TEST_F(GatectlPassagesTest, JsonFiltersByTimeRangeAndLimit) {
  CtlRun day2 = run_ctl({"passages", "list", "--db", db_, "--format=json", "--from", "2026-11-23"});
  ASSERT_EQ(day2.rc, 0) << day2.err;
  nlohmann::json j = nlohmann::json::parse(day2.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["seq"], 3);

  CtlRun day1 = run_ctl({"passages", "list", "--db", db_, "--format=json", "--from", "2026-11-22",
                         "--to", "2026-11-22 08:05:00"});
  ASSERT_EQ(day1.rc, 0) << day1.err;
  j = nlohmann::json::parse(day1.out);
  ASSERT_EQ(j.size(), 1u);  // --to is exclusive
  EXPECT_EQ(j[0]["seq"], 1);

  CtlRun lim = run_ctl({"passages", "list", "--db", db_, "--format=json", "--limit", "2"});
  ASSERT_EQ(lim.rc, 0) << lim.err;
  EXPECT_EQ(nlohmann::json::parse(lim.out).size(), 2u);
}

TEST_F(GatectlPassagesTest, TableShowsACount) {
  CtlRun r = run_ctl({"passages", "list", "--db", db_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("3 passage(s)"));
  EXPECT_THAT(r.out, HasSubstr("豫H54321"));
}

TEST_F(GatectlPassagesTest, SummaryCountsDecisionsAndBacklog) {
  CtlRun r = run_ctl({"passages", "summary", "--db", db_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("passages: 3"));
  EXPECT_THAT(r.out, HasSubstr("identity.unknown_vehicle"));
  // 3 decisions, and an outcome for each of the 2 passes committed already passed
  // (docs/uplink.md §2: every pass gets one; the refusal none).
  EXPECT_THAT(r.out, HasSubstr("0 record(s) acknowledged, 5 pending"));
}

TEST_F(GatectlPassagesTest, BadOptionsAreUsageErrors) {
  CtlRun dec = run_ctl({"passages", "list", "--db", db_, "--decision", "maybe"});
  EXPECT_EQ(dec.rc, 2);
  EXPECT_THAT(dec.err, HasSubstr("--decision"));
  CtlRun fmt = run_ctl({"passages", "list", "--db", db_, "--format", "xml"});
  EXPECT_EQ(fmt.rc, 2);
  CtlRun from = run_ctl({"passages", "list", "--db", db_, "--from", "last week"});
  EXPECT_EQ(from.rc, 2);
  EXPECT_THAT(from.err, HasSubstr("--from"));
  CtlRun nodb = run_ctl({"passages", "list"});
  EXPECT_EQ(nodb.rc, 2);
  EXPECT_THAT(nodb.err, HasSubstr("--db"));
}

TEST_F(GatectlTest, UnknownCommandIsAUsageError) {
  CtlRun r = run_ctl({"passages", "delete", "--db", db_});
  EXPECT_EQ(r.rc, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command 'passages delete'"));
  EXPECT_EQ(run_ctl({"frobnicate"}).rc, 2);
  EXPECT_EQ(run_ctl({}).rc, 2);
}

TEST_F(GatectlTest, ConfigCheck) {
  const std::string good =
      dir_.write("gated.textproto",
                 "gate_id: \"G1\"\n"
                 "database_path: \"gate.db\"\n"
                 "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
                 "policy { version: \"v1\" }\n");
  CtlRun ok = run_ctl({"config", "check", good});
  EXPECT_EQ(ok.rc, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("OK (gate G1, 1 lane(s), policy v1)"));

  const std::string bad =
      dir_.write("bad.textproto", "gate_id: \"G1\"\nuplink { batch_size: -1 }\n");
  CtlRun ko = run_ctl({"config", "check", bad});
  EXPECT_EQ(ko.rc, 1);
  EXPECT_THAT(ko.err, HasSubstr(bad + ":"));
}

TEST_F(GatectlTest, ConfigOptionNamesTheDatabase) {
  const std::string cfg =
      dir_.write("gated.textproto",
                 "gate_id: \"G1\"\n"
                 "database_path: \"gate.db\"\n"
                 "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
                 "policy { version: \"v1\" }\n");
  ASSERT_EQ(run_ctl({"ledger", "import", "--db", db_, csv("l.csv", kGoodCsv)}).rc, 0);
  CtlRun list = run_ctl({"ledger", "list", "--config", cfg});
  ASSERT_EQ(list.rc, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("豫H12345"));
}

// lpr eval over a folder of two synthetic plates: a corrections file changes what one label
// says, the score follows, and a correction that no longer fits the labels is refused.
TEST(GatectlLpr, EvalScoresAFolderAndAppliesLabelCorrections) {
  test_support::TempDir dir;
  const std::string data = GATE_LPR_TEST_DATA;
  std::filesystem::copy_file(data + "/blue.jpg", dir.file("blue.jpg"));
  std::filesystem::copy_file(data + "/yellow.jpg", dir.file("yellow.jpg"));
  dir.write("labels.tsv",
            "file\tplate\tcolor\nblue.jpg\t豫A12345\tblue\n"
            "yellow.jpg\t豫H86321\tyellow\n");
  auto plain = run_ctl({"lpr", "eval", dir.path(), "--json", dir.file("eval.json")});
  ASSERT_EQ(plain.rc, 0) << plain.err;
  EXPECT_THAT(plain.out, HasSubstr("images            2\n"));
  EXPECT_THAT(plain.out, HasSubstr("exact match       100.0 %"));
  const auto j = nlohmann::json::parse(test_support::read_file(dir.file("eval.json")));
  EXPECT_EQ(j["images"], 2);
  EXPECT_EQ(j["labels_corrected"], 0);

  // As if the labels file were wrong about blue.jpg and right about the image.
  dir.write("fix.tsv", "file\tlabelled\tseen\tnote\nblue.jpg\t豫A12345\t豫A12346\tx\n");
  auto fixed = run_ctl({"lpr", "eval", dir.path(), "--label-corrections", dir.file("fix.tsv")});
  ASSERT_EQ(fixed.rc, 0) << fixed.err;
  EXPECT_THAT(fixed.out, HasSubstr("1 labels corrected by " + dir.file("fix.tsv")));
  EXPECT_THAT(fixed.out, HasSubstr("exact match       50.0 %"));

  dir.write("stale.tsv", "file\tlabelled\tseen\nblue.jpg\t豫A99999\t豫A12346\n");
  auto stale = run_ctl({"lpr", "eval", dir.path(), "--label-corrections", dir.file("stale.tsv")});
  EXPECT_EQ(stale.rc, 1);
  EXPECT_THAT(stale.err, HasSubstr("line 2"));
  EXPECT_THAT(stale.err, HasSubstr("review it"));
  EXPECT_THAT(stale.out, Not(HasSubstr("exact match")));
}

TEST(GatectlLpr, ReadSaysWhetherTheImageIsMissingOrUndecodable) {
  test_support::TempDir dir;
  auto missing = run_ctl({"lpr", "read", dir.file("none.jpg")});
  EXPECT_EQ(missing.rc, 1);
  EXPECT_THAT(missing.err, HasSubstr("no image file '" + dir.file("none.jpg") + "'"));
  auto text = run_ctl({"lpr", "read", dir.write("notes.jpg", "not an image")});
  EXPECT_EQ(text.rc, 1);
  EXPECT_THAT(text.err, HasSubstr("cannot decode '" + dir.file("notes.jpg") + "' as an image"));
  auto plate = run_ctl({"lpr", "read", std::string(GATE_LPR_TEST_DATA) + "/blue.jpg"});
  ASSERT_EQ(plate.rc, 0) << plate.err;
  EXPECT_THAT(plate.out, HasSubstr("豫A12345"));  // tests/drivers/lpr/data/labels.tsv
}

}  // namespace
}  // namespace gate::ctl
