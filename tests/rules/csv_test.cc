// CSV (rules/csv.h): a written field reads back unchanged, quoted only where it must be; the
// strict line reader reports broken quoting on the line where it happens; exported cells never
// start a spreadsheet formula.
#include "rules/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gate::rules {
namespace {

TEST(Csv, FieldsAreQuotedOnlyWhereTheyMustBe) {
  EXPECT_EQ(csv_field("豫A12345"), "豫A12345");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("Fleet, Ltd"), "\"Fleet, Ltd\"");
  EXPECT_EQ(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("carriage\rreturn"), "\"carriage\rreturn\"");
}

TEST(Csv, WrittenFieldsReadBackUnchanged) {
  const std::vector<std::string> fields = {"豫A12345", "Fleet, Ltd", "say \"no\"", "two\nlines",
                                           ""};
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_field(fields[i]);
  std::vector<int> lines;
  const auto records = split_csv(line + "\r\nnext,row\r\n", &lines);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], fields);
  EXPECT_EQ(lines[1], 3);  // the quoted line break counts
}

TEST(CsvLines, OneRecordPerLineWithQuotesBomCrlfAndBlankLines) {
  const auto recs = read_csv_lines(
      "\xEF\xBB\xBF"
      "a,\"b, c\",\"say \"\"no\"\"\"\r\n\n , \"d\" ,\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].line, 1);
  EXPECT_EQ(recs[0].fields, (std::vector<std::string>{"a", "b, c", "say \"no\""}));
  EXPECT_TRUE(recs[0].error.empty());
  EXPECT_EQ(recs[1].line, 3);
  EXPECT_EQ(recs[1].fields, (std::vector<std::string>{" ", "d", ""}));
  EXPECT_TRUE(recs[1].error.empty()) << recs[1].error;
}

// split_csv would read the open quote on to the end of the file, swallowing the next line.
TEST(CsvLines, AQuoteLeftOpenIsAnErrorOfItsLineAndTheNextLineStandsAlone) {
  const auto recs = read_csv_lines("a,\"open\nb,c\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].line, 1);
  EXPECT_NE(recs[0].error.find("field 2 opens a quote (\") that is not closed on this line"),
            std::string::npos)
      << recs[0].error;
  EXPECT_EQ(recs[1].line, 2);
  EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"b", "c"}));
  EXPECT_TRUE(recs[1].error.empty());
  EXPECT_EQ(split_csv("a,\"open\nb,c\n", nullptr).size(), 1u);  // the lenient reader
}

TEST(CsvLines, StrayQuotesAreErrors) {
  EXPECT_NE(read_csv_lines("a,b\"c\n")[0].error.find("field 2 ('b\"…') has a quote inside"),
            std::string::npos);
  EXPECT_NE(read_csv_lines("\"a\"b,c\n")[0].error.find("field 1 (\"a\") has text after its "
                                                       "closing quote"),
            std::string::npos);
}

TEST(SpreadsheetText, FormulaLeadingTextGetsAnApostropheNumbersStay) {
  for (const char* formula :
       {"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "+"}) {
    EXPECT_TRUE(looks_like_formula(formula)) << formula;
    EXPECT_EQ(spreadsheet_text(formula), std::string("'") + formula);
    EXPECT_EQ(without_formula_guard(spreadsheet_text(formula)), formula);
  }
  for (const char* plain : {"豫A12345", "-5", "+3.5", "-0.25", "12", "", "a=b", "'quoted"}) {
    EXPECT_FALSE(looks_like_formula(plain)) << plain;
    EXPECT_EQ(spreadsheet_text(plain), plain);
    EXPECT_EQ(without_formula_guard(plain), plain);
  }
  EXPECT_EQ(spreadsheet_csv_field("=1,2"), "\"'=1,2\"");
}

// Found by tests/fuzz/csv_fuzz (corpus/csv_fuzz/quoted): a value that already begins with an
// apostrophe before formula-like text ("'=1+2", e.g. typed so in a ledger) lost its apostrophe
// on export and import. It is now written with one apostrophe more, and read back unchanged.
TEST(SpreadsheetText, ApostrophesBeforeFormulaTextSurviveExportAndImport) {
  EXPECT_EQ(spreadsheet_text("'=1+2"), "''=1+2");
  EXPECT_EQ(spreadsheet_text("''@x"), "'''@x");
  EXPECT_EQ(without_formula_guard("''=1+2"), "'=1+2");
  EXPECT_EQ(without_formula_guard("'=1+2"), "=1+2");  // as a spreadsheet user means it
  for (const char* value : {"'=1+2", "''=x", "'-a", "'", "''", "'-5", "'abc", "'''\t"}) {
    EXPECT_EQ(without_formula_guard(spreadsheet_text(value)), value) << value;
  }
}

}  // namespace
}  // namespace gate::rules
