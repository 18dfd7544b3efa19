// LprCameraLoop on a real snapshot folder and the shipped model: a snapshot becomes one event
// from the loop's thread; a folder that is missing raises one ALARM, is retried, and is read
// once it appears; stop() joins promptly.
#include "firmware-host/gated/lpr_camera_loop.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/camera/plate_event.h"
#include "drivers/camera/plate_sighting.h"
#include "drivers/caption/caption_font.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

namespace fs = std::filesystem;

const std::string kData = GATE_LPR_TEST_DATA;

// What the loop's thread handed out, read from the test's thread.
struct Collected {
  std::mutex mu;
  std::vector<drivers::PlateEvent> events;
  std::vector<std::string> log;

  size_t count(const std::string& what) {
    std::lock_guard lock(mu);
    size_t n = 0;
    for (const auto& l : log) n += l.find(what) != std::string::npos;
    return n;
  }
  size_t event_count() {
    std::lock_guard lock(mu);
    return events.size();
  }
};

// Polls `pred` every 10 ms for up to `timeout_ms`.
template <class Pred>
bool eventually(Pred pred, int timeout_ms = 15000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

std::unique_ptr<LprCameraLoop> make_loop(const std::string& folder, Collected& out) {
  auto recognizer = lpr::PlateRecognizer::Load(lpr::default_model_path());
  if (!recognizer.ok()) {
    ADD_FAILURE() << recognizer.error();
    return nullptr;
  }
  LprCameraLoopOptions o;
  o.snapshot_folder = folder;
  o.camera.lane_id = "L1";
  o.camera.camera_id = "LPR-L1";
  auto font = caption::find_caption_font("");
  auto writer =
      caption::CaptionWriter::Load(font.ok() ? font.value() : "", drivers::kEvidenceTextPixels);
  if (!writer.ok()) {
    ADD_FAILURE() << (font.ok() ? writer.error() : font.error());
    return nullptr;
  }
  o.camera.caption_writer = std::move(writer).value();
  o.retry_interval_ms = 50;
  return std::make_unique<LprCameraLoop>(
      o, std::move(recognizer).value(),
      [&out](drivers::PlateSighting s) {
        std::lock_guard lock(out.mu);
        out.events.push_back(drivers::plate_event_from_sighting(std::move(s)));
        return Status::Ok();
      },
      [] { return int64_t{1'700'000'000'000}; },
      [&out](const std::string& m) {
        std::lock_guard lock(out.mu);
        out.log.push_back(m);
      });
}

// As a camera's FTP upload: a temporary name, then renamed.
void upload(const std::string& folder, const std::string& name) {
  fs::copy_file(kData + "/blue.jpg", folder + "/" + name + ".part");
  fs::rename(folder + "/" + name + ".part", folder + "/" + name);
}

TEST(LprCameraLoopTest, ASnapshotBecomesOneEventFromTheLoopThread) {
  test_support::TempDir dir;
  Collected out;
  auto loop = make_loop(dir.path(), out);
  ASSERT_NE(loop, nullptr);
  loop->start();
  ASSERT_TRUE(eventually([&] { return out.count(dir.path() + " open") == 1; }));
  EXPECT_EQ(loop->last_frame_unix_ms(), 0);  // open, but no frame yet: no sign of life
  upload(dir.path(), "0001.jpg");
  ASSERT_TRUE(eventually([&] { return out.event_count() >= 1; }));
  loop->stop();
  EXPECT_EQ(loop->last_frame_unix_ms(), 1'700'000'000'000);  // camera health's sign of life
  std::lock_guard lock(out.mu);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].read.plate_text(), "豫A12345");  // labels.tsv
  EXPECT_EQ(out.events[0].read.source(), "lpr");
  EXPECT_EQ(out.events[0].read.camera_id(), "LPR-L1");
  EXPECT_EQ(out.events[0].read.time_unix_ms(), 1'700'000'000'000);
  ASSERT_TRUE(out.events[0].render_evidence);
  EXPECT_FALSE(out.events[0].render_evidence("gate G1  PASS").empty());
}

TEST(LprCameraLoopTest, AMissingFolderAlarmsOnceAndIsReadWhenItAppears) {
  test_support::TempDir dir;
  const std::string folder = dir.file("ftp");
  Collected out;
  auto loop = make_loop(folder, out);
  ASSERT_NE(loop, nullptr);
  loop->start();
  ASSERT_TRUE(eventually([&] { return out.count("ALARM lane L1: plate camera") == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // several retries
  EXPECT_EQ(out.count("ALARM"), 1u) << "one alarm per outage, not one per retry";
  EXPECT_EQ(out.count("does not exist"), 1u);

  fs::create_directory(folder);
  ASSERT_TRUE(eventually([&] { return out.count(folder + " open") == 1; }));
  upload(folder, "0001.jpg");
  ASSERT_TRUE(eventually([&] { return out.event_count() >= 1; }));
  EXPECT_TRUE(eventually([&] { return out.count("reading again") == 1; }));
  loop->stop();
}

TEST(LprCameraLoopTest, StopWithoutStartAndTwiceIsHarmless) {
  test_support::TempDir dir;
  Collected out;
  auto loop = make_loop(dir.path(), out);
  ASSERT_NE(loop, nullptr);
  loop->stop();
  loop->stop();
  EXPECT_EQ(out.event_count(), 0u);
}

}  // namespace
}  // namespace gate::host
