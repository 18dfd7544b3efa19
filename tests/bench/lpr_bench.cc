// Plate recognition speed on one core (targets, docs/lpr.md: ≤ 5 ms per crop, ≤ 50 ms per
// 1920x1080 frame end to end). Uses the committed model and the committed synthetic test
// images; OpenCV is held to one thread.
//
//   build/bench/lpr_bench [--benchmark_filter=…]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "drivers/lpr/plate_recognizer.h"

namespace {

using gate::lpr::PlateRecognizer;

const std::string kData = GATE_SOURCE_DIR "/tests/drivers/lpr/data";

std::unique_ptr<PlateRecognizer> load() {
  cv::setNumThreads(1);
  auto r = PlateRecognizer::Load(gate::lpr::default_model_path());
  if (!r.ok()) {
    std::fprintf(stderr, "lpr_bench: %s\n", r.error().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

void BM_ReadCrop(benchmark::State& state) {
  auto rec = load();
  const cv::Mat crop = cv::imread(kData + "/blue.jpg", cv::IMREAD_COLOR);
  for (auto _ : state) benchmark::DoNotOptimize(rec->read(crop));
}
BENCHMARK(BM_ReadCrop)->Unit(benchmark::kMillisecond);

void BM_ReadDoubleRowCrop(benchmark::State& state) {
  auto rec = load();
  const cv::Mat crop = cv::imread(kData + "/trailer_double.jpg", cv::IMREAD_COLOR);
  for (auto _ : state) benchmark::DoNotOptimize(rec->read(crop));
}
BENCHMARK(BM_ReadDoubleRowCrop)->Unit(benchmark::kMillisecond);

// The two-plate synthetic frame scaled to 1920x1080: detection, rectification, recognition.
void BM_ReadFrame1080p(benchmark::State& state) {
  auto rec = load();
  cv::Mat frame = cv::imread(kData + "/frame_two_plates.jpg", cv::IMREAD_COLOR);
  cv::resize(frame, frame, cv::Size(1920, 1080));
  size_t plates = 0;
  for (auto _ : state) plates = rec->read(frame).size();
  state.counters["plates"] = static_cast<double>(plates);
}
BENCHMARK(BM_ReadFrame1080p)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
