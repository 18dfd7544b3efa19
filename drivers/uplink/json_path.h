// Dotted field paths in JSON bodies ("value.cphm", "result.ok"), as platform profiles name their
// fields: read by the profile transport and the mock platform, written by the renderer and the
// mock's answers. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gate::drivers::uplink {

// The value at `path` in `body`, or null when a part is missing or not an object.
const nlohmann::json* find_at(const nlohmann::json& body, std::string_view path);

// That value as text: a string as it is, anything else as its JSON (200, true); nullopt when
// absent.
std::optional<std::string> text_at(const nlohmann::json& body, std::string_view path);

// Puts `value` at `path` in `out`, making the objects on the way (a non-object there is replaced).
void put_at(nlohmann::json& out, std::string_view path, nlohmann::json value);

}  // namespace gate::drivers::uplink
