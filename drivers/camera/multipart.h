// A small, strict reader of multipart bodies (RFC 2046 §5.1, RFC 7578), for the cameras that push
// an event as an XML or JSON part with picture parts (Hikvision ISAPI alarms, some Dahua ITC
// firmware). Pure: bytes in, parts or a reason out. Boost.Beast has no multipart reader.
//
// Strict where it matters to a gate: the boundary must come from the Content-Type, every part
// needs its header block, the closing delimiter must be there (a truncated body is an error, not
// fewer parts), and the number of parts, the bytes of a part's headers and the number of header
// lines are bounded. Preamble and epilogue are ignored, as the RFC says.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/result.h"

namespace gate::drivers {

struct MultipartPart {
  std::string name;          // Content-Disposition name="…" (may be empty)
  std::string filename;      // Content-Disposition filename="…" (may be empty)
  std::string content_type;  // lower-case media type without parameters; empty when absent
  std::string_view body;     // a view into the body given to parse_multipart
};

struct MultipartLimits {
  std::size_t max_parts = 16;
  std::size_t max_header_bytes = 4096;  // a part's header block
  std::size_t max_header_lines = 16;
};

// The boundary parameter of a multipart/* Content-Type ("multipart/form-data; boundary=x"),
// unquoted; an error when the type is not multipart or the boundary is missing or malformed
// (RFC 2046: 1..70 characters).
Result<std::string> multipart_boundary(std::string_view content_type);

// True when the Content-Type's media type is multipart/* (case-insensitive).
bool is_multipart(std::string_view content_type);

// The parts of `body`, whose views point into `body` (keep it alive). Errors name the part and
// what was wrong with it.
Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                   const MultipartLimits& limits = {});

// Lower-case media type of a Content-Type value without its parameters: "text/xml".
std::string media_type(std::string_view content_type);

}  // namespace gate::drivers
