// Where a field of a message parsed from protobuf text format was written, for errors found
// after parsing: "week.textproto:23:5: arrivals.hours[2]: …". Mirrors the approach of
// firmware-host/config/config_loader.cc (sim must not depend on firmware-host).
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::sim {

// A message or field inside a parsed file: its path from the root ("fleet.kinds[1].weight")
// and the place it was written. A field that was not written in the file (a default value)
// takes the place of the nearest enclosing message that was.
class TextLocation {
 public:
  // The whole file. `tree` is the ParseInfoTree the parser wrote to; it must outlive this.
  TextLocation(std::string file, const google::protobuf::Message& msg,
               const google::protobuf::TextFormat::ParseInfoTree* tree);

  // A field of this message; `index` is the element of a repeated field, -1 for a singular
  // one. Works for scalar and message fields; only message fields have fields of their own.
  TextLocation field(std::string_view name, int index = -1) const;

  // A repeated field as a whole ("arrivals.per_hour"), placed where its first element was
  // written; for errors about the list rather than one element.
  TextLocation whole(std::string_view name) const;

  const std::string& path() const { return path_; }
  // "file:line:col: " where this was written, or "file: " when nothing enclosing it was.
  const std::string& prefix() const { return prefix_; }
  // An error about this field: "file:line:col: path: what".
  Error error(std::string_view what) const;

 private:
  TextLocation() = default;

  std::string file_;
  std::string path_;
  std::string prefix_;
  const google::protobuf::Message* msg_ = nullptr;  // null for scalar fields
  const google::protobuf::TextFormat::ParseInfoTree* tree_ = nullptr;
};

}  // namespace gate::sim
