#include "drivers/camera/frame_source.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace gate::drivers {

namespace fs = std::filesystem;

namespace {

bool is_image_name(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

}  // namespace

std::string without_credentials(const std::string& source) {
  const auto scheme = source.find("://");
  if (scheme == std::string::npos) return source;
  const auto host = scheme + 3;
  const auto path = source.find('/', host);
  const auto at = source.rfind('@', path == std::string::npos ? std::string::npos : path);
  if (at == std::string::npos || at < host) return source;
  return source.substr(0, host) + "***" + source.substr(at);
}

Result<std::unique_ptr<VideoFrameSource>> VideoFrameSource::Open(const std::string& source,
                                                                 int every_nth, int io_timeout_ms) {
  std::unique_ptr<VideoFrameSource> s(new VideoFrameSource(source, std::max(1, every_nth)));
  const bool is_url = source.find("://") != std::string::npos;
  const int timeout = std::max(1, io_timeout_ms);
  const bool opened = is_url ? s->capture_.open(source, cv::CAP_FFMPEG,
                                                {cv::CAP_PROP_OPEN_TIMEOUT_MSEC, timeout,
                                                 cv::CAP_PROP_READ_TIMEOUT_MSEC, timeout})
                             : s->capture_.open(source);
  if (!opened)
    return Error{"cannot open video source '" + without_credentials(source) +
                 "': check the path or URL (rtsp://user:pass@host/stream), that the camera is "
                 "reachable, and that OpenCV was built with the needed backend"};
  return s;
}

Result<std::optional<Frame>> VideoFrameSource::next() {
  // Skipped frames are only grabbed, not decoded: a 25 fps stream read at 5 fps then costs
  // one decode per frame used, so recognition keeps up with the stream instead of falling
  // behind it (VideoCapture would hand out ever older buffered frames).
  for (int i = 1; i < every_nth_; ++i) {
    if (!capture_.grab()) return std::optional<Frame>{};
    ++index_;
  }
  cv::Mat img;
  if (!capture_.read(img) || img.empty()) return std::optional<Frame>{};
  ++index_;
  return std::optional<Frame>{Frame{img, "video:" + std::to_string(index_ - 1)}};
}

Result<std::unique_ptr<SnapshotFolderSource>> SnapshotFolderSource::Open(
    const std::string& dir, bool include_existing, const std::string& done_subdir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error{"snapshot folder '" + dir + "' does not exist or is not a directory"};
  std::unique_ptr<SnapshotFolderSource> s(new SnapshotFolderSource(dir));
  if (!done_subdir.empty()) {
    s->done_dir_ = (fs::path(dir) / done_subdir).string();
    fs::create_directories(s->done_dir_, ec);
    if (ec)
      return Error{"cannot create '" + s->done_dir_ + "' for the snapshots already read: " +
                   ec.message() + " (the gate needs write access to the snapshot folder)"};
  }
  if (!include_existing) {
    std::vector<std::string> existing;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.is_regular_file() && is_image_name(e.path()))
        existing.push_back(e.path().filename().string());
      else
        s->seen_.insert(e.path().filename().string());
    for (const auto& name : existing)
      if (!s->move_to_done(name)) s->seen_.insert(name);
  }
  return s;
}

bool SnapshotFolderSource::move_to_done(const std::string& name) {
  if (done_dir_.empty()) return false;
  const fs::path from = fs::path(dir_) / name;
  fs::path to = fs::path(done_dir_) / name;
  std::error_code ec;
  for (int n = 1; fs::exists(to, ec) && n < 100000; ++n) {
    const fs::path p(name);
    to = fs::path(done_dir_) /
         (p.stem().string() + "-" + std::to_string(n) + p.extension().string());
  }
  fs::rename(from, to, ec);
  return !ec;
}

Result<std::optional<Frame>> SnapshotFolderSource::next() {
  std::error_code ec;
  std::vector<std::string> fresh;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && is_image_name(e.path()) && !seen_.count(name)) fresh.push_back(name);
  }
  if (ec) return Error{"cannot list snapshot folder '" + dir_ + "': " + ec.message()};
  std::sort(fresh.begin(), fresh.end());
  for (const auto& name : fresh) {
    seen_.insert(name);
    cv::Mat img = cv::imread((fs::path(dir_) / name).string(), cv::IMREAD_COLOR);
    // A file still being written decodes as empty; it is skipped rather than retried, since
    // cameras write to a temporary name and rename when done.
    if (img.empty()) continue;
    if (move_to_done(name)) seen_.erase(name);  // the name may come again: a new snapshot
    return std::optional<Frame>{Frame{img, name}};
  }
  return std::optional<Frame>{};
}

bool MotionTrigger::moved(const cv::Mat& frame_bgr) {
  if (frame_bgr.empty()) return false;
  cv::Mat grey, small;
  if (frame_bgr.channels() == 3)
    cv::cvtColor(frame_bgr, grey, cv::COLOR_BGR2GRAY);
  else
    grey = frame_bgr;
  const int w = 160, h = std::max(1, grey.rows * 160 / std::max(1, grey.cols));
  cv::resize(grey, small, cv::Size(w, h), 0, 0, cv::INTER_AREA);
  const bool first = previous_.empty() || previous_.size() != small.size();
  double diff = 255.0;
  if (!first) {
    cv::Mat d;
    cv::absdiff(small, previous_, d);
    diff = cv::mean(d)[0];
  }
  previous_ = small;
  return diff >= threshold_;
}

}  // namespace gate::drivers
