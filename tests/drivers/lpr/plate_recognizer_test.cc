// The committed model on committed synthetic images (drivers/lpr/training/render_test_images.py):
// one crop of every colour class, double-row and night included, and a frame with two plates.
// These fail when the model, the decoding or the crop geometry breaks.
#include "drivers/lpr/plate_recognizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "drivers/lpr/plate_eval.h"
#include "drivers/lpr/plate_text.h"

namespace gate::lpr {
namespace {

const std::string kData = GATE_LPR_TEST_DATA;

class PlateRecognizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = PlateRecognizer::Load(default_model_path());
    ASSERT_TRUE(r.ok()) << r.error();
    recognizer_ = std::move(r).value().release();
  }
  static void TearDownTestSuite() {
    delete recognizer_;
    recognizer_ = nullptr;
  }
  static PlateRecognizer* recognizer_;
};
PlateRecognizer* PlateRecognizerTest::recognizer_ = nullptr;

// The committed model is undertrained (docs/lpr.md): it gets every colour right on these
// images but misreads 4 of the 10 province characters. So this checks colours exactly, and the
// characters after the province on at least 9 of the 10 images (10 measured); tighten to exact
// text once a converged model is committed.
TEST_F(PlateRecognizerTest, ReadsEveryColourClassIncludingDoubleRowAndNight) {
  std::ifstream f(kData + "/labels.tsv");
  std::stringstream content;
  content << f.rdbuf();
  const auto labels = parse_labels_tsv(content.str());
  ASSERT_TRUE(labels.ok()) << labels.error();
  ASSERT_EQ(labels.value().size(), 10u);
  int tails_right = 0;
  for (const auto& label : labels.value()) {
    SCOPED_TRACE(label.file);
    const cv::Mat img = cv::imread(kData + "/" + label.file, cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty());
    const auto reads = recognizer_->read(img);
    ASSERT_EQ(reads.size(), 1u);
    const auto want = utf8_chars(label.plates[0]);
    const auto got = utf8_chars(reads[0].text);
    EXPECT_EQ(reads[0].char_confidences.size(), got.size());
    if (got.size() == want.size() && std::equal(want.begin() + 1, want.end(), got.begin() + 1))
      ++tails_right;
    if (!label.colours[0].empty()) {
      EXPECT_EQ(reported_colour(&reads[0]), label.colours[0]);
    }
  }
  EXPECT_GE(tails_right, 9);
}

TEST_F(PlateRecognizerTest, FindsThePlateInAFrameWithItsCorners) {
  const cv::Mat frame = cv::imread(kData + "/frame_two_plates.jpg", cv::IMREAD_COLOR);
  ASSERT_FALSE(frame.empty());
  const auto reads = recognizer_->read(frame);
  const auto blue =
      std::find_if(reads.begin(), reads.end(), [](const auto& r) { return r.text == "豫A52G07"; });
  ASSERT_NE(blue, reads.end());
  EXPECT_EQ(blue->colour, PlateColour::kBlue);
  EXPECT_FALSE(blue->double_row);
  EXPECT_NEAR(blue->corners[0].x, 290, 20);  // drawn at (290,400), 220x70
  EXPECT_NEAR(blue->corners[0].y, 400, 20);
  EXPECT_NEAR(blue->corners[2].x, 510, 20);
  EXPECT_NEAR(blue->corners[2].y, 470, 20);
}

TEST_F(PlateRecognizerTest, ReadsTheDoubleRowPlateInAFrame) {
  const cv::Mat frame = cv::imread(kData + "/frame_two_plates.jpg", cv::IMREAD_COLOR);
  const auto reads = recognizer_->read(frame);
  const auto yellow =
      std::find_if(reads.begin(), reads.end(), [](const auto& r) { return r.text == "豫HC6231"; });
  ASSERT_NE(yellow, reads.end());
  EXPECT_EQ(yellow->colour, PlateColour::kYellow);
  EXPECT_TRUE(yellow->double_row);
  EXPECT_NEAR(yellow->corners[2].x, 1070, 25);
}

