#include "drivers/camera/push_parts.h"

#include <cctype>

#include "drivers/camera/event_checks.h"

namespace gate::drivers {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_picture_suffix(std::string_view name) {
  const std::string n = lower(name);
  for (std::string_view ext : {".jpg", ".jpeg", ".png", ".bmp"}) {
    if (n.ends_with(ext)) return true;
  }
  return false;
}

bool is_picture(const MultipartPart& part) {
  return part.content_type.starts_with("image/") || has_picture_suffix(part.filename) ||
         has_picture_suffix(part.name);
}

}  // namespace

std::string picture_label(const MultipartPart& part) {
  const std::string& name = part.name.empty() ? part.filename : part.name;
  return "part '" + printable_utf8(name, 64) + "'";
}

Result<PushParts> split_push_body(std::string_view content_type, std::string_view body) {
  PushParts out;
  if (!is_multipart(content_type)) {
    out.document = body;
    out.document_type = media_type(content_type);
    return out;
  }
  auto boundary = multipart_boundary(content_type);
  if (!boundary.ok()) return Error{boundary.error()};
  auto parts = parse_multipart(body, boundary.value());
  if (!parts.ok()) return Error{"multipart body: " + parts.error()};
  bool have_document = false;
  for (auto& part : parts.value()) {
    if (is_picture(part)) {
      out.pictures.push_back(std::move(part));
      continue;
    }
    if (have_document) {
      return Error{"multipart body has two event parts ('" + printable_utf8(part.name, 64) +
                   "' is the second); a push holds one event and its pictures"};
    }
    have_document = true;
    out.document = part.body;
    out.document_type = part.content_type;
  }
  if (!have_document) return Error{"multipart body has no event part (XML or JSON), only pictures"};
  return out;
}

namespace {

bool named(const MultipartPart& p, const std::string& lower_name) {
  return lower(p.name).find(lower_name) != std::string::npos ||
         lower(p.filename).find(lower_name) != std::string::npos;
}

}  // namespace

const MultipartPart* pick_picture(const std::vector<MultipartPart>& pictures,
                                  std::initializer_list<std::string_view> preferred) {
  for (std::string_view want : preferred) {
    const std::string w = lower(want);
    for (const auto& p : pictures) {
      if (named(p, w)) return &p;
    }
  }
  return pictures.empty() ? nullptr : &pictures.front();
}

const MultipartPart* closeup_picture(const std::vector<MultipartPart>& pictures,
                                     const MultipartPart* main, std::string_view name) {
  const std::string w = lower(name);
  for (const auto& p : pictures) {
    if (&p != main && named(p, w)) return &p;
  }
  return nullptr;
}

}  // namespace gate::drivers
