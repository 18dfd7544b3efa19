// gate-sim profile-platform: see profile_platform_command.h.
#include "sim/platform/profile_platform_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/uplink_config.h"
#include "sim/devices/stop_signal.h"
#include "sim/platform/profile_platform.h"

namespace gate::sim {

const char* const kProfilePlatformUsage =
    R"(usage: gate-sim profile-platform --profile FILE --settings FILE [options]

A regional platform that speaks the field-map profile FILE (docs/platform-profiles.md) strictly:
logins for the account in the settings, every body checked as the profile describes it, answers
in the profile's success shape, each record kept once by its serial; a policy pull answered with
the control codes set by --control or POST /mock/control; with SCHEME_MD5_HEADER every call's
signature checked (401 when wrong). Prints "listening on 127.0.0.1:N". Control:
GET /mock/report[?records=1], POST /mock/mode
{"mode": "normal|slow|500|garbage|token_expired|refuse|refuse_photo|down|drop"}, POST /mock/control
{"alert_level": "2", "response_level": "2", "strategy": "2", "reference": "…"}, POST
/mock/vehicles {"豫H12345": {"may_pass": false, "reason": "…", "stage": "4", "fuel": "B"}} (the
platform's own records, answering vehicle checks; a plate not listed may pass).

  --profile FILE           the platform profile (deploy/platforms/*.textproto)
  --settings FILE          the plant's values, key=value per line (as uplink.platform_settings)
  --port N                 listening port (default: a free one)
  --token-lifetime-s N     tokens end after N s (default: the profile's)
  --slow-ms N              delay of the slow mode (default 3000)
  --app-key KEY            SCHEME_MD5_HEADER: the key calls must be signed with
  --app-secret-file FILE   SCHEME_MD5_HEADER: the file holding its secret (as gated's)
  --control F=CODE,…       the policy pull's answer: the platform's code or text by our control
                           field (alert_level, response_level, strategy, issued_at,
                           effective_until, issuer, reference), e.g. alert_level=2,strategy=2
  --vehicles FILE          the vehicle table checks are answered from, JSON as POST /mock/vehicles
)";

namespace {

int usage_error(const std::string& what) {
  std::cerr << "gate-sim profile-platform: " << what << "\n" << kProfilePlatformUsage;
  return 2;
}

Result<int> number(const std::map<std::string, std::string>& opt, const std::string& name,
                   int fallback) {
  auto it = opt.find(name);
  if (it == opt.end()) return fallback;
  try {
    std::size_t used = 0;
    const int v = std::stoi(it->second, &used);
    if (used == it->second.size() && v >= 0) return v;
  } catch (const std::exception&) {
  }
  return Error{name + " takes a number of 0 or more, not '" + it->second + "'"};
}

// "alert_level=2,strategy=2" → {alert_level: 2, strategy: 2}.
Result<std::map<std::string, std::string>> parse_control(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error{"--control: expected field=code, got '" + item + "'"};
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

// SCHEME_MD5_HEADER needs the key and secret the gate signs with.
Status read_app_secret(std::map<std::string, std::string>& opt, ProfilePlatformOptions& o) {
  const bool md5 = o.profile.login().scheme() == gate::v1::PlatformLogin::SCHEME_MD5_HEADER;
  if (!md5) return Status::Ok();
  if (!opt.count("--app-key") || !opt.count("--app-secret-file")) {
    return Error{"profile " + o.profile.name() +
                 " signs with SCHEME_MD5_HEADER: give --app-key and --app-secret-file"};
  }
  o.app_key = opt["--app-key"];
  auto secret = drivers::uplink::load_app_secret(opt["--app-secret-file"]);  // as gated reads it
  if (!secret.ok()) return Error{secret.error()};
  o.app_secret = secret.value().secret;
  return Status::Ok();
}

}  // namespace

Result<std::map<std::string, std::string>> parse_settings_text(const std::string& text,
                                                               const std::string& file_name) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error{file_name + ":" + std::to_string(line_no) + ": expected key=value, got '" +
                   line + "'"};
    }
    if (!out.emplace(line.substr(0, eq), line.substr(eq + 1)).second) {
      return Error{file_name + ":" + std::to_string(line_no) + ": " + line.substr(0, eq) +
                   " is set twice"};
    }
  }
  return out;
}

int run_profile_platform_command(const std::vector<std::string>& args) {
  std::map<std::string, std::string> opt;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kProfilePlatformUsage;
      return 0;
    }
    if (args[i].rfind("--", 0) != 0 || i + 1 >= args.size()) {
      return usage_error("unexpected argument '" + args[i] + "'");
    }
    opt[args[i]] = args[i + 1];
    ++i;
  }
  if (!opt.count("--profile") || !opt.count("--settings")) {
    return usage_error("--profile and --settings are required");
  }
  ProfilePlatformOptions o;
  auto profile = drivers::uplink::load_platform_profile(opt["--profile"]);
  if (!profile.ok()) return usage_error(profile.error());
  o.profile = profile.value();
  std::ifstream in(opt["--settings"]);
  std::stringstream text;
  if (!in || !(text << in.rdbuf())) return usage_error("cannot read " + opt["--settings"]);
  auto settings = parse_settings_text(text.str(), opt["--settings"]);
  if (!settings.ok()) return usage_error(settings.error());
  o.settings = settings.value();
  auto port = number(opt, "--port", 0);
  auto lifetime = number(opt, "--token-lifetime-s", 0);
  auto slow = number(opt, "--slow-ms", 3000);
  for (const auto* r : {&port, &lifetime, &slow}) {
    if (!r->ok()) return usage_error(r->error());
  }
  o.port = static_cast<uint16_t>(port.value());
  o.token_lifetime_s = lifetime.value();
  o.slow_ms = slow.value();
  if (Status st = read_app_secret(opt, o); !st.ok()) return usage_error(st.message());
  if (opt.count("--control")) {
    auto control = parse_control(opt["--control"]);
    if (!control.ok()) return usage_error(control.error());
    o.control = control.value();
  }
  if (opt.count("--vehicles")) {
    std::ifstream vf(opt["--vehicles"]);
    std::stringstream vt;
    if (!vf || !(vt << vf.rdbuf())) return usage_error("cannot read " + opt["--vehicles"]);
    auto table = vehicle_table_from_json(nlohmann::json::parse(vt.str(), nullptr, false));
    if (!table.ok()) return usage_error("--vehicles " + opt["--vehicles"] + ": " + table.error());
    o.vehicles = std::move(table).value();
  }
  auto platform = ProfilePlatform::Start(std::move(o));
  if (!platform.ok()) {
    std::cerr << "gate-sim " << platform.error() << "\n";
    return 1;
  }
  std::cout << "gate-sim profile-platform: " << profile.value().name() << " listening on "
            << "127.0.0.1:" << platform.value()->port() << std::endl;
  wait_for_stop_signal();
  std::cout << "gate-sim profile-platform: " << platform.value()->report(false).dump() << std::endl;
  return 0;
}

}  // namespace gate::sim
