// Ledgers saved as XLSX: workbooks written here with libxlsxwriter (shared strings, or inline
// strings in constant-memory mode), imported with gatectl, rows checked; bad rows are reported
// by spreadsheet row number; Excel dates become YYYY-MM-DD.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <functional>
#include <sstream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/ledger/excel_date.h"
#include "firmware-host/ledger/ledger_xlsx.h"
#include "firmware-host/ledger/xlsx_reader.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_images.h"

namespace gate::host {
namespace {

using test_support::TempDir;
using ::testing::HasSubstr;

struct CtlRun {
  int rc;
  std::string out, err;
};

CtlRun gatectl(const std::vector<std::string>& argv) {
  std::ostringstream out, err;
  auto args = ctl::parse_args(argv);
  if (!args.ok()) return {2, "", args.error()};
  int rc = ctl::run_command(args.value(), out, err);
  return {rc, out.str(), err.str()};
}

// Writes a workbook whose first sheet `fill` fills; a second sheet holds something else, which
// the import must ignore.
void write_workbook(const std::string& path, bool inline_strings,
                    const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill) {
  lxw_workbook_options opt = {};
  opt.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE;  // constant memory = inline strings
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opt);
  ASSERT_NE(wb, nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "台账");
  lxw_worksheet* notes = workbook_add_worksheet(wb, "notes");
  fill(wb, ws);
  worksheet_write_string(notes, 0, 0, "not a ledger", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
}

const char* kColumns[] = {
    "plate",     "plate_color",       "vehicle_class", "vin",         "emission_stage",
    "fuel_type", "registration_date", "valid_from",    "valid_until", "suspended",
    "fleet",     "doc_license"};

// Row 1 header, row 2 a transport truck with real dates and numbers, row 3 empty, row 4 an
// in-plant vehicle with text values; with `bad_row`, row 5 has an emission stage that is none.
void fill_ledger(lxw_workbook* wb, lxw_worksheet* ws, bool bad_row) {
  lxw_format* custom_date = workbook_add_format(wb);
  format_set_num_format(custom_date, "yyyy\"年\"mm\"月\"dd\"日\"");
  lxw_format* builtin_date = workbook_add_format(wb);
  format_set_num_format_index(builtin_date, 14);
  for (lxw_col_t c = 0; c < std::size(kColumns); ++c) {
    worksheet_write_string(ws, 0, c, kColumns[c], nullptr);
  }
  worksheet_write_string(ws, 1, 0, "豫H12345", nullptr);
  worksheet_write_string(ws, 1, 1, "黄", nullptr);
  worksheet_write_string(ws, 1, 2, "transport", nullptr);
  worksheet_write_string(ws, 1, 3, "LZZ5ELND3KW123456", nullptr);
  worksheet_write_number(ws, 1, 4, 6, nullptr);
  worksheet_write_string(ws, 1, 5, "B", nullptr);
  lxw_datetime registered = {2021, 3, 15, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 6, &registered, custom_date);
  lxw_datetime from = {2024, 1, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 7, &from, builtin_date);
  worksheet_write_number(ws, 1, 8, 46022, nullptr);  // a date serial typed into a General cell
  worksheet_write_boolean(ws, 1, 9, 0, nullptr);
  worksheet_write_string(ws, 1, 10, "顺达物流 & Co <1>", nullptr);
  worksheet_write_string(ws, 1, 11, "scans/lic.jpg", nullptr);
  worksheet_write_string(ws, 3, 0, "豫A00001", nullptr);
  worksheet_write_string(ws, 3, 1, "blue", nullptr);
  worksheet_write_string(ws, 3, 2, "in_plant", nullptr);
  worksheet_write_string(ws, 3, 4, "国V", nullptr);
  worksheet_write_string(ws, 3, 5, "A", nullptr);
  worksheet_write_string(ws, 3, 6, "2020-01-02", nullptr);
  worksheet_write_number(ws, 3, 9, 1, nullptr);
  if (bad_row) {
    worksheet_write_string(ws, 4, 0, "豫H55555", nullptr);
    worksheet_write_string(ws, 4, 2, "transport", nullptr);
    worksheet_write_string(ws, 4, 4, "Z", nullptr);
    worksheet_write_string(ws, 4, 5, "B", nullptr);
  }
}

class LedgerXlsxTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.file("scans"));
    dir_.write("scans/lic.jpg", test_support::make_jpeg(21));
  }
  std::vector<gate::v1::Vehicle> ledger() {
    auto store = GateStore::Open(db_);
    return store.value()->load_vehicles().value();
  }
  TempDir dir_;
  std::string db_ = dir_.file("gate.db");
};

