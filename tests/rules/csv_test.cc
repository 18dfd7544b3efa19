// CSV (rules/csv.h): a written field reads back unchanged, quoted only where it must be.
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

}  // namespace
}  // namespace gate::rules
