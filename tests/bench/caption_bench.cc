// What writing the evidence photo's text costs on one core: one caption line through
// FreeType/HarfBuzz with the Debian CJK font (drivers/caption), beside OpenCV's Hershey line
// that could not write the province character, and the whole evidence JPEG of a 1920x1080 frame
// (outline, band, two lines of text, JPEG encoding) that gated renders once per decided truck.
//
//   build/bench/caption_bench [--benchmark_filter=…]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "drivers/camera/lpr_camera.h"
#include "drivers/caption/caption_font.h"
#include "drivers/caption/caption_writer.h"

namespace {

const std::string kLine = "2023-11-14 22:13:20 UTC  lane L1  *豫H90030D yellow";
const std::string kCaption = "gate G1  REFUSE  stage.min_by_class  China IV diesel not admitted";

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "caption_bench: %s\n", why.c_str());
  std::exit(1);
}

std::shared_ptr<const gate::caption::CaptionWriter> writer() {
  cv::setNumThreads(1);
  auto font = gate::caption::find_caption_font("");
  if (!font.ok()) fail(font.error());
  auto w = gate::caption::CaptionWriter::Load(font.value(), gate::drivers::kEvidenceTextPixels);
  if (!w.ok()) fail(w.error());
  return std::move(w).value();
}

void BM_CaptionLine(benchmark::State& state) {
  const auto w = writer();
  cv::Mat band(28, 1920, CV_8UC3, cv::Scalar::all(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(w->draw(band, kLine, {6, 20}, cv::Scalar::all(255)));
}
BENCHMARK(BM_CaptionLine)->Unit(benchmark::kMicrosecond);

// The line as it was drawn before, without its province character.
void BM_HersheyLine(benchmark::State& state) {
  cv::setNumThreads(1);
  cv::Mat band(28, 1920, CV_8UC3, cv::Scalar::all(0));
  const std::string ascii = "2023-11-14 22:13:20 UTC  lane L1  *H90030D yellow";
  for (auto _ : state) {
    cv::putText(band, ascii, {6, 20}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar::all(255), 1);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_HersheyLine)->Unit(benchmark::kMicrosecond);

void BM_EvidenceJpeg1080p(benchmark::State& state) {
  gate::drivers::LprCameraOptions options;
  options.lane_id = "L1";
  options.caption_writer = writer();
  cv::Mat frame(1080, 1920, CV_8UC3);
  cv::randu(frame, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(frame, frame, {9, 9}, 3);  // a photo compresses more like this than noise
  gate::lpr::PlateReading reading;
  reading.text = "豫H90030D";
  reading.colour = gate::lpr::PlateColour::kYellow;
  reading.corners = {cv::Point2f(800, 700), cv::Point2f(1100, 700), cv::Point2f(1100, 790),
                     cv::Point2f(800, 790)};
  const auto ev = gate::drivers::sighting_from_reading(reading, frame, options, 1'700'000'000'000);
  for (auto _ : state) benchmark::DoNotOptimize(ev.render_evidence(kCaption));
}
BENCHMARK(BM_EvidenceJpeg1080p)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
