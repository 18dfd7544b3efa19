// Caption text through FreeType and HarfBuzz with the Debian CJK font: the province character
// of a plate is drawn as its own glyph, not dropped and not as the font's empty box.
#include "drivers/caption/caption_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <opencv2/core.hpp>

#include "drivers/caption/caption_font.h"

namespace gate::caption {
namespace {

class CaptionWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto font = find_caption_font("");
    ASSERT_TRUE(font.ok()) << font.error();
    auto w = CaptionWriter::Load(font.value(), 32);
    ASSERT_TRUE(w.ok()) << w.error();
    writer_ = std::move(w).value();
  }

  // White text on black, baseline at (8, 40).
  cv::Mat render(const std::string& text) const {
    cv::Mat img(56, 360, CV_8UC3, cv::Scalar(0, 0, 0));
    writer_->draw(img, text, {8, 40}, cv::Scalar(255, 255, 255));
    return img;
  }

  // Pixels in `box` at least half inked.
  static int ink(const cv::Mat& img, const cv::Rect& box) {
    cv::Mat grey;
    cv::extractChannel(img(box), grey, 0);
    return cv::countNonZero(grey > 127);
  }

  std::unique_ptr<CaptionWriter> writer_;
};

TEST_F(CaptionWriterTest, TheProvinceCharacterOfAPlateIsDrawn) {
  cv::Mat scratch(1, 1, CV_8UC3);
  const int province_width = writer_->draw(scratch, "豫", {0, 0}, cv::Scalar::all(255));
  EXPECT_GE(province_width, 24) << "a CJK glyph is about one em (32 px) wide";
  const cv::Rect province_box(8, 0, province_width, 56);

  const cv::Mat plate = render("豫H90030D");
  // U+3000 has the province's width and no ink.
  const cv::Mat blanked = render("\u3000H90030D");
  EXPECT_GT(ink(plate, province_box), 40) << "豫 left no ink";
  EXPECT_EQ(ink(blanked, province_box), 0);
  const cv::Rect rest(8 + province_width, 0, 360 - 8 - province_width, 56);
  // The rest is drawn in both (not pixel for pixel alike: HarfBuzz shapes the whole text in the
  // script of its first letter, Han with 豫 and Latin without, and kerns the digits differently).
  EXPECT_GT(ink(plate, rest), 100) << "H90030D not drawn";
  EXPECT_NEAR(ink(plate, rest), ink(blanked, rest), ink(blanked, rest) / 10);

  // An ordinary space in its place: the box differs too (the Latin text moves left into it).
  EXPECT_GT(cv::norm(plate(province_box), render(" H90030D")(province_box), cv::NORM_L1), 0);
}

TEST_F(CaptionWriterTest, DifferentProvincesAreDifferentGlyphsNotTheEmptyBox) {
  // A font without CJK glyphs would draw the same .notdef box for both.
  const cv::Mat henan = render("豫");
  const cv::Mat beijing = render("京");
  EXPECT_GT(ink(henan, {0, 0, 360, 56}), 40);
  EXPECT_GT(ink(beijing, {0, 0, 360, 56}), 40);
  EXPECT_GT(cv::norm(henan, beijing, cv::NORM_L1), 255 * 40);
}

TEST_F(CaptionWriterTest, GreyImagesAndTextPastTheEdgeAreClipped) {
  cv::Mat grey(20, 30, CV_8UC1, cv::Scalar(0));
  const int width = writer_->draw(grey, "豫H90030D 国IV 柴油", {-10, 30}, cv::Scalar(200));
  EXPECT_GT(width, 30);
  EXPECT_GT(cv::countNonZero(grey), 0);
  cv::Mat outside(10, 10, CV_8UC3, cv::Scalar::all(0));
  writer_->draw(outside, "豫", {100, 100}, cv::Scalar::all(255));
  EXPECT_EQ(cv::countNonZero(outside.reshape(1)), 0);
}

TEST_F(CaptionWriterTest, TheSimplifiedChineseFaceOfACollectionIsTaken) {
  if (writer_->font_path().find("NotoSansCJK") == std::string::npos)
    GTEST_SKIP() << "font is " << writer_->font_path();
  EXPECT_EQ(writer_->family(), "Noto Sans CJK SC");
}

TEST(CaptionFont, AConfiguredFontMustExist) {
  const auto r = find_caption_font("/nonexistent/font.ttc");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("/nonexistent/font.ttc"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("fonts-noto-cjk"), std::string::npos) << r.error();
}

TEST(CaptionFont, AFileThatIsNotAFontIsRefusedByName) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("caption_not_a_font_" + std::to_string(::getpid()) + ".ttf");
  std::ofstream(path) << "not a font";
  const auto r = CaptionWriter::Load(path.string(), 16);
  std::filesystem::remove(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(path.string()), std::string::npos) << r.error();
}

}  // namespace
}  // namespace gate::caption
