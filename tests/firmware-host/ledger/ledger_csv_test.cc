#include "firmware-host/ledger/ledger_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gate::host {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kColumns = {"plate",
                                           "plate_color",
                                           "vehicle_class",
                                           "vin",
                                           "engine_no",
                                           "registration_date",
                                           "emission_stage",
                                           "fuel_type",
                                           "vehicle_type",
                                           "use",
                                           "fleet",
                                           "owner",
                                           "registration_code",
                                           "valid_from",
                                           "valid_until",
                                           "suspended"};

std::string header() {
  std::string h;
  for (const auto& c : kColumns) h += (h.empty() ? "" : ",") + c;
  return h + "\n";
}

// A valid transport row, with `overrides` replacing some of its fields.
std::string row(std::initializer_list<std::pair<std::string, std::string>> overrides = {}) {
  std::map<std::string, std::string> v = {
      {"plate", "豫H12345"},          {"plate_color", "yellow"},
      {"vehicle_class", "transport"}, {"vin", "LZZ5ELND3KW123456"},
      {"engine_no", "E123"},          {"registration_date", "2020-05-01"},
      {"emission_stage", "6"},        {"fuel_type", "B"},
      {"vehicle_type", "N3"},         {"use", "freight"},
      {"fleet", "Fleet A"},           {"owner", "Owner"},
      {"registration_code", ""},      {"valid_from", "2025-01-01"},
      {"valid_until", "2026-12-31"},  {"suspended", "0"},
  };
  for (const auto& [k, val] : overrides) v[k] = val;
  std::string r;
  for (std::size_t i = 0; i < kColumns.size(); ++i) r += (i == 0 ? "" : ",") + v[kColumns[i]];
  return r + "\n";
}

std::vector<std::pair<int, std::string>> where(const LedgerParse& p) {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& e : p.errors) out.emplace_back(e.line, e.field);
  return out;
}

