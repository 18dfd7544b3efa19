#include "firmware-host/clock/simulation_clock.h"

namespace gate::host {
namespace {

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

// Host part of "scheme://host:port/path" (or of "host:port").
std::string url_host(const std::string& url) {
  std::string rest = url;
  if (auto p = rest.find("://"); p != std::string::npos) rest = rest.substr(p + 3);
  if (!rest.empty() && rest[0] == '[') return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find_first_of(":/"));
}

}  // namespace

Status check_loopback_only(const gate::v1::GateConfig& cfg) {
  auto refuse = [](const std::string& what, const std::string& host) {
    return Error{"simulation mode is only for a gate wired to gate-sim on this machine: " + what +
                 " is '" + host + "', not 127.0.0.1"};
  };
  if (cfg.has_camera() && !cfg.camera().listen_address().empty() &&
      !is_loopback(cfg.camera().listen_address())) {
    return refuse("camera.listen_address", cfg.camera().listen_address());
  }
  for (const auto& lane : cfg.lanes()) {
    if (lane.barrier().has_rtu()) {
      return Error{"simulation mode is only for a gate wired to gate-sim on this machine: lane " +
                   lane.lane_id() + " has a serial (RTU) barrier module"};
    }
    if (lane.barrier().has_tcp() && !is_loopback(lane.barrier().tcp().host())) {
      return refuse("lane " + lane.lane_id() + " barrier host", lane.barrier().tcp().host());
    }
  }
  if (!cfg.uplink().url().empty() && !is_loopback(url_host(cfg.uplink().url()))) {
    return refuse("uplink.url", cfg.uplink().url());
  }
  if (cfg.has_api() && !cfg.api().listen_address().empty() &&
      !is_loopback(cfg.api().listen_address())) {
    return refuse("api.listen_address", cfg.api().listen_address());
  }
  return Status{};
}

}  // namespace gate::host
