// Rendering a record as a platform profile says: see profile_render.h.
#include "drivers/uplink/profile_render.h"

#include <charconv>
#include <sstream>

#include "drivers/uplink/json_path.h"
#include "drivers/uplink/photo_fit.h"
#include "drivers/uplink/record_fields.h"
#include "drivers/uplink/time_pattern.h"

namespace gate::drivers::uplink {
namespace {

using gate::v1::PlatformCodeTable;
using gate::v1::PlatformField;
using json = nlohmann::json;
using Values = std::map<std::string, FieldValue, std::less<>>;
using Fields = google::protobuf::RepeatedPtrField<PlatformField>;

Result<std::string> coded(const gate::v1::PlatformProfile& p, const PlatformField& f,
                          const std::string& ours) {
  for (const auto& t : p.code_tables()) {
    if (t.name() != f.code_table()) continue;
    for (const auto& c : t.codes()) {
      if (c.ours() == ours) return c.theirs();
    }
    if (!t.otherwise().empty()) return t.otherwise();
    return Error{"field " + f.name() + ": code table " + t.name() + " has no code for \"" + ours +
                 "\" and no `otherwise`; add it to the profile"};
  }
  return Error{"field " + f.name() + ": no code table " + f.code_table()};
}

// Photo `sha256` fitted to the profile's limit, as a data URI or bare base64; "" when the
// passage has none.
Result<std::string> photo_text(const PlatformField& f, const std::string& sha256, bool data_uri,
                               const RenderContext& ctx) {
  if (sha256.empty()) return std::string();
  if (!ctx.photo) return Error{"field " + f.name() + ": no photo store to read photos from"};
  auto bytes = ctx.photo(sha256);
  if (!bytes.ok()) return Error{"field " + f.name() + ": " + bytes.error()};
  auto jpeg = fit_jpeg(bytes.value(), ctx.photo_max_bytes);
  if (!jpeg.ok()) return Error{"field " + f.name() + ": photo " + sha256 + ": " + jpeg.error()};
  if (ctx.photo_rendered) ctx.photo_rendered(static_cast<int64_t>(jpeg.value().size()));
  return data_uri ? jpeg_data_uri(jpeg.value()) : jpeg_base64(jpeg.value());
}

// Our value of `f` as text, before its JSON type is applied.
Result<std::string> value_text(const gate::v1::PlatformProfile& p, const PlatformField& f,
                               const std::vector<RecordField>& ours, const Values& values,
                               const RenderContext& ctx) {
  if (f.source_case() == PlatformField::kConstant) return f.constant();
  if (f.source_case() == PlatformField::kSetting) {
    if (const auto lane = values.find("lane_id");
        lane != values.end() && !lane->second.text.empty()) {
      auto own = ctx.settings.find(f.setting() + "@" + lane->second.text);
      if (own != ctx.settings.end()) return own->second;
    }
    auto it = ctx.settings.find(f.setting());
    if (it == ctx.settings.end()) {
      return Error{"field " + f.name() + ": setting \"" + f.setting() +
                   "\" is not in uplink.platform_settings; add it to gated's config"};
    }
    return it->second;
  }
  if (f.from() == "token") return ctx.token;
  const RecordField* rf = find_field(ours, f.from());
  const auto it = values.find(f.from());
  if (rf == nullptr || it == values.end()) return Error{"field " + f.name() + ": unknown source"};
  const FieldValue& v = it->second;
  if (rf->kind == RecordField::Kind::kPhoto) return photo_text(f, v.text, true, ctx);
  if (rf->kind == RecordField::Kind::kPhotoBase64) return photo_text(f, v.text, false, ctx);
  if (rf->kind == RecordField::Kind::kTime) {
    return v.text.empty() ? std::string()
                          : format_time(v.unix_ms, ctx.utc_offset_minutes, f.time_format());
  }
  if (!f.code_table().empty() && !v.text.empty()) return coded(p, f, v.text);
  return v.text;
}

Result<json> typed(const PlatformField& f, const std::string& text) {
  switch (f.type()) {
    case PlatformField::TYPE_NUMBER: {
      double x = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return Error{"field " + f.name() + ": \"" + text + "\" is not a number"};
      }
      int64_t whole = 0;
      const auto [wend, wec] = std::from_chars(text.data(), text.data() + text.size(), whole);
      if (wec == std::errc() && wend == text.data() + text.size()) return json(whole);
      return json(x);
    }
    case PlatformField::TYPE_BOOL:
      if (text == "true" || text == "false") return json(text == "true");
      return Error{"field " + f.name() + ": \"" + text + "\" is not true or false"};
    default:
      return json(text);
  }
}

Result<json> render_fields(const gate::v1::PlatformProfile& p, const Fields& fields,
                           const std::vector<RecordField>& ours, const Values& values,
                           const RenderContext& ctx, const json* record) {
  json out = json::object();
  for (const auto& f : fields) {
    if (record != nullptr && f.source_case() == PlatformField::kFrom && f.from() == "record") {
      put_at(out, f.name(), *record);
      continue;
    }
    auto text = value_text(p, f, ours, values, ctx);
    if (!text.ok()) return Error{text.error()};
    if (text.value().empty() && f.omit_empty()) continue;
    auto value = typed(f, text.value());
    if (!value.ok()) return Error{value.error()};
    put_at(out, f.name(), std::move(value).value());
  }
  return out;
}

Result<json> render_values(const gate::v1::PlatformProfile& profile,
                           const gate::v1::PlatformMessage& message, const Values& values,
                           const RenderContext& context) {
  const auto& ours = fields_for(message.kind());
  auto fields = render_fields(profile, message.fields(), ours, values, context, nullptr);
  if (!fields.ok() || message.envelope().empty()) return fields;
  return render_fields(profile, message.envelope(), ours, values, context, &fields.value());
}

}  // namespace

Result<json> render_message(const gate::v1::PlatformProfile& profile,
                            const gate::v1::PlatformMessage& message,
                            const gate::v1::UplinkRecord& record, const RenderContext& context) {
  return render_values(profile, message, record_values(record), context);
}

Result<json> render_status(const gate::v1::PlatformProfile& profile,
                           const gate::v1::PlatformMessage& message, const gate::v1::Heartbeat& hb,
                           const RenderContext& context) {
  return render_values(profile, message, status_values(hb), context);
}

Result<std::vector<json>> render_unit_statuses(const gate::v1::PlatformProfile& profile,
                                               const gate::v1::PlatformMessage& message,
                                               const gate::v1::Heartbeat& hb,
                                               const RenderContext& context) {
  const bool per_lane = message.kind() == gate::v1::PlatformMessage::KIND_LANE_STATUS;
  const auto units = per_lane ? lane_status_values(hb) : camera_status_values(hb);
  std::vector<json> out;
  for (const auto& values : units) {
    auto body = render_values(profile, message, values, context);
    if (!body.ok()) {
      const auto& unit = values.at(per_lane ? "lane_id" : "camera_id").text;
      return Error{(per_lane ? "lane " : "camera ") + unit + ": " + body.error()};
    }
    out.push_back(std::move(body).value());
  }
  return out;
}

Result<json> render_pull(const gate::v1::PlatformProfile& profile,
                         const gate::v1::PlatformMessage& message, const RenderContext& context) {
  return render_values(profile, message, Values{}, context);
}

Result<json> render_login(const gate::v1::PlatformProfile& profile, const RenderContext& context) {
  return render_fields(profile, profile.login().request(), record_fields(), Values{}, context,
                       nullptr);
}

}  // namespace gate::drivers::uplink
