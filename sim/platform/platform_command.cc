#include "sim/platform/platform_command.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "drivers/http/http_server.h"
#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/uplink_config.h"
#include "drivers/uplink/wire_json.h"
#include "sim/devices/stop_signal.h"

namespace gate::sim {

namespace wire = gate::drivers::uplink;

const char* const kPlatformUsage = R"(usage: gate-sim platform [--port N] [--tcp-port N] [options]

Runs the mock regional platform alone until SIGINT/SIGTERM: the HTTP profile on --port (base
path /api/v1), the TCP profile on --tcp-port, both checked strictly (docs/uplink.md).

  --port N              HTTP profile listener (0 = any free port)
  --tcp-port N          TCP profile listener
  --tls-cert FILE       PEM certificate chain; with --tls-key, both listeners speak TLS
  --tls-key FILE        PEM private key
  --app-key KEY         require requests signed with this key …
  --secret-file FILE    … and the secret in this file (first line)
  --gate-id ID          the gate registered for --app-key: requests naming another gate
                        are refused (403 gate_id); default: the first gate that signs
  --db FILE             store what arrives in this SQLite file (reloaded at start)
  --anchors-out FILE    append every anchor (daily seal, chain head) gates send to this
                        file as JSON lines, for `gatectl verify --anchors FILE` (docs/audit.md)
  --color-table NAME    plate-colour table: etc (default), police, hikvision, vzenith
  --slow-ms N           delay of the slow mode (3000)
  --mode MODE           start in: normal, down, slow, 500, garbage, drop
  --alert N             control measures in force from the start: alert level 0-3
  --excess-list FILE    excess-emission list, one plate per line
  --whitelist FILE      truck whitelist, one plate per line
  --control-port N      HTTP control: GET /mock/report, GET /mock/anchors (the anchor
                        file's lines), GET /mock/status (each gate's last heartbeat:
                        lanes, cameras), POST /mock/mode {"mode":…},
                        /mock/control (ControlMeasures), /mock/list (ListChange),
                        /mock/reject {"plate":…,"whole_batch":false}
  --report FILE         write the report (with every record) here on exit
)";

Result<MockPlatformOptions> platform_options(const std::map<std::string, std::string>& opt,
                                             const std::string& prefix) {
  auto get = [&](const std::string& name) {
    auto it = opt.find(prefix + name);
    return it == opt.end() ? std::string() : it->second;
  };
  MockPlatformOptions o;
  o.tls_cert_file = get("tls-cert");
  o.tls_key_file = get("tls-key");
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return Error{prefix + "tls-cert and " + prefix + "tls-key go together"};
  }
  o.app_key = get("app-key");
  o.gate_id = get("gate-id");
  const std::string secret_file = get("secret-file");
  if (o.app_key.empty() != secret_file.empty()) {
    return Error{prefix + "app-key and " + prefix + "secret-file go together"};
  }
  if (!secret_file.empty()) {
    auto secret = wire::load_app_secret(secret_file);
    if (!secret.ok()) return Error{prefix + "secret-file: " + secret.error()};
    o.app_secret = secret.value().secret;
  }
  o.db_path = get("db");
  o.anchors_path = get("anchors-out");
  if (auto t = get("color-table"); !t.empty()) {
    auto table = wire::color_table_from_name(t);
    if (!table) return Error{prefix + "color-table must be etc, police, hikvision or vzenith"};
    o.color_table = *table;
  }
  if (auto s = get("slow-ms"); !s.empty()) {
    try {
      o.slow_ms = std::stoi(s);
    } catch (...) {
      return Error{prefix + "slow-ms must be a number"};
    }
  }
  return o;
}

std::pair<int, std::string> control_request(MockPlatform& p, const std::string& method,
                                            const std::string& target, const std::string& body) {
  auto error = [](int status, const std::string& m) {
    return std::make_pair(status, nlohmann::json{{"error", m}}.dump());
  };
  const std::string path = target.substr(0, target.find('?'));
  if (method == "GET" && path == "/mock/report") {
    return {200, p.report_json(target.find("records=1") != std::string::npos)};
  }
  if (method == "GET" && path == "/mock/anchors") return {200, p.anchor_lines()};
  if (method == "GET" && path == "/mock/status") return {200, p.status_json()};
  if (method != "POST") return error(404, "unknown control endpoint " + method + " " + path);
  if (path == "/mock/control") {
    gate::v1::ControlMeasures c;
    if (Status st = wire::from_json_strict(body, &c); !st.ok()) return error(400, st.message());
    p.set_control(c);
    return {200, R"({"ok":true})"};
  }
  if (path == "/mock/list") {
    gate::v1::ListChange c;
    if (Status st = wire::from_json_strict(body, &c); !st.ok()) return error(400, st.message());
    p.change_list(c);
    return {200, R"({"ok":true})"};
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error(400, "body must be a JSON object");
  if (path == "/mock/mode") {
    auto mode = MockPlatform::mode_from_name(j.value("mode", ""));
    if (!mode.ok()) return error(400, mode.error());
    if (j.contains("slow_ms")) p.set_slow_ms(j.value("slow_ms", 3000));
    p.set_mode(mode.value());
    return {200, R"({"ok":true})"};
  }
  if (path == "/mock/reject") {
    const std::string plate = j.value("plate", "");
    if (plate.empty()) return error(400, "plate is required");
    p.reject_plate(plate, j.value("whole_batch", false));
    return {200, R"({"ok":true})"};
  }
  return error(404, "unknown control endpoint " + path);
}

namespace {

Status load_list(MockPlatform& p, const std::string& file, const std::string& list) {
  std::ifstream in(file);
  if (!in) return Error{"cannot read " + file};
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    gate::v1::ListChange c;
    c.set_list(list);
    c.set_op("add");
    c.set_plate(line);
    c.set_reason("listed at start (" + file + ")");
    p.change_list(c);
  }
  return Status::Ok();
}

int parse_port(const std::map<std::string, std::string>& opt, const std::string& name) {
  auto it = opt.find(name);
  if (it == opt.end()) return -1;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return -2;
  }
}

