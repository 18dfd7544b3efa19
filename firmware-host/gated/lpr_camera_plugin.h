// The narrow interface between gated and its plate-recognition plugin (gate-lpr-plugin.so), which
// holds everything a lane's plain camera needs (docs/lpr.md): OpenCV's videoio, dnn and imgcodecs
// with their hundreds of shared libraries (FFmpeg, GStreamer, GDAL, ...), the recogniser and the
// caption fonts. gated loads it (lpr_plugin_loader.h) only when a lane has an lpr_camera, so a
// gate without one never maps those libraries and keeps a small resident set.
//
// Plugin and gated are built together from one tree and shipped in one package; the entry point
// checks the interface version and the build's version so that a stale plugin is refused instead
// of crashing. Only plain data, std types and rules/result.h cross the boundary: no protobuf
// message (the plugin must not carry generated code, which would register its descriptors twice)
// and no OpenCV type (gated does not link OpenCV's heavy modules).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "drivers/camera/plate_sighting.h"
#include "rules/result.h"

namespace gate::host {

// A lane's lpr_camera block, defaults filled in by config_loader (proto config.proto).
struct LprCameraSettings {
  std::string lane_id;
  std::string camera_id;
  std::string video;            // rtsp/http URL or video file; or
  std::string snapshot_folder;  // a folder the camera drops snapshots into
  int every_nth_frame = 1;
  bool read_every_frame = false;  // false: only frames that moved are read
  double motion_threshold = 4.0;
  float min_confidence = 0.6f;
  std::string local_province;
  float local_province_weight = 20.0f;
  std::string model_path;    // empty: the model shipped with gated
  std::string caption_font;  // empty: found among the installed CJK fonts
};

// One lane's running plain camera (LprCameraLoop in the plugin).
class LprCameraHandle {
 public:
  virtual ~LprCameraHandle() = default;
  // Starts the camera's thread; the source is opened there.
  virtual void start() = 0;
  // The entry loop went on: the next frame is read whatever the motion trigger says. Any thread.
  virtual void trigger() = 0;
  // Stops and joins the thread. Idempotent.
  virtual void stop() = 0;
  // What it reads, for log lines: "video rtsp://…" (without credentials) or "snapshot folder …".
  virtual std::string describe() const = 0;
  // When the source last delivered a frame (gate clock, unix ms; 0 = none since start). Any thread.
  virtual int64_t last_frame_unix_ms() const = 0;
};

struct LprCameraCallbacks {
  // Called on the camera's thread for each new plate; must not block.
  std::function<void(drivers::PlateSighting)> sink;
  std::function<int64_t()> clock;               // gate clock, unix ms
  std::function<void(const std::string&)> log;  // lines starting "ALARM " are alarms
};

// Loads the model and the caption font and builds the lane's camera (not started). Errors start
// with "lane <id> lpr_camera: " and say what to set.
using MakeLprCamera = Result<std::unique_ptr<LprCameraHandle>> (*)(const LprCameraSettings&,
                                                                   LprCameraCallbacks);

// Bumped whenever anything in this header changes.
inline constexpr int kLprPluginInterface = 1;

struct LprPluginEntry {
  int interface_version = 0;       // kLprPluginInterface of the plugin's build
  const char* build_version = "";  // the project version the plugin was built as
  MakeLprCamera make_camera = nullptr;
};

// The plugin's one exported symbol: extern "C" const LprPluginEntry* gate_lpr_plugin_entry().
inline constexpr const char* kLprPluginEntrySymbol = "gate_lpr_plugin_entry";
inline constexpr const char* kLprPluginFileName = "gate-lpr-plugin.so";

}  // namespace gate::host
