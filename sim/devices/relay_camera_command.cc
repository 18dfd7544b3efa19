// The relay-camera command: see relay_camera_command.h.
#include "sim/devices/relay_camera_command.h"

#include <fstream>
#include <iostream>
#include <map>

#include "sim/devices/relay_camera.h"
#include "sim/devices/stop_signal.h"

namespace gate::sim {

const char* const kRelayCameraUsage =
    R"(usage: gate-sim relay-camera --port N [options]

A camera whose relay drives the barrier (docs/barrier.md): answers the Hikvision ISAPI or Dahua
CGI barrier commands behind a Digest challenge on 127.0.0.1 and counts the relay pulses. A
Hikvision camera also feeds the LED display on its RS-485 port through its transparent channel
(docs/display.md); GET /sim/display answers what it showed, the bad frames and the pulses.

  --port N               port to listen on (0 = a free one, printed)
  --vendor V             hikvision (default) or dahua
  --user U               account name (default admin)
  --password-file F      the account's password on the first line (default relay-test-password)
  --algorithm A          MD5 (default) or SHA-256
  --behaviour B          confirm (default), refuse, garbage or silent
  --utc-offset-minutes M the camera's zone for Hikvision read-back times (default 480)

It also answers the plate read-back (docs/cameras.md, "Read-back") from the captures it holds;
add one with POST /sim/captures {"plate": "...", "time_unix_ms": N} (Digest, same account).
)";

namespace {

int usage_error(const std::string& what) {
  std::cerr << "gate-sim relay-camera: " << what << "\n" << kRelayCameraUsage;
  return 2;
}

// The options of the command line into `o`; an error message, or "" when they are good.
std::string read_options(const std::map<std::string, std::string>& opt, RelayCameraOptions* o,
                         RelayBehaviour* behaviour) {
  try {
    const int port = std::stoi(opt.at("--port"));
    if (port < 0 || port > 65535) return "--port must be 0..65535";
    o->port = static_cast<uint16_t>(port);
  } catch (...) {
    return "--port must be a number";
  }
  if (opt.count("--vendor")) {
    if (opt.at("--vendor") != "hikvision" && opt.at("--vendor") != "dahua") {
      return "--vendor must be hikvision or dahua";
    }
    o->vendor = opt.at("--vendor") == "dahua" ? RelayVendor::kDahua : RelayVendor::kHikvision;
  }
  if (opt.count("--user")) o->user = opt.at("--user");
  if (opt.count("--algorithm")) o->algorithm = opt.at("--algorithm");
  if (o->algorithm != "MD5" && o->algorithm != "SHA-256")
    return "--algorithm must be MD5 or SHA-256";
  if (opt.count("--password-file")) {
    std::ifstream in(opt.at("--password-file"));
    if (!in || !std::getline(in, o->password) || o->password.empty()) {
      return "cannot read a password from " + opt.at("--password-file");
    }
  }
  if (opt.count("--utc-offset-minutes")) {
    try {
      o->utc_offset_minutes = std::stoi(opt.at("--utc-offset-minutes"));
    } catch (...) {
      return "--utc-offset-minutes must be a number";
    }
    if (o->utc_offset_minutes < -840 || o->utc_offset_minutes > 840) {
      return "--utc-offset-minutes must be -840..840";
    }
  }
  if (opt.count("--behaviour")) {
    auto b = relay_behaviour_from_name(opt.at("--behaviour"));
    if (!b) return "--behaviour must be confirm, refuse, garbage or silent";
    *behaviour = *b;
  }
  return "";
}

}  // namespace

int run_relay_camera_command(const std::vector<std::string>& args) {
  std::map<std::string, std::string> opt;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kRelayCameraUsage;
      return 0;
    }
    if (args[i].rfind("--", 0) != 0 || i + 1 >= args.size()) {
      return usage_error("unexpected argument '" + args[i] + "'");
    }
    opt[args[i]] = args[i + 1];
    ++i;
  }
  if (!opt.count("--port")) return usage_error("--port is required");
  RelayCameraOptions o;
  RelayBehaviour behaviour = RelayBehaviour::kConfirm;
  if (std::string error = read_options(opt, &o, &behaviour); !error.empty()) {
    return usage_error(error);
  }
  auto camera = RelayCamera::Start(o);
  if (!camera.ok()) {
    std::cerr << "gate-sim " << camera.error() << "\n";
    return 1;
  }
  camera.value()->set_behaviour(behaviour);
  std::cout << "gate-sim relay-camera: listening on 127.0.0.1:" << camera.value()->port()
            << std::endl;
  wait_for_stop_signal();
  std::cout << "gate-sim relay-camera: " << camera.value()->pulses() << " relay pulse(s), "
            << camera.value()->refused_logins() << " refused login(s), "
            << camera.value()->display_shown().size() << " display message(s) shown" << std::endl;
  return 0;
}

}  // namespace gate::sim
