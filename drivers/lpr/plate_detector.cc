#include "drivers/lpr/plate_detector.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace gate::lpr {

namespace {

struct Search {
  const DetectorOptions& options;
  double scale;  // frame pixels per work pixel
  cv::Size work;
  std::vector<PlateCandidate> found;

  void add_from_mask(const cv::Mat& mask, double base_score) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    const double frame_area = static_cast<double>(work.area());
    for (const auto& c : contours) {
      if (c.size() < 4) continue;
      const double area = cv::contourArea(c);
      if (area < 120 || area > frame_area * 0.2) continue;
      cv::RotatedRect r = cv::minAreaRect(c);
      double w = r.size.width, h = r.size.height, angle = r.angle;
      if (w < h) {
        std::swap(w, h);
        angle += 90;
      }
      while (angle > 90) angle -= 180;
      while (angle < -90) angle += 180;
      if (std::abs(angle) > options.max_tilt_deg) continue;
      const double aspect = w / std::max(1.0, h);
      if (aspect < 1.4 || aspect > 7.0) continue;
      if (w * scale < options.min_plate_width || h * scale < 10) continue;
      const double fill = area / std::max(1.0, w * h);
      if (fill < 0.45) continue;
      std::array<cv::Point2f, 4> pts;
      r.points(pts.data());
      for (auto& p : pts) p *= static_cast<float>(scale);
      // Real and synthetic crops both carry a small margin around the plate.
      const Quad q = grow_quad(order_quad(pts), 1.05, 1.14);
      found.push_back({q, base_score * fill});
    }
  }
};

cv::Mat close_open(const cv::Mat& mask, int kw, int kh) {
  cv::Mat out;
  cv::morphologyEx(mask, out, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {kw, kh}));
  cv::morphologyEx(out, out, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  return out;
}

double overlap(const PlateCandidate& a, const PlateCandidate& b) {
  auto box = [](const Quad& q) {
    return cv::boundingRect(std::vector<cv::Point2f>(q.begin(), q.end()));
  };
  const cv::Rect ra = box(a.quad), rb = box(b.quad);
  const double inter = (ra & rb).area();
  return inter / std::max(1.0, static_cast<double>(ra.area() + rb.area()) - inter);
}

}  // namespace

std::vector<PlateCandidate> find_plate_candidates(const cv::Mat& frame_bgr,
                                                  const DetectorOptions& options) {
  if (frame_bgr.empty()) return {};
  cv::Mat bgr = frame_bgr;
  if (bgr.channels() == 1) cv::cvtColor(frame_bgr, bgr, cv::COLOR_GRAY2BGR);
  const double scale = frame_bgr.cols > options.work_width
                           ? static_cast<double>(frame_bgr.cols) / options.work_width
                           : 1.0;
  cv::Mat work;
  if (scale > 1.0)
    cv::resize(bgr, work, cv::Size(), 1.0 / scale, 1.0 / scale, cv::INTER_AREA);
  else
    work = bgr;
  Search s{options, scale, work.size(), {}};

  const int kw = std::max(5, work.cols / 90), kh = std::max(3, work.cols / 200);
  cv::Mat hsv;
  cv::cvtColor(work, hsv, cv::COLOR_BGR2HSV);
  cv::Mat mask;
  cv::inRange(hsv, cv::Scalar(95, 90, 45), cv::Scalar(130, 255, 255), mask);  // blue
  s.add_from_mask(close_open(mask, kw, kh), 1.0);
  cv::inRange(hsv, cv::Scalar(12, 90, 80), cv::Scalar(35, 255, 255), mask);  // yellow
  s.add_from_mask(close_open(mask, kw, kh), 1.0);
  // Truck plates fade and gather dust: a yellow that the pass above breaks into pieces (its
  // saturation down to 50) still forms one plate here. Scored below the saturated colours, so
  // where both find a region the saturated outline is kept.
  cv::inRange(hsv, cv::Scalar(12, 50, 80), cv::Scalar(35, 255, 255), mask);  // faded yellow
  s.add_from_mask(close_open(mask, kw, kh), 0.85);
  cv::inRange(hsv, cv::Scalar(35, 40, 80), cv::Scalar(90, 255, 255), mask);  // green
  s.add_from_mask(close_open(mask, kw, kh), 0.9);

  // Vertical edges: characters make dense vertical strokes on any background colour.
  cv::Mat grey, edges;
  cv::cvtColor(work, grey, cv::COLOR_BGR2GRAY);
  cv::GaussianBlur(grey, grey, {5, 5}, 0);
  cv::Sobel(grey, edges, CV_16S, 1, 0, 3);
  cv::convertScaleAbs(edges, edges);
  cv::threshold(edges, edges, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  s.add_from_mask(close_open(edges, std::max(9, work.cols / 45), kh), 0.7);

  auto& c = s.found;
  std::sort(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  std::vector<PlateCandidate> kept;
  for (const auto& cand : c) {
    const bool duplicate = std::any_of(kept.begin(), kept.end(),
                                       [&](const auto& k) { return overlap(k, cand) > 0.8; });
    if (!duplicate) kept.push_back(cand);
    if (static_cast<int>(kept.size()) >= options.max_candidates) break;
  }
  return kept;
}

}  // namespace gate::lpr
