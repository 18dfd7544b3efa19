// Frames of the TCP profile (docs/uplink.md §7): a 4-byte big-endian length, then that many
// bytes of UTF-8 JSON (one gate.v1.TcpFrame). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers::uplink {

inline constexpr uint32_t kMaxFrameBytes = 1 << 20;  // 1 MiB

std::string encode_frame(std::string_view payload);
// Length announced by a 4-byte header; errors for 0 or more than `max_bytes`.
Result<uint32_t> decode_frame_length(std::string_view header, uint32_t max_bytes = kMaxFrameBytes);

// Splits a received byte stream into frames: bytes go in as they arrive, complete payloads come
// out in order. Lets a reader take everything the peer has sent so far in one read. Pure.
class FrameBuffer {
 public:
  void append(std::string_view bytes);
  // The next complete payload; nullopt when more bytes are needed. An error when the stream
  // announced a bad length: the connection cannot be resynchronised and must be dropped.
  Result<std::optional<std::string>> next(uint32_t max_bytes = kMaxFrameBytes);
  std::size_t buffered() const { return buf_.size() - pos_; }
  void clear() {
    buf_.clear();
    pos_ = 0;
  }

 private:
  std::string buf_;
  std::size_t pos_ = 0;  // start of the first unread byte
};

}  // namespace gate::drivers::uplink