TEST(LedgerCsvTest, ParsesAFullFileWithBomQuotesAndCrlf) {
  const std::string text =
      "\xEF\xBB\xBF"
      "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,fuel_type,"
      "vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,suspended\r\n"
      "豫H12345,yellow,transport,LZZ5ELND3KW123456,E123,2020-05-01,5,B,N3,货运,"
      "\"Fleet, Ltd\",\"Zhang \"\"Big\"\" San\",,2025-01-01,2026-12-31,0\r\n"
      "豫AD12345,绿,in_plant,LGXCE4CB4M0123456,,2021-03-04,D,C,N1,,,,IP-007,,,no\r\n"
      ",,machinery,PIN-XYZ-001,,,国III,B,excavator,,,,HN-JZ-000123,,,yes\r\n"
      "豫A12345D,yellow-green,transport,LFV3A28W8K3123456,,,国六,H,N3,,,,,,,1\r\n";
  LedgerParse p = parse_ledger_csv(text);
  ASSERT_TRUE(p.errors.empty()) << format_row_error("t.csv", p.errors[0]);
  ASSERT_EQ(p.vehicles.size(), 4u);

  const auto& t = p.vehicles[0];
  EXPECT_EQ(t.plate(), "豫H12345");
  EXPECT_EQ(t.plate_color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(t.vehicle_class(), gate::v1::VEHICLE_CLASS_TRANSPORT);
  EXPECT_EQ(t.vin(), "LZZ5ELND3KW123456");
  EXPECT_EQ(t.engine_no(), "E123");
  EXPECT_EQ(t.registration_date(), "2020-05-01");
  EXPECT_EQ(t.emission_stage(), gate::v1::EMISSION_STAGE_CHINA_V);
  EXPECT_EQ(t.fuel_type(), gate::v1::FUEL_TYPE_DIESEL);
  EXPECT_EQ(t.vehicle_type(), "N3");
  EXPECT_EQ(t.use(), "货运");
  EXPECT_EQ(t.fleet(), "Fleet, Ltd");
  EXPECT_EQ(t.owner(), "Zhang \"Big\" San");
  EXPECT_EQ(t.valid_from(), "2025-01-01");
  EXPECT_EQ(t.valid_until(), "2026-12-31");  // no stray \r from the CRLF
  EXPECT_FALSE(t.suspended());

  const auto& nev = p.vehicles[1];
  EXPECT_EQ(nev.plate(), "豫AD12345");
  EXPECT_EQ(nev.plate_color(), gate::v1::PLATE_COLOR_GREEN);
  EXPECT_EQ(nev.vehicle_class(), gate::v1::VEHICLE_CLASS_IN_PLANT);
  EXPECT_EQ(nev.emission_stage(), gate::v1::EMISSION_STAGE_ELECTRIC);
  EXPECT_EQ(nev.fuel_type(), gate::v1::FUEL_TYPE_ELECTRIC);
  EXPECT_EQ(nev.registration_code(), "IP-007");
  EXPECT_FALSE(nev.suspended());

  const auto& m = p.vehicles[2];
  EXPECT_EQ(m.plate(), "");
  EXPECT_EQ(m.plate_color(), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(m.vehicle_class(), gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
  EXPECT_EQ(m.vin(), "PIN-XYZ-001");  // machinery PINs are not VINs
  EXPECT_EQ(m.emission_stage(), gate::v1::EMISSION_STAGE_CHINA_III);
  EXPECT_EQ(m.registration_code(), "HN-JZ-000123");
  EXPECT_TRUE(m.suspended());

  const auto& big = p.vehicles[3];
  EXPECT_EQ(big.plate(), "豫A12345D");
  EXPECT_EQ(big.plate_color(), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(big.emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(big.fuel_type(), gate::v1::FUEL_TYPE_FUEL_CELL);
  EXPECT_TRUE(big.suspended());
}

TEST(LedgerCsvTest, ColumnsAreFoundByNameInAnyOrder) {
  const std::string text =
      " Fuel_Type ,EMISSION_STAGE,Suspended,plate,valid_until,vehicle_class,VALID_FROM\n"
      "B,5,0,豫H1234挂,,1,\n";
  LedgerParse p = parse_ledger_csv(text);
  ASSERT_TRUE(p.errors.empty()) << format_row_error("t.csv", p.errors[0]);
  ASSERT_EQ(p.vehicles.size(), 1u);
  EXPECT_EQ(p.vehicles[0].plate(), "豫H1234挂");
  EXPECT_EQ(p.vehicles[0].vehicle_class(), gate::v1::VEHICLE_CLASS_TRANSPORT);
  EXPECT_EQ(p.vehicles[0].emission_stage(), gate::v1::EMISSION_STAGE_CHINA_V);
  EXPECT_EQ(p.vehicles[0].fuel_type(), gate::v1::FUEL_TYPE_DIESEL);
  EXPECT_EQ(p.vehicles[0].plate_color(), gate::v1::PLATE_COLOR_UNKNOWN);
}

TEST(LedgerCsvTest, PlatesAreNormalised) {
  LedgerParse p = parse_ledger_csv(header() + row({{"plate", " 豫h·12345 "}}));
  ASSERT_TRUE(p.errors.empty()) << format_row_error("t.csv", p.errors[0]);
  ASSERT_EQ(p.vehicles.size(), 1u);
  EXPECT_EQ(p.vehicles[0].plate(), "豫H12345");
}

TEST(LedgerCsvTest, EachBadFieldIsReportedWithItsLineAndField) {
  const std::string text = header() +                                         // 1
                           row() +                                            // 2
                           row({{"vehicle_class", "truck"}}) +                // 3
                           row({{"plate", "豫I12345"}}) +                     // 4
                           row({{"plate_color", "purple"}}) +                 // 5
                           row({{"emission_stage", "Z"}}) +                   // 6
                           row({{"fuel_type", "Q"}}) +                        // 7
                           row({{"vin", "LZZ5ELND8KW12345"}}) +               // 8
                           row({{"vin", "LZZ5ELNO8KW123456"}}) +              // 9
                           row({{"registration_date", "2020-13-01"}}) +       // 10
                           row({{"valid_from", "2026-01-01"},                 // 11
                                {"valid_until", "2025-12-31"}}) +             //
                           row({{"suspended", "maybe"}}) +                    // 12
                           row({{"plate", ""}, {"registration_code", ""}}) +  // 13
                           row({{"valid_until", "31/12/2026"}}) +             // 14
                           row({{"plate", "豫H54321"}});                      // 15
  LedgerParse p = parse_ledger_csv(text);
  EXPECT_THAT(where(p), ::testing::ElementsAre(std::pair<int, std::string>{3, "vehicle_class"},
                                               std::pair<int, std::string>{4, "plate"},
                                               std::pair<int, std::string>{5, "plate_color"},
                                               std::pair<int, std::string>{6, "emission_stage"},
                                               std::pair<int, std::string>{7, "fuel_type"},
                                               std::pair<int, std::string>{8, "vin"},
                                               std::pair<int, std::string>{9, "vin"},
                                               std::pair<int, std::string>{10, "registration_date"},
                                               std::pair<int, std::string>{11, "valid_until"},
                                               std::pair<int, std::string>{12, "suspended"},
                                               std::pair<int, std::string>{13, "plate"},
                                               std::pair<int, std::string>{14, "valid_until"}));
  // Good rows still parse, but the file is only importable when errors is empty.
  ASSERT_EQ(p.vehicles.size(), 2u);
  EXPECT_EQ(p.vehicles[0].plate(), "豫H12345");
  EXPECT_EQ(p.vehicles[1].plate(), "豫H54321");

  ASSERT_GE(p.errors.size(), 4u);
  EXPECT_THAT(p.errors[0].reason, HasSubstr("truck"));
  EXPECT_THAT(p.errors[3].reason, HasSubstr("'Z'"));
  EXPECT_EQ(format_row_error("ledger.csv", p.errors[3]).rfind("ledger.csv:6: emission_stage: ", 0),
            0u)
      << format_row_error("ledger.csv", p.errors[3]);
}

TEST(LedgerCsvTest, OneRowWithSeveralBadFieldsReportsEach) {
  LedgerParse p = parse_ledger_csv(header() + row({{"fuel_type", "?"}, {"suspended", "x"}}));
  EXPECT_THAT(where(p), ::testing::ElementsAre(std::pair<int, std::string>{2, "fuel_type"},
                                               std::pair<int, std::string>{2, "suspended"}));
  EXPECT_TRUE(p.vehicles.empty());
}

TEST(LedgerCsvTest, LineNumbersCountBlankLines) {
  const std::string text = header() +                       // 1
                           "\n" +                           // 2 (blank)
                           row() +                          // 3
                           row({{"emission_stage", "9"}});  // 4
  LedgerParse p = parse_ledger_csv(text);
  EXPECT_THAT(where(p), ::testing::ElementsAre(std::pair<int, std::string>{4, "emission_stage"}));
  ASSERT_EQ(p.vehicles.size(), 1u);
  EXPECT_EQ(p.lines[0], 3);
}

TEST(LedgerCsvTest, MissingRequiredHeaderColumnIsReportedOnLineOne) {
  LedgerParse p = parse_ledger_csv(
      "plate,vehicle_class,emission_stage,valid_from,valid_until,suspended\n"
      "豫H12345,transport,5,,,0\n");
  EXPECT_THAT(where(p), ::testing::ElementsAre(std::pair<int, std::string>{1, "fuel_type"}));
  EXPECT_THAT(p.errors[0].reason, HasSubstr("fuel_type"));
  EXPECT_TRUE(p.vehicles.empty());
}

TEST(LedgerCsvTest, HeaderNeedsPlateOrRegistrationCode) {
  const std::string safety = "valid_from,valid_until,suspended";
  LedgerParse p =
      parse_ledger_csv("vehicle_class,emission_stage,fuel_type," + safety + "\n1,5,B,,,0\n");
  EXPECT_THAT(where(p), ::testing::ElementsAre(std::pair<int, std::string>{1, "plate"}));
  EXPECT_TRUE(p.vehicles.empty());

  LedgerParse q = parse_ledger_csv("vehicle_class,emission_stage,fuel_type,registration_code," +
                                   safety + "\n3,3,B,M-1,,,0\n");
  EXPECT_TRUE(q.errors.empty());
  EXPECT_EQ(q.vehicles.size(), 1u);
}

TEST(LedgerCsvTest, EmptyFileIsAnError) {
  for (const std::string& text :
       {std::string(""), std::string("\xEF\xBB\xBF"), std::string("\n\r\n")}) {
    LedgerParse p = parse_ledger_csv(text);
    ASSERT_EQ(p.errors.size(), 1u) << "for input of " << text.size() << " bytes";
    EXPECT_EQ(p.errors[0].line, 1);
    EXPECT_THAT(p.errors[0].reason, HasSubstr("empty"));
    EXPECT_TRUE(p.vehicles.empty());
  }
}

TEST(LedgerCsvTest, HeaderOnlyFileHasNoVehiclesAndNoErrors) {
  LedgerParse p = parse_ledger_csv(header());
  EXPECT_TRUE(p.errors.empty());
  EXPECT_TRUE(p.vehicles.empty());
}

TEST(LedgerCsvTest, FormatRowErrorWithoutField) {
  EXPECT_EQ(format_row_error("a.csv", LedgerRowError{1, "", "file is empty"}),
            "a.csv:1: file is empty");
  EXPECT_EQ(format_row_error("a.csv", LedgerRowError{7, "vin", "bad"}), "a.csv:7: vin: bad");
}

// A row cut short would otherwise be read with empty validity dates and suspension: an active,
// unlimited entry.
TEST(LedgerCsvStrict, ARowWithTooFewFieldsIsAnErrorOfItsLineNotAnUndatedEntry) {
  const std::string full = row({{"valid_until", "2026-12-31"}, {"suspended", "1"}});
  std::string cut;  // the first 10 of 16 fields
  for (int commas = 0, i = 0; commas < 10; ++i) {
    if (full[i] == ',') ++commas;
    if (commas < 10) cut += full[i];
  }
  LedgerParse p = parse_ledger_csv(header() + row({{"plate", "豫H00001"}}) + cut + "\n");
  EXPECT_THAT(where(p), ::testing::ElementsAre(std::pair<int, std::string>{3, "fleet"}));
  EXPECT_THAT(p.errors[0].reason, HasSubstr("the row has 10 fields but the header has 16"));
  EXPECT_THAT(p.errors[0].reason, HasSubstr("column 11 (K)"));
  ASSERT_EQ(p.vehicles.size(), 1u);  // only the complete row
  EXPECT_EQ(p.vehicles[0].plate(), "豫H00001");
}

TEST(LedgerCsvStrict, ARowWithTooManyFieldsIsAnError) {
  std::string extra = row({{"fleet", "Fleet, Ltd"}});  // the comma splits the field
  LedgerParse p = parse_ledger_csv(header() + extra);
  EXPECT_THAT(where(p), ::testing::ElementsAre(std::pair<int, std::string>{2, ""}));
  EXPECT_THAT(p.errors[0].reason, HasSubstr("the row has 17 fields but the header has 16"));
  EXPECT_THAT(p.errors[0].reason, HasSubstr("in quotes"));
  EXPECT_TRUE(p.vehicles.empty());
}

// An unterminated quote used to swallow the next row (here a suspended vehicle) into a field,
// and both rows passed: the first with empty dates, the second not at all.
TEST(LedgerCsvStrict, AnUnterminatedQuoteIsAnErrorOfItsLineAndTheNextRowIsReadOnItsOwn) {
  const std::string text = header() +                                              // 1
                           row({{"plate", "豫H00001"}, {"fleet", "\"Fleet A"}}) +  // 2
                           row({{"plate", "豫H00002"}, {"suspended", "1"}}) +      // 3
                           row({{"plate", "豫H00003"}, {"owner", "a \"b\" c"}});   // 4
  LedgerParse p = parse_ledger_csv(text);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].line, 2);
  EXPECT_THAT(p.errors[0].reason, HasSubstr("field 11 opens a quote (\") that is not closed"));
  EXPECT_EQ(p.errors[1].line, 4);
  EXPECT_THAT(p.errors[1].reason, HasSubstr("quote inside a field"));
  ASSERT_EQ(p.vehicles.size(), 1u);
  EXPECT_EQ(p.vehicles[0].plate(), "豫H00002");
  EXPECT_TRUE(p.vehicles[0].suspended());
  EXPECT_EQ(p.lines[0], 3);
}

TEST(LedgerCsvStrict, AQuotedLineBreakIsAnErrorOfTheLineWhereTheQuoteOpened) {
  LedgerParse p = parse_ledger_csv(header() + "\n" + row({{"owner", "\"two\nlines\""}}));
  ASSERT_GE(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].line, 3);
  EXPECT_THAT(format_row_error("ledger.csv", p.errors[0]),
              HasSubstr("ledger.csv:3: field 12 opens a quote"));
  EXPECT_TRUE(p.vehicles.empty());
}

// "suspend" for "suspended" used to import every suspended vehicle as active.
TEST(LedgerCsvStrict, AMisspeltColumnIsAnErrorThatSuggestsTheNearestName) {
  std::string text = header() + row({{"suspended", "1"}});
  text.replace(text.find("suspended"), 9, "suspend");
  LedgerParse p = parse_ledger_csv(text);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].line, 1);
  EXPECT_EQ(p.errors[0].field, "suspend");
  EXPECT_THAT(p.errors[0].reason, HasSubstr("'suspend' is not a ledger column; did you mean "
                                            "'suspended'?"));
  EXPECT_EQ(p.errors[1].field, "suspended");
  EXPECT_THAT(p.errors[1].reason, HasSubstr("header has no column 'suspended'"));
  EXPECT_TRUE(p.vehicles.empty());

  LedgerParse q = parse_ledger_csv("Plate_Colour,emission,colour_of_car\n");
  ASSERT_GE(q.errors.size(), 3u);
  EXPECT_THAT(q.errors[0].reason, HasSubstr("did you mean 'plate_color'?"));
  EXPECT_THAT(q.errors[1].reason, HasSubstr("did you mean 'emission_stage'?"));
  EXPECT_THAT(q.errors[2].reason, ::testing::Not(HasSubstr("did you mean")));
  EXPECT_THAT(q.errors[2].reason, HasSubstr("the columns are: plate, plate_color,"));
}

