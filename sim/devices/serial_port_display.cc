// The display behind the virtual camera's serial port: see serial_port_display.h.
#include "sim/devices/serial_port_display.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "drivers/display/display_frame.h"

namespace gate::sim {

namespace {

// A frame never legitimately exceeds this; beyond it the buffer is garbage and dropped.
constexpr std::size_t kMaxPendingBytes = 64 * 1024;

int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void SerialPortDisplay::receive(const std::string& bytes) {
  std::lock_guard lock(mu_);
  pending_ += bytes;
  while (!pending_.empty()) {
    std::size_t consumed = 0;
    auto frame = drivers::decode_display_frame(pending_, &consumed);
    if (frame.ok()) {
      shown_.push_back({now_unix_ms(), frame.value().address, frame.value().message});
    } else if (consumed == 0) {
      break;  // incomplete: wait for more bytes
    } else {
      ++bad_frames_;
    }
    pending_.erase(0, consumed);
  }
  if (pending_.size() > kMaxPendingBytes) {
    pending_.clear();
    ++bad_frames_;
  }
}

std::vector<LedDisplay::Shown> SerialPortDisplay::shown() const {
  std::lock_guard lock(mu_);
  return shown_;
}

int SerialPortDisplay::bad_frames() const {
  std::lock_guard lock(mu_);
  return bad_frames_;
}

std::string SerialPortDisplay::to_json(
    const std::vector<std::pair<std::string, int>>& extra) const {
  using json = nlohmann::json;
  json shown = json::array();
  std::lock_guard lock(mu_);
  for (const auto& s : shown_) {
    shown.push_back(json{{"time_unix_ms", s.time_unix_ms},
                         {"address", s.address},
                         {"colour", drivers::colour_name(s.message.colour)},
                         {"lines", s.message.lines}});
  }
  json out{{"shown", std::move(shown)}, {"bad_frames", bad_frames_}};
  for (const auto& [key, value] : extra) out[key] = value;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace gate::sim
