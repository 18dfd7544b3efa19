// Frame sources for cameras that do not read plates themselves: a video stream or file through
// OpenCV VideoCapture (RTSP/HTTP URL or path), and a watched folder of snapshots (cameras that
// FTP a JPEG per trigger). Plus a motion trigger so that recognition runs only when something
// moved. The sources do I/O; MotionTrigger is pure.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include "rules/result.h"

namespace gate::drivers {

struct Frame {
  cv::Mat image;     // BGR
  std::string name;  // "video:<index>" or the snapshot's file name
};

// `source` with any user:password@ of a URL replaced by ***@, for logs and error messages
// (camera URLs often carry the camera's password). Pure.
std::string without_credentials(const std::string& source);

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // The next frame; nullopt when none is available now (folder: no new file; video: end of
  // file). A stream that fails to deliver is an error saying which source and what to check.
  virtual Result<std::optional<Frame>> next() = 0;
};

class VideoFrameSource : public FrameSource {
 public:
  // `source`: a file path, or an rtsp:// / http:// URL. `every_nth` > 1 skips frames (a 25 fps
  // stream read at 5 fps: 5). Fails when OpenCV cannot open it.
  //
  // For a URL, opening and each read give up after `io_timeout_ms` (FFmpeg's own default is
  // 30 s): a camera that accepts the connection and then says nothing must not hold the lane's
  // camera thread, and with it gated's stop, for half a minute.
  static Result<std::unique_ptr<VideoFrameSource>> Open(const std::string& source,
                                                        int every_nth = 1,
                                                        int io_timeout_ms = 5000);
  Result<std::optional<Frame>> next() override;

 private:
  VideoFrameSource(std::string source, int every_nth)
      : source_(std::move(source)), every_nth_(every_nth) {}
  std::string source_;
  int every_nth_;
  int64_t index_ = 0;
  cv::VideoCapture capture_;
};

class SnapshotFolderSource : public FrameSource {
 public:
  // Watches `dir` for new .jpg/.jpeg/.png files; each is returned once, oldest name first.
  // Files already there when it opens are skipped unless `include_existing`.
  //
  // With `done_subdir` (e.g. "done", created if missing), every file read, and every file
  // skipped at opening, is moved into that subfolder (a "-N" suffix where the name is taken):
  // the watched folder stays small however long the gate runs (it is listed at every poll), and
  // a camera that always uploads under the same name is read each time. Without it, names are
  // remembered and the folder is left as it is.
  static Result<std::unique_ptr<SnapshotFolderSource>> Open(const std::string& dir,
                                                            bool include_existing = false,
                                                            const std::string& done_subdir = "");
  Result<std::optional<Frame>> next() override;

 private:
  explicit SnapshotFolderSource(std::string dir) : dir_(std::move(dir)) {}
  // Moves `name` into done_dir_; true when it is gone from the watched folder.
  bool move_to_done(const std::string& name);
  std::string dir_;
  std::string done_dir_;  // empty: files stay where they are
  std::set<std::string> seen_;
};

// Says whether a frame differs enough from the previous one (mean absolute difference of a
// 160-px-wide grey thumbnail, 0..255) to be worth reading. The first frame always triggers.
class MotionTrigger {
 public:
  explicit MotionTrigger(double threshold = 4.0) : threshold_(threshold) {}
  bool moved(const cv::Mat& frame_bgr);

 private:
  double threshold_;
  cv::Mat previous_;
};

}  // namespace gate::drivers
