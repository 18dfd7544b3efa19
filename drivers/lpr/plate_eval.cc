#include "drivers/lpr/plate_eval.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "drivers/lpr/plate_text.h"

namespace gate::lpr {

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

int same_position_chars(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  int n = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) n += a[i] == b[i] ? 1 : 0;
  return n;
}

}  // namespace

Result<std::vector<LabelledImage>> parse_labels_tsv(std::string_view content) {
  std::vector<std::string> lines = split(content, '\n');
  if (lines.empty() || trim(lines[0]).empty())
    return Error{"labels.tsv is empty: it needs a header line 'file<TAB>plate<TAB>color'"};
  if (lines[0].rfind("\xEF\xBB\xBF", 0) == 0) lines[0] = lines[0].substr(3);  // BOM
  const auto header = split(trim(lines[0]), '\t');
  int file_col = -1, plate_col = -1, colour_col = -1;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    const std::string h = trim(header[i]);
    if (h == "file") file_col = i;
    if (h == "plate") plate_col = i;
    if (h == "color" || h == "colour") colour_col = i;
  }
  if (file_col < 0 || plate_col < 0)
    return Error{
        "labels.tsv line 1: the header must name the columns 'file' and 'plate' "
        "(tab-separated), got '" +
        trim(lines[0]) + "'"};
  std::vector<LabelledImage> out;
  for (size_t ln = 1; ln < lines.size(); ++ln) {
    const std::string line = trim(lines[ln]);
    if (line.empty()) continue;
    const auto cols = split(line, '\t');
    if (static_cast<int>(cols.size()) <= std::max(file_col, plate_col))
      return Error{"labels.tsv line " + std::to_string(ln + 1) + ": expected at least " +
                   std::to_string(std::max(file_col, plate_col) + 1) + " tab-separated columns"};
    LabelledImage img;
    img.file = trim(cols[file_col]);
    img.plates = split(trim(cols[plate_col]), '|');
    if (img.file.empty() || img.plates.empty() || img.plates[0].empty())
      return Error{"labels.tsv line " + std::to_string(ln + 1) +
                   ": file and plate must not be empty"};
    std::vector<std::string> colours;
    if (colour_col >= 0 && colour_col < static_cast<int>(cols.size()))
      colours = split(trim(cols[colour_col]), '|');
    for (size_t i = 0; i < img.plates.size(); ++i) {
      std::string c = i < colours.size() ? colours[i] : (colours.size() == 1 ? colours[0] : "");
      if (!c.empty() && c != "yellow-double" && !parse_colour(c))
        return Error{"labels.tsv line " + std::to_string(ln + 1) + ": unknown colour '" + c +
                     "' (blue, yellow, yellow-double, white, black, green, yellow-green or empty)"};
      img.colours.push_back(c);
    }
    out.push_back(std::move(img));
  }
  return out;
}

Result<std::vector<LabelCorrection>> parse_label_corrections_tsv(std::string_view content) {
  std::vector<std::string> lines = split(content, '\n');
  if (!lines.empty() && lines[0].rfind("\xEF\xBB\xBF", 0) == 0) lines[0] = lines[0].substr(3);
  const auto header = lines.empty() ? std::vector<std::string>{} : split(trim(lines[0]), '\t');
  int file_col = -1, labelled_col = -1, seen_col = -1;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    const std::string h = trim(header[i]);
    if (h == "file") file_col = i;
    if (h == "labelled") labelled_col = i;
    if (h == "seen") seen_col = i;
  }
  if (file_col < 0 || labelled_col < 0 || seen_col < 0)
    return Error{
        "line 1: the header must name the columns 'file', 'labelled' and 'seen' "
        "(tab-separated)"};
  const int needed = std::max({file_col, labelled_col, seen_col}) + 1;
  std::vector<LabelCorrection> out;
  for (size_t ln = 1; ln < lines.size(); ++ln) {
    const std::string line = trim(lines[ln]);
    if (line.empty() || line[0] == '#') continue;
    const auto cols = split(line, '\t');
    const std::string where = "line " + std::to_string(ln + 1) + ": ";
    if (static_cast<int>(cols.size()) < needed)
      return Error{where + "expected at least " + std::to_string(needed) +
                   " tab-separated columns"};
    LabelCorrection c;
    c.line = static_cast<int>(ln + 1);
    c.file = trim(cols[file_col]);
    c.labelled = trim(cols[labelled_col]);
    c.seen = split(trim(cols[seen_col]), '|');
    if (c.file.empty() || c.labelled.empty() || c.seen[0].empty())
      return Error{where + "file, labelled and seen must not be empty"};
    for (const auto& plate : c.seen)
      if (!is_plate_shaped(plate))
        return Error{where + "'" + plate + "' is not a plate text (province, letter, then 5 or 6)"};
    out.push_back(std::move(c));
  }
  return out;
}

