// Splits a camera push into its event document (XML or JSON) and its picture parts, whether the
// camera sent the document alone or as one part of a multipart body (multipart.h). Pure.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/camera/multipart.h"
#include "rules/result.h"

namespace gate::drivers {

struct PushParts {
  std::string_view document;            // the event; a view into the body
  std::string document_type;            // its media type ("text/xml", …), empty when not given
  std::vector<MultipartPart> pictures;  // parts typed image/* or named *.jpg|jpeg|png|bmp
};

// Exactly one non-picture part is the document; a multipart body with none or two is an error.
Result<PushParts> split_push_body(std::string_view content_type, std::string_view body);

// The first picture whose name or filename contains one of `preferred` (case-insensitive),
// in the order given; else the first picture; nullptr when there is none.
const MultipartPart* pick_picture(const std::vector<MultipartPart>& pictures,
                                  std::initializer_list<std::string_view> preferred);

// The plate close-up beside `main`: the first picture other than `main` whose name or filename
// contains `name` (case-insensitive); nullptr when there is none. No fallback: a push without a
// part of that name has no close-up.
const MultipartPart* closeup_picture(const std::vector<MultipartPart>& pictures,
                                     const MultipartPart* main, std::string_view name);

// "part 'name'" for messages about a picture part.
std::string picture_label(const MultipartPart& part);

}  // namespace gate::drivers