TEST(LedgerCsvStrict, EachSafetyColumnIsRequired) {
  for (const std::string column : {"valid_from", "valid_until", "suspended"}) {
    std::string text = header() + row();
    const auto at = text.find(column);
    text.erase(at - 1, column.size() + 1);  // the name and the comma before it
    LedgerParse p = parse_ledger_csv(text);
    ASSERT_FALSE(p.errors.empty()) << column;
    EXPECT_EQ(p.errors[0].line, 1);
    EXPECT_EQ(p.errors[0].field, column);
    EXPECT_THAT(p.errors[0].reason, HasSubstr("header has no column '" + column + "'"));
    EXPECT_TRUE(p.vehicles.empty()) << column;
  }
}

TEST(LedgerCsvStrict, AColumnNamedTwiceOrAValueInAnUnnamedColumnIsAnError) {
  LedgerParse twice = parse_ledger_csv("plate," + header());
  ASSERT_EQ(twice.errors.size(), 1u);
  EXPECT_THAT(twice.errors[0].reason,
              HasSubstr("'plate' is named twice, in columns 1 (A) and 2 (B)"));

  auto with_one_more = [](std::string line, const std::string& last) {
    line.pop_back();  // the line break
    return line + "," + last + "\n";
  };
  LedgerParse unnamed = parse_ledger_csv(with_one_more(header(), "") + with_one_more(row(), "") +
                                         with_one_more(row({{"plate", "豫H00002"}}), "note"));
  EXPECT_THAT(where(unnamed), ::testing::ElementsAre(std::pair<int, std::string>{3, ""}));
  EXPECT_THAT(unnamed.errors[0].reason,
              HasSubstr("column 17 (Q) has no name in the header but holds 'note'"));
  EXPECT_EQ(unnamed.vehicles.size(), 1u);
}

TEST(LedgerCsvStrict, TheExportsFormulaGuardIsReadBack) {
  LedgerParse p = parse_ledger_csv(header() + row({{"fleet", "'=1+2"}, {"owner", "'Tom"}}));
  ASSERT_TRUE(p.errors.empty()) << format_row_error("t.csv", p.errors[0]);
  EXPECT_EQ(p.vehicles[0].fleet(), "=1+2");
  EXPECT_EQ(p.vehicles[0].owner(), "'Tom");  // an apostrophe before plain text is kept
}

}  // namespace
}  // namespace gate::host