Result<int> apply_label_corrections(std::vector<LabelledImage>& labels,
                                    const std::vector<LabelCorrection>& corrections) {
  int changed = 0;
  for (const auto& c : corrections) {
    const std::string where = "line " + std::to_string(c.line) + ": ";
    auto it = std::find_if(labels.begin(), labels.end(),
                           [&](const LabelledImage& l) { return l.file == c.file; });
    if (it == labels.end()) return Error{where + c.file + " is not in the labels"};
    std::string given;
    for (const auto& p : it->plates) given += (given.empty() ? "" : "|") + p;
    if (given != c.labelled)
      return Error{where + "the labels give " + given + " for " + c.file + ", not " + c.labelled +
                   ": they changed since the correction was written; review it"};
    if (c.seen.size() != it->plates.size())
      return Error{where + "corrects " + std::to_string(it->plates.size()) + " plate(s) with " +
                   std::to_string(c.seen.size())};
    it->plates = c.seen;
    ++changed;
  }
  return changed;
}

std::string reported_colour(const PlateReading* r) {
  if (r == nullptr) return "none";
  if (r->colour == PlateColour::kYellow && r->double_row) return "yellow-double";
  return std::string(colour_name(r->colour));
}

ImageOutcome EvalTally::add(const LabelledImage& label, const std::vector<PlateReading>& reads,
                            double ms) {
  ImageOutcome o;
  o.file = label.file;
  o.expected = label.plates;
  for (const auto& r : reads) o.read.push_back(r.text);
  o.ms = ms;
  ms_.push_back(ms);
  ++s_.images;
  std::vector<bool> used(reads.size(), false);
  o.all_exact = true;
  for (size_t p = 0; p < label.plates.size(); ++p) {
    const auto want = utf8_chars(label.plates[p]);
    int best = -1, best_score = -1;
    for (size_t i = 0; i < reads.size(); ++i) {
      if (used[i]) continue;
      const int score = same_position_chars(want, utf8_chars(reads[i].text));
      if (score > best_score) best = static_cast<int>(i), best_score = score;
    }
    const PlateReading* r = best >= 0 ? &reads[best] : nullptr;
    if (best >= 0) used[best] = true;
    ++s_.plates;
    const auto got = r ? utf8_chars(r->text) : std::vector<std::string>{};
    const bool exact = r && r->text == label.plates[p];
    exact_ += exact ? 1 : 0;
    o.all_exact = o.all_exact && exact;
    chars_ += static_cast<int>(want.size());
    chars_ok_ += same_position_chars(want, got);
    provinces_ok_ += (!want.empty() && !got.empty() && want[0] == got[0]) ? 1 : 0;
    const std::string& want_colour = label.colours[p];
    if (!want_colour.empty()) {
      ++s_.colour_labelled;
      const std::string seen = reported_colour(r);
      // A yellow label is met by a yellow reading of either row layout; "yellow-double" needs
      // the double-row reading.
      const bool ok = seen == want_colour || (want_colour == "yellow" && seen == "yellow-double");
      colours_ok_ += ok ? 1 : 0;
      ++s_.colour_confusion[want_colour][seen];
    }
  }
  return o;
}

EvalSummary EvalTally::summary() const {
  EvalSummary s = s_;
  auto share = [](int n, int d) { return d > 0 ? static_cast<double>(n) / d : 0.0; };
  s.exact = share(exact_, s.plates);
  s.char_accuracy = share(chars_ok_, chars_);
  s.province_accuracy = share(provinces_ok_, s.plates);
  s.colour_accuracy = share(colours_ok_, s.colour_labelled);
  if (!ms_.empty()) {
    s.ms_mean = std::accumulate(ms_.begin(), ms_.end(), 0.0) / static_cast<double>(ms_.size());
    std::vector<double> sorted = ms_;
    std::sort(sorted.begin(), sorted.end());
    const size_t idx =
        std::min(sorted.size() - 1,
                 static_cast<size_t>(std::ceil(0.95 * static_cast<double>(sorted.size()))) - 1);
    s.ms_p95 = sorted[idx];
  }
  return s;
}

}  // namespace gate::lpr
