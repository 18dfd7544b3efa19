#include "sim/scenario/text_location.h"

#include <stdexcept>
#include <utility>

namespace gate::sim {

namespace pb = google::protobuf;

TextLocation::TextLocation(std::string file, const pb::Message& msg,
                           const pb::TextFormat::ParseInfoTree* tree)
    : file_(std::move(file)), prefix_(file_ + ": "), msg_(&msg), tree_(tree) {}

TextLocation TextLocation::field(std::string_view name, int index) const {
  if (msg_ == nullptr) throw std::logic_error("TextLocation: a scalar field has no fields");
  const pb::FieldDescriptor* fd = msg_->GetDescriptor()->FindFieldByName(std::string(name));
  // A wrong name or index is a bug in the validation code, not in the user's file.
  if (fd == nullptr || fd->is_repeated() != (index >= 0)) {
    throw std::logic_error("TextLocation: no field " + std::string(name) + " at this index");
  }
  TextLocation out;
  out.file_ = file_;
  out.path_ = (path_.empty() ? "" : path_ + ".") + std::string(name) +
              (index >= 0 ? "[" + std::to_string(index) + "]" : "");
  out.prefix_ = prefix_;
  if (tree_ != nullptr) {
    pb::TextFormat::ParseLocation loc = tree_->GetLocation(fd, index);
    // A repeated scalar written as a list ("per_hour: [1, 2]") is recorded once, as element 0.
    if (loc.line < 0 && index > 0 && fd->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      loc = tree_->GetLocation(fd, 0);
    }
    if (loc.line >= 0) {
      out.prefix_ =
          file_ + ":" + std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1) + ": ";
    }
  }
  if (fd->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
    const pb::Reflection* r = msg_->GetReflection();
    const bool present = index >= 0 ? index < r->FieldSize(*msg_, fd) : true;
    if (present) {
      out.msg_ = index >= 0 ? &r->GetRepeatedMessage(*msg_, fd, index) : &r->GetMessage(*msg_, fd);
      out.tree_ = tree_ == nullptr ? nullptr : tree_->GetTreeForNested(fd, index);
    }
  }
  return out;
}

TextLocation TextLocation::whole(std::string_view name) const {
  TextLocation out = field(name, 0);
  out.path_ = (path_.empty() ? "" : path_ + ".") + std::string(name);
  out.msg_ = nullptr;  // not one message; its elements are reached with field(name, i)
  out.tree_ = nullptr;
  return out;
}

Error TextLocation::error(std::string_view what) const {
  return Error{prefix_ + (path_.empty() ? "" : path_ + ": ") + std::string(what)};
}

}  // namespace gate::sim
