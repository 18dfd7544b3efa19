// Characters that outside text (a camera's plate read, camera id, lane name) must not carry into
// a record, a log line or the LED display. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gate::rules {

// C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F); the bidirectional
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder the text
// after them on a screen so that a record reads other than it is; and the line and paragraph
// separators U+2028, U+2029, which break a log line like a newline.
bool is_control_character(char32_t cp);

// The first such character of `utf8`, described for an error message, e.g. "U+202E (a
// bidirectional override) at character 4"; nullopt when there is none. Bytes that are not
// UTF-8 are skipped: whoever reads the text checks its encoding.
std::optional<std::string> find_control_character(std::string_view utf8);

}  // namespace gate::rules
