// gatectl ledger import/suspend/history against a real database file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using test_support::TempDir;
using ::testing::HasSubstr;

const std::string kHeader =
    "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,valid_from,valid_until,"
    "suspended\n";

struct CtlRun {
  int rc;
  std::string out, err;
};

CtlRun gatectl(const std::vector<std::string>& argv) {
  std::ostringstream out, err;
  auto args = parse_args(argv);
  if (!args.ok()) return {2, "", args.error()};
  int rc = run_command(args.value(), out, err);
  return {rc, out.str(), err.str()};
}

class LedgerImportTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.file(name), std::ios::binary) << text;
    return dir_.file(name);
  }
  std::vector<gate::v1::Vehicle> ledger() {
    auto store = host::GateStore::Open(db_);
    return store.value()->load_vehicles().value();
  }
  TempDir dir_;
  std::string db_ = dir_.file("gate.db");
};

TEST_F(LedgerImportTest, ReportsEveryBadRowExactlyAndImportsNothing) {
  std::string file = write("dirty.csv", kHeader +
                                            "豫H12345,yellow,transport,LZZ5ELND3KW123456,5,B,,,0\n"
                                            "豫H12345,yellow,transport,,6,B,,,0\n"
                                            "豫H1234O,yellow,transport,,6,B,,,0\n"
                                            "豫A00001,blue,in_plant,LZZ5ELND8KW123456,6,A,,,0\n"
                                            "豫A00002,blue,in_plant,,9,A,,,0\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, file});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr("dirty.csv:3: plate: '豫H12345' is already on line 2"));
  EXPECT_THAT(r.err, HasSubstr("dirty.csv:4: plate:"));
  EXPECT_THAT(r.err, HasSubstr("dirty.csv:5: vin: 'LZZ5ELND8KW123456': VIN position 9 is '8' "
                               "but the check digit is '3'"));
  EXPECT_THAT(r.err, HasSubstr("dirty.csv:6: emission_stage:"));
  EXPECT_THAT(r.err, HasSubstr("nothing imported: 4 error(s)"));
  EXPECT_TRUE(ledger().empty()) << "an all-or-nothing import left rows behind";
}

TEST_F(LedgerImportTest, SkipInvalidImportsTheGoodRowsOnly) {
  std::string file = write("dirty.csv", kHeader +
                                            "豫H12345,yellow,transport,LZZ5ELND3KW123456,5,B,,,0\n"
                                            "豫H1234O,yellow,transport,,6,B,,,0\n"
                                            "豫A00002,blue,in_plant,,6,A,,,0\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, "--skip-invalid", file});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("imported 2 ledger entries"));
  EXPECT_THAT(r.out, HasSubstr("skipped 1 error(s)"));
  EXPECT_THAT(r.err, HasSubstr("dirty.csv:3: plate:"));
  EXPECT_EQ(ledger().size(), 2u);
}

TEST_F(LedgerImportTest, ReadsGbkAsChineseExcelSavesIt) {
  // "豫H12345,黄,transport,…,国五,B" with 豫 = D4A5, 黄 = BBC6, 国 = B9FA, 五 = CEE5.
  std::string file = write("excel.csv", kHeader +
                                            "\xD4\xA5H12345,\xBB\xC6,transport,LZZ5ELND3KW123456,"
                                            "\xB9\xFA\xCE\xE5,B,,,0\r\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, file});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("read as GBK"));
  auto vs = ledger();
  ASSERT_EQ(vs.size(), 1u);
  EXPECT_EQ(vs[0].plate(), "豫H12345");
  EXPECT_EQ(vs[0].plate_color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(vs[0].emission_stage(), gate::v1::EMISSION_STAGE_CHINA_V);
}

TEST_F(LedgerImportTest, FullWidthCharactersAndBomAreAccepted) {
  std::string file =
      write("fw.csv", "\xEF\xBB\xBF" + kHeader + "豫Ｈ１２３４５,yellow,transport,,6,B,,,0\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, file});
  EXPECT_EQ(r.rc, 0) << r.err;
  ASSERT_EQ(ledger().size(), 1u);
  EXPECT_EQ(ledger()[0].plate(), "豫H12345");
}

TEST_F(LedgerImportTest, DatesAsExcelWritesThemAreStoredAsIsoDates) {
  const std::string header =
      "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,registration_date,"
      "valid_until,valid_from,suspended\n";
  std::string ok =
      write("dates.csv", header +
                             "豫H12345,yellow,transport,,6,B,2020/5/1,2027年3月31日,,0\n"
                             "豫H12346,yellow,transport,,6,B,2021/12/09 0:00,,,0\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, ok});
  ASSERT_EQ(r.rc, 0) << r.err;
  ASSERT_EQ(ledger().size(), 2u);
  EXPECT_EQ(ledger()[0].registration_date(), "2020-05-01");
  EXPECT_EQ(ledger()[0].valid_until(), "2027-03-31");
  EXPECT_EQ(ledger()[1].registration_date(), "2021-12-09");
  std::string bad =
      write("bad-dates.csv", header + "豫H12347,yellow,transport,,6,B,2023/2/29,,,0\n");
  CtlRun b = gatectl({"ledger", "import", "--db", db_, bad});
  EXPECT_NE(b.rc, 0);
  EXPECT_THAT(b.out + b.err, HasSubstr("registration_date"));
  EXPECT_THAT(b.out + b.err, HasSubstr("'2023/2/29' is not a date"));
  EXPECT_EQ(ledger().size(), 2u) << "nothing partial";
}

TEST_F(LedgerImportTest, EveryChangeIsInTheHistoryWithWhoAndWhat) {
  std::string v1 = write("v1.csv", kHeader + "豫H12345,yellow,transport,,5,B,,,0\n");
  std::string v2 = write("v2.csv", kHeader + "豫H12345,yellow,transport,,6,B,,,0\n");
  ASSERT_EQ(gatectl({"ledger", "import", "--db", db_, "--operator", "李四", v1}).rc, 0);
  ASSERT_EQ(gatectl({"ledger", "import", "--db", db_, "--operator", "李四", v1}).rc, 0);
  ASSERT_EQ(gatectl({"ledger", "import", "--db", db_, "--operator", "王五", v2}).rc, 0);
  CtlRun s = gatectl({"ledger", "suspend", "--db", db_, "--plate", "豫H12345", "--operator", "张三",
                      "--reason", "failed roadside test"});
  ASSERT_EQ(s.rc, 0) << s.err;
  EXPECT_TRUE(ledger()[0].suspended());
  CtlRun h = gatectl({"ledger", "history", "--db", db_, "--plate", "豫H12345"});
  ASSERT_EQ(h.rc, 0) << h.err;
  // The identical re-import left no entry: three changes.
  EXPECT_THAT(h.out, HasSubstr("3 change(s)"));
  EXPECT_THAT(h.out, HasSubstr("create by 李四"));
  EXPECT_THAT(h.out, HasSubstr("update by 王五"));
  EXPECT_THAT(h.out, HasSubstr("emission_stage: EMISSION_STAGE_CHINA_V → EMISSION_STAGE_CHINA_VI"));
  EXPECT_THAT(h.out, HasSubstr("update by 张三: failed roadside test"));
  EXPECT_THAT(h.out, HasSubstr("suspended: no → yes"));
}

TEST_F(LedgerImportTest, SuspendingAnUnknownPlateFails) {
  CtlRun r = gatectl({"ledger", "suspend", "--db", db_, "--plate", "豫H99999", "--reason", "x"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr("not in the ledger"));
}

// What the issue found: a short row (its validity and suspension cut off) was imported with
// --skip-invalid as an active, unlimited entry, and an open quote swallowed the next row with rc 0.
TEST_F(LedgerImportTest, AShortRowOrAnOpenQuoteIsReportedAndNeverImported) {
  std::string file = write("cut.csv", kHeader +
                                          "豫H12345,yellow,transport,,6,B,,2026-12-31,1\n"
                                          "豫H54321,yellow,transport,,6,B\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, "--skip-invalid", file});
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("cut.csv:3: valid_from: the row has 6 fields but the header has 9"));
  ASSERT_EQ(ledger().size(), 1u);
  EXPECT_EQ(ledger()[0].plate(), "豫H12345");
  EXPECT_TRUE(ledger()[0].suspended());

  std::string quote = write("quote.csv", kHeader +
                                             "豫A00001,\"yellow,transport,,6,B,,,0\n"
                                             "豫A00002,yellow,transport,,6,B,,,1\n");
  CtlRun q = gatectl({"ledger", "import", "--db", db_, quote});
  EXPECT_EQ(q.rc, 1);
  EXPECT_THAT(q.err, HasSubstr("quote.csv:2: field 2 opens a quote (\") that is not closed"));
  EXPECT_THAT(q.err, HasSubstr("nothing imported: 1 error(s)"));
  EXPECT_EQ(ledger().size(), 1u);
}

}  // namespace
}  // namespace gate::ctl
