// Prometheus text exposition format (version 0.0.4): families with # HELP and # TYPE, samples
// with escaped label values, histograms as cumulative _bucket{le=…}, _sum and _count.
// Pure: builds a string, no I/O, no clock. See docs/operations.md for the metrics gated serves.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gate::host {

// A histogram's state: `counts[i]` observations fell in (bounds[i-1], bounds[i]], and the last
// element counts those above the highest bound (the +Inf bucket). Not cumulative.
struct HistogramData {
  std::vector<double> bounds;    // ascending upper bounds, +Inf implied
  std::vector<uint64_t> counts;  // bounds.size() + 1 entries
  double sum = 0;

  explicit HistogramData(std::vector<double> upper_bounds = {})
      : bounds(std::move(upper_bounds)), counts(bounds.size() + 1, 0) {}
  void observe(double value);
  uint64_t count() const;
};

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class PrometheusText {
 public:
  // Starts a family; `type` is "counter", "gauge" or "histogram". Names must match
  // [a-zA-Z_:][a-zA-Z0-9_:]* (a programming error otherwise: std::invalid_argument).
  void family(std::string_view name, std::string_view type, std::string_view help);
  // One sample of the family last started (or a suffixed series of it, e.g. name_bucket).
  void sample(std::string_view name, const MetricLabels& labels, double value);
  // A family with a single unlabelled sample.
  void gauge(std::string_view name, std::string_view help, double value);
  void counter(std::string_view name, std::string_view help, double value);
  // Samples of a histogram family started with family(name, "histogram", …).
  void histogram(std::string_view name, const MetricLabels& labels, const HistogramData& h);

  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// Label value escaping: backslash, double quote and newline.
std::string escape_label_value(std::string_view v);
// HELP text escaping: backslash and newline.
std::string escape_help(std::string_view v);
// Integers without exponent or fraction, other values shortest round-trip, +Inf/-Inf/NaN.
std::string format_sample_value(double v);

// The media type to answer with.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace gate::host
