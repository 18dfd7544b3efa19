// Parsing and locating text documents: see text_document.h.
#include "rules/text_document.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "rules/text_format_errors.h"

namespace gate::rules {
namespace {

namespace pb = google::protobuf;

// The parser notices an unknown enum value only at the token after it, which may be on the
// next line; point at the value itself (the last place it occurs up to the reported line).
void locate_unknown_enum(const std::string& text, const std::string& message, int* line,
                         int* column) {
  const std::string marker = "Unknown enumeration value of \"";
  const auto at = message.find(marker);
  if (at == std::string::npos) return;
  const auto start = at + marker.size();
  const std::string value = message.substr(start, message.find('"', start) - start);
  if (value.empty()) return;
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  for (int l = std::min<int>(*line, static_cast<int>(lines.size()) - 1); l >= 0; --l) {
    const auto col = lines[static_cast<std::size_t>(l)].rfind(value);
    if (col != std::string::npos) {
      *line = l;
      *column = static_cast<int>(col);
      return;
    }
  }
}

struct PathPart {
  std::string field;
  int index = -1;
};

std::vector<PathPart> split_path(const std::string& path) {
  std::vector<PathPart> out;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) {
    PathPart p;
    auto br = part.find('[');
    if (br != std::string::npos) {
      p.field = part.substr(0, br);
      p.index = std::atoi(part.c_str() + br + 1);
    } else {
      p.field = part;
    }
    out.push_back(std::move(p));
  }
  return out;
}

// "line:col" of the deepest element of `path` that was written in the file; "" if none was.
std::string locate(const pb::Descriptor* desc, const pb::TextFormat::ParseInfoTree* tree,
                   const std::string& path) {
  std::string best;
  for (const PathPart& part : split_path(path)) {
    if (desc == nullptr || tree == nullptr) break;
    const pb::FieldDescriptor* fd = desc->FindFieldByName(part.field);
    // ParseInfoTree aborts on an index that does not fit the field.
    if (fd == nullptr || fd->is_repeated() != (part.index >= 0)) break;
    const pb::TextFormat::ParseLocation loc = tree->GetLocation(fd, part.index);
    if (loc.line < 0) break;
    best = std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1);
    if (fd->message_type() == nullptr) break;
    tree = tree->GetTreeForNested(fd, part.index);
    desc = fd->message_type();
  }
  return best;
}

}  // namespace

Status parse_text_document(const std::string& text, const std::string& file_name, pb::Message* out,
                           const std::function<std::vector<TextIssue>()>& validate) {
  pb::TextFormat::Parser parser;
  FirstTextFormatError errors;
  pb::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, out)) {
    if (!errors.seen()) {
      return Error{file_name + ": cannot parse it as " + out->GetDescriptor()->full_name()};
    }
    int line = errors.line(), column = errors.column();
    locate_unknown_enum(text, errors.message(), &line, &column);
    return Error{file_name + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) +
                 ": " + errors.message()};
  }
  const std::vector<TextIssue> issues = validate();
  if (issues.empty()) return Status::Ok();
  std::string msg;
  for (const auto& issue : issues) {
    const std::string where = locate(out->GetDescriptor(), &tree, issue.path);
    msg += (msg.empty() ? "" : "\n") + file_name + (where.empty() ? "" : ":" + where) + ": " +
           (issue.path.empty() ? "" : issue.path + ": ") + issue.message;
  }
  return Error{msg};
}

}  // namespace gate::rules
