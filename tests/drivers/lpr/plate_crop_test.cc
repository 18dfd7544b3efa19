#include "drivers/lpr/plate_crop.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace gate::lpr {
namespace {

TEST(PlateCrop, OrdersAndGrowsQuads) {
  const Quad q = order_quad(
      {cv::Point2f(100, 40), cv::Point2f(0, 0), cv::Point2f(0, 40), cv::Point2f(100, 0)});
  EXPECT_EQ(q[0], cv::Point2f(0, 0));
  EXPECT_EQ(q[1], cv::Point2f(100, 0));
  EXPECT_EQ(q[2], cv::Point2f(100, 40));
  EXPECT_EQ(q[3], cv::Point2f(0, 40));
  EXPECT_NEAR(quad_aspect(q), 2.5, 1e-6);
  const Quad g = grow_quad(q, 1.1, 1.5);
  EXPECT_NEAR(g[0].x, -5, 1e-4);
  EXPECT_NEAR(g[0].y, -10, 1e-4);
  EXPECT_NEAR(g[2].x, 105, 1e-4);
  EXPECT_NEAR(g[2].y, 50, 1e-4);
}

TEST(PlateCrop, RectifiesATiltedQuadUpright) {
  cv::Mat frame(200, 300, CV_8UC3, cv::Scalar(0, 0, 0));
  const std::vector<cv::Point> poly = {{50, 60}, {250, 90}, {245, 150}, {45, 120}};
  cv::fillConvexPoly(frame, poly, cv::Scalar(255, 255, 255));
  const Quad q = {cv::Point2f(50, 60), cv::Point2f(250, 90), cv::Point2f(245, 150),
                  cv::Point2f(45, 120)};
  const cv::Mat out = rectify_quad(frame, q);
  EXPECT_NEAR(out.cols, 202, 2);
  EXPECT_NEAR(out.rows, 60, 2);
  EXPECT_GT(cv::mean(out)[0], 240);  // all plate, no background
}

TEST(PlateCrop, FlattensDoubleRowTopBeforeBottom) {
  cv::Mat crop(100, 200, CV_8UC3, cv::Scalar(0, 0, 0));
  crop(cv::Rect(0, 0, 200, 37)).setTo(cv::Scalar(255, 255, 255));  // top row white
  const cv::Mat line = flatten_double_row(crop);
  EXPECT_EQ(line.rows, 63);
  EXPECT_GT(line.cols, 200);
  EXPECT_GT(cv::mean(line(cv::Rect(0, 0, 20, line.rows)))[0], 240);  // starts with the top row
  EXPECT_LT(cv::mean(line(cv::Rect(line.cols - 20, 0, 20, line.rows)))[0], 10);  // ends bottom
  const cv::Mat blob = to_input_blob(line);
  ASSERT_EQ(blob.dims, 4);
  EXPECT_EQ(blob.size[1], 3);
  EXPECT_EQ(blob.size[2], kInputHeight);
  EXPECT_EQ(blob.size[3], kInputWidth);
}

}  // namespace
}  // namespace gate::lpr
