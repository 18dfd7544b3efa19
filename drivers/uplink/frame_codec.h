// Frames of the TCP profile (docs/uplink.md §7): a 4-byte big-endian length, then that many
// bytes of UTF-8 JSON (one gate.v1.TcpFrame). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers::uplink {

inline constexpr uint32_t kMaxFrameBytes = 1 << 20;  // 1 MiB

std::string encode_frame(std::string_view payload);
// Length announced by a 4-byte header; errors for 0 or more than `max_bytes`.
Result<uint32_t> decode_frame_length(std::string_view header, uint32_t max_bytes = kMaxFrameBytes);

}  // namespace gate::drivers::uplink
