#include "firmware-host/gatectl/lpr_commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <tuple>

#include <opencv2/core/utility.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>

#include "drivers/lpr/plate_eval.h"
#include "drivers/lpr/plate_recognizer.h"

namespace gate::ctl {
namespace {

namespace fs = std::filesystem;
using lpr::PlateReading;

Result<std::unique_ptr<lpr::PlateRecognizer>> load_recognizer(const Args& a) {
  cv::setNumThreads(1);
  const std::string model = option(a, "--model");
  lpr::RecognizerOptions options;
  options.local_province = option(a, "--local-province");
  for (const auto& [name, field, example] :
       {std::tuple{"--local-province-weight", &options.local_province_weight, "20"},
        std::tuple{"--rare-colour-weight", &options.rare_colour_weight, "0.1"}}) {
    if (const std::string w = option(a, name); !w.empty()) {
      char* end = nullptr;
      *field = std::strtof(w.c_str(), &end);
      if (end == w.c_str() || *end != '\0')
        return Error{std::string(name) + " '" + w + "' is not a number (e.g. " + example + ")"};
    }
  }
  return lpr::PlateRecognizer::Load(model.empty() ? lpr::default_model_path() : model, options);
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

nlohmann::json reading_json(const PlateReading& r) {
  nlohmann::json corners = nlohmann::json::array();
  for (const auto& p : r.corners) corners.push_back({p.x, p.y});
  return {{"plate", r.text},
          {"color", lpr::reported_colour(&r)},
          {"image_color", std::string(lpr::colour_name(r.image_colour))},
          {"color_confidence", r.colour_confidence},
          {"color_conflict", r.colour_conflict},
          {"double_row", r.double_row},
          {"plate_shaped", r.plate_shaped},
          {"confidence", r.confidence},
          {"char_confidences", r.char_confidences},
          {"corners", corners}};
}

}  // namespace

int lpr_read(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "give one image file");
  // OpenCV's own warning for an unreadable file would come before, and say less than, ours.
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
  std::error_code ec;
  if (!fs::is_regular_file(a.positional[0], ec)) {
    err << "gatectl: no image file '" << a.positional[0] << "'\n";
    return 1;
  }
  const cv::Mat img = cv::imread(a.positional[0], cv::IMREAD_COLOR);
  if (img.empty()) {
    err << "gatectl: cannot decode '" << a.positional[0]
        << "' as an image (JPEG, PNG, BMP and the other formats OpenCV reads)\n";
    return 1;
  }
  auto rec = load_recognizer(a);
  if (!rec.ok()) {
    err << "gatectl: " << rec.error() << "\n";
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto reads = rec.value()->read(img);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json j = {{"image", a.positional[0]}, {"ms", ms}, {"plates", nlohmann::json::array()}};
  out << a.positional[0] << ": " << img.cols << "x" << img.rows << ", " << reads.size()
      << " plate(s), " << fixed(ms, 1) << " ms\n";
  for (const auto& r : reads) {
    j["plates"].push_back(reading_json(r));
    out << "  " << r.text << "  colour " << lpr::reported_colour(&r) << " (image "
        << lpr::colour_name(r.image_colour) << " " << fixed(r.colour_confidence, 2)
        << (r.colour_conflict ? ", disagrees with the text pattern" : "") << ")  confidence "
        << fixed(r.confidence, 2) << (r.plate_shaped ? "" : "  [not plate-shaped]")
        << "\n    chars";
    for (float c : r.char_confidences) out << " " << fixed(c, 2);
    out << "\n    corners";
    for (const auto& p : r.corners) out << " (" << fixed(p.x, 0) << "," << fixed(p.y, 0) << ")";
    out << "\n";
  }
  if (const std::string path = option(a, "--json"); !path.empty()) {
    std::ofstream f(path);
    f << j.dump(2) << "\n";
    if (!f) {
      err << "gatectl: cannot write '" << path << "'\n";
      return 1;
    }
  }
  return 0;
}

namespace {

// DIR/labels.tsv, with --label-corrections applied; `corrected` says to how many labels.
Result<std::vector<lpr::LabelledImage>> read_labels(const Args& a, const fs::path& dir,
                                                    int* corrected) {
  std::ifstream lf(dir / "labels.tsv", std::ios::binary);
  if (!lf) {
    return Error{"no " + (dir / "labels.tsv").string() +
                 " (tab-separated, header 'file<TAB>plate<TAB>color')"};
  }
  std::stringstream content;
  content << lf.rdbuf();
  auto labels = lpr::parse_labels_tsv(content.str());
  if (!labels.ok()) return Error{(dir / "labels.tsv").string() + ": " + labels.error()};
  *corrected = 0;
  const std::string corrections_path = option(a, "--label-corrections");
  if (corrections_path.empty()) return labels;
  std::ifstream cf(corrections_path, std::ios::binary);
  if (!cf) return Error{"cannot read label corrections '" + corrections_path + "'"};
  std::stringstream text;
  text << cf.rdbuf();
  auto corrections = lpr::parse_label_corrections_tsv(text.str());
  auto applied = corrections.ok()
                     ? lpr::apply_label_corrections(labels.value(), corrections.value())
                     : Result<int>(Error{corrections.error()});
  if (!applied.ok()) return Error{corrections_path + " " + applied.error()};
  *corrected = applied.value();
  return labels;
}

// Every labelled image read and tallied; a line per image with --per-image.
struct EvalRun {
  lpr::EvalTally tally;
  nlohmann::json images = nlohmann::json::array();
  int missing = 0;
};

EvalRun evaluate(const std::vector<lpr::LabelledImage>& labels, const fs::path& dir,
                 lpr::PlateRecognizer& rec, bool per_image, std::ostream& out, std::ostream& err) {
  EvalRun run;
  for (const auto& label : labels) {
    const cv::Mat img = cv::imread((dir / label.file).string(), cv::IMREAD_COLOR);
    if (img.empty()) {
      ++run.missing;
      err << "gatectl: skipping " << label.file << ": missing or unreadable\n";
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const auto reads = rec.read(img);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const auto o = run.tally.add(label, reads, ms);
    nlohmann::json ij = {{"file", o.file},
                         {"expected", o.expected},
                         {"exact", o.all_exact},
                         {"ms", ms},
                         {"plates", nlohmann::json::array()}};
    for (const auto& r : reads) ij["plates"].push_back(reading_json(r));
    run.images.push_back(ij);
    if (!per_image) continue;
    out << (o.all_exact ? "ok   " : "MISS ") << o.file << "  expected";
    for (const auto& e : o.expected) out << " " << e;
    out << "  read";
    for (const auto& r : reads) out << " " << r.text << "/" << lpr::reported_colour(&r);
    if (reads.empty()) out << " nothing";
    out << "  " << fixed(ms, 1) << " ms\n";
  }
  return run;
}

// The scores as text; returns the colour confusion for the JSON report.
nlohmann::json write_scores(const lpr::EvalSummary& s, int missing, int corrected,
                            const std::string& corrections_path, std::ostream& out) {
  auto pct = [](double v) { return fixed(100 * v, 1) + " %"; };
  out << "images            " << s.images
      << (missing ? " (" + std::to_string(missing) + " missing)" : "") << "\nplates            "
      << s.plates
      << (corrected
              ? " (" + std::to_string(corrected) + " labels corrected by " + corrections_path + ")"
              : std::string())
      << "\nexact match       " << pct(s.exact) << "\ncharacters        " << pct(s.char_accuracy)
      << "\nprovince char     " << pct(s.province_accuracy) << "\ncolour            "
      << (s.colour_labelled ? pct(s.colour_accuracy) + " of " + std::to_string(s.colour_labelled)
                            : std::string("(no colour labels)"))
      << "\nms per image      mean " << fixed(s.ms_mean, 2) << ", p95 " << fixed(s.ms_p95, 2)
      << " (one thread; decoding the file not included)\n";
  nlohmann::json confusion = nlohmann::json::object();
  if (!s.colour_confusion.empty()) {
    out << "colour confusion (label -> reported: count)\n";
    for (const auto& [want, row] : s.colour_confusion) {
      out << "  " << want << " ->";
      for (const auto& [seen, n] : row) {
        out << " " << seen << ": " << n;
        confusion[want][seen] = n;
      }
      out << "\n";
    }
  }
  return confusion;
}

}  // namespace

int lpr_eval(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "give one folder");
  const fs::path dir = a.positional[0];
  int corrected = 0;
  auto labels = read_labels(a, dir, &corrected);
  if (!labels.ok()) return failure(err, labels.error());
  auto rec = load_recognizer(a);
  if (!rec.ok()) return failure(err, rec.error());
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
  const EvalRun run =
      evaluate(labels.value(), dir, *rec.value(), !option(a, "--per-image").empty(), out, err);
  const auto s = run.tally.summary();
  const nlohmann::json confusion =
      write_scores(s, run.missing, corrected, option(a, "--label-corrections"), out);
  if (const std::string path = option(a, "--json"); !path.empty()) {
    const nlohmann::json j = {{"dir", dir.string()},
                              {"images", s.images},
                              {"missing", run.missing},
                              {"labels_corrected", corrected},
                              {"plates", s.plates},
                              {"exact_match", s.exact},
                              {"char_accuracy", s.char_accuracy},
                              {"province_accuracy", s.province_accuracy},
                              {"colour_labelled", s.colour_labelled},
                              {"colour_accuracy", s.colour_accuracy},
                              {"ms_mean", s.ms_mean},
                              {"ms_p95", s.ms_p95},
                              {"colour_confusion", confusion},
                              {"per_image", run.images}};
    std::ofstream f(path);
    f << j.dump(2) << "\n";
    if (!f) return failure(err, "cannot write '" + path + "'");
  }
  return 0;
}

}  // namespace gate::ctl
