#include "firmware-host/config/config_loader.h"

#include <google/protobuf/text_format.h>

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "drivers/barrier/barrier.h"
#include "drivers/barrier/camera_relay_config.h"
#include "drivers/display/display_camera_config.h"
#include "drivers/http/tls_context.h"
#include "drivers/lpr/plate_text.h"
#include "drivers/postgres/pg_connection.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/uplink_config.h"
#include "firmware-host/config/push_camera_config.h"
#include "firmware-host/policy/policy_file.h"
#include "rules/opening_hours.h"
#include "rules/policy_profile.h"
#include "rules/text_format_errors.h"

namespace gate::host {
namespace {

namespace pb = google::protobuf;

// Locates fields in the source for semantic errors found after parsing.
class Locator {
 public:
  Locator(std::string file, const pb::TextFormat::ParseInfoTree* tree)
      : file_(std::move(file)), tree_(tree) {}

  // "file:line:col: " of `field` (index -1 for singular) inside the message at `tree`,
  // or "file: " when the field was not written in the file.
  std::string at(const pb::TextFormat::ParseInfoTree* tree, const pb::Message& msg,
                 const std::string& field, int index = -1) const {
    const pb::FieldDescriptor* fd = msg.GetDescriptor()->FindFieldByName(field);
    // ParseInfoTree aborts on an index that does not fit the field (e.g. -1 for "lanes").
    if (tree == nullptr || fd == nullptr || fd->is_repeated() != (index >= 0)) {
      return file_ + ": ";
    }
    pb::TextFormat::ParseLocation loc = tree->GetLocation(fd, index);
    if (loc.line < 0) return file_ + ": ";
    return file_ + ":" + std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1) + ": ";
  }
  const pb::TextFormat::ParseInfoTree* child(const pb::TextFormat::ParseInfoTree* tree,
                                             const pb::Message& msg, const std::string& field,
                                             int index = -1) const {
    if (tree == nullptr) return nullptr;
    const pb::FieldDescriptor* fd = msg.GetDescriptor()->FindFieldByName(field);
    if (fd == nullptr || fd->is_repeated() != (index >= 0)) return nullptr;
    return tree->GetTreeForNested(fd, index);
  }
  const pb::TextFormat::ParseInfoTree* root() const { return tree_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const pb::TextFormat::ParseInfoTree* tree_;
};

std::string resolve(const std::string& base_dir, const std::string& p) {
  if (p.empty() || std::filesystem::path(p).is_absolute()) return p;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

// A number for messages: 0.6 rather than 0.600000.
std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// The presence check of a lane, resolved: ENTRY_LOOP where the barrier reports loops (a Modbus
// module), OFF for a camera relay, which has none.
Status normalise_presence_check(gate::v1::LaneConfig& lane, const Locator& loc,
                                const pb::TextFormat::ParseInfoTree* lt, const std::string& name) {
  const bool relay = lane.barrier().has_camera_relay();
  if (lane.presence_check() == gate::v1::PRESENCE_CHECK_UNSPECIFIED) {
    lane.set_presence_check(relay ? gate::v1::PRESENCE_CHECK_OFF
                                  : gate::v1::PRESENCE_CHECK_ENTRY_LOOP);
  }
  if (relay && lane.presence_check() == gate::v1::PRESENCE_CHECK_ENTRY_LOOP) {
    return Error{loc.at(lt, lane, "presence_check") + name +
                 ".presence_check: PRESENCE_CHECK_ENTRY_LOOP needs a barrier module with an "
                 "entry loop input; a camera relay has none (set PRESENCE_CHECK_OFF)"};
  }
  if (lane.presence_grace_ms() == 0) lane.set_presence_grace_ms(1500);
  if (lane.presence_grace_ms() < 100 || lane.presence_grace_ms() > 10000) {
    return Error{loc.at(lt, lane, "presence_grace_ms") + name + ".presence_grace_ms " +
                 std::to_string(lane.presence_grace_ms()) +
                 " is outside 100..10000 (milliseconds; 0 takes 1500)"};
  }
  return Status::Ok();
}

// A Vzenith relay is opened only in the answer to a Vzenith camera's push for the lane: when the
// lane declares its cameras, one of them must be a Vzenith camera.
Status check_vzenith_relay_camera(const gate::v1::LaneConfig& lane, const Locator& loc,
                                  const pb::TextFormat::ParseInfoTree* lt,
                                  const std::string& name) {
  if (!lane.barrier().has_camera_relay() ||
      lane.barrier().camera_relay().vendor() != gate::v1::CameraRelay::VENDOR_VZENITH ||
      lane.push_cameras().empty()) {
    return Status::Ok();
  }
  for (const auto& c : lane.push_cameras()) {
    if (c.vendor() == gate::v1::PUSH_CAMERA_VENDOR_VZENITH) return Status::Ok();
  }
  return Error{loc.at(lt, lane, "barrier") + name +
               ".barrier.camera_relay: VENDOR_VZENITH opens the relay in the answer to the lane's "
               "Vzenith camera, and none of its push_cameras is one (declare the camera with "
               "vendor PUSH_CAMERA_VENDOR_VZENITH)"};
}

// A lane's plain camera (docs/lpr.md): one source, sane numbers, defaults filled in. The
// snapshot folder's existence is checked in parse_config, once its path is resolved.
Status validate_lpr_camera(gate::v1::LaneConfig& lane, const Locator& loc,
                           const pb::TextFormat::ParseInfoTree* lane_tree,
                           const std::string& name) {
  auto* c = lane.mutable_lpr_camera();
  const auto* ct = loc.child(lane_tree, lane, "lpr_camera");
  const std::string block = name + ".lpr_camera";
  if (c->video().empty() == c->snapshot_folder().empty()) {
    return Error{loc.at(lane_tree, lane, "lpr_camera") + block + ": set exactly one of video (an " +
                 "rtsp:// or http:// URL, or a video file) and snapshot_folder (the folder the " +
                 "camera uploads its JPEGs into); " +
                 (c->video().empty() ? "neither is set" : "both are set")};
  }
  auto negative = [&](const std::string& field, double v, const std::string& dflt) -> Status {
    if (v >= 0) return Status::Ok();
    return Error{loc.at(ct, *c, field) + block + "." + field + ": " + number_text(v) +
                 " must not be negative (0 takes the default " + dflt + ")"};
  };
  for (const Status& st : {negative("every_nth_frame", c->every_nth_frame(), "1"),
                           negative("motion_threshold", c->motion_threshold(), "4.0"),
                           negative("min_confidence", c->min_confidence(), "0.6"),
                           negative("local_province_weight", c->local_province_weight(), "20")}) {
    if (!st.ok()) return st;
  }
  if (c->min_confidence() > 1) {
    return Error{loc.at(ct, *c, "min_confidence") + block +
                 ".min_confidence: " + number_text(c->min_confidence()) +
                 " is outside 0..1 (the mean character confidence a read needs; 0 takes the "
                 "default 0.6)"};
  }
  if (c->local_province_weight() > 0 && c->local_province_weight() < 1) {
    return Error{loc.at(ct, *c, "local_province_weight") + block +
                 ".local_province_weight: " + number_text(c->local_province_weight()) +
                 " is below 1 (the odds for the local province against any other: 1 is no "
                 "preference, 0 takes the default 20)"};
  }
  if (!c->local_province().empty() && !lpr::is_province(c->local_province())) {
    return Error{loc.at(ct, *c, "local_province") + block + ".local_province: \"" +
                 c->local_province() +
                 "\" is not a province character; write the one character that starts the "
                 "gate's local plates, e.g. \"豫\" for Henan, or leave it out"};
  }
  if (c->every_nth_frame() == 0) c->set_every_nth_frame(1);
  if (c->motion_threshold() == 0) c->set_motion_threshold(4.0);
  if (c->min_confidence() == 0) c->set_min_confidence(0.6f);
  if (c->local_province_weight() == 0) c->set_local_province_weight(20.0f);
  if (c->camera_id().empty()) c->set_camera_id("LPR-" + lane.lane_id());
  return Status::Ok();
}

// Resolves the lanes' plain-camera paths against the config's folder and checks that a
// snapshot folder exists (a video source that is offline is only an alarm at run time).
Status resolve_lpr_cameras(gate::v1::GateConfig& cfg, const Locator& loc,
                           const std::string& base_dir) {
  for (int i = 0; i < cfg.lanes_size(); ++i) {
    auto* lane = cfg.mutable_lanes(i);
    if (!lane->has_lpr_camera()) continue;
    auto* c = lane->mutable_lpr_camera();
    if (!c->video().empty() && c->video().find("://") == std::string::npos) {
      c->set_video(resolve(base_dir, c->video()));
    }
    c->set_model_path(resolve(base_dir, c->model_path()));
    c->set_caption_font(resolve(base_dir, c->caption_font()));
    if (c->snapshot_folder().empty()) continue;
    c->set_snapshot_folder(resolve(base_dir, c->snapshot_folder()));
    std::error_code ec;
    if (!std::filesystem::is_directory(c->snapshot_folder(), ec)) {
      const auto* ct = loc.child(loc.child(loc.root(), cfg, "lanes", i), *lane, "lpr_camera");
      return Error{loc.at(ct, *c, "snapshot_folder") + "lanes[" + std::to_string(i) +
                   "].lpr_camera.snapshot_folder: " + c->snapshot_folder() +
                   " does not exist or is not a directory; create it (the folder the camera "
                   "uploads its snapshots into) or fix the path"};
    }
  }
  return Status::Ok();
}

// A display on the entrance camera's RS-485 port: the camera block's defaults and checks, and no
// TCP address beside it (which transport was meant would be a guess).
Status check_display_camera(gate::v1::DisplayConfig* d) {
  if (!d->host().empty() || d->port() != 0) {
    return Error{
        "host and port are for a display on TCP; a display behind the camera takes "
        "camera { … } alone: remove host and port"};
  }
  return drivers::normalise_display_camera(d->mutable_camera());
}

// The password of a Hikvision display camera, as resolve_relay_passwords does for relays.
Status resolve_display_password(gate::v1::GateConfig& cfg, const Locator& loc,
                                const std::string& base_dir, int i) {
  auto* display = cfg.mutable_lanes(i)->mutable_display();
  auto* camera = display->mutable_camera();
  if (camera->password_file().empty()) return Status::Ok();
  camera->set_password_file(resolve(base_dir, camera->password_file()));
  auto password = drivers::read_relay_password(camera->password_file());
  if (password.ok()) return Status::Ok();
  const auto* lt = loc.child(loc.root(), cfg, "lanes", i);
  const auto* dt = loc.child(lt, cfg.lanes(i), "display");
  return Error{loc.at(loc.child(dt, *display, "camera"), *camera, "password_file") + "lanes[" +
               std::to_string(i) + "].display.camera.password_file: " + password.error()};
}

// Resolves uplink.profile_file against the config's folder and checks the profile and the
// settings it takes, so that `gated --check` names a bad profile at its own line.
// A setting given for one lane (NAME@LANE) names a lane of this gate and a setting given for the
// whole gate too, so that a typo is found at start rather than sent as the plant's value.
Status check_lane_settings(const gate::v1::GateConfig& cfg,
                           const std::map<std::string, std::string>& settings) {
  for (const auto& [key, value] : settings) {
    const auto at = key.find('@');
    if (at == std::string::npos) continue;
    const std::string name = key.substr(0, at), lane = key.substr(at + 1);
    const bool known = std::any_of(cfg.lanes().begin(), cfg.lanes().end(),
                                   [&](const auto& l) { return l.lane_id() == lane; });
    if (!known) {
      return Error{"platform setting " + key + " names lane \"" + lane +
                   "\", which this gate does not have: use NAME@LANE with a configured lane_id"};
    }
    if (settings.count(name) == 0) {
      return Error{"platform setting " + key + " is given for one lane only: give " + name +
                   " for the whole gate too (the value of the lanes without their own)"};
    }
  }
  return Status::Ok();
}

// `poll_given`: the configuration set uplink.downlink_poll_interval_ms itself, which then wins
// over the pull's interval_s (a platform that allows pulling more often, the simulator).
Status resolve_platform_profile(gate::v1::GateConfig& cfg, const Locator& loc,
                                const std::string& base_dir, bool poll_given) {
  auto* up = cfg.mutable_uplink();
  if (up->profile_file().empty()) return Status::Ok();
  up->set_profile_file(resolve(base_dir, up->profile_file()));
  const auto* ut = loc.child(loc.root(), cfg, "uplink");
  auto profile = drivers::uplink::load_platform_profile(up->profile_file());
  if (!profile.ok()) {
    return Error{loc.at(ut, *up, "profile_file") + "uplink.profile_file: " + profile.error()};
  }
  const std::map<std::string, std::string> settings(up->platform_settings().begin(),
                                                    up->platform_settings().end());
  if (Status st = drivers::uplink::check_platform_settings(profile.value(), settings); !st.ok()) {
    return Error{loc.at(ut, *up, "profile_file") + "uplink: " + st.message()};
  }
  if (Status st = check_lane_settings(cfg, settings); !st.ok()) {
    return Error{loc.at(ut, *up, "platform_settings") + "uplink: " + st.message()};
  }
  // The platform's status interval (one for all status messages, checked) is the heartbeat's:
  // the profile transport sends the gate's, lanes' and cameras' status at each heartbeat.
  for (auto kind :
       {gate::v1::PlatformMessage::KIND_STATUS, gate::v1::PlatformMessage::KIND_LANE_STATUS,
        gate::v1::PlatformMessage::KIND_CAMERA_STATUS}) {
    const auto* status = drivers::uplink::find_message(profile.value(), kind);
    if (status != nullptr) up->set_heartbeat_interval_ms(status->interval_s() * 1000);
  }
  // Likewise the policy pull's interval is the downlink's (fetch_downlink() sends the pull),
  // unless the configuration set its own.
  const auto* pull =
      drivers::uplink::find_message(profile.value(), gate::v1::PlatformMessage::KIND_POLICY_PULL);
  if (pull != nullptr && !poll_given) up->set_downlink_poll_interval_ms(pull->interval_s() * 1000);
  return Status::Ok();
}

// Resolves each camera relay's password_file against the config's folder and reads it once, so
// that `gated --check` names a missing or empty file at its line; gated reads it again at start.
Status resolve_relay_passwords(gate::v1::GateConfig& cfg, const Locator& loc,
                               const std::string& base_dir) {
  for (int i = 0; i < cfg.lanes_size(); ++i) {
    if (cfg.lanes(i).display().has_camera()) {
      if (Status st = resolve_display_password(cfg, loc, base_dir, i); !st.ok()) return st;
    }
    auto* barrier = cfg.mutable_lanes(i)->mutable_barrier();
    if (!barrier->has_camera_relay()) continue;
    auto* relay = barrier->mutable_camera_relay();
    if (relay->vendor() == gate::v1::CameraRelay::VENDOR_VZENITH) continue;  // no account
    relay->set_password_file(resolve(base_dir, relay->password_file()));
    auto password = drivers::read_relay_password(relay->password_file());
    if (password.ok()) continue;
    const auto* lt = loc.child(loc.root(), cfg, "lanes", i);
    const auto* bt = loc.child(lt, cfg.lanes(i), "barrier");
    return Error{loc.at(loc.child(bt, *barrier, "camera_relay"), *relay, "password_file") +
                 "lanes[" + std::to_string(i) +
                 "].barrier.camera_relay.password_file: " + password.error()};
  }
  return Status::Ok();
}

// Where the barrier field named in `error` was written. normalise_barrier_config's messages
// name the field ("barrier config: pulse_ms 20000 is outside 1..10000", "tcp.port …"); when
// none is found, or it was not written in the file, the barrier block itself.
std::string barrier_error_at(const Locator& loc, const pb::TextFormat::ParseInfoTree* lane_tree,
                             const gate::v1::LaneConfig& lane, const std::string& error) {
  const std::string block = loc.at(lane_tree, lane, "barrier");
  const auto* bt = loc.child(lane_tree, lane, "barrier");
  const pb::Descriptor* desc = lane.barrier().GetDescriptor();
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string best;
  std::size_t best_pos = std::string::npos;
  auto consider = [&](const std::string& path) {
    for (std::size_t pos = error.find(path); pos != std::string::npos;
         pos = error.find(path, pos + 1)) {
      const std::size_t end = pos + path.size();
      if ((pos > 0 && (word_char(error[pos - 1]) || error[pos - 1] == '.')) ||
          (end < error.size() && word_char(error[end]))) {
        continue;
      }
      if (pos < best_pos || (pos == best_pos && path.size() > best.size())) {
        best = path;
        best_pos = pos;
      }
      return;
    }
  };
  for (int i = 0; i < desc->field_count(); ++i) {
    const pb::FieldDescriptor* f = desc->field(i);
    consider(f->name());
    if (f->message_type() == nullptr) continue;
    for (int j = 0; j < f->message_type()->field_count(); ++j) {
      consider(f->name() + "." + f->message_type()->field(j)->name());
    }
  }
  if (best.empty()) return block;
  std::string where;
  if (auto dot = best.find('.'); dot != std::string::npos) {
    const std::string outer = best.substr(0, dot);
    const pb::Message& nested =
        lane.barrier().GetReflection()->GetMessage(lane.barrier(), desc->FindFieldByName(outer));
    where = loc.at(loc.child(bt, lane.barrier(), outer), nested, best.substr(dot + 1));
  } else {
    where = loc.at(bt, lane.barrier(), best);
  }
  return where == loc.file() + ": " ? block : where;
}

// The enterprise profile against the policy set it selects from (rules/policy_profile.h), every
// issue at its line in the enterprise { … } block. A policy file that does not load is left to
// load_policy_engine, whose errors name the policy file's lines.
Status check_enterprise_profile(const gate::v1::GateConfig& cfg, const Locator& loc) {
  auto set = load_policy_file(cfg.policy_file());
  if (!set.ok()) return Status{};
  const auto issues = rules::profile_issues(set.value(), cfg.enterprise());
  if (issues.empty()) return Status{};
  const auto* tree = loc.child(loc.root(), cfg, "enterprise");
  std::string msg;
  for (const auto& i : issues) {
    const auto bracket = i.path.find('[');
    const std::string field = i.path.substr(0, bracket);
    const int index = bracket == std::string::npos ? -1 : std::stoi(i.path.substr(bracket + 1));
    std::string where = loc.at(tree, cfg.enterprise(), field, index);
    if (where == loc.file() + ": ") where = loc.at(loc.root(), cfg, "enterprise");
    msg += (msg.empty() ? "" : "\n") + where + "enterprise." + i.path + ": " + i.message;
  }
  return Error{msg};
}

// Where a push camera's field is, for push_camera_config.h; a field not written in the file
// points at its camera block.
PushCameraLocator push_camera_locator(const gate::v1::GateConfig& cfg, const Locator& loc) {
  return [&cfg, &loc](int lane, int camera, const std::string& field) {
    if (lane < 0) return loc.at(loc.child(loc.root(), cfg, "camera"), cfg.camera(), field);
    const auto* lt = loc.child(loc.root(), cfg, "lanes", lane);
    const auto& l = cfg.lanes(lane);
    if (camera < 0) return loc.at(lt, l, "push_cameras", 0);
    const auto* ct = loc.child(lt, l, "push_cameras", camera);
    std::string where = loc.at(ct, l.push_cameras(camera), field);
    if (where == loc.file() + ": ") where = loc.at(lt, l, "push_cameras", camera);
    return where;
  };
}

// 127.0.0.0/8 and ::1: reachable from this PC only.
bool is_loopback_address(const std::string& address) {
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address(address, ec);
  return !ec && a.is_loopback();
}

// Tokens, passwords and the session cookie cross the gate LAN in clear unless the API speaks
// TLS, so listening beyond this PC needs a certificate or the plant's explicit acceptance.
Status check_api_transport(const gate::v1::ApiConfig& api, const Locator& loc,
                           const pb::TextFormat::ParseInfoTree* api_tree) {
  if (api.tls_cert_file().empty() != api.tls_key_file().empty()) {
    return Error{
        loc.at(api_tree, api, api.tls_cert_file().empty() ? "tls_key_file" : "tls_cert_file") +
        "give both api.tls_cert_file and api.tls_key_file (PEM), or neither"};
  }
  if (api.port() == 0 || !api.tls_cert_file().empty() ||
      is_loopback_address(api.listen_address()) || api.allow_plain_http_beyond_loopback()) {
    return Status::Ok();
  }
  return Error{loc.at(api_tree, api, "listen_address") + "api.listen_address " +
               api.listen_address() +
               " is reachable from the gate LAN, and plain HTTP would carry tokens, passwords and "
               "the dashboard's session in clear: give tls_cert_file and tls_key_file (the "
               "package makes a self-signed pair in /etc/gate/tls/), listen on 127.0.0.1, or "
               "set allow_plain_http_beyond_loopback: true to accept the risk"};
}

// Exactly one of policy_file (a policy set, with the enterprise profile that selects its rule
// sets) and the foundation's inline policy { … }; the local API's settings.
Status validate_policy_choice(gate::v1::GateConfig& cfg, const Locator& loc) {
  const auto* root = loc.root();
  if (!cfg.policy_file().empty()) {
    if (cfg.has_policy()) {
      return Error{loc.at(root, cfg, "policy") +
                   "give either policy_file or an inline policy { … }, not both"};
    }
    if (cfg.enterprise().industry().empty()) {
      return Error{loc.at(root, cfg, "enterprise") +
                   "enterprise { industry: \"steel\" grade: PERFORMANCE_GRADE_B double_high: "
                   "true } is required with policy_file: it selects the rule sets that bind "
                   "this plant"};
    }
  } else {
    const auto& pol = cfg.policy();
    if (!cfg.has_policy()) {
      return Error{loc.file() +
                   ": policy_file is required (a policy set such as "
                   "rules/policies/henan-jiaozuo-2025.textproto, with an enterprise { … } "
                   "profile); an inline policy { version: … } block is accepted too"};
    }
    if (pol.min_confidence() < 0 || pol.min_confidence() > 1) {
      return Error{loc.at(loc.child(root, cfg, "policy"), pol, "min_confidence") +
                   "policy.min_confidence must be between 0 and 1"};
    }
    if (pol.version().empty()) {
      return Error{loc.at(root, cfg, "policy") +
                   "policy.version is required (it is recorded with every decision)"};
    }
  }
  auto* audit = cfg.mutable_audit();
  const auto* audit_tree = loc.child(root, cfg, "audit");
  if (audit->retention_months() == 0) audit->set_retention_months(24);
  if (audit->retention_months() < 24 || audit->retention_months() > 1200) {
    return Error{loc.at(audit_tree, *audit, "retention_months") +
                 "audit.retention_months must be at least 24 (records and photos are kept two "
                 "years on site) and at most 1200"};
  }
  if (audit->disk_warn_free_percent() == 0) audit->set_disk_warn_free_percent(10);
  if (audit->disk_warn_free_percent() < 1 || audit->disk_warn_free_percent() > 90) {
    return Error{loc.at(audit_tree, *audit, "disk_warn_free_percent") +
                 "audit.disk_warn_free_percent must be 1..90"};
  }
  if (audit->disk_reserve_mib() == 0) audit->set_disk_reserve_mib(512);
  if (audit->disk_reserve_mib() < 16) {
    return Error{loc.at(audit_tree, *audit, "disk_reserve_mib") +
                 "audit.disk_reserve_mib must be at least 16 (room to keep recording passages "
                 "once photos stop)"};
  }
  auto* api = cfg.mutable_api();
  if (api->port() < 0 || api->port() > 65535) {
    return Error{loc.at(loc.child(root, cfg, "api"), *api, "port") +
                 "api.port must be 0..65535 (0 = no local API)"};
  }
  const auto* api_tree = loc.child(root, cfg, "api");
  if (!api->operator_token().empty() && api->operator_token().size() < 8) {
    return Error{loc.at(api_tree, *api, "operator_token") +
                 "api.operator_token must be at least 8 characters"};
  }
  if (api->port() != 0 && api->operator_token().empty() && api->tokens_size() == 0) {
    return Error{loc.at(root, cfg, "api") +
                 "api.operator_token or an api.tokens { name role token_file } entry is "
                 "required when api.port is set: clients send it as \"Authorization: Bearer "
                 "<token>\""};
  }
  std::set<std::string> token_names;
  if (!api->operator_token().empty()) token_names.insert("operator");
  for (int i = 0; i < api->tokens_size(); ++i) {
    const auto& t = api->tokens(i);
    const auto* tt = loc.child(api_tree, *api, "tokens", i);
    const std::string where = loc.at(api_tree, *api, "tokens", i);
    if (t.name().empty()) {
      return Error{where +
                   "api.tokens: name is required (who holds the token; it is logged "
                   "with every request)"};
    }
    if (!token_names.insert(t.name()).second) {
      return Error{loc.at(tt, t, "name") + "api token name '" + t.name() +
                   "' is used twice (\"operator\" is taken by api.operator_token)"};
    }
    if (t.role() == gate::v1::API_ROLE_UNSPECIFIED) {
      return Error{where + "api token '" + t.name() +
                   "': role is required: API_ROLE_OPERATOR (release trucks, read) or "
                   "API_ROLE_AUDITOR (read and export only)"};
    }
    if (t.token().empty() == t.token_file().empty()) {
      return Error{where + "api token '" + t.name() +
                   "': give exactly one of token and token_file (a file keeps the secret out "
                   "of the configuration)"};
    }
    if (!t.token().empty() && t.token().size() < 16) {
      return Error{loc.at(tt, t, "token") + "api token '" + t.name() +
                   "' must be at least 16 characters"};
    }
  }
  if (api->listen_address().empty()) api->set_listen_address("127.0.0.1");
  return check_api_transport(*api, loc, api_tree);
}

// camera.silence_alarm_s and camera.opening_hours (docs/cameras.md, camera health).
Status validate_camera_health(gate::v1::GateConfig& cfg, const Locator& loc) {
  auto* camera = cfg.mutable_camera();
  const auto* tree = loc.child(loc.root(), cfg, "camera");
  if (camera->silence_alarm_s() == 0) camera->set_silence_alarm_s(300);
  if (camera->silence_alarm_s() < 10 || camera->silence_alarm_s() > 86400) {
    return Error{loc.at(tree, *camera, "silence_alarm_s") +
                 "camera.silence_alarm_s must be 10..86400 seconds (0 takes the default, 300), "
                 "got " +
                 std::to_string(camera->silence_alarm_s())};
  }
  if (auto hours = rules::parse_opening_hours(camera->opening_hours()); !hours.ok()) {
    return Error{loc.at(tree, *camera, "opening_hours") + "camera.opening_hours: " + hours.error()};
  }
  return Status::Ok();
}

// A plant conninfo that libpq cannot parse is a mistake in this file: found by `gated --check`
// at its line, not at run time as an ALARM. Whether the plant answers is the run's business.
Status validate_plant(const gate::v1::GateConfig& cfg, const Locator& loc) {
  const auto* pt = loc.child(loc.root(), cfg, "plant");
  const auto& plant = cfg.plant();
  if (plant.conninfo().empty()) {
    if (plant.plant_wide_share()) {
      return Error{loc.at(pt, plant, "plant_wide_share") +
                   "plant.plant_wide_share needs plant.conninfo (the plant database that keeps "
                   "the share, as deploy/plant-db.sh prints it); without a plant each gate "
                   "keeps the share on its own: remove the setting"};
    }
    if (plant.password_file().empty()) return Status::Ok();
    return Error{loc.at(pt, plant, "password_file") +
                 "plant.password_file needs plant.conninfo (the plant database to log in to, "
                 "as deploy/plant-db.sh prints it)"};
  }
  const std::string wrong = drivers::pg::conninfo_syntax_error(plant.conninfo());
  if (wrong.empty()) return Status::Ok();
  return Error{loc.at(pt, plant, "conninfo") + "plant.conninfo does not parse: " + wrong +
               "; write key=value pairs, e.g. \"host=plant.local port=5432 dbname=plant "
               "user=gate_g1\" (deploy/plant-db.sh prints the gate's)"};
}

Status validate(gate::v1::GateConfig& cfg, const Locator& loc) {
  const auto* root = loc.root();
  if (cfg.gate_id().empty()) {
    return Error{loc.at(root, cfg, "gate_id") +
                 "gate_id is required (the gate's id as registered "
                 "with the platform, e.g. \"HN-JZ-0001-G1\")"};
  }
  if (cfg.database_path().empty()) {
    return Error{loc.at(root, cfg, "database_path") +
                 "database_path is required (the SQLite file for passages and ledgers)"};
  }
  if (cfg.camera().port() < 0 || cfg.camera().port() > 65535) {
    return Error{loc.at(loc.child(root, cfg, "camera"), cfg.camera(), "port") +
                 "camera.port must be 0..65535, got " + std::to_string(cfg.camera().port())};
  }
  if (cfg.camera().listen_address().empty()) cfg.mutable_camera()->set_listen_address("127.0.0.1");
  if (cfg.camera().clock_tolerance_s() == 0) cfg.mutable_camera()->set_clock_tolerance_s(120);
  if (cfg.camera().clock_tolerance_s() < 1 || cfg.camera().clock_tolerance_s() > 86400) {
    return Error{loc.at(loc.child(root, cfg, "camera"), cfg.camera(), "clock_tolerance_s") +
                 "camera.clock_tolerance_s must be 1..86400 seconds (0 takes the default, 120), "
                 "got " +
                 std::to_string(cfg.camera().clock_tolerance_s())};
  }
  if (Status st = validate_camera_health(cfg, loc); !st.ok()) return st;
  if (cfg.lanes_size() == 0) {
    return Error{loc.at(root, cfg, "lanes") + "at least one lanes { … } block is required"};
  }
  std::set<std::string> lane_ids;
  for (int i = 0; i < cfg.lanes_size(); ++i) {
    auto* lane = cfg.mutable_lanes(i);
    const auto* lt = loc.child(root, cfg, "lanes", i);
    const std::string name = "lanes[" + std::to_string(i) + "]";
    if (lane->lane_id().empty()) {
      return Error{loc.at(root, cfg, "lanes", i) + name + ".lane_id is required"};
    }
    if (!lane_ids.insert(lane->lane_id()).second) {
      return Error{loc.at(lt, *lane, "lane_id") + name + ".lane_id \"" + lane->lane_id() +
                   "\" is used twice; lane ids must be unique"};
    }
    if (lane->direction() == gate::v1::DIRECTION_UNSPECIFIED)
      lane->set_direction(gate::v1::DIRECTION_IN);
    if (lane->debounce_ms() == 0) lane->set_debounce_ms(10000);
    if (lane->passage_timeout_ms() == 0) lane->set_passage_timeout_ms(30000);
    if (lane->debounce_ms() < 0 || lane->passage_timeout_ms() < 0) {
      return Error{loc.at(root, cfg, "lanes", i) + name +
                   ": debounce_ms and passage_timeout_ms must not be negative"};
    }
    if (!lane->has_barrier()) {
      return Error{loc.at(root, cfg, "lanes", i) + name + ".barrier { … } is required"};
    }
    auto barrier = drivers::normalise_barrier_config(lane->barrier());
    if (!barrier.ok()) {
      return Error{barrier_error_at(loc, lt, *lane, barrier.error()) + name +
                   ".barrier: " + barrier.error()};
    }
    *lane->mutable_barrier() = barrier.value();
    if (Status st = normalise_presence_check(*lane, loc, lt, name); !st.ok()) return st;
    if (Status st = check_vzenith_relay_camera(*lane, loc, lt, name); !st.ok()) return st;
    if (lane->has_display()) {
      // Optional LED display (docs/display.md); defaults filled in here.
      auto* d = lane->mutable_display();
      const std::string at = loc.at(lt, *lane, "display") + name + ".display: ";
      if (d->has_camera()) {
        if (Status st = check_display_camera(d); !st.ok()) return Error{at + st.message()};
      } else if (d->host().empty()) {
        return Error{at +
                     "host is required (the display's TCP address), or a camera { … } block "
                     "for a display on the entrance camera's RS-485 port"};
      } else if (d->port() < 1 || d->port() > 65535) {
        return Error{at + "port " + std::to_string(d->port()) + " is outside 1..65535"};
      }
      if (d->address() < 0 || d->address() > 255) {
        return Error{at + "address " + std::to_string(d->address()) + " is outside 0..255"};
      }
      if (d->queue_limit() < 0 || d->reconnect_interval_ms() < 0 || d->io_timeout_ms() < 0) {
        return Error{at +
                     "queue_limit, reconnect_interval_ms and io_timeout_ms must not be "
                     "negative (0 takes the default)"};
      }
      if (d->queue_limit() == 0) d->set_queue_limit(8);
      if (d->reconnect_interval_ms() == 0) d->set_reconnect_interval_ms(2000);
      if (d->io_timeout_ms() == 0) d->set_io_timeout_ms(1000);
    }
    if (lane->has_lpr_camera()) {
      if (Status st = validate_lpr_camera(*lane, loc, lt, name); !st.ok()) return st;
    }
  }
  if (Status st = validate_push_cameras(cfg, push_camera_locator(cfg, loc)); !st.ok()) return st;
  auto* up = cfg.mutable_uplink();
  auto uplink = drivers::uplink::normalise_uplink_config(*up);
  if (!uplink.ok()) {
    // The message starts with "uplink.<field>": point at that field, else at the block.
    const std::string& e = uplink.error();
    std::string field = e.substr(std::string("uplink.").size());
    field = field.substr(0, field.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"));
    const auto* ut = loc.child(root, cfg, "uplink");
    std::string where = loc.at(ut, *up, field);
    if (where == loc.file() + ": ") where = loc.at(root, cfg, "uplink");
    return Error{where + e};
  }
  *up = std::move(uplink).value();
  if (Status st = validate_policy_choice(cfg, loc); !st.ok()) return st;
  if (cfg.alert_level() == gate::v1::ALERT_LEVEL_UNSPECIFIED) {
    cfg.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  }
  if (cfg.utc_offset_minutes() < -720 || cfg.utc_offset_minutes() > 840) {
    return Error{loc.at(root, cfg, "utc_offset_minutes") +
                 "utc_offset_minutes must be -720..840 (480 for China Standard Time)"};
  }
  return Status::Ok();
}

}  // namespace

Result<gate::v1::GateConfig> parse_config(const std::string& text, const std::string& file_name,
                                          const std::string& base_dir) {
  gate::v1::GateConfig cfg;
  pb::TextFormat::Parser parser;
  rules::FirstTextFormatError errors;
  pb::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, &cfg)) {
    return Error{errors.seen() ? errors.located(file_name)
                               : file_name + ": cannot parse configuration"};
  }
  Locator loc(file_name, &tree);
  const bool poll_given = cfg.uplink().downlink_poll_interval_ms() != 0;
  if (Status st = validate(cfg, loc); !st.ok()) return Error{st.message()};
  if (Status st = validate_plant(cfg, loc); !st.ok()) return Error{st.message()};
  cfg.set_database_path(resolve(base_dir, cfg.database_path()));
  if (!cfg.plant().password_file().empty()) {
    cfg.mutable_plant()->set_password_file(resolve(base_dir, cfg.plant().password_file()));
  }
  if (cfg.photo_dir().empty()) cfg.set_photo_dir(cfg.database_path() + ".photos");
  if (cfg.audit().signing_key_file().empty()) {
    cfg.mutable_audit()->set_signing_key_file(cfg.database_path() + ".key");
  }
  cfg.mutable_audit()->set_signing_key_file(resolve(base_dir, cfg.audit().signing_key_file()));
  cfg.set_photo_dir(resolve(base_dir, cfg.photo_dir()));
  cfg.mutable_uplink()->set_app_secret_file(resolve(base_dir, cfg.uplink().app_secret_file()));
  cfg.mutable_uplink()->set_ca_file(resolve(base_dir, cfg.uplink().ca_file()));
  if (Status st = resolve_platform_profile(cfg, loc, base_dir, poll_given); !st.ok())
    return Error{st.message()};
  cfg.mutable_api()->set_tls_cert_file(resolve(base_dir, cfg.api().tls_cert_file()));
  cfg.mutable_api()->set_tls_key_file(resolve(base_dir, cfg.api().tls_key_file()));
  if (!cfg.api().tls_cert_file().empty()) {
    auto tls = drivers::make_server_tls(cfg.api().tls_cert_file(), cfg.api().tls_key_file());
    if (!tls.ok()) {
      return Error{loc.at(loc.child(loc.root(), cfg, "api"), cfg.api(), "tls_cert_file") +
                   "api TLS: " + tls.error()};
    }
  }
  if (Status st = resolve_lpr_cameras(cfg, loc, base_dir); !st.ok()) return Error{st.message()};
  if (Status st = read_push_camera_secrets(cfg, base_dir, push_camera_locator(cfg, loc));
      !st.ok()) {
    return Error{st.message()};
  }
  if (Status st = resolve_relay_passwords(cfg, loc, base_dir); !st.ok()) {
    return Error{st.message()};
  }
  const auto* api_tree = loc.child(loc.root(), cfg, "api");
  for (int i = 0; i < cfg.api().tokens_size(); ++i) {
    auto* t = cfg.mutable_api()->mutable_tokens(i);
    if (t->token_file().empty()) continue;
    t->set_token_file(resolve(base_dir, t->token_file()));
    const std::string at = loc.at(loc.child(api_tree, cfg.api(), "tokens", i), *t, "token_file");
    std::ifstream in(t->token_file());
    std::stringstream text;
    if (!in || !(text << in.rdbuf())) {
      return Error{at + "api token '" + t->name() + "': cannot read token_file " + t->token_file() +
                   " (create it with a random secret, e.g. `openssl rand "
                   "-hex 24 > FILE`)"};
    }
    std::string secret = text.str();
    while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back()))) {
      secret.pop_back();
    }
    if (secret.size() < 16) {
      return Error{at + "api token '" + t->name() + "': the secret in " + t->token_file() +
                   " must be at least 16 characters"};
    }
    t->set_token(secret);
  }
  if (!cfg.policy_file().empty()) {
    // Checked here as well as at start, so that `gated --check` and `gatectl config check`
    // catch a bad policy file; its errors name the policy file's own lines.
    cfg.set_policy_file(resolve(base_dir, cfg.policy_file()));
    if (auto profile = check_enterprise_profile(cfg, loc); !profile.ok()) {
      return Error{profile.message()};
    }
    auto engine = load_policy_engine(cfg.policy_file(), cfg.enterprise());
    if (!engine.ok()) {
      return Error{loc.at(loc.root(), cfg, "policy_file") + "policy_file does not load:\n" +
                   engine.error()};
    }
  }
  return cfg;
}

Result<gate::v1::GateConfig> load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{path + ": cannot open configuration file (check the path and permissions)"};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string base = std::filesystem::absolute(path).parent_path().string();
  return parse_config(ss.str(), path, base);
}

}  // namespace gate::host