TEST_P(LedgerXlsxTest, ImportsTheFirstSheetWithDatesNumbersAndDocuments) {
  const std::string file = dir_.file("ledger.xlsx");
  write_workbook(file, GetParam(),
                 [](lxw_workbook* wb, lxw_worksheet* ws) { fill_ledger(wb, ws, false); });
  CtlRun r = gatectl({"ledger", "import", "--db", db_, file});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("imported 2 ledger entries from " + file));
  auto vs = ledger();
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[0].plate(), "豫H12345");
  EXPECT_EQ(vs[0].plate_color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(vs[0].emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(vs[0].registration_date(), "2021-03-15");
  EXPECT_EQ(vs[0].valid_from(), "2024-01-01");
  EXPECT_EQ(vs[0].valid_until(), "2025-12-31");
  EXPECT_FALSE(vs[0].suspended());
  EXPECT_EQ(vs[0].fleet(), "顺达物流 & Co <1>");
  EXPECT_EQ(vs[1].plate(), "豫A00001");
  EXPECT_EQ(vs[1].vehicle_class(), gate::v1::VEHICLE_CLASS_IN_PLANT);
  EXPECT_EQ(vs[1].emission_stage(), gate::v1::EMISSION_STAGE_CHINA_V);
  EXPECT_EQ(vs[1].registration_date(), "2020-01-02");
  EXPECT_TRUE(vs[1].suspended());
  // The document column's path is relative to the workbook.
  auto store = GateStore::Open(db_);
  auto docs = list_ledger_documents(store.value()->db()).value();
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].ledger_key, "plate:豫H12345");
  EXPECT_EQ(docs[0].sha256, sha256_hex(test_support::make_jpeg(21)));
}

TEST_P(LedgerXlsxTest, ABadRowIsReportedByItsSpreadsheetRowAndNothingIsImported) {
  const std::string file = dir_.file("ledger.xlsx");
  write_workbook(file, GetParam(),
                 [](lxw_workbook* wb, lxw_worksheet* ws) { fill_ledger(wb, ws, true); });
  CtlRun r = gatectl({"ledger", "import", "--db", db_, file});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr(file + ":5: emission_stage: 'Z' is not a stage"));
  EXPECT_THAT(r.err, HasSubstr("nothing imported: 1 error(s)"));
  EXPECT_TRUE(ledger().empty());
  CtlRun skip = gatectl({"ledger", "import", "--db", db_, "--skip-invalid", file});
  EXPECT_EQ(skip.rc, 0) << skip.err;
  EXPECT_EQ(ledger().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(SharedAndInlineStrings, LedgerXlsxTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "inline" : "shared"; });

TEST(LedgerXlsx, ANumberInADateColumnThatIsNoDateStillFails) {
  XlsxSheet sheet;
  auto t = [&](const char* s) { return XlsxCell{XlsxCell::Type::kText, s, 0}; };
  sheet.rows.push_back({1,
                        {t("plate"), t("vehicle_class"), t("emission_stage"), t("fuel_type"),
                         t("valid_until"), t("valid_from"), t("suspended")}});
  sheet.rows.push_back({7,
                        {t("豫H12345"), t("transport"), t("6"), t("B"),
                         XlsxCell{XlsxCell::Type::kNumber, "45000.5", 45000.5}}});
  auto parsed = parse_ledger_sheet(sheet);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 7);
  EXPECT_EQ(parsed.errors[0].field, "valid_until");
}

