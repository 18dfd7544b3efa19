#include "drivers/camera/multipart.h"

#include <algorithm>
#include <cctype>

namespace gate::drivers {

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxBoundary = 70;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A parameter of a header value such as `form-data; name="a"; filename=b`: quoted or token.
struct Param {
  bool found = false;
  std::string value;
};

std::size_t skip_blanks(std::string_view v, std::size_t i) {
  while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
  return i;
}

Param find_param(std::string_view v, std::string_view key) {
  std::size_t i = v.find(';');
  while (i != std::string_view::npos) {
    i = skip_blanks(v, i + 1);
    const std::size_t eq = v.find('=', i);
    if (eq == std::string_view::npos) return {};
    const std::string name = lower(trim(v.substr(i, eq - i)));
    const std::size_t j = skip_blanks(v, eq + 1);
    std::string value;
    if (j < v.size() && v[j] == '"') {
      const std::size_t close = v.find('"', j + 1);
      if (close == std::string_view::npos) return {};
      value = std::string(v.substr(j + 1, close - j - 1));
      i = v.find(';', close);
    } else {
      const std::size_t semi = v.find(';', j);
      value = std::string(trim(v.substr(j, semi == std::string_view::npos ? semi : semi - j)));
      i = semi;
    }
    if (name == key) return Param{true, value};
  }
  return {};
}

bool boundary_char_ok(char c) {
  // RFC 2046 bchars: digits, letters and '()+_,-./:=? and space (not last).
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

std::string part_label(std::size_t index) {
  return "part " + std::to_string(index + 1);
}

// Reads one header line "Name: value" into the part; errors name the part.
Status read_header_line(std::string_view line, std::size_t index, MultipartPart& part) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Error{part_label(index) + " has a header line without a name and ':'"};
  }
  const std::string name = lower(trim(line.substr(0, colon)));
  const std::string_view value = trim(line.substr(colon + 1));
  if (name == "content-disposition") {
    part.name = find_param(value, "name").value;
    part.filename = find_param(value, "filename").value;
  } else if (name == "content-type") {
    part.content_type = media_type(value);
  }
  return Status::Ok();
}

// The header block of part `index`, which starts at `pos` (just after the delimiter line);
// `pos` is moved past the blank line that ends it.
Status read_part_headers(std::string_view body, std::size_t& pos, std::size_t index,
                         const MultipartLimits& limits, MultipartPart& part) {
  std::size_t lines = 0;
  const std::size_t start = pos;
  while (true) {
    const std::size_t eol = body.find(kCrlf, pos);
    if (eol == std::string_view::npos) {
      return Error{part_label(index) + "'s headers do not end (the body is truncated)"};
    }
    if (eol - start > limits.max_header_bytes) {
      return Error{part_label(index) + "'s headers are longer than " +
                   std::to_string(limits.max_header_bytes) + " bytes"};
    }
    const std::string_view line = body.substr(pos, eol - pos);
    pos = eol + kCrlf.size();
    if (line.empty()) return Status::Ok();
    if (++lines > limits.max_header_lines) {
      return Error{part_label(index) + " has more than " + std::to_string(limits.max_header_lines) +
                   " header lines"};
    }
    if (Status st = read_header_line(line, index, part); !st.ok()) return st;
  }
}

// After a delimiter at `pos`: "--" closes the body (returns true), else optional transport
// padding and CRLF start the next part (returns false, `pos` past the CRLF).
Result<bool> after_delimiter(std::string_view body, std::size_t& pos, std::size_t index) {
  if (body.substr(pos, 2) == "--") return true;
  while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
  if (body.substr(pos, 2) != kCrlf) {
    return Error{"the boundary before " + part_label(index) + " is not followed by a line end"};
  }
  pos += 2;
  return false;
}

}  // namespace

std::string media_type(std::string_view content_type) {
  return lower(trim(content_type.substr(0, content_type.find(';'))));
}

bool is_multipart(std::string_view content_type) {
  return media_type(content_type).starts_with("multipart/");
}

Result<std::string> multipart_boundary(std::string_view content_type) {
  if (!is_multipart(content_type)) {
    return Error{"Content-Type " + std::string(media_type(content_type)) + " is not multipart"};
  }
  const Param p = find_param(content_type, "boundary");
  if (!p.found || p.value.empty()) {
    return Error{"the multipart Content-Type has no boundary parameter"};
  }
  if (p.value.size() > kMaxBoundary || p.value.back() == ' ' ||
      !std::all_of(p.value.begin(), p.value.end(), boundary_char_ok)) {
    return Error{"the multipart boundary is not 1..70 of the characters RFC 2046 allows"};
  }
  return p.value;
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                   const MultipartLimits& limits) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string inner = "\r\n" + delimiter;
  std::size_t pos = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    const std::size_t first = body.find(inner);
    if (first == std::string_view::npos) return Error{"the body holds no multipart boundary"};
    pos = first + 2;
  }
  pos += delimiter.size();
  std::vector<MultipartPart> parts;
  while (true) {
    auto closed = after_delimiter(body, pos, parts.size());
    if (!closed.ok()) return Error{closed.error()};
    if (closed.value()) break;
    if (parts.size() == limits.max_parts) {
      return Error{"the body has more than " + std::to_string(limits.max_parts) + " parts"};
    }
    MultipartPart part;
    if (Status st = read_part_headers(body, pos, parts.size(), limits, part); !st.ok()) {
      return Error{st.message()};
    }
    const std::size_t end = body.find(inner, pos);
    if (end == std::string_view::npos) {
      return Error{part_label(parts.size()) + " has no closing boundary (the body is truncated)"};
    }
    part.body = body.substr(pos, end - pos);
    parts.push_back(std::move(part));
    pos = end + inner.size();
  }
  if (parts.empty()) return Error{"the multipart body has no parts"};
  return parts;
}

}  // namespace gate::drivers
