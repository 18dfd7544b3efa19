// The mock platform's checks of a profile's bodies: see profile_checks.h.
#include "sim/platform/profile_checks.h"

#include <openssl/evp.h>
#include <algorithm>

#include <cctype>
#include <cstring>
#include <set>
#include <sstream>

#include "drivers/uplink/json_path.h"
#include "drivers/uplink/record_fields.h"
#include "drivers/uplink/request_signing.h"
#include "drivers/uplink/time_pattern.h"
#include "drivers/uplink/wire_time.h"
#include "rules/cargo.h"

namespace gate::sim {
namespace {

using gate::v1::PlatformField;
using json = nlohmann::json;
using Fields = google::protobuf::RepeatedPtrField<PlatformField>;

std::string text_of(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

bool all_digits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool known_code(const gate::v1::PlatformProfile& p, const std::string& table,
                const std::string& value) {
  for (const auto& t : p.code_tables()) {
    if (t.name() != table) continue;
    if (!t.otherwise().empty() && value == t.otherwise()) return true;
    for (const auto& c : t.codes()) {
      if (c.theirs() == value) return true;
    }
  }
  return false;
}

// A photo field must be a JPEG within the profile's size limit, as a data URI or bare base64.
std::string photo_problem(const std::string& text, bool data_uri, int max_bytes) {
  const std::string prefix = data_uri ? "data:image/jpeg;base64," : "";
  if (text.rfind(prefix, 0) != 0) return "is not a JPEG data URI";
  const std::string b64 = text.substr(prefix.size());
  std::string bytes(b64.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  if (n < 0 || b64.size() % 4 != 0) return "is not valid base64";
  const std::size_t padding =
      b64.empty() ? 0 : (b64.back() == '=') + (b64.size() > 1 && b64[b64.size() - 2] == '=');
  const std::size_t size = static_cast<std::size_t>(n) - padding;
  if (size < 3 || static_cast<unsigned char>(bytes[0]) != 0xFF ||
      static_cast<unsigned char>(bytes[1]) != 0xD8) {
    return "does not hold a JPEG";
  }
  if (static_cast<int>(size) > max_bytes) {
    return "holds " + std::to_string(size) + " bytes, over the " + std::to_string(max_bytes) +
           " the interface allows";
  }
  return "";
}

// The problem with field `f`'s value `v`, or "".
std::string value_problem(const gate::v1::PlatformProfile& p, const PlatformField& f, const json& v,
                          const std::map<std::string, std::string>& settings) {
  const std::string text = text_of(v);
  if (f.type() == PlatformField::TYPE_NUMBER && !v.is_number()) return "is not a number";
  if (f.type() == PlatformField::TYPE_BOOL && !v.is_boolean()) return "is not true or false";
  if ((f.type() == PlatformField::TYPE_UNSPECIFIED || f.type() == PlatformField::TYPE_STRING) &&
      !v.is_string()) {
    return "is not a string";
  }
  if (f.source_case() == PlatformField::kConstant && text != f.constant()) {
    return "is \"" + text + "\", not \"" + f.constant() + "\"";
  }
  if (f.source_case() == PlatformField::kSetting) {
    // The plant's value, or one lane's (NAME@LANE, drivers/uplink/profile_render.h).
    const std::string& name = f.setting();
    const bool configured = std::any_of(settings.begin(), settings.end(), [&](const auto& kv) {
      return kv.second == text && (kv.first == name || kv.first.rfind(name + "@", 0) == 0);
    });
    if (!configured) return "is not this plant's " + name;
  }
  if (f.source_case() != PlatformField::kFrom || text.empty()) return "";
  if (!f.code_table().empty() && !known_code(p, f.code_table(), text)) {
    return "\"" + text + "\" is no code of table " + f.code_table();
  }
  if (f.from() == "cargo.quantity") {
    // As a platform reads a quantity: a positive decimal, at most 3 decimals (a float such as
    // 31.249999999 would be a different figure).
    if (auto q = rules::parse_cargo_quantity(text); !q.ok())
      return "\"" + text + "\": " + q.error();
  }
  // The photo message's fields include every passage field; the cargo message's are its own.
  const auto* rf = drivers::uplink::find_field(drivers::uplink::photo_message_fields(), f.from());
  if (rf == nullptr) rf = drivers::uplink::find_record_field(f.from());
  using Kind = drivers::uplink::RecordField::Kind;
  if (rf != nullptr && (rf->kind == Kind::kPhoto || rf->kind == Kind::kPhotoBase64)) {
    return photo_problem(text, rf->kind == Kind::kPhoto, p.photos().max_bytes());
  }
  if (rf != nullptr && rf->kind == drivers::uplink::RecordField::Kind::kTime &&
      !time_matches(f.time_format(), text)) {
    return "\"" + text + "\" is not a time as " +
           (f.time_format().empty() ? std::string("iso8601") : f.time_format());
  }
  return "";
}

void check_fields(const gate::v1::PlatformProfile& p, const Fields& fields, const json& obj,
                  const std::string& where, const std::map<std::string, std::string>& settings,
                  ProfileBodyCheck& out) {
  std::set<std::string> top;  // the first part of every mapped name: anything else is extra
  for (const auto& f : fields) {
    top.insert(f.name().substr(0, f.name().find('.')));
    const json* v = drivers::uplink::find_at(obj, f.name());
    if (f.source_case() == PlatformField::kFrom && f.from() == "record") {
      if (v == nullptr || !v->is_object())
        out.problems.push_back(where + f.name() + " missing");
      else
        out.record = *v;
      continue;
    }
    if (v == nullptr) {
      if (!f.omit_empty()) out.problems.push_back(where + f.name() + " missing");
      continue;
    }
    if (f.source_case() == PlatformField::kFrom && f.from() == "token") {
      out.token = text_of(*v);
      continue;
    }
    if (f.source_case() == PlatformField::kFrom && f.from() == "key") out.serial = text_of(*v);
    if (std::string why = value_problem(p, f, *v, settings); !why.empty()) {
      out.problems.push_back(where + f.name() + " " + why);
    }
  }
  if (!obj.is_object()) return;
  for (const auto& [name, value] : obj.items()) {
    if (top.count(name) == 0) out.problems.push_back(where + name + " is not in the interface");
  }
}

}  // namespace

bool time_matches(const std::string& format, const std::string& text) {
  if (format.empty() || format == "iso8601") return drivers::uplink::parse_wire_time(text).ok();
  if (format == "unix_s" || format == "unix_ms") return all_digits(text);
  std::size_t t = 0;
  for (std::size_t i = 0; i < format.size();) {
    std::size_t width = 0;
    for (const char* token : {"yyyy", "SSS", "MM", "dd", "HH", "mm", "ss"}) {
      if (format.compare(i, std::strlen(token), token) == 0) width = std::strlen(token);
    }
    if (width == 0) {
      if (t >= text.size() || text[t] != format[i]) return false;
      ++i, ++t;
      continue;
    }
    if (t + width > text.size() || !all_digits(text.substr(t, width))) return false;
    i += width;
    t += width;
  }
  return t == text.size();
}

ProfileBodyCheck check_profile_body(const gate::v1::PlatformProfile& profile,
                                    const gate::v1::PlatformMessage& message, const json& body,
                                    const std::map<std::string, std::string>& settings) {
  ProfileBodyCheck out;
  if (!body.is_object()) {
    out.problems.push_back("the body is not a JSON object");
    return out;
  }
  if (message.envelope().empty()) {
    out.record = body;
  } else {
    check_fields(profile, message.envelope(), body, "", settings, out);
  }
  if (!out.record.is_object()) return out;
  const std::string where = message.envelope().empty() ? "" : "record.";
  check_fields(profile, message.fields(), out.record, where, settings, out);
  return out;
}

std::vector<std::string> check_login_body(const gate::v1::PlatformProfile& profile,
                                          const json& body,
                                          const std::map<std::string, std::string>& settings) {
  ProfileBodyCheck out;
  if (!body.is_object()) return {"the login body is not a JSON object"};
  check_fields(profile, profile.login().request(), body, "login.", settings, out);
  return out.problems;
}

std::string md5_header_problem(const gate::v1::PlatformLogin& login,
                               const std::map<std::string, std::string>& headers,
                               const std::string& app_key, const std::string& app_secret,
                               int64_t now_s, int64_t skew_s) {
  auto header = [&](std::string name) -> std::string {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  };
  const std::string key = header(login.key_header());
  const std::string stamp = header(login.timestamp_header());
  const std::string signature = header(login.signature_header());
  if (key.empty() || stamp.empty() || signature.empty()) {
    return "headers " + login.key_header() + ", " + login.timestamp_header() + " and " +
           login.signature_header() + " are required";
  }
  if (key != app_key) return "unknown key " + login.key_header() + ": " + key;
  if (!all_digits(stamp) || stamp.size() > 12) {
    return login.timestamp_header() + " \"" + stamp + "\" is not unix seconds";
  }
  const int64_t ts = std::stoll(stamp);
  if (ts < now_s - skew_s || ts > now_s + skew_s) {
    return login.timestamp_header() + " " + stamp + " is more than " + std::to_string(skew_s) +
           " s from the platform's time " + std::to_string(now_s);
  }
  if (signature != drivers::uplink::md5_header_signature(key, ts, app_secret)) {
    return login.signature_header() + " does not match";
  }
  return "";
}

void put_control_answer(const gate::v1::PlatformProfile& profile,
                        const gate::v1::PlatformMessage& pull,
                        const std::map<std::string, std::string>& control, int64_t now_ms,
                        json& answer) {
  for (const auto& r : pull.reads()) {
    std::string value;
    if (auto it = control.find(r.to()); it != control.end()) {
      value = it->second;
    } else if (!r.code_table().empty()) {
      for (const auto& t : profile.code_tables()) {
        if (t.name() != r.code_table()) continue;
        for (const auto& c : t.codes()) {
          if (c.ours() == "none") value = c.theirs();
        }
      }
    } else if (r.to() == "issued_at") {
      value = drivers::uplink::format_time(now_ms, 480, r.time_format());
    }
    if (!value.empty()) drivers::uplink::put_at(answer, r.name(), value);
  }
}

}  // namespace gate::sim
