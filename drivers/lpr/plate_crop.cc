#include "drivers/lpr/plate_crop.h"

#include <algorithm>
#include <cmath>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

namespace gate::lpr {

namespace {

double dist(cv::Point2f a, cv::Point2f b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

}  // namespace

Quad order_quad(const std::array<cv::Point2f, 4>& points) {
  // Sort by y: the two upper points form the top edge, the two lower the bottom edge.
  std::array<cv::Point2f, 4> p = points;
  std::sort(p.begin(), p.end(), [](auto a, auto b) { return a.y < b.y; });
  cv::Point2f tl = p[0], tr = p[1], bl = p[2], br = p[3];
  if (tl.x > tr.x) std::swap(tl, tr);
  if (bl.x > br.x) std::swap(bl, br);
  Quad q = {tl, tr, br, bl};
  // A steep rectangle sorted this way can come out taller than wide: rotate the order.
  if (dist(q[0], q[3]) > dist(q[0], q[1]) * 1.2) q = {q[3], q[0], q[1], q[2]};
  return q;
}

Quad grow_quad(const Quad& q, double grow_x, double grow_y) {
  const cv::Point2f c = (q[0] + q[1] + q[2] + q[3]) * 0.25f;
  const cv::Point2f ux = ((q[1] - q[0]) + (q[2] - q[3])) * 0.5f;  // left → right
  const cv::Point2f uy = ((q[3] - q[0]) + (q[2] - q[1])) * 0.5f;  // top → bottom
  Quad out;
  for (int i = 0; i < 4; ++i) {
    const cv::Point2f d = q[i] - c;
    // Split d into its along-x and along-y parts and scale each.
    const double lx = ux.dot(ux), ly = uy.dot(uy);
    const double ax = lx > 0 ? d.dot(ux) / lx : 0, ay = ly > 0 ? d.dot(uy) / ly : 0;
    out[i] = c + ux * static_cast<float>(ax * grow_x) + uy * static_cast<float>(ay * grow_y);
  }
  return out;
}

double quad_aspect(const Quad& q) {
  const double w = (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
  const double h = (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
  return h > 0 ? w / h : 0;
}

cv::Mat rectify_quad(const cv::Mat& frame, const Quad& q) {
  const int w =
      std::max(8, static_cast<int>(std::lround((dist(q[0], q[1]) + dist(q[3], q[2])) / 2)));
  const int h =
      std::max(4, static_cast<int>(std::lround((dist(q[0], q[3]) + dist(q[1], q[2])) / 2)));
  const cv::Point2f src[4] = {q[0], q[1], q[2], q[3]};
  const cv::Point2f dst[4] = {{0, 0},
                              {static_cast<float>(w), 0},
                              {static_cast<float>(w), static_cast<float>(h)},
                              {0, static_cast<float>(h)}};
  cv::Mat out;
  cv::warpPerspective(frame, out, cv::getPerspectiveTransform(src, dst), cv::Size(w, h),
                      cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

cv::Mat flatten_double_row(const cv::Mat& crop, double split_fraction) {
  const int h = crop.rows, w = crop.cols;
  const int split = std::clamp(static_cast<int>(std::lround(h * split_fraction)), 1, h - 1);
  const int x0 = static_cast<int>(w * kDoubleTopX0),
            x1 = std::max(x0 + 1, static_cast<int>(w * kDoubleTopX1));
  const cv::Mat top = crop(cv::Rect(x0, 0, x1 - x0, split));
  const cv::Mat bottom = crop(cv::Rect(0, split, w, h - split));
  const int th = bottom.rows;
  cv::Mat top_scaled;
  cv::resize(
      top, top_scaled,
      cv::Size(std::max(1, static_cast<int>(top.cols * static_cast<double>(th) / top.rows)), th));
  cv::Mat line;
  cv::hconcat(top_scaled, bottom, line);
  return line;
}

cv::Mat to_input_blob(const cv::Mat& crop_bgr) {
  cv::Mat bgr = crop_bgr;
  if (bgr.channels() == 1) cv::cvtColor(crop_bgr, bgr, cv::COLOR_GRAY2BGR);
  if (bgr.channels() == 4) cv::cvtColor(crop_bgr, bgr, cv::COLOR_BGRA2BGR);
  cv::Mat small;
  cv::resize(bgr, small, cv::Size(kInputWidth, kInputHeight), 0, 0, cv::INTER_AREA);
  return cv::dnn::blobFromImage(small, 1.0 / 255.0, cv::Size(), cv::Scalar(127.5, 127.5, 127.5),
                                false, false, CV_32F);
}

}  // namespace gate::lpr
