// Classical plate candidate search in a full frame: colour masks (blue, yellow, green) and
// vertical-edge density (any colour, including white, black and infrared frames), closed with
// morphology, filtered by the rotated rectangle's size, aspect and tilt. Candidates are many and
// cheap; the recogniser's confidence and the plate pattern decide which are plates. Pure.
#pragma once

#include <vector>

#include <opencv2/core.hpp>

#include "drivers/lpr/plate_crop.h"

namespace gate::lpr {

struct PlateCandidate {
  Quad quad;         // in frame pixels, grown by the margin the recogniser was trained with
  double score = 0;  // how plate-like the region looked (mask fill, 0..1); higher first
};

struct DetectorOptions {
  int work_width = 960;         // frames wider than this are searched at this width
  int max_candidates = 14;      // best-scoring candidates returned
  double min_plate_width = 40;  // in frame pixels
  double max_tilt_deg = 25;
};

std::vector<PlateCandidate> find_plate_candidates(const cv::Mat& frame_bgr,
                                                  const DetectorOptions& options = {});

}  // namespace gate::lpr
