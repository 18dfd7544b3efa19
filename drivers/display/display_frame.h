// The generic framed LED text protocol of docs/display.md, the same bytes over TCP or RS-485
// (through a TCP-serial bridge). Pure: bytes in, bytes out.
//
//   0x02 STX | addr u8 | len u16 big-endian | payload (len bytes) | crc u16 little-endian | 0x03
//   ETX payload: cmd u8 (0x31 show) | colour u8 ('G','R','Y','W') | count u8 | count × (n u8, n
//   bytes UTF-8) crc: CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF) over addr, len and
//   payload.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "drivers/display/display_message.h"
#include "rules/result.h"

namespace gate::drivers {

inline constexpr uint8_t kDisplayStx = 0x02;
inline constexpr uint8_t kDisplayEtx = 0x03;
inline constexpr uint8_t kDisplayCmdShow = 0x31;
inline constexpr std::size_t kDisplayMaxLines = 8;
inline constexpr std::size_t kDisplayMaxLineBytes = 255;

uint16_t crc16_modbus(std::string_view bytes);

// Lines beyond kDisplayMaxLines are dropped; a line longer than 255 bytes is cut at a UTF-8
// character boundary.
std::string encode_display_frame(uint8_t address, const DisplayMessage& m);

struct DisplayFrame {
  uint8_t address = 0;
  DisplayMessage message;
};

// Decodes the first frame in `buffer`. On success sets *consumed to the bytes used (bytes before
// an STX are skipped and counted). Returns an error "incomplete" (and *consumed = 0) while the
// frame is not complete yet, other errors for a bad frame (*consumed skips past its STX).
Result<DisplayFrame> decode_display_frame(std::string_view buffer, std::size_t* consumed);

}  // namespace gate::drivers
