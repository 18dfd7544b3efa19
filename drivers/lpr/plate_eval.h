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
