#include "drivers/uplink/frame_codec.h"

namespace gate::drivers::uplink {

std::string encode_frame(std::string_view payload) {
  const auto n = static_cast<uint32_t>(payload.size());
  std::string out;
  out.reserve(4 + payload.size());
  out += static_cast<char>((n >> 24) & 0xff);
  out += static_cast<char>((n >> 16) & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  out += static_cast<char>(n & 0xff);
  out += payload;
  return out;
}

Result<uint32_t> decode_frame_length(std::string_view header, uint32_t max_bytes) {
  if (header.size() != 4) return Error{"frame header must be 4 bytes"};
  uint32_t n = 0;
  for (unsigned char c : header) n = (n << 8) | c;
  if (n == 0) return Error{"empty frame (length 0)"};
  if (n > max_bytes) {
    return Error{"frame of " + std::to_string(n) + " bytes is over the " +
                 std::to_string(max_bytes) + "-byte limit (not a gate-uplink peer?)"};
  }
  return n;
}

void FrameBuffer::append(std::string_view bytes) {
  // Drop what was consumed before growing, so that the buffer stays the size of a few frames.
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  } else if (pos_ > 64 * 1024) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
}

Result<std::optional<std::string>> FrameBuffer::next(uint32_t max_bytes) {
  if (buffered() < 4) return std::optional<std::string>();
  auto len = decode_frame_length(std::string_view(buf_).substr(pos_, 4), max_bytes);
  if (!len.ok()) return Error{len.error()};
  if (buffered() < 4 + std::size_t{len.value()}) return std::optional<std::string>();
  std::optional<std::string> out(buf_.substr(pos_ + 4, len.value()));
  pos_ += 4 + len.value();
  return out;
}

}  // namespace gate::drivers::uplink
