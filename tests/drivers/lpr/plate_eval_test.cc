#include "drivers/lpr/plate_eval.h"

#include <gtest/gtest.h>

namespace gate::lpr {
namespace {

PlateReading reading(const std::string& text, PlateColour colour, bool double_row = false) {
  PlateReading r;
  r.text = text;
  r.colour = colour;
  r.double_row = double_row;
  return r;
}

TEST(PlateEval, ParsesLabelsWithExtraColumnsAndSeveralPlates) {
  const auto labels = parse_labels_tsv(
      "file\tplate\tcolor\tnote\n"
      "a.jpg\t豫H12345\tyellow-double\tx\n"
      "b.jpg\t豫A11111|豫AD12345\tblue|green\n"
      "c.jpg\t沪B74992\t\n");
  ASSERT_TRUE(labels.ok()) << labels.error();
  ASSERT_EQ(labels.value().size(), 3u);
  EXPECT_EQ(labels.value()[0].colours[0], "yellow-double");
  EXPECT_EQ(labels.value()[1].plates.size(), 2u);
  EXPECT_EQ(labels.value()[1].colours[1], "green");
  EXPECT_EQ(labels.value()[2].colours[0], "");
}

TEST(PlateEval, RejectsBadHeadersAndColoursWithTheLine) {
  EXPECT_FALSE(parse_labels_tsv("name\ttext\n").ok());
  const auto bad = parse_labels_tsv("file\tplate\tcolor\na.jpg\t豫H12345\tpurple\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("line 2"), std::string::npos);
}

TEST(PlateEval, ScoresExactCharactersProvinceAndColour) {
  EvalTally t;
  LabelledImage a{"a.jpg", {"豫H12345"}, {"yellow-double"}};
  LabelledImage b{"b.jpg", {"豫A11111"}, {"blue"}};
  LabelledImage c{"c.jpg", {"沪B74992"}, {""}};
  EXPECT_TRUE(t.add(a, {reading("豫H12345", PlateColour::kYellow, true)}, 10).all_exact);
  EXPECT_FALSE(t.add(b, {reading("皖A11118", PlateColour::kGreen)}, 20).all_exact);
  t.add(c, {}, 30);
  const auto s = t.summary();
  EXPECT_EQ(s.images, 3);
  EXPECT_NEAR(s.exact, 1.0 / 3, 1e-9);
  EXPECT_NEAR(s.char_accuracy, (7 + 5 + 0) / 21.0, 1e-9);
  EXPECT_NEAR(s.province_accuracy, 1.0 / 3, 1e-9);
  EXPECT_EQ(s.colour_labelled, 2);
  EXPECT_NEAR(s.colour_accuracy, 0.5, 1e-9);
  EXPECT_EQ(s.colour_confusion.at("blue").at("green"), 1);
  EXPECT_NEAR(s.ms_mean, 20, 1e-9);
  EXPECT_NEAR(s.ms_p95, 30, 1e-9);
}

}  // namespace
}  // namespace gate::lpr
