// A data file in protobuf text format (a policy set, a platform profile) parsed and validated,
// with every error naming the file, line and column of what is wrong, e.g.
//   transport-control.textproto:41:5: messages[0].fields[3].from: no field "plate_colour"; …
// A syntax error stops at the first problem; semantic problems are all reported, one per line.
// Pure: the caller reads the file.
#pragma once

#include <google/protobuf/message.h>

#include <functional>
#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::rules {

struct TextIssue {
  // Field path from the document's root message, e.g. "rule_sets[2].share_rules[0].target";
  // empty for the file as a whole.
  std::string path;
  std::string message;  // what is wrong and what to write instead
};

// Parses `text` into `out`, then runs `validate` on it; `file_name` is only used in messages.
Status parse_text_document(const std::string& text, const std::string& file_name,
                           google::protobuf::Message* out,
                           const std::function<std::vector<TextIssue>()>& validate);

}  // namespace gate::rules
