#include "drivers/lpr/plate_recognizer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "drivers/lpr/plate_decode.h"
#include "drivers/lpr/plate_text.h"

#ifndef GATE_LPR_MODEL_PATH
#define GATE_LPR_MODEL_PATH "drivers/lpr/models/plate_recognizer.onnx"
#endif
#ifndef GATE_LPR_INSTALLED_MODEL_PATH
#define GATE_LPR_INSTALLED_MODEL_PATH "/usr/share/gate/models/plate_recognizer.onnx"
#endif

namespace gate::lpr {

struct PlateRecognizer::Net {
  cv::dnn::Net dnn;
  std::vector<cv::String> outputs{"text", "colour"};
};

namespace {

// A double-row reading at least this sure (its least sure character) is not retried with the
// rows parted elsewhere.
constexpr float kSureDoubleRow = 0.8f;
constexpr float kLikelyPlate = 0.5f;

// Softmax over the channel axis of one sample's C x T text scores (channel-major, as the
// model's N x C x 1 x T output holds them), returned as T rows of C values.
std::vector<float> text_probabilities(const float* data, int classes, int steps) {
  std::vector<float> probs(static_cast<size_t>(steps) * classes);
  for (int t = 0; t < steps; ++t) {
    float mx = -1e30f;
    for (int c = 0; c < classes; ++c) mx = std::max(mx, data[c * steps + t]);
    float sum = 0;
    for (int c = 0; c < classes; ++c) {
      const float e = std::exp(data[c * steps + t] - mx);
      probs[static_cast<size_t>(t) * classes + c] = e;
      sum += e;
    }
    for (int c = 0; c < classes; ++c) probs[static_cast<size_t>(t) * classes + c] /= sum;
  }
  return probs;
}

std::vector<float> softmax(const float* v, int n) {
  std::vector<float> out(v, v + n);
  const float mx = *std::max_element(out.begin(), out.end());
  float sum = 0;
  for (auto& x : out) sum += (x = std::exp(x - mx));
  for (auto& x : out) x /= sum;
  return out;
}

double mean_confidence(const PlateReading& r) {
  return r.char_confidences.empty()
             ? 0
             : std::accumulate(r.char_confidences.begin(), r.char_confidences.end(), 0.0) /
                   static_cast<double>(r.char_confidences.size());
}

// Ranks readings of the same region: a plate-shaped text beats any other, then confidence.
double rank(const PlateReading& r) {
  return (r.plate_shaped ? 2.0 : 0.0) + r.confidence + mean_confidence(r);
}

// A small image shaped like a plate is read as one crop. Double-row plates are 2:1, and with a
// loose crop and some perspective they reach 1.3:1, hence the low bound.
bool looks_like_crop(const cv::Mat& m) {
  const double aspect = static_cast<double>(m.cols) / std::max(1, m.rows);
  return std::max(m.cols, m.rows) <= 400 && aspect >= 1.2 && aspect <= 7.0;
}

double box_overlap(const Quad& a, const Quad& b) {
  const cv::Rect ra = cv::boundingRect(std::vector<cv::Point2f>(a.begin(), a.end()));
  const cv::Rect rb = cv::boundingRect(std::vector<cv::Point2f>(b.begin(), b.end()));
  const double inter = (ra & rb).area();
  return inter / std::max(1.0, static_cast<double>(std::min(ra.area(), rb.area())));
}

}  // namespace

std::string default_model_path() {
  std::error_code ec;
  if (std::filesystem::exists(GATE_LPR_MODEL_PATH, ec)) return GATE_LPR_MODEL_PATH;
  return GATE_LPR_INSTALLED_MODEL_PATH;
}

PlateRecognizer::PlateRecognizer(std::unique_ptr<Net> net, RecognizerOptions options)
    : net_(std::move(net)),
      options_(options),
      province_prior_{province_class(options_.local_province), options_.local_province_weight} {}
PlateRecognizer::~PlateRecognizer() = default;

Result<std::unique_ptr<PlateRecognizer>> PlateRecognizer::Load(const std::string& onnx_path,
                                                               RecognizerOptions options) {
  if (!options.local_province.empty() && province_class(options.local_province) == 0) {
    return Error{"local province '" + options.local_province +
                 "' is not a province character (one of " + std::string(province_characters()) +
                 ")"};
  }
  if (!(options.rare_colour_weight > 0.0f && options.rare_colour_weight <= 1.0f)) {
    return Error{"rare colour weight " + std::to_string(options.rare_colour_weight) +
                 " must be above 0 and at most 1 (1: the image alone decides)"};
  }
  if (!(options.local_province_weight >= 1.0f)) {
    return Error{"local province weight " + std::to_string(options.local_province_weight) +
                 " must be at least 1 (1: no preference)"};
  }
  auto net = std::make_unique<Net>();
  try {
    net->dnn = cv::dnn::readNetFromONNX(onnx_path);
  } catch (const cv::Exception& e) {
    return Error{"cannot load plate model '" + onnx_path + "': " + e.what() +
                 " (give the path of another model file, or rebuild it as docs/lpr.md describes)"};
  }
  if (net->dnn.empty()) return Error{"plate model '" + onnx_path + "' is empty"};
  net->dnn.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net->dnn.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  // Check the outputs against what this build decodes.
  std::vector<cv::Mat> outs;
  try {
    net->dnn.setInput(
        to_input_blob(cv::Mat(kInputHeight, kInputWidth, CV_8UC3, cv::Scalar::all(128))));
    net->dnn.forward(outs, net->outputs);
  } catch (const cv::Exception& e) {
    return Error{"plate model '" + onnx_path + "' does not run: " + e.what()};
  }
  const int classes = static_cast<int>(recogniser_alphabet().size()) + 1;
  if (outs.size() != 2 || outs[0].dims != 4 || outs[0].size[1] != classes ||
      outs[1].total() != static_cast<size_t>(kModelColourCount))
    return Error{"plate model '" + onnx_path + "' has outputs that do not match this build (want " +
                 std::to_string(classes) + " text classes and " +
                 std::to_string(kModelColourCount) +
                 " colours): retrain it with drivers/lpr/training"};
  return std::unique_ptr<PlateRecognizer>(new PlateRecognizer(std::move(net), options));
}

std::vector<PlateReading> PlateRecognizer::read_lines(const std::vector<cv::Mat>& lines,
                                                      bool double_row) {
  // N x 3 x H x W: every line in one forward pass.
  const int shape[] = {static_cast<int>(lines.size()), 3, kInputHeight, kInputWidth};
  cv::Mat batch(4, shape, CV_32F);
  const size_t per_line = size_t{3} * kInputHeight * kInputWidth;
  for (size_t i = 0; i < lines.size(); ++i) {
    const cv::Mat blob = to_input_blob(lines[i]);
    std::copy_n(blob.ptr<float>(), per_line, batch.ptr<float>() + i * per_line);
  }
  std::vector<cv::Mat> outs;
  net_->dnn.setInput(batch);
  net_->dnn.forward(outs, net_->outputs);

  std::vector<PlateReading> readings;
  const cv::Mat& text = outs[0];  // N x classes x 1 x steps
  for (int n = 0; n < static_cast<int>(lines.size()); ++n) {
    PlateReading r;
    r.double_row = double_row;
    const int classes = text.size[1], steps = text.size[3];
    const auto probs = text_probabilities(
        text.ptr<float>() + static_cast<std::ptrdiff_t>(n) * classes * steps, classes, steps);
    const auto colour_probs =
        softmax(outs[1].ptr<float>() + static_cast<std::ptrdiff_t>(n) * kModelColourCount,
                kModelColourCount);
    const int best = static_cast<int>(std::max_element(colour_probs.begin(), colour_probs.end()) -
                                      colour_probs.begin());
    r.image_colour = static_cast<PlateColour>(best);
    r.colour_confidence = colour_probs[best];

    DecodedText decoded = decode_plate_text(probs.data(), steps, classes, colour_probs.data(),
                                            options_.rare_colour_weight);
    apply_province_prior(decoded, probs.data(), steps, classes, province_prior_);
    r.text = std::move(decoded.text);
    r.char_confidences = std::move(decoded.char_confidences);
    r.confidence = r.char_confidences.empty()
                       ? 0.0f
                       : *std::min_element(r.char_confidences.begin(), r.char_confidences.end());
    r.plate_shaped = is_plate_shaped(r.text);
    const auto allowed = colours_for_text(r.text);
    r.colour_conflict = std::find(allowed.begin(), allowed.end(), r.image_colour) == allowed.end();
    r.colour = decide_colour(colour_probs.data(), r.text, options_.rare_colour_weight);
    readings.push_back(std::move(r));
  }
  return readings;
}

PlateReading PlateRecognizer::read_crop_as(const cv::Mat& crop_bgr, bool double_row, double split) {
  const Quad whole = {
      cv::Point2f(0, 0), cv::Point2f(static_cast<float>(crop_bgr.cols), 0),
      cv::Point2f(static_cast<float>(crop_bgr.cols), static_cast<float>(crop_bgr.rows)),
      cv::Point2f(0, static_cast<float>(crop_bgr.rows))};
  if (crop_bgr.empty() || crop_bgr.rows < 4 || crop_bgr.cols < 8) {
    PlateReading r;
    r.double_row = double_row;
    r.corners = whole;
    return r;
  }
  const cv::Mat line = double_row ? flatten_double_row(crop_bgr, split) : crop_bgr;
  PlateReading r = std::move(read_lines({line}, double_row).front());
  r.corners = whole;
  return r;
}

PlateReading PlateRecognizer::read_crop(const cv::Mat& crop_bgr) {
  return read_region(crop_bgr, options_.reframe_unsure_crops);
}

PlateReading PlateRecognizer::read_region(const cv::Mat& crop_bgr, bool reframe) {
  const double aspect = static_cast<double>(crop_bgr.cols) / std::max(1, crop_bgr.rows);
  PlateReading single = read_crop_as(crop_bgr, false);
  if (reframe && mean_confidence(single) >= kLikelyPlate && single.confidence < kSureDoubleRow &&
      crop_bgr.cols >= 16 && crop_bgr.rows >= 8) {
    // An unsure reading is retried on the crop framed tighter and looser: the network saw
    // plates framed both ways, and a character cut by the frame edge or lost in the border
    // often reads in one of them.
    const int dx = std::max(1, crop_bgr.cols / 25), dy = std::max(1, crop_bgr.rows / 12);
    cv::Mat padded;
    cv::copyMakeBorder(crop_bgr, padded, dy, dy, dx, dx, cv::BORDER_REPLICATE);
    const cv::Mat inset =
        crop_bgr(cv::Rect(dx, dy, crop_bgr.cols - 2 * dx, crop_bgr.rows - 2 * dy));
    for (PlateReading& alt : read_lines({inset, padded}, false)) {
      alt.corners = single.corners;
      if (rank(alt) > rank(single)) single = std::move(alt);
    }
  }
  if (aspect >= 2.6) return single;
  PlateReading dbl = read_crop_as(crop_bgr, true);
  // Retried only when it looks like a plate read with a doubt: most detector candidates that are
  // no plate at all have a low mean confidence, and reading them twice more would double the
  // time per frame.
  if (mean_confidence(dbl) >= kLikelyPlate && dbl.confidence < kSureDoubleRow) {
    for (const double split : {kDoubleRowSplit - 0.06, kDoubleRowSplit + 0.06}) {
      PlateReading alt = read_crop_as(crop_bgr, true, split);
      if (rank(alt) > rank(dbl)) dbl = std::move(alt);
    }
  }
  return rank(dbl) > rank(single) ? dbl : single;
}

std::vector<PlateReading> PlateRecognizer::read(const cv::Mat& frame_bgr) {
  if (frame_bgr.empty()) return {};
  if (looks_like_crop(frame_bgr)) return {read_crop(frame_bgr)};
  std::vector<PlateReading> found;
  for (const auto& cand : find_plate_candidates(frame_bgr, options_.detector)) {
    const cv::Mat crop = rectify_quad(frame_bgr, cand.quad);
    // Not reframed: the detector's quad already has its margins, and on the real scenes
    // reframing changed one plate for the worse and none for the better.
    PlateReading r = read_region(crop, false);
    if (!r.plate_shaped || mean_confidence(r) < options_.min_confidence) continue;
    r.corners = cand.quad;
    found.push_back(std::move(r));
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return rank(a) > rank(b); });
  std::vector<PlateReading> kept;
  for (auto& r : found) {
    const bool same_plate = std::any_of(kept.begin(), kept.end(), [&](const auto& k) {
      return box_overlap(k.corners, r.corners) > 0.5;
    });
    if (!same_plate) kept.push_back(std::move(r));
  }
  return kept;
}

}  // namespace gate::lpr