// The same strict rules as a CSV file: a misspelt safety column is refused with the nearest name,
// and a value right of the header's last name is an error of its row; a row with its last cells
// empty (absent in the file) is complete.
TEST(LedgerXlsx, AMisspeltColumnAndAValueBeyondTheHeaderAreErrors) {
  auto t = [&](const char* s) { return XlsxCell{XlsxCell::Type::kText, s, 0}; };
  XlsxSheet misspelt;
  misspelt.rows.push_back({1,
                           {t("plate"), t("vehicle_class"), t("emission_stage"), t("fuel_type"),
                            t("valid_from"), t("valid_until"), t("Suspend")}});
  misspelt.rows.push_back(
      {2, {t("豫H12345"), t("transport"), t("6"), t("B"), t(""), t(""), t("1")}});
  auto p = parse_ledger_sheet(misspelt);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].line, 1);
  EXPECT_THAT(p.errors[0].reason, HasSubstr("did you mean 'suspended'?"));
  EXPECT_TRUE(p.vehicles.empty());

  XlsxSheet wide;
  wide.rows.push_back({1,
                       {t("plate"), t("vehicle_class"), t("emission_stage"), t("fuel_type"),
                        t("valid_from"), t("valid_until"), t("suspended")}});
  wide.rows.push_back({2, {t("豫H12345"), t("transport"), t("6"), t("B")}});  // F, G empty
  wide.rows.push_back(
      {3, {t("豫H54321"), t("transport"), t("6"), t("B"), t(""), t(""), t("0"), t(""), t("x")}});
  p = parse_ledger_sheet(wide);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].line, 3);
  EXPECT_THAT(p.errors[0].reason,
              HasSubstr("column 9 (I) has no name in the header but holds 'x'"));
  ASSERT_EQ(p.vehicles.size(), 1u);
  EXPECT_EQ(p.vehicles[0].plate(), "豫H12345");
}

TEST(LedgerXlsx, OtherFilesAreRefusedWithWhatToDo) {
  TempDir dir;
  std::string xls = dir.write("old.xlsx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "x");
  auto r = read_first_xlsx_sheet(xls);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("Excel 97-2003 workbook (.xls)"));
  std::string csv = dir.write("csv.xlsx", "plate,vehicle_class\n");
  EXPECT_THAT(read_first_xlsx_sheet(csv).error(), HasSubstr("not a zip archive"));
  std::string zip = dir.write("empty.xlsx", std::string("PK\x03\x04", 4) + "broken");
  EXPECT_FALSE(read_first_xlsx_sheet(zip).ok());
  EXPECT_TRUE(is_xlsx_path("a/台账.XLSX"));
  EXPECT_FALSE(is_xlsx_path("ledger.csv"));
}

TEST(ExcelDate, SerialsInBothDateSystems) {
  EXPECT_EQ(excel_serial_to_text(45292, false), "2024-01-01");
  EXPECT_EQ(excel_serial_to_text(1, false), "1900-01-01");
  EXPECT_EQ(excel_serial_to_text(59, false), "1900-02-28");
  EXPECT_EQ(excel_serial_to_text(60, false), "1900-02-29");  // Lotus's phantom day
  EXPECT_EQ(excel_serial_to_text(61, false), "1900-03-01");
  EXPECT_EQ(excel_serial_to_text(0, true), "1904-01-01");
  EXPECT_EQ(excel_serial_to_text(43830, true), "2024-01-01");
  EXPECT_EQ(excel_serial_to_text(45292.5, false), "2024-01-01 12:00:00");
  EXPECT_EQ(excel_serial_to_text(-1, false), std::nullopt);
}

TEST(ExcelDate, DateFormats) {
  EXPECT_TRUE(is_date_format(14, ""));
  EXPECT_TRUE(is_date_format(31, ""));  // yyyy"年"m"月"d"日" in the Chinese locale
  EXPECT_FALSE(is_date_format(0, "General"));
  EXPECT_FALSE(is_date_format(20, ""));  // h:mm, a time
  EXPECT_TRUE(is_date_format(164, "yyyy-mm-dd"));
  EXPECT_TRUE(is_date_format(165, "[$-804]yyyy\"年\"m\"月\"d\"日\""));
  EXPECT_FALSE(is_date_format(166, "0.00E+00"));
  EXPECT_FALSE(is_date_format(167, "[Red]0.00;\"day\"0"));
  EXPECT_FALSE(is_date_format(168, "hh:mm:ss"));
}

}  // namespace
}  // namespace gate::host
