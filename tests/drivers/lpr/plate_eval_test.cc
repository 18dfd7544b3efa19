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

TEST(PlateEval, LabelCorrectionsReplaceWhatTheImagesShowAndNothingElse) {
  auto labels = parse_labels_tsv(
      "file\tplate\tcolor\n"
      "a.jpg\t浙F558HS\t\n"
      "b.jpg\t沪B74992\t\n"
      "c.jpg\t豫A11111|豫AD12345\tblue|green\n");
  ASSERT_TRUE(labels.ok()) << labels.error();
  const auto fixes = parse_label_corrections_tsv(
      "file\tlabelled\tseen\tnote\n"
      "# comment lines are skipped\n"
      "a.jpg\t浙F558HS\t浙F559HS\t559, not 558\n"
      "c.jpg\t豫A11111|豫AD12345\t豫A11112|豫AD12345\n");
  ASSERT_TRUE(fixes.ok()) << fixes.error();
  auto applied = apply_label_corrections(labels.value(), fixes.value());
  ASSERT_TRUE(applied.ok()) << applied.error();
  EXPECT_EQ(applied.value(), 2);
  EXPECT_EQ(labels.value()[0].plates, std::vector<std::string>{"浙F559HS"});
  EXPECT_EQ(labels.value()[1].plates, std::vector<std::string>{"沪B74992"});
  EXPECT_EQ(labels.value()[2].plates, (std::vector<std::string>{"豫A11112", "豫AD12345"}));
  EXPECT_EQ(labels.value()[2].colours[1], "green");

  // Applied twice, the labels no longer say what the corrections were written against.
  auto again = apply_label_corrections(labels.value(), fixes.value());
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().find("line 3"), std::string::npos) << again.error();
  EXPECT_NE(again.error().find("浙F559HS"), std::string::npos) << again.error();
}

TEST(PlateEval, RejectsLabelCorrectionsThatCannotApplyWithTheLine) {
  EXPECT_FALSE(parse_label_corrections_tsv("file\tplate\n").ok());
  const auto not_a_plate =
      parse_label_corrections_tsv("file\tlabelled\tseen\na.jpg\t浙F558HS\tF559HS\n");
  ASSERT_FALSE(not_a_plate.ok());
  EXPECT_NE(not_a_plate.error().find("line 2"), std::string::npos) << not_a_plate.error();
  auto labels = parse_labels_tsv("file\tplate\na.jpg\t浙F558HS\n");
  ASSERT_TRUE(labels.ok());
  const auto unknown =
      parse_label_corrections_tsv("file\tlabelled\tseen\nz.jpg\t浙F558HS\t浙F559HS\n");
  ASSERT_TRUE(unknown.ok());
  auto r = apply_label_corrections(labels.value(), unknown.value());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("z.jpg is not in the labels"), std::string::npos) << r.error();
  EXPECT_EQ(labels.value()[0].plates[0], "浙F558HS");
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
