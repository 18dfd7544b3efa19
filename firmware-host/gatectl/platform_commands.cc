// gatectl platform check / render: see platform_commands.h.
#include "firmware-host/gatectl/platform_commands.h"

#include <nlohmann/json.hpp>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/profile_render.h"
#include "drivers/uplink/record_fields.h"
#include "drivers/uplink/uplink_config.h"
#include "drivers/uplink/wire_json.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "firmware-host/sync/upload_payload.h"

namespace gate::ctl {
namespace {

using gate::v1::PlatformMessage;
using gate::v1::PlatformProfile;

void print_summary(const PlatformProfile& p, std::ostream& out) {
  out << "profile " << p.name() << " (profile_format " << p.profile_format() << "), "
      << PlatformProfile::Wire_Name(p.wire()) << ", login "
      << gate::v1::PlatformLogin::Scheme_Name(p.login().scheme()) << "\n"
      << "  source: " << p.source() << "\n";
  for (const auto& m : p.messages()) {
    out << "  message " << PlatformMessage::Kind_Name(m.kind()) << ": POST <base>" << m.path()
        << ", " << m.fields_size() << " field(s)"
        << (m.envelope().empty() ? "" : " in an envelope of " + std::to_string(m.envelope_size()))
        << (m.interval_s() ? ", every " + std::to_string(m.interval_s()) + " s" : "") << "\n";
    for (const auto& r : m.reads()) {
      out << "    reads " << r.name() << " as " << r.to()
          << (r.code_table().empty() ? "" : " (table " + r.code_table() + ")")
          << (r.optional() ? ", optional" : "") << "\n";
    }
  }
  for (const auto& t : p.code_tables()) {
    out << "  code table " << t.name() << ": "
        << gate::v1::PlatformCodeTable::Domain_Name(t.domain()) << ", " << t.codes_size()
        << " code(s)" << (t.otherwise().empty() ? "" : ", otherwise " + t.otherwise()) << "\n";
  }
  std::string settings;
  for (const auto& s : drivers::uplink::settings_used(p)) settings += " " + s;
  out << "  settings it takes (uplink.platform_settings):"
      << (settings.empty() ? " none" : settings)
      << "\n  photos: " << gate::v1::PlatformPhotos::Mode_Name(p.photos().mode()) << ", at most "
      << p.photos().max_bytes() << " bytes each\n";
}

struct RenderSetup {
  gate::v1::GateConfig cfg;  // the defaults of an empty config unless --config was given
  std::string db;
  PlatformProfile profile;
};

Result<RenderSetup> render_setup(const Args& a) {
  RenderSetup s;
  auto uplink = drivers::uplink::normalise_uplink_config({});
  if (!uplink.ok()) return Error{uplink.error()};
  *s.cfg.mutable_uplink() = uplink.value();
  s.cfg.set_utc_offset_minutes(480);
  if (!option(a, "--config").empty()) {
    auto cfg = host::load_config(option(a, "--config"));
    if (!cfg.ok()) return Error{cfg.error()};
    s.cfg = cfg.value();
    s.db = s.cfg.database_path();
  }
  if (!option(a, "--db").empty()) s.db = option(a, "--db");
  if (s.db.empty()) return Error{"--db FILE (or --config FILE) is required"};
  std::string file = option(a, "--profile");
  if (file.empty()) file = s.cfg.uplink().profile_file();
  if (file.empty()) return Error{"--profile FILE is required (or a --config with profile_file)"};
  auto profile = drivers::uplink::load_platform_profile(file);
  if (!profile.ok()) return Error{profile.error()};
  s.profile = profile.value();
  return s;
}

// The cargo entry `kind` names: "cargo" the latest (what the platform holds last), "cargo_<n>"
// the n-th.
Result<host::CargoEntry> cargo_of(host::GateStore& store, int64_t seq, const std::string& kind) {
  if (kind != "cargo") return store.read_cargo(seq, host::cargo_revision_of_kind(kind));
  auto all = store.cargo_entries(seq);
  if (!all.ok()) return Error{all.error()};
  if (all.value().empty()) {
    return Error{"passage " + std::to_string(seq) +
                 " has no cargo; enter it with gatectl passages cargo " + std::to_string(seq) +
                 " --name N --quantity Q --unit t|L"};
  }
  return all.value().back();
}

// The uplink record of passage `seq` as it would be sent now.
Result<gate::v1::UplinkRecord> record_of(const RenderSetup& s, host::GateStore& store, int64_t seq,
                                         const std::string& kind) {
  auto passage = store.read_passage(seq);
  if (!passage.ok()) return Error{passage.error()};
  if (kind == host::kCloseupRecordKind && passage.value().read().closeup_sha256().empty()) {
    return Error{"passage " + std::to_string(seq) +
                 " has no plate close-up, so no photo_2 record is sent for it; render "
                 "--kind photo_1 for its photo"};
  }
  host::OutboxRow row;
  row.passage_seq = seq;
  row.kind = kind;
  if (host::cargo_revision_of_kind(kind) > 0) {
    auto cargo = cargo_of(store, seq, kind);
    if (!cargo.ok()) return Error{cargo.error()};
    row.cargo = cargo.value();
    row.kind = host::cargo_outbox_kind(cargo.value().revision);
  }
  row.created_unix_ms = passage.value().time_unix_ms();
  row.passage = passage.value();
  host::PayloadOptions o;
  o.live_window_ms = s.cfg.uplink().live_window_ms();
  o.utc_offset_minutes = s.cfg.utc_offset_minutes();
  o.color_table = drivers::uplink::color_table(s.cfg.uplink().plate_color_table());
  const std::string gate_id = s.cfg.gate_id().empty() ? passage.value().gate_id() : s.cfg.gate_id();
  return host::build_record(gate_id, row, now_ms(), o);
}

// `body` with every data URI cut to its start and length, for a readable print.
nlohmann::json shortened(nlohmann::json body) {
  for (auto& [key, value] : body.items()) {
    if (value.is_object()) {
      value = shortened(value);
    } else if (value.is_string() && value.get<std::string>().rfind("data:", 0) == 0) {
      const std::string uri = value.get<std::string>();
      value =
          uri.substr(0, uri.find(',') + 1) + "… (" + std::to_string(uri.size()) + " characters)";
    } else if (value.is_string() && value.get<std::string>().size() > 200) {
      const std::string text = value.get<std::string>();  // a photo's bare base64
      value = text.substr(0, 16) + "… (" + std::to_string(text.size()) + " characters)";
    }
  }
  return body;
}

int print_field_map(const RenderSetup& s, const gate::v1::UplinkRecord& record,
                    const std::string& kind, std::ostream& out, std::ostream& err) {
  const auto message_kind = drivers::uplink::message_kind(kind);
  const PlatformMessage* m = drivers::uplink::find_message(s.profile, message_kind);
  if (m == nullptr) {
    out << "profile " << s.profile.name() << " has no " << PlatformMessage::Kind_Name(message_kind)
        << " message: " << kind << " records are not sent to this platform\n";
    return 0;
  }
  drivers::uplink::RenderContext ctx;
  ctx.settings = {s.cfg.uplink().platform_settings().begin(),
                  s.cfg.uplink().platform_settings().end()};
  ctx.token = "<token>";
  ctx.utc_offset_minutes = s.cfg.utc_offset_minutes();
  ctx.photo_max_bytes = s.profile.photos().max_bytes();
  const host::PhotoStore photos(s.cfg.photo_dir().empty() ? s.db + ".photos" : s.cfg.photo_dir());
  ctx.photo = [&photos](const std::string& sha) { return photos.read(sha); };
  auto body = drivers::uplink::render_message(s.profile, *m, record, ctx);
  if (!body.ok()) {
    return failure(err, "passage " + std::to_string(record.seq()) + " cannot be sent as profile " +
                            s.profile.name() + " says: " + body.error());
  }
  const std::string base = s.cfg.uplink().url().empty() ? "<base>" : s.cfg.uplink().url();
  out << "POST " << base << m->path() << "\n";
  if (!s.profile.login().token_header().empty()) {
    out << s.profile.login().token_header() << ": <token>\n";
  }
  out << "Content-Type: application/json\n\n" << shortened(body.value()).dump(2) << "\n";
  return 0;
}

}  // namespace

int platform_check(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "platform check needs one profile file");
  auto p = drivers::uplink::load_platform_profile(a.positional[0]);
  if (!p.ok()) {
    err << p.error() << "\n";
    return 1;
  }
  out << a.positional[0] << ": OK\n";
  print_summary(p.value(), out);
  return 0;
}

