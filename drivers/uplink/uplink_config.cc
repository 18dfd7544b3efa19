#include "drivers/uplink/uplink_config.h"

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <sstream>

#include "drivers/uplink/endpoint.h"
#include "drivers/uplink/http_json_transport.h"
#include "drivers/uplink/net_stream.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/profile_transport.h"
#include "drivers/uplink/tcp_json_transport.h"

namespace gate::drivers::uplink {
namespace {

// Sets `value` to `def` when it is 0; errors when it is negative or above `max`.
Status default_positive(int32_t* value, int32_t def, int32_t max, const std::string& field) {
  if (*value == 0) *value = def;
  if (*value < 0 || *value > max) {
    return Error{"uplink." + field + ": must be 1.." + std::to_string(max) + ", got " +
                 std::to_string(*value)};
  }
  return Status::Ok();
}

}  // namespace

Result<gate::v1::UplinkConfig> normalise_uplink_config(gate::v1::UplinkConfig cfg) {
  struct Field {
    int32_t (gate::v1::UplinkConfig::*get)() const;
    void (gate::v1::UplinkConfig::*set)(int32_t);
    int32_t def;
    int32_t max;
    const char* name;
  };
  using C = gate::v1::UplinkConfig;
  const Field fields[] = {
      {&C::batch_size, &C::set_batch_size, 100, 10000, "batch_size"},
      {&C::interval_ms, &C::set_interval_ms, 500, 3600000, "interval_ms"},
      {&C::timeout_ms, &C::set_timeout_ms, 5000, 600000, "timeout_ms"},
      {&C::heartbeat_interval_ms, &C::set_heartbeat_interval_ms, 30000, 3600000,
       "heartbeat_interval_ms"},
      {&C::live_window_ms, &C::set_live_window_ms, 60000, 86400000, "live_window_ms"},
      {&C::backlog_alarm_age_ms, &C::set_backlog_alarm_age_ms, 600000, 604800000,
       "backlog_alarm_age_ms"},
      {&C::downlink_poll_interval_ms, &C::set_downlink_poll_interval_ms, 60000, 86400000,
       "downlink_poll_interval_ms"},
      {&C::max_backoff_ms, &C::set_max_backoff_ms, 60000, 3600000, "max_backoff_ms"},
      {&C::metrics_log_interval_ms, &C::set_metrics_log_interval_ms, 60000, 86400000,
       "metrics_log_interval_ms"},
      {&C::clock_tolerance_s, &C::set_clock_tolerance_s, 120, 86400, "clock_tolerance_s"},
  };
  for (const auto& f : fields) {
    int32_t v = (cfg.*f.get)();
    if (Status st = default_positive(&v, f.def, f.max, f.name); !st.ok()) {
      return Error{st.message()};
    }
    (cfg.*f.set)(v);
  }
  if (cfg.profile() == gate::v1::UPLINK_PROFILE_UNSPECIFIED) {
    cfg.set_profile(gate::v1::UPLINK_PROFILE_HTTP_JSON);
  }
  if (cfg.plate_color_table() == gate::v1::PLATE_COLOR_TABLE_UNSPECIFIED) {
    cfg.set_plate_color_table(gate::v1::PLATE_COLOR_TABLE_TRAFFIC_ETC);
  }
  if (cfg.app_key().empty() != cfg.app_secret_file().empty()) {
    return Error{cfg.app_key().empty()
                     ? "uplink.app_key: is required with app_secret_file (the key the platform "
                       "issued to this gate)"
                     : "uplink.app_secret_file: is required with app_key (a file holding the "
                       "secret the platform issued)"};
  }
  if (cfg.url().empty()) return cfg;
  auto ep = parse_endpoint(cfg.url());
  if (!ep.ok()) return Error{"uplink.url: " + ep.error()};
  if (cfg.profile() == gate::v1::UPLINK_PROFILE_HTTP_JSON && !ep.value().http()) {
    return Error{
        "uplink.url: profile http_json needs https://host[:port]/base (or http:// on a "
        "trusted network), got \"" +
        cfg.url() + "\""};
  }
  if (cfg.profile() == gate::v1::UPLINK_PROFILE_TCP_JSON && ep.value().http()) {
    return Error{"uplink.url: profile tcp_json needs tcp://host:port or tls://host:port, got \"" +
                 cfg.url() + "\""};
  }
  const std::string& base = ep.value().base_path;
  if (base.size() >= 9 && base.compare(base.size() - 9, 9, "/passages") == 0) {
    return Error{
        "uplink.url: is the platform's base URL (the gate adds /passages, /heartbeat "
        "and /downlink); drop the trailing /passages from \"" +
        cfg.url() + "\""};
  }
  return cfg;
}

Result<AppSecret> load_app_secret(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{"uplink.app_secret_file " + path +
                 ": cannot read it (check the path and that gated may read it)"};
  }
  AppSecret out;
  std::getline(in, out.secret);
  while (!out.secret.empty() &&
         (out.secret.back() == '\r' || out.secret.back() == ' ' || out.secret.back() == '\t')) {
    out.secret.pop_back();
  }
  if (out.secret.size() < 16) {
    return Error{"uplink.app_secret_file " + path +
                 ": the secret (first line) must be at least 16 characters"};
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    out.warning = "uplink.app_secret_file " + path + " is readable by other users; chmod 600 it";
  }
  return out;
}

