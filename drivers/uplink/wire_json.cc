#include "drivers/uplink/wire_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <charconv>
#include <cmath>
#include <mutex>
#include <type_traits>
#include <unordered_map>

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

namespace {

namespace pb = google::protobuf;

void append_escaped(std::string* out, const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);  // UTF-8 passes through
        }
    }
  }
  out->push_back('"');
}

template <class T>
void append_number(std::string* out, T v) {
  if constexpr (std::is_floating_point_v<T>) {
    // The proto3 JSON mapping writes non-finite numbers as strings.
    if (std::isnan(v)) return out->append("\"NaN\""), void();
    if (std::isinf(v)) return out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void append_message(std::string* out, const pb::Message& m);

// One value of `f` (element `index` when repeated), in the proto3 JSON mapping.
void append_value(std::string* out, const pb::Message& m, const pb::FieldDescriptor* f, int index) {
  const pb::Reflection* r = m.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
      append_number(out, rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
      break;
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      append_number(out, rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
      break;
    case pb::FieldDescriptor::CPPTYPE_INT64:  // 64-bit integers are JSON strings
      out->push_back('"');
      append_number(out, rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
      out->push_back('"');
      break;
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      out->push_back('"');
      append_number(out, rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
      out->push_back('"');
      break;
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      append_number(out, rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
      break;
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      append_number(out, rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
      break;
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      out->append((rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false");
      break;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* e = rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f);
      append_escaped(out, e->name());
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& v = rep ? r->GetRepeatedStringReference(m, f, index, &scratch)
                                 : r->GetStringReference(m, f, &scratch);
      append_escaped(out, v);
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      append_message(out, rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f));
      break;
  }
}

// Fields in declaration order; scalars always (defaults included), repeated fields always,
// message fields and oneof members only when set.
void append_message(std::string* out, const pb::Message& m) {
  const pb::Descriptor* d = m.GetDescriptor();
  const pb::Reflection* r = m.GetReflection();
  out->push_back('{');
  bool first = true;
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (!f->is_repeated() &&
        (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE ||
         f->containing_oneof() != nullptr) &&
        !r->HasField(m, f)) {
      continue;
    }
    if (!first) out->push_back(',');
    first = false;
    append_escaped(out, f->name());
    out->push_back(':');
    if (f->is_repeated()) {
      out->push_back('[');
      const int n = r->FieldSize(m, f);
      for (int k = 0; k < n; ++k) {
        if (k > 0) out->push_back(',');
        append_value(out, m, f, k);
      }
      out->push_back(']');
    } else {
      append_value(out, m, f, -1);
    }
  }
  out->push_back('}');
}

}  // namespace

namespace {

// True when `d` (or a message inside it) has a field the direct walk does not write (bytes are
// base64 and maps are objects in the JSON mapping): such messages go through protobuf's converter.
bool needs_converter(const pb::Descriptor* d,
                     std::unordered_map<const pb::Descriptor*, bool>& seen) {
  if (auto it = seen.find(d); it != seen.end()) return it->second;
  seen[d] = false;  // a recursive message type does not change the answer
  bool needs = false;
  for (int i = 0; i < d->field_count() && !needs; ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    needs = f->is_map() || f->type() == pb::FieldDescriptor::TYPE_BYTES ||
            (f->message_type() != nullptr && needs_converter(f->message_type(), seen));
  }
  seen[d] = needs;
  return needs;
}

bool needs_converter(const pb::Descriptor* d) {
  static std::mutex mu;
  static std::unordered_map<const pb::Descriptor*, bool> seen;
  std::lock_guard lock(mu);
  return needs_converter(d, seen);
}

}  // namespace

// A direct walk over the message (no intermediate tree): the uploader writes every record
// through here, and protobuf's converter was the largest cost of a batch.
std::string to_json(const google::protobuf::Message& m) {
  if (needs_converter(m.GetDescriptor())) {
    google::protobuf::util::JsonPrintOptions opt;
    opt.preserve_proto_field_names = true;
    opt.always_print_primitive_fields = true;
    std::string out;
    (void)google::protobuf::util::MessageToJsonString(m, &out, opt);
    return out;
  }
  std::string out;
  out.reserve(512);
  append_message(&out, m);
  return out;
}

Status from_json_strict(std::string_view json, google::protobuf::Message* m) {
  return parse(json, m, false);
}

Status from_json_lenient(std::string_view json, google::protobuf::Message* m) {
  return parse(json, m, true);
}

}  // namespace gate::drivers::uplink
