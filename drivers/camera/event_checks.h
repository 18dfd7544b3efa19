// The checks every camera event goes through, whatever its vendor format (plate_event.h,
// hikvision_event.h, dahua_event.h): plate-shaped text, bounded ids, no control characters, and
// pictures whose header is within the size limits (rules/image_header.h). Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers {

// Ids and names a camera sends (lane, camera id): longer ones are no ids but a fault or an attack.
inline constexpr std::size_t kMaxCameraIdBytes = 64;

// `text` unchanged when it holds no control character; the error names `field`.
Result<std::string> checked_camera_text(std::string text, const std::string& field);

// An id or name: at most kMaxCameraIdBytes bytes, no control character.
Result<std::string> checked_camera_id(std::string text, const std::string& field);

// The plate text as read (trimmed), refused unless it has the shape of a plate read
// (rules::check_plate_read_shape).
Result<std::string> checked_plate_text(std::string_view text, const std::string& field);

// Ok when `bytes` start with a JPEG, PNG or BMP header within the size limits; nothing is
// decoded here (check_image in plate_event.h does that off the lanes' thread).
Status check_picture_header(std::string_view bytes, const std::string& field);

// Copies valid UTF-8 and writes other bytes as \xNN, so that messages quoting a rejected body
// are safe to log and to put in a JSON answer; at most `max_bytes` of the input are quoted.
std::string printable_utf8(std::string_view s, std::size_t max_bytes = 240);

// `s` without leading and trailing ASCII white space.
std::string trim_ascii(std::string_view s);

}  // namespace gate::drivers