namespace {

using PhotoReader = std::function<Result<std::string>(const std::string&)>;

// The transport of uplink.profile_file: the reference transports for WIRE_GATE_UPLINK_1, else a
// ProfileTransport over HTTP(S).
Result<std::unique_ptr<UplinkTransport>> profile_transport(const gate::v1::UplinkConfig& cfg,
                                                           const Endpoint& ep,
                                                           const TransportOptions& opt,
                                                           const TlsContext& tls,
                                                           PhotoReader photo) {
  auto profile = load_platform_profile(cfg.profile_file());
  if (!profile.ok()) return Error{"uplink.profile_file: " + profile.error()};
  const auto& p = profile.value();
  if (p.wire() == gate::v1::PlatformProfile::WIRE_GATE_UPLINK_1) {
    if (cfg.profile() == gate::v1::UPLINK_PROFILE_TCP_JSON) {
      return std::unique_ptr<UplinkTransport>(std::make_unique<TcpJsonTransport>(ep, opt, tls));
    }
    return std::unique_ptr<UplinkTransport>(std::make_unique<HttpJsonTransport>(ep, opt, tls));
  }
  if (!ep.http()) {
    return Error{"uplink.url: profile " + p.name() +
                 " speaks HTTP(S); give an http:// or "
                 "https:// base URL"};
  }
  // The MD5 header signature is the platform's only check of who calls: unsigned calls would
  // all be refused, so a missing key is a configuration error, not a warning.
  if (p.login().scheme() == gate::v1::PlatformLogin::SCHEME_MD5_HEADER && opt.app_key.empty()) {
    return Error{"uplink.app_key: profile " + p.name() +
                 " signs every call with SCHEME_MD5_HEADER: set app_key and app_secret_file to "
                 "the key and secret the platform issued"};
  }
  const std::map<std::string, std::string> settings(cfg.platform_settings().begin(),
                                                    cfg.platform_settings().end());
  if (Status st = check_platform_settings(p, settings); !st.ok()) {
    return Error{"uplink: " + st.message()};
  }
  RenderContext ctx;
  ctx.settings = settings;
  ctx.utc_offset_minutes = opt.utc_offset_minutes;
  ctx.photo = std::move(photo);
  ctx.photo_max_bytes = p.photos().max_bytes();
  return std::unique_ptr<UplinkTransport>(
      std::make_unique<ProfileTransport>(p, ep, opt, tls, std::move(ctx)));
}

}  // namespace

Result<std::unique_ptr<UplinkTransport>> make_transport(const gate::v1::UplinkConfig& cfg,
                                                        const std::string& gate_id,
                                                        std::string* warning,
                                                        int utc_offset_minutes, PhotoReader photo) {
  auto ep = parse_endpoint(cfg.url());
  if (!ep.ok()) return Error{"uplink.url: " + ep.error()};
  TransportOptions opt;
  opt.gate_id = gate_id;
  opt.utc_offset_minutes = utc_offset_minutes;
  opt.timeout_ms = cfg.timeout_ms();
  opt.max_in_flight = cfg.batch_size();
  std::string warn;
  if (!cfg.app_key().empty()) {
    auto secret = load_app_secret(cfg.app_secret_file());
    if (!secret.ok()) return Error{secret.error()};
    opt.app_key = cfg.app_key();
    opt.app_secret = secret.value().secret;
    warn = secret.value().warning;
  } else {
    warn =
        "uplink: no app_key configured: requests are not signed and a real platform will "
        "refuse them";
  }
  TlsContext tls;
  if (ep.value().tls()) {
    auto ctx = make_client_tls(cfg.ca_file());
    if (!ctx.ok()) return Error{"uplink.ca_file: " + ctx.error()};
    tls = ctx.value();
  } else {
    const std::string& h = ep.value().host;
    if (h != "127.0.0.1" && h != "localhost" && h != "::1") {
      warn += std::string(warn.empty() ? "" : "; ") + "uplink: " + cfg.url() +
              " is not encrypted (use https:// or tls://)";
    }
  }
  if (warning) *warning = warn;
  std::unique_ptr<UplinkTransport> t;
  if (!cfg.profile_file().empty()) {
    return profile_transport(cfg, ep.value(), opt, tls, std::move(photo));
  }
  if (cfg.profile() == gate::v1::UPLINK_PROFILE_TCP_JSON) {
    t = std::make_unique<TcpJsonTransport>(ep.value(), opt, tls);
  } else {
    t = std::make_unique<HttpJsonTransport>(ep.value(), opt, tls);
  }
  return t;
}

}  // namespace gate::drivers::uplink
