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

}  // namespace gate::drivers::uplink
