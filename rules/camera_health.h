// Camera health: whether each camera a gate declared (push cameras and plain LPR cameras, per
// lane) has shown a sign of life lately, and when a silence becomes an ALARM. Pure and not
// thread-safe: the owner feeds it signs of life and asks at times of its choosing, passing the
// gate's clock in.
//
// A camera is online while its last sign of life is no older than the silence window. One never
// heard from since start is "never seen": online (given the benefit of the doubt) for one window
// after start, offline after it. check() reports a camera once when it has been silent past the
// window while the gate is open (an ALARM to raise), and once when it is heard again after that.
// A silence outside opening hours is not reported; it is when the gate opens if it lasts.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gate::rules {

struct WatchedCamera {
  std::string lane_id;
  std::string camera_id;  // unique within the lane
};

struct CameraStatus {
  std::string lane_id;
  std::string camera_id;
  bool online = false;
  bool never_seen = true;          // no sign of life since start
  int64_t last_seen_unix_ms = 0;   // 0 while never seen
  int64_t last_plate_unix_ms = 0;  // 0: no plate event since start
  int64_t silent_ms = 0;           // since the last sign of life (or since start)
};

struct CameraHealthChange {
  enum class Kind { kSilent, kBack };
  Kind kind = Kind::kSilent;
  std::string lane_id;
  std::string camera_id;
  int64_t silent_ms = 0;          // kSilent: so far; kBack: how long the silence lasted
  int64_t last_seen_unix_ms = 0;  // kSilent: 0 when never seen since start
};

class CameraHealth {
 public:
  CameraHealth(std::vector<WatchedCamera> cameras, int64_t silence_window_ms,
               int64_t started_unix_ms);

  // A sign of life (a push, a heartbeat, a frame) at `at_ms`; older signs than the one kept and
  // cameras not watched are ignored.
  void saw(const std::string& lane_id, const std::string& camera_id, int64_t at_ms);
  // A plate event, which is also a sign of life.
  void saw_plate(const std::string& lane_id, const std::string& camera_id, int64_t at_ms);

  // Every watched camera, in lane then camera order.
  std::vector<CameraStatus> statuses(int64_t now_ms) const;
  // What changed since the last check: cameras silent past the window (reported only while
  // `gate_open`) and cameras heard again after being reported.
  std::vector<CameraHealthChange> check(int64_t now_ms, bool gate_open);

  int64_t silence_window_ms() const { return window_ms_; }

 private:
  struct Watch {
    int64_t last_seen_ms = 0;
    int64_t last_plate_ms = 0;
    bool reported = false;        // silent, ALARM raised, not heard since
    int64_t silent_since_ms = 0;  // when reported: the last sign of life (or start)
  };
  using Key = std::pair<std::string, std::string>;  // lane, camera
  CameraStatus status_of(const Key& key, const Watch& w, int64_t now_ms) const;

  std::map<Key, Watch> watches_;
  int64_t window_ms_;
  int64_t started_ms_;
};

}  // namespace gate::rules
