#include "drivers/camera/json_fields.h"

#include <cmath>

#include "drivers/camera/event_checks.h"

namespace gate::drivers::json_fields {

json parse_body(std::string_view body) {
  try {
    return json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number too large
    std::string message = "body is not JSON: " + printable_utf8(e.what());
    if (message.find("UTF-8") != std::string::npos) {
      message += " (text must be UTF-8; is the camera set to GBK?)";
    }
    throw JsonFieldError{message};
  }
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

const json* member(const json& obj, const std::string& path, const char* key) {
  if (!obj.is_object()) {
    throw JsonFieldError{(path.empty() ? "body" : path) + " must be a JSON object, got " +
                         std::string(obj.type_name())};
  }
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const json& required(const json& obj, const std::string& path, const char* key) {
  const json* j = member(obj, path, key);
  if (j == nullptr) throw JsonFieldError{join(path, key) + " missing"};
  return *j;
}

std::string as_string(const json& j, const std::string& path) {
  if (!j.is_string()) {
    throw JsonFieldError{path + " must be a string, got " + std::string(j.type_name())};
  }
  return j.get<std::string>();
}

std::string as_text(const json& j, const std::string& path) {
  if (j.is_number_integer() || j.is_number_unsigned()) return j.dump();
  return as_string(j, path);
}

double as_number(const json& j, const std::string& path) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    // Some firmware writes numbers as text ("98"); only a whole plain number is taken.
    const std::string s = j.get<std::string>();
    std::size_t used = 0;
    try {
      const double v = std::stod(s, &used);
      if (used == s.size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
  }
  throw JsonFieldError{path + " must be a number, got " + printable_utf8(j.dump(), 40)};
}

}  // namespace gate::drivers::json_fields
