// A plain camera at a lane in a real gated (LaneConfig.lpr_camera): a snapshot the camera
// uploads into its folder is read by gated's own recogniser and recorded as a passage with
// source "lpr" and its photo; with motion not enough to read a frame, the barrier module's
// entry loop makes gated read the next one; a video source that is not there raises an ALARM
// but gated starts and decides push-camera reads as usual. The recogniser is a plugin gated
// loads only for such a lane: a gate without one maps none of OpenCV's heavy modules, and a
// plugin that cannot be loaded stops the start naming it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/camera/plate_event.h"
#include "drivers/http/http_client.h"
#include "sim/devices/barrier_slave.h"
#include "tests/support/gate_config.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;

struct ReadRow {
  std::string plate;
  std::string source;
  std::string camera_id;
  std::string image_sha256;
};

// The reads of the passages gated recorded, oldest first.
std::vector<ReadRow> read_rows(const std::string& db_path) {
  std::vector<ReadRow> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return rows;  // not created yet
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT plate_read, source, camera_id, image_sha256 FROM passages "
                         "ORDER BY seq",
                         -1, &st, nullptr) == SQLITE_OK) {
    auto text = [&](int col) {
      const auto* t = sqlite3_column_text(st, col);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    while (sqlite3_step(st) == SQLITE_ROW) rows.push_back({text(0), text(1), text(2), text(3)});
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

// The shared objects `pid` has mapped (paths from /proc/<pid>/maps), one per line.
std::string mapped_files(int pid) {
  std::string files;
  const std::string maps = read_file("/proc/" + std::to_string(pid) + "/maps");
  std::size_t at = 0;
  while (at < maps.size()) {
    const std::size_t end = std::min(maps.find('\n', at), maps.size());
    const std::size_t slash = maps.find('/', at);
    if (slash < end) files += maps.substr(slash, end - slash) + "\n";
    at = end + 1;
  }
  return files;
}

// OpenCV's modules that map FFmpeg, GStreamer, GDAL and the rest, and our plugin that links them.
const std::vector<std::string> kHeavyModules = {"libopencv_videoio", "libopencv_imgcodecs",
                                                "libopencv_dnn", "gate-lpr-plugin.so"};

class LprCameraLaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err");
    remove_tree(dir_);
  }
  // One lane, no barrier module listening (passes become barrier faults; reads are recorded).
  void write_config(const std::string& lpr_camera_block, int barrier_port = 0) {
    OneLaneGate g;
    g.camera_port = camera_port_;
    g.barrier_port = barrier_port;
    g.policy_version = "lpr-camera-test";
    g.lane_extra = "  lpr_camera { " + lpr_camera_block + " }\n";
    write_file(dir_ + "/gated.textproto", one_lane_gate_config(g));
  }
  bool log_has(const std::string& what, int timeout_ms) {
    return wait_until(
        [&] { return read_file(dir_ + "/gated.err").find(what) != std::string::npos; }, timeout_ms);
  }
  std::string dir_;
  int camera_port_ = 0;
};

TEST_F(LprCameraLaneTest, ASnapshotInTheFolderBecomesAPassageWithSourceLprAndItsPhoto) {
  const std::string ftp = dir_ + "/ftp";
  std::filesystem::create_directory(ftp);
  write_config("snapshot_folder: \"ftp\" local_province: \"豫\"");
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  // Files already in the folder when it opens are skipped: wait until it is open.
  ASSERT_TRUE(log_has("plate camera snapshot folder " + ftp + " open", 20000));
  // As a camera's FTP upload: written under a temporary name, then renamed.
  std::filesystem::copy_file(kSource + "/tests/drivers/lpr/data/blue.jpg", ftp + "/up.tmp");
  std::filesystem::rename(ftp + "/up.tmp", ftp + "/20261123-0001.jpg");

  std::optional<ReadRow> row;
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& r : read_rows(dir_ + "/gate.db"))
          if (r.plate == "豫A12345") row = r;  // tests/drivers/lpr/data/labels.tsv
        return row.has_value();
      },
      20000))
      << "no passage for 豫A12345; stdout:\n"
      << read_file(dir_ + "/gated.out");
  EXPECT_EQ(row->source, "lpr");
  EXPECT_EQ(row->camera_id, "LPR-L1");
  ASSERT_EQ(row->image_sha256.size(), 64u) << "the frame is stored as the passage's photo";
  const std::string photo =
      dir_ + "/gate.db.photos/" + row->image_sha256.substr(0, 2) + "/" + row->image_sha256 + ".jpg";
  EXPECT_TRUE(std::filesystem::is_regular_file(photo)) << photo;
  EXPECT_GT(std::filesystem::file_size(photo), 1000u);
  const std::string mapped = mapped_files(gated.pid());
  for (const auto& module : kHeavyModules) {
    EXPECT_NE(mapped.find(module), std::string::npos) << module << " is the plate camera's";
  }
  EXPECT_EQ(gated.stop(), 0) << "the camera thread stops with gated";
}

