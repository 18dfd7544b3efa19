// Exported files never carry a live spreadsheet formula: text from outside (plate text and camera
// id from a camera, ledger free text) that begins like a formula is written with a leading
// apostrophe in passages.csv, ledger.csv and both XLSX sheets, numbers stay numbers, and an
// exported ledger still reads back with the same values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "firmware-host/audit/audit_export.h"
#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/ledger/xlsx_reader.h"
#include "firmware-host/ledger/zip_archive.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHyperlink = "=HYPERLINK(\"http://evil.example/x\",\"查看照片\")";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class AuditExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    auto p = sync_test::passage(kHyperlink, sync_test::kT0, /*known=*/false);
    p.mutable_read()->set_camera_id("@SUM(1+1)");
    ASSERT_TRUE(store_->commit_passage(p, sync_test::kT0).ok());
    gate::v1::Vehicle v;
    v.set_plate("豫H12345");
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    v.set_fleet("+cmd|' /C calc'!A0");
    v.set_owner("-1+1");
    v.set_vehicle_type("-5");  // a number: left as it is
    ASSERT_TRUE(store_->upsert_vehicle(v, sync_test::kT0, "test").ok());
    opt_.out_dir = dir_.file("export");
    auto sum = export_audit_package(*store_, opt_);
    ASSERT_TRUE(sum.ok()) << sum.error();
  }

  test_support::TempDir dir_;
  std::unique_ptr<GateStore> store_;
  ExportOptions opt_;
};

TEST_F(AuditExportTest, CsvCellsThatLookLikeFormulasStartWithAnApostrophe) {
  const std::string passages = read_file(opt_.out_dir + "/passages.csv");
  EXPECT_THAT(passages,
              HasSubstr(",\"'=HYPERLINK(\"\"http://evil.example/x\"\",\"\"查看照片\"\")\","));
  EXPECT_THAT(passages, HasSubstr(",'@SUM(1+1),"));
  EXPECT_THAT(passages, Not(HasSubstr(",=HYPERLINK")));
  EXPECT_THAT(passages, Not(HasSubstr(",\"=HYPERLINK")));
  EXPECT_THAT(passages, HasSubstr(",0.900000,"));  // the confidence stays a number

  const std::string ledger = read_file(opt_.out_dir + "/ledger.csv");
  EXPECT_THAT(ledger, HasSubstr(",'+cmd|' /C calc'!A0,"));
  EXPECT_THAT(ledger, HasSubstr(",'-1+1,"));
  EXPECT_THAT(ledger, HasSubstr(",-5,"));
}

TEST_F(AuditExportTest, TheSameApiCsvIsGuarded) {
  auto list = store_->list_passages({});
  ASSERT_TRUE(list.ok()) << list.error();
  const std::string csv = passages_csv(list.value(), 480);
  EXPECT_THAT(csv, HasSubstr("\"'=HYPERLINK("));
  EXPECT_THAT(csv, Not(HasSubstr(",\"=HYPERLINK")));
}

TEST_F(AuditExportTest, XlsxCellsAreTextNeverFormulas) {
  const std::string xlsx = opt_.out_dir + "/passages.xlsx";
  auto zip = ZipArchive::Open(xlsx);
  ASSERT_TRUE(zip.ok()) << zip.error();
  for (const char* part : {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}) {
    auto xml = zip.value()->read(part, 1 << 20);
    ASSERT_TRUE(xml.ok() && xml.value().has_value()) << part;
    EXPECT_THAT(*xml.value(), Not(HasSubstr("<f>"))) << part;
    EXPECT_THAT(*xml.value(), Not(HasSubstr("<f ")));
  }
  auto sheet = read_first_xlsx_sheet(xlsx);  // the passages sheet
  ASSERT_TRUE(sheet.ok()) << sheet.error();
  ASSERT_EQ(sheet.value().rows.size(), 2u);
  const auto& cells = sheet.value().rows[1].cells;
  ASSERT_GT(cells.size(), 8u);
  EXPECT_EQ(cells[5].type, XlsxCell::Type::kText);
  EXPECT_EQ(cells[5].text, "'" + kHyperlink);
  EXPECT_EQ(cells[8].text, "'@SUM(1+1)");
}

TEST_F(AuditExportTest, AnExportedLedgerReadsBackUnchanged) {
  const LedgerParse back = parse_ledger_csv(read_file(opt_.out_dir + "/ledger.csv"));
  ASSERT_TRUE(back.errors.empty()) << format_row_error("ledger.csv", back.errors[0]);
  ASSERT_EQ(back.vehicles.size(), 1u);
  EXPECT_EQ(back.vehicles[0].fleet(), "+cmd|' /C calc'!A0");
  EXPECT_EQ(back.vehicles[0].owner(), "-1+1");
  EXPECT_EQ(back.vehicles[0].vehicle_type(), "-5");
}

}  // namespace
}  // namespace gate::host
