// Licence-plate recognition for frames from cameras that do not read plates themselves.
// Inference runs through OpenCV's dnn module on the ONNX model the project trains
// (drivers/lpr/training, docs/lpr.md); no Python at runtime.
//
// Not thread-safe: cv::dnn::Net keeps per-call state. Use one PlateRecognizer per thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "drivers/lpr/plate_colour.h"
#include "drivers/lpr/plate_crop.h"
#include "drivers/lpr/plate_detector.h"
#include "drivers/lpr/plate_text.h"
#include "rules/result.h"

namespace gate::lpr {

struct PlateReading {
  std::string text;                     // UTF-8, e.g. "豫H12345", "苏ED51712"
  std::vector<float> char_confidences;  // one per character, 0..1
  float confidence = 0;                 // the lowest character confidence (0 when no text)
  // The decision: the image's colour as the text allows it (decide_colour in plate_colour.h).
  PlateColour colour = PlateColour::kUnknown;
  PlateColour image_colour = PlateColour::kUnknown;  // what the image alone says
  float colour_confidence = 0;                       // probability of image_colour
  // True when the image's colour is not one the text pattern allows (e.g. green image with 7
  // characters); `colour` is then the most probable colour that the pattern allows.
  bool colour_conflict = false;
  bool double_row = false;    // read as a two-row plate (yellow rear plates of trucks)
  bool plate_shaped = false;  // the text fits a plate pattern (plate_text.h)
  Quad corners{};             // in frame pixels
};

struct RecognizerOptions {
  // Full-frame reads whose mean character confidence is below this (or that are not
  // plate-shaped) are dropped as non-plates.
  float min_confidence = 0.5f;
  DetectorOptions detector;
  // The gate's own province character (e.g. "豫"), like the "local province first" setting of
  // gate cameras: most trucks at a plant carry local plates, and at low resolution the province
  // character is the hardest one. Its probability is multiplied by `local_province_weight`
  // (prior odds against any other province) before the province character is chosen; a clearly
  // read other province still wins. Empty: no preference.
  std::string local_province;
  float local_province_weight = 20.0f;
  // A crop read with a doubt (least sure character below 0.8) is read again framed tighter and
  // looser (4 % of the width and 8 % of the height on each side), in one batch, and the best
  // reading kept: crops cut by someone else's detector vary in framing. Costs about 2 ms per
  // crop on average on the real crops (docs/lpr.md). Frames' own candidates are not reframed.
  bool reframe_unsure_crops = true;
  // How much less likely white or black is on an ordinary 7-character plate than what the image
  // says (decide_colour): 0.1, chosen from the plate rules before measuring (neither colour is
  // issued for such plates today). 1: the image alone decides.
  float rare_colour_weight = 0.1f;
};

// The committed model in the source tree (set by CMake) when that file exists, else where the
// .deb installs it (/usr/share/gate/models/plate_recognizer.onnx).
std::string default_model_path();

class PlateRecognizer {
 public:
  // Loads the ONNX model and checks that its outputs match the alphabet and colours compiled
  // in; the error says which file and what did not match.
  static Result<std::unique_ptr<PlateRecognizer>> Load(const std::string& onnx_path,
                                                       RecognizerOptions options = {});
  ~PlateRecognizer();

  // Every plate in the frame, most confident first. A small image shaped like a plate (at most
  // 400 px on its long side, aspect 1.2..7) is taken as a plate crop and read whole.
  std::vector<PlateReading> read(const cv::Mat& frame_bgr);

  // Reads one plate crop (tightly or loosely cropped, upright). Tries the double-row reading
  // when the crop is not clearly single-row and keeps the better one; an unsure double-row
  // reading is retried with the rows parted higher and lower (loose crops and perspective move
  // the border between the rows). With `reframe_unsure_crops`, an unsure single-row reading is
  // retried on the crop framed tighter and looser.
  PlateReading read_crop(const cv::Mat& crop_bgr);

  // Reads a crop as single-row (double_row false) or as a two-row plate parted at `split` of
  // its height.
  PlateReading read_region(const cv::Mat& crop_bgr, bool reframe);
  // Reads plate lines (single-row crops or flattened double-row ones) in one forward pass.
  std::vector<PlateReading> read_lines(const std::vector<cv::Mat>& lines, bool double_row);
  PlateReading read_crop_as(const cv::Mat& crop_bgr, bool double_row,
                            double split = kDoubleRowSplit);

 private:
  struct Net;
  PlateRecognizer(std::unique_ptr<Net> net, RecognizerOptions options);
  std::unique_ptr<Net> net_;
  RecognizerOptions options_;
  ProvincePrior province_prior_;
};

}  // namespace gate::lpr
