#include "drivers/uplink/wire_json.h"

#include <google/protobuf/util/json_util.h>

namespace gate::drivers::uplink {
namespace {

Status parse(std::string_view json, google::protobuf::Message* m, bool ignore_unknown) {
  google::protobuf::util::JsonParseOptions opt;
  opt.ignore_unknown_fields = ignore_unknown;
  auto st = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), m, opt);
  if (!st.ok()) {
    // The parser's message may span lines (it draws a caret); keep the first, and one line of
    // what was received.
    std::string why(st.message());
    why = why.substr(0, why.find('\n'));
    std::string head(json.substr(0, 80));
    for (char& c : head) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    return Error{"not a valid " + m->GetDescriptor()->name() + " (" + why + "): " + head};
  }
  return Status::Ok();
}

}  // namespace

std::string to_json(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions opt;
  opt.preserve_proto_field_names = true;
  opt.always_print_primitive_fields = true;
  std::string out;
  // Serialising a well-formed message cannot fail; an empty string would be a programming error.
  (void)google::protobuf::util::MessageToJsonString(m, &out, opt);
  return out;
}

Status from_json_strict(std::string_view json, google::protobuf::Message* m) {
  return parse(json, m, false);
}

Status from_json_lenient(std::string_view json, google::protobuf::Message* m) {
  return parse(json, m, true);
}

}  // namespace gate::drivers::uplink
