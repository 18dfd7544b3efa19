// An LED display on the RS-485 port of a Hikvision camera: each message is encoded as a
// display-protocol frame (display_frame.h) and written to the port with the camera's ISAPI
// serial transparent transmission (serial_passthrough.h), over HTTP with Digest authentication.
//
// Same contract as DisplaySender (display_output.h): show() only queues; the thread of its own
// sends, one call at a time, each bounded by camera.timeout_ms; the queue keeps the latest
// queue_limit messages. A message is kept until the camera confirms it: after a failed call
// (camera down, credentials refused, an ISAPI error) the sender waits retry_interval_ms, opens
// the transparent channel again and resends it. Changes between answering and failing are
// logged once per change, not per attempt.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "drivers/display/display_output.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers {

struct HikvisionSerialDisplayOptions {
  gate::v1::DisplayCamera camera;  // as normalised by normalise_display_camera
  std::string password;            // read from camera.password_file
  uint8_t address = 1;             // the display's address in the frame
  std::size_t queue_limit = 8;
  int retry_interval_ms = 2000;
};

class HikvisionSerialDisplay : public DisplayOutput {
 public:
  using Log = std::function<void(const std::string&)>;

  HikvisionSerialDisplay(HikvisionSerialDisplayOptions options, Log log);
  ~HikvisionSerialDisplay() override;
  HikvisionSerialDisplay(const HikvisionSerialDisplay&) = delete;
  HikvisionSerialDisplay& operator=(const HikvisionSerialDisplay&) = delete;

  void show(DisplayMessage message) override;
  // Waits for a call in flight to end (at most camera.timeout_ms).
  void stop() override;

  struct Counters {
    uint64_t sent = 0;     // frames the camera confirmed
    uint64_t dropped = 0;  // dropped from a full queue
    bool answering = false;
  };
  Counters counters() const;

 private:
  using Clock = std::chrono::steady_clock;

  void run();
  // One frame through the camera: opens the channel first when it is not open.
  Status deliver(const std::string& frame);
  Result<std::string> exchange(const std::string& method, const std::string& target,
                               const std::string& body, const std::string& content_type,
                               int* http_status);
  void note_result(const Status& st);

  HikvisionSerialDisplayOptions opt_;
  Log log_;
  std::string where_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<uint64_t, DisplayMessage>> queue_;  // (id, message), oldest first
  uint64_t last_id_ = 0;
  bool stopping_ = false;
  Counters counters_;
  bool channel_open_ = false;   // sender thread only
  bool reported_down_ = false;  // sender thread only
  std::thread thread_;
};

}  // namespace gate::drivers
