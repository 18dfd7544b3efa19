// The uplink block of gated's configuration: defaults, validation, and the transport it names.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "drivers/uplink/uplink_transport.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers::uplink {

// Fills defaults (see config.proto) and checks the block. Errors start with "uplink.<field>"
// so that the config loader can point at the line, e.g.
//   "uplink.url: tcp_json needs tcp://host:port or tls://host:port, got \"https://…\"".
// Does not read files (the secret and CA files are read by make_transport).
Result<gate::v1::UplinkConfig> normalise_uplink_config(gate::v1::UplinkConfig cfg);

struct AppSecret {
  std::string secret;
  std::string warning;  // e.g. the file is readable by others; empty when none
};
// The secret is the file's first line, trailing blanks removed; at least 16 characters.
Result<AppSecret> load_app_secret(const std::string& path);

// The transport for a normalised config with a non-empty url: the profile_file's when one is
// set, else the reference profile on `profile`'s transport. Reads the secret, CA and profile
// files. `warning` receives anything the operator should know (unsigned requests, no TLS, …).
// Platform times are written at `utc_offset_minutes`; inline photos are read with `photo`
// (RenderContext::photo).
Result<std::unique_ptr<UplinkTransport>> make_transport(
    const gate::v1::UplinkConfig& cfg, const std::string& gate_id, std::string* warning,
    int utc_offset_minutes = 480,
    std::function<Result<std::string>(const std::string& sha256)> photo = {});

}  // namespace gate::drivers::uplink