TEST_F(PlateRecognizerTest, ReadsAPlateTiltedFifteenDegreesInAFrame) {
  const cv::Mat crop = cv::imread(kData + "/blue.jpg", cv::IMREAD_COLOR);
  ASSERT_FALSE(crop.empty());
  cv::Mat frame(600, 900, CV_8UC3, cv::Scalar(100, 100, 100));
  cv::Mat big;
  cv::resize(crop, big, cv::Size(), 1.5, 1.5);
  big.copyTo(frame(cv::Rect(300, 250, big.cols, big.rows)));
  cv::Mat rotated;
  cv::warpAffine(frame, rotated, cv::getRotationMatrix2D(cv::Point2f(450, 300), 15, 1.0),
                 frame.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  const auto reads = recognizer_->read(rotated);
  ASSERT_FALSE(reads.empty());
  EXPECT_EQ(reads[0].text, "豫A12345");
}

// A truck's yellow plate faded to a third of its saturation, in front of a grille: the
// saturated-yellow mask misses it and the grille's stripes swallow its edges, so only the
// faded-yellow mask finds it. (Its colour is not asserted: the model calls such plates white.)
TEST_F(PlateRecognizerTest, FindsAFadedYellowPlateInFrontOfAGrille) {
  const cv::Mat crop = cv::imread(kData + "/yellow.jpg", cv::IMREAD_COLOR);
  ASSERT_FALSE(crop.empty());
  cv::Mat hsv;
  cv::cvtColor(crop, hsv, cv::COLOR_BGR2HSV);
  std::vector<cv::Mat> channels;
  cv::split(hsv, channels);
  channels[1] *= 0.3;  // saturation
  channels[2] = channels[2] * 0.8 + 30;
  cv::merge(channels, hsv);
  cv::Mat faded, big;
  cv::cvtColor(hsv, faded, cv::COLOR_HSV2BGR);
  cv::resize(faded, big, cv::Size(), 1.6, 1.6);
  cv::Mat frame(580, 650, CV_8UC3, cv::Scalar(50, 45, 150));  // red cab
  for (int x = 0; x < frame.cols; x += 8)
    frame(cv::Rect(x, 0, std::min(3, frame.cols - x), frame.rows)).setTo(cv::Scalar(20, 20, 60));
  big.copyTo(frame(cv::Rect(200, 250, big.cols, big.rows)));
  cv::Mat hsv_plate;
  cv::cvtColor(big, hsv_plate, cv::COLOR_BGR2HSV);
  ASSERT_LT(cv::mean(hsv_plate)[1], 90) << "the plate must be below the saturated-yellow mask";
  const auto reads = recognizer_->read(frame);
  ASSERT_FALSE(reads.empty());
  EXPECT_EQ(reads[0].text, "豫H86321");  // labels.tsv
}

TEST_F(PlateRecognizerTest, ReportsNothingOnAnEmptyFrame) {
  const cv::Mat grey(720, 1280, CV_8UC3, cv::Scalar(90, 90, 90));
  EXPECT_TRUE(recognizer_->read(grey).empty());
  EXPECT_TRUE(recognizer_->read(cv::Mat()).empty());
}

TEST(PlateRecognizerLoad, NamesTheFileWhenTheModelIsMissing) {
  const auto r = PlateRecognizer::Load("/nonexistent/model.onnx");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("/nonexistent/model.onnx"), std::string::npos);
}

TEST(PlateRecognizerLoad, RefusesALocalProvinceThatIsNoProvince) {
  RecognizerOptions options;
  options.local_province = "X";
  const auto r = PlateRecognizer::Load(default_model_path(), options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("'X' is not a province character"), std::string::npos) << r.error();
  options.local_province = "豫";
  options.local_province_weight = 0.5f;
  const auto w = PlateRecognizer::Load(default_model_path(), options);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().find("must be at least 1"), std::string::npos) << w.error();
}

TEST(PlateRecognizerLoad, RefusesARareColourWeightOutsideZeroToOne) {
  for (const float weight : {0.0f, -1.0f, 1.5f}) {
    RecognizerOptions options;
    options.rare_colour_weight = weight;
    const auto r = PlateRecognizer::Load(default_model_path(), options);
    ASSERT_FALSE(r.ok()) << weight;
    EXPECT_NE(r.error().find("rare colour weight"), std::string::npos) << r.error();
  }
}

}  // namespace
}  // namespace gate::lpr