// What the platform starts with: --mode, --alert, --excess-list, --whitelist. The exit
// status when one is wrong.
std::optional<int> set_start_state(MockPlatform& p, const std::map<std::string, std::string>& opt) {
  if (opt.count("--mode")) {
    auto mode = MockPlatform::mode_from_name(opt.at("--mode"));
    if (!mode.ok()) {
      std::cerr << "gate-sim platform: " << mode.error() << "\n";
      return 2;
    }
    p.set_mode(mode.value());
  }
  if (opt.count("--alert")) {
    gate::v1::ControlMeasures c;
    c.set_alert_level(std::atoi(opt.at("--alert").c_str()));
    auto level = wire::alert_from_code(c.alert_level());
    if (!level) {
      std::cerr << "gate-sim platform: --alert must be 0-3\n";
      return 2;
    }
    c.set_response_level(wire::response_level_code(*level));
    c.set_issuer("gate-sim");
    p.set_control(c);
  }
  for (const auto& [flag, list] :
       {std::pair<std::string, std::string>{"--excess-list", "excess_emission"},
        {"--whitelist", "whitelist"}}) {
    if (!opt.count(flag)) continue;
    if (Status st = load_list(p, opt.at(flag), list); !st.ok()) {
      std::cerr << "gate-sim platform: " << flag << ": " << st.message() << "\n";
      return 2;
    }
  }
  return std::nullopt;
}

// Where the platform listens, on one line.
void print_where(const MockPlatform& p, const MockPlatformOptions& o,
                 const drivers::HttpServer* control) {
  const std::string scheme_http = o.tls_cert_file.empty() ? "http" : "https";
  const std::string scheme_tcp = o.tls_cert_file.empty() ? "tcp" : "tls";
  std::cout << "gate-sim platform:";
  if (p.http_port() >= 0) {
    std::cout << " HTTP profile on " << scheme_http << "://127.0.0.1:" << p.http_port()
              << "/api/v1;";
  }
  if (p.tcp_port() >= 0) {
    std::cout << " TCP profile on " << scheme_tcp << "://127.0.0.1:" << p.tcp_port() << ";";
  }
  if (control) std::cout << " control on http://127.0.0.1:" << control->port() << ";";
  std::cout << (o.app_key.empty() ? " signatures not checked" : " signatures required")
            << std::endl;
}

// --report: what the platform received, as JSON; and a summary line on stdout.
void write_and_print_report(const MockPlatform& p, const std::map<std::string, std::string>& opt) {
  const std::string report = p.report_json(true);
  if (opt.count("--report")) {
    std::ofstream out(opt.at("--report"));
    out << report << "\n";
  }
  nlohmann::json j = nlohmann::json::parse(report);
  std::cout << "gate-sim platform: " << j["records"] << " record(s) (" << j["backfill"]
            << " backfill), " << j["duplicates"] << " repeat(s) ignored, "
            << j["conflicting_duplicates"] << " conflicting, " << j["rejected"] << " rejected, "
            << j["heartbeats"] << " heartbeat(s)" << std::endl;
}

}  // namespace

int run_platform_command(const std::map<std::string, std::string>& opt) {
  auto o = platform_options(opt, "--");
  if (!o.ok()) {
    std::cerr << "gate-sim platform: " << o.error() << "\n";
    return 2;
  }
  o.value().http_port = parse_port(opt, "--port");
  o.value().tcp_port = parse_port(opt, "--tcp-port");
  const int control_port = parse_port(opt, "--control-port");
  if (o.value().http_port < -1 || o.value().tcp_port < -1 || control_port < -1) {
    std::cerr << "gate-sim platform: ports must be numbers\n";
    return 2;
  }
  if (o.value().http_port < 0 && o.value().tcp_port < 0) {
    std::cerr << "gate-sim platform: --port and/or --tcp-port is required\n" << kPlatformUsage;
    return 2;
  }
  auto started = MockPlatform::Start(o.value());
  if (!started.ok()) {
    std::cerr << "gate-sim platform: " << started.error() << "\n";
    return 1;
  }
  auto& p = *started.value();
  if (std::optional<int> failed = set_start_state(p, opt)) return *failed;
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::unique_ptr<drivers::HttpServer> control;
  if (control_port >= 0) {
    auto server = drivers::HttpServer::Listen(
        io, "127.0.0.1", static_cast<uint16_t>(control_port), [&p](const drivers::HttpRequest& r) {
          auto [status, body] = control_request(p, r.method, r.target, r.body);
          return drivers::HttpResponse{status, "application/json", body};
        });
    if (!server.ok()) {
      std::cerr << "gate-sim platform: control port: " << server.error() << "\n";
      return 1;
    }
    control = std::move(server).value();
  }
  std::thread io_thread([&] { io.run(); });
  print_where(p, o.value(), control.get());

  wait_for_stop_signal();

  if (control) control->stop();
  work.reset();
  io.stop();
  io_thread.join();
  write_and_print_report(p, opt);
  return 0;
}

}  // namespace gate::sim
