// Reading fields of a camera's JSON body with messages that name the field's path. The
// accessors throw JsonFieldError, which each vendor parser catches at its entry point and turns
// into the Result's Error (400 with that reason at the receiver).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gate::drivers::json_fields {

using json = nlohmann::json;

struct JsonFieldError {
  std::string message;
};

// The parsed body; a parse error quotes at most a few hundred bytes of the parser's message.
json parse_body(std::string_view body);

// "a.b" from "a" and "b"; "b" when the path is empty.
std::string join(const std::string& path, std::string_view key);

// The member `key` of object `obj` at `path`, or nullptr when absent or null. `obj` must be an
// object.
const json* member(const json& obj, const std::string& path, const char* key);
const json& required(const json& obj, const std::string& path, const char* key);

std::string as_string(const json& j, const std::string& path);
// A string, or a number written as text (cameras send channel ids either way).
std::string as_text(const json& j, const std::string& path);
double as_number(const json& j, const std::string& path);

}  // namespace gate::drivers::json_fields