int platform_render(const Args& a, std::ostream& out, std::ostream& err) {
  const std::string seq_text = option(a, "--passage");
  if (seq_text.empty()) return usage_error(err, a, "--passage N is required");
  const std::string kind = option(a, "--kind").empty() ? "decision" : option(a, "--kind");
  if (kind != "decision" && kind != "outcome" && kind != host::kPhotoRecordKind &&
      kind != host::kCloseupRecordKind && host::cargo_revision_of_kind(kind) == 0) {
    return usage_error(
        err, a, "--kind is decision, outcome, photo_1, photo_2, cargo or cargo_N, not " + kind);
  }
  int64_t seq = 0;
  try {
    seq = std::stoll(seq_text);
  } catch (const std::exception&) {
    return usage_error(err, a, "--passage takes a passage number, not " + seq_text);
  }
  auto s = render_setup(a);
  if (!s.ok()) return failure(err, s.error());
  auto store = host::GateStore::Open(s.value().db, /*read_only=*/true);
  if (!store.ok()) return failure(err, store.error());
  auto record = record_of(s.value(), *store.value(), seq, kind);
  if (!record.ok()) return failure(err, record.error());
  if (s.value().profile.wire() == PlatformProfile::WIRE_GATE_UPLINK_1) {
    out << "one record of a POST <base>/passages batch (docs/uplink.md):\n"
        << nlohmann::json::parse(drivers::uplink::to_json(record.value())).dump(2) << "\n";
    return 0;
  }
  return print_field_map(s.value(), record.value(), kind, out, err);
}

}  // namespace gate::ctl
