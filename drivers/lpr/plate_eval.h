// Scoring the recogniser against a labelled folder (gatectl lpr eval). Pure: the caller reads
// the files and times the reads.
//
// labels.tsv: tab-separated, header naming at least the columns `file` and `plate` (and
// optionally `color`), extra columns ignored. Several plates in one image are written `A|B`
// (their colours likewise); an empty colour means unknown. Colour names are those of
// plate_colour.h, plus "yellow-double" for a double-row yellow plate.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/lpr/plate_recognizer.h"
#include "rules/result.h"

namespace gate::lpr {

struct LabelledImage {
  std::string file;
  std::vector<std::string> plates;   // UTF-8 texts
  std::vector<std::string> colours;  // one per plate; "" = unknown
};

// Errors name the line and what is wrong with it.
Result<std::vector<LabelledImage>> parse_labels_tsv(std::string_view content);

// Corrections to a labels.tsv whose labels disagree with what the images show (checked by eye),
// kept apart from the data set so that both figures can be given: against the labels as
// published, and against the corrected ones. Tab-separated, header naming at least `file`,
// `labelled` (the plate text the labels file gives, `A|B` for several) and `seen` (what the
// image shows); extra columns, such as a note, are ignored.
struct LabelCorrection {
  int line = 0;  // in the corrections file
  std::string file;
  std::string labelled;
  std::vector<std::string> seen;
};

// Errors name the line and what is wrong with it.
Result<std::vector<LabelCorrection>> parse_label_corrections_tsv(std::string_view content);

// Replaces the plates of each corrected image. Refuses the whole set (naming the correction's
// line) when an image is not in `labels` or its label is no longer `labelled`: the published
// labels changed, and the corrections must be reviewed rather than applied to other text.
// The number of images changed on success.
Result<int> apply_label_corrections(std::vector<LabelledImage>& labels,
                                    const std::vector<LabelCorrection>& corrections);

// The name a reading's colour is compared and tabulated under: colour_name(), with
// "yellow-double" for a double-row yellow plate; "none" when nothing was read.
std::string reported_colour(const PlateReading* r);

struct ImageOutcome {
  std::string file;
  std::vector<std::string> expected;
  std::vector<std::string> read;  // what the recogniser returned, best first
  bool all_exact = false;
  double ms = 0;
};

struct EvalSummary {
  int images = 0;
  int plates = 0;                // labelled plates
  double exact = 0;              // share of labelled plates read exactly
  double char_accuracy = 0;      // position-wise, over labelled characters
  double province_accuracy = 0;  // first character
  int colour_labelled = 0;
  double colour_accuracy = 0;  // over plates with a labelled colour
  double ms_mean = 0, ms_p95 = 0;
  std::map<std::string, std::map<std::string, int>> colour_confusion;  // label → reported → n
};

class EvalTally {
 public:
  // Matches each labelled plate with the reading that shares most characters with it (each
  // reading used once) and records the outcome.
  ImageOutcome add(const LabelledImage& label, const std::vector<PlateReading>& reads, double ms);
  EvalSummary summary() const;

 private:
  EvalSummary s_;
  int exact_ = 0, chars_ = 0, chars_ok_ = 0, provinces_ok_ = 0, colours_ok_ = 0;
  std::vector<double> ms_;
};

}  // namespace gate::lpr