// Most gates have push cameras only: their gated must not carry the plate camera's libraries
// (hundreds of shared objects and some 50 MB of resident memory; README, Measured).
TEST_F(LprCameraLaneTest, AGateWithoutAPlainCameraMapsNoneOfItsLibraries) {
  OneLaneGate g;
  g.camera_port = camera_port_;
  g.policy_version = "lpr-camera-test";
  write_file(dir_ + "/gated.textproto", one_lane_gate_config(g));
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  ASSERT_TRUE(wait_until(
      [&] { return drivers::http_request(url, "GET", "/", "", "text/plain", 300).ok(); }, 20000));
  // A pushed read with a picture: decoding it must not need imgcodecs either.
  const std::string read =
      R"({"plate":"豫H99999","lane":"L1","confidence":0.95,)"
      R"("image_jpeg_base64":")" +
      drivers::base64_encode(read_file(kSource + "/tests/drivers/lpr/data/blue.jpg")) + "\"}";
  auto pushed =
      drivers::http_request(url, "POST", "/camera/generic", read, "application/json", 5000);
  ASSERT_TRUE(pushed.ok()) << pushed.error();
  EXPECT_EQ(pushed.value().status, 200) << pushed.value().body;
  ASSERT_TRUE(wait_until([&] { return !read_rows(dir_ + "/gate.db").empty(); }, 10000));
  EXPECT_EQ(read_rows(dir_ + "/gate.db")[0].image_sha256.size(), 64u);
  const std::string mapped = mapped_files(gated.pid());
  ASSERT_NE(mapped.find("libopencv_core"), std::string::npos) << "maps not read:\n" << mapped;
  for (const auto& module : kHeavyModules) {
    EXPECT_EQ(mapped.find(module), std::string::npos) << module << " is mapped:\n" << mapped;
  }
  EXPECT_EQ(gated.stop(), 0);
}

// A gated copied without its plugin (or with a damaged one) refuses a lane with a plain camera,
// naming the files it tried and what to do.
TEST_F(LprCameraLaneTest, APluginThatCannotBeLoadedStopsTheStartNamingIt) {
  if (std::filesystem::exists("/usr/lib/gate/gate-lpr-plugin.so")) {
    GTEST_SKIP() << "the installed plugin would be found";
  }
  std::filesystem::create_directory(dir_ + "/ftp");
  std::filesystem::create_directory(dir_ + "/bin");
  std::filesystem::copy_file(kBin + "/gated", dir_ + "/bin/gated");
  write_file(dir_ + "/bin/gate-lpr-plugin.so", "not a shared object");
  write_config("snapshot_folder: \"ftp\"");
  std::string out;
  const int rc =
      run_command({dir_ + "/bin/gated", "--config", dir_ + "/gated.textproto"}, &out, 30000);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("lane L1 lpr_camera: the plate-recognition plugin gate-lpr-plugin.so"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(dir_ + "/bin/gate-lpr-plugin.so: cannot be loaded"), std::string::npos) << out;
  EXPECT_NE(out.find("/usr/lib/gate/gate-lpr-plugin.so: no such file"), std::string::npos) << out;
  EXPECT_NE(out.find("reinstall the gate-controller package"), std::string::npos) << out;
}

