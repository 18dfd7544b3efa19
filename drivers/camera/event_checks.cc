#include "drivers/camera/event_checks.h"

#include "rules/control_characters.h"
#include "rules/image_header.h"
#include "rules/plate.h"

namespace gate::drivers {

Result<std::string> checked_camera_text(std::string text, const std::string& field) {
  if (auto control = rules::find_control_character(text)) {
    return Error{field + " holds " + *control + "; cameras must send plain text"};
  }
  return text;
}

Result<std::string> checked_camera_id(std::string text, const std::string& field) {
  if (text.size() > kMaxCameraIdBytes) {
    return Error{field + " is " + std::to_string(text.size()) + " bytes long; ids of at most " +
                 std::to_string(kMaxCameraIdBytes) + " bytes are taken"};
  }
  return checked_camera_text(std::move(text), field);
}

Result<std::string> checked_plate_text(std::string_view raw, const std::string& field) {
  std::string text = trim_ascii(raw);
  if (text.empty()) return Error{field + " is empty"};
  if (Status shape = rules::check_plate_read_shape(text); !shape.ok()) {
    return Error{field + " is not a plate read: it " + shape.message() +
                 "; check what the camera is set to send"};
  }
  return text;
}

Status check_picture_header(std::string_view bytes, const std::string& field) {
  auto header = rules::read_image_header(bytes);
  if (!header.ok()) return Error{field + " does not decode as an image: " + header.error()};
  if (Status size = rules::check_image_size(header.value()); !size.ok()) {
    return Error{field + " is refused: " + size.message()};
  }
  return Status::Ok();
}

std::string trim_ascii(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(kSpace);
  return std::string(s.substr(b, e - b + 1));
}

std::string printable_utf8(std::string_view input, std::size_t max_bytes) {
  static const char* kHex = "0123456789abcdef";
  const std::string_view s = input.substr(0, max_bytes);
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xe  ? 3
                            : (c >> 3) == 0x1e ? 4
                                               : 0;
    bool ok = len > 0 && i + len <= s.size() && !(c < 0x20 && c != '\t');
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
      ++i;
    }
  }
  if (input.size() > max_bytes) out += "…";
  return out;
}

}  // namespace gate::drivers
