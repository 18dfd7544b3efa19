// gate-sim profile-platform: see profile_platform_command.h.
#include "sim/platform/profile_platform_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "drivers/uplink/platform_profile.h"
#include "sim/devices/stop_signal.h"
#include "sim/platform/profile_platform.h"

namespace gate::sim {

const char* const kProfilePlatformUsage =
    R"(usage: gate-sim profile-platform --profile FILE --settings FILE [options]

A regional platform that speaks the field-map profile FILE (docs/platform-profiles.md) strictly:
logins for the account in the settings, every body checked as the profile describes it, answers
in the profile's success shape, each record kept once by its serial. Prints
"listening on 127.0.0.1:N". Control: GET /mock/report[?records=1], POST /mock/mode
{"mode": "normal|slow|500|garbage|token_expired|refuse|refuse_photo|down"}.

  --profile FILE           the platform profile (deploy/platforms/*.textproto)
  --settings FILE          the plant's values, key=value per line (as uplink.platform_settings)
  --port N                 listening port (default: a free one)
  --token-lifetime-s N     tokens end after N s (default: the profile's)
  --slow-ms N              delay of the slow mode (default 3000)
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