// Motion alone does not read these snapshots (the threshold is above any change between them):
// the first frame is read as every first frame is, the next only once the barrier module's
// entry loop has seen a truck.
TEST_F(LprCameraLaneTest, TheEntryLoopMakesGatedReadTheNextFrame) {
  sim::BarrierSlaveOptions opt;
  opt.port = static_cast<uint16_t>(free_port());
  auto slave = sim::BarrierSlave::Start(opt);
  ASSERT_TRUE(slave.ok()) << slave.error();
  auto& module = *slave.value();
  const std::string ftp = dir_ + "/ftp";
  std::filesystem::create_directory(ftp);
  write_config("snapshot_folder: \"ftp\" motion_threshold: 250", module.port());
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(log_has("plate camera snapshot folder " + ftp + " open", 20000));
  const std::string data = kSource + "/tests/drivers/lpr/data/";
  auto has_plate = [&](const std::string& plate) {
    for (const auto& r : read_rows(dir_ + "/gate.db"))
      if (r.plate == plate && r.source == "lpr") return true;
    return false;
  };
  auto upload = [&](const std::string& image, const std::string& name) {
    std::filesystem::copy_file(data + image, ftp + "/up.tmp");
    std::filesystem::rename(ftp + "/up.tmp", ftp + "/" + name);
  };

  upload("blue.jpg", "0001.jpg");
  ASSERT_TRUE(wait_until([&] { return has_plate("豫A12345"); }, 20000)) << "the first frame";

  // Same size, different plate: below the motion threshold, so taken from the folder unread.
  upload("yellow.jpg", "0002.jpg");
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(ftp + "/done/0002.jpg"); }, 10000));
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  ASSERT_FALSE(has_plate("豫H86321")) << "read without motion or trigger";

  // A truck on the entry loop; gated polls the module every 15 ms.
  module.set_entry_loop(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  upload("yellow.jpg", "0003.jpg");
  EXPECT_TRUE(wait_until([&] { return has_plate("豫H86321"); }, 20000))
      << "the frame after the entry loop went on was not read";
  EXPECT_EQ(gated.stop(), 0);
}

TEST_F(LprCameraLaneTest, AMissingVideoSourceRaisesAnAlarmButGatedStartsAndDecides) {
  write_config("video: \"no-such-clip.mp4\"");
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  ASSERT_TRUE(wait_until(
      [&] { return drivers::http_request(url, "GET", "/", "", "text/plain", 300).ok(); }, 20000));
  EXPECT_TRUE(log_has("ALARM lane L1: plate camera video " + dir_ + "/no-such-clip.mp4", 10000));
  // Push-camera reads are still decided and recorded.
  auto pushed = drivers::http_request(url, "POST", "/camera/generic",
                                      R"({"plate":"豫H99999","lane":"L1","confidence":0.95})",
                                      "application/json", 2000);
  ASSERT_TRUE(pushed.ok()) << pushed.error();
  EXPECT_EQ(pushed.value().status, 200);
  ASSERT_TRUE(wait_until([&] { return !read_rows(dir_ + "/gate.db").empty(); }, 10000));
  EXPECT_EQ(read_rows(dir_ + "/gate.db")[0].source, "generic");
  EXPECT_TRUE(gated.running());
  EXPECT_EQ(gated.stop(), 0);
  const std::string log = read_file(dir_ + "/gated.err");
  // One alarm for the outage, not one per retry.
  std::size_t alarms = 0;
  for (auto at = log.find("ALARM lane L1: plate camera"); at != std::string::npos;
       at = log.find("ALARM lane L1: plate camera", at + 1)) {
    ++alarms;
  }
  EXPECT_EQ(alarms, 1u) << log;
}

TEST_F(LprCameraLaneTest, AModelThatDoesNotLoadStopsTheStartNamingTheFile) {
  std::filesystem::create_directory(dir_ + "/ftp");
  write_config("snapshot_folder: \"ftp\" model_path: \"no-such-model.onnx\"");
  std::string out;
  const int rc = run_command({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, &out, 30000);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("lane L1 lpr_camera"), std::string::npos) << out;
  EXPECT_NE(out.find(dir_ + "/no-such-model.onnx"), std::string::npos) << out;
}

// The evidence photo's text needs a font with Chinese glyphs: one that cannot be read stops the
// start, naming the file and the Debian package that provides the default.
TEST_F(LprCameraLaneTest, ACaptionFontThatCannotBeReadStopsTheStartNamingIt) {
  std::filesystem::create_directory(dir_ + "/ftp");
  write_config("snapshot_folder: \"ftp\" caption_font: \"no-such-font.ttc\"");
  std::string out;
  const int rc = run_command({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, &out, 30000);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("lane L1 lpr_camera"), std::string::npos) << out;
  EXPECT_NE(out.find(dir_ + "/no-such-font.ttc"), std::string::npos) << out;
  EXPECT_NE(out.find("fonts-noto-cjk"), std::string::npos) << out;
}

}  // namespace
}  // namespace gate::testing
