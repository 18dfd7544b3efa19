// Geometry between a frame and the recogniser's input: plate quads, perspective rectification,
// flattening of double-row plates into one line, and the network input blob. Pure (no I/O).
#pragma once

#include <array>

#include <opencv2/core.hpp>

namespace gate::lpr {

// Plate corners in frame pixels: top-left, top-right, bottom-right, bottom-left.
using Quad = std::array<cv::Point2f, 4>;

// The network input (must match drivers/lpr/training/plate_renderer.py).
inline constexpr int kInputWidth = 128;
inline constexpr int kInputHeight = 32;
// Double-row plates: the upper kDoubleRowSplit of the height is the top row (province and
// authority letter), whose characters lie between kDoubleTopX0 and kDoubleTopX1 of the width.
inline constexpr double kDoubleRowSplit = 0.37;
inline constexpr double kDoubleTopX0 = 0.18;
inline constexpr double kDoubleTopX1 = 0.82;

// Orders four points as top-left, top-right, bottom-right, bottom-left (long side horizontal).
Quad order_quad(const std::array<cv::Point2f, 4>& points);
// The quad grown about its centre by `grow_x`, `grow_y` (1.1 = 10 % larger).
Quad grow_quad(const Quad& q, double grow_x, double grow_y);
// The quad's width (mean of top and bottom edge) over its height (mean of left and right).
double quad_aspect(const Quad& q);

// Warps the quad to an upright image of its own mean width and height (at least 8x4).
cv::Mat rectify_quad(const cv::Mat& frame, const Quad& q);

// Double-row crop → one line: the top row's middle, scaled to the bottom row's height, then the
// bottom row. The rows part at `split` of the height (training uses kDoubleRowSplit).
cv::Mat flatten_double_row(const cv::Mat& crop, double split = kDoubleRowSplit);

// BGR crop (single-row, or already flattened) → 1x3x32x128 float blob, (pixel - 127.5) / 255.
cv::Mat to_input_blob(const cv::Mat& crop_bgr);

}  // namespace gate::lpr
