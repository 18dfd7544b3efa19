// Plate read → open command latency with the platform's vehicle check on the way: a real gated
// with one Vzenith-relay lane (the camera's push answer carries the open command, so the push's
// round trip is read → coil command) and a real `gate-sim profile-platform` speaking the
// token-REST profile on loopback, answering each check at once, after 50 ms and after 300 ms;
// and the same gate with the profile's check message removed. Prints p50/p99/max per setting.
// build/bench/vehicle_check_bench [trucks per setting, default 200]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace {

using namespace gate::testing;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string kBin = GATE_BIN_DIR;
const std::string kSettings =
    "company_code=410800001\ncompany_num=JZ01\ncompany_password=pw-1\ngate_code=G01\n";

std::string plate(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", i);
  return "豫H5" + std::string(buf);
}

// The token-REST profile, without its vehicle check when `check` is false.
std::string profile_text(bool check) {
  std::string text =
      read_file(std::string(GATE_SOURCE_DIR) + "/deploy/platforms/token-rest.textproto");
  if (check) return text;
  const auto start = text.find("messages {\n  kind: KIND_VEHICLE_CHECK");
  const auto end = text.find("}\n}\n", start) + 4;
  return text.erase(start, end - start);
}

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
  int opened = 0;
};

Figures run(const std::string& dir, bool check, int answer_ms, int trucks) {
  write_file(dir + "/profile.textproto", profile_text(check));
  write_file(dir + "/settings.txt", kSettings);
  const int camera_port = free_port();
  std::vector<std::string> argv{
      kBin + "/gate-sim", "profile-platform",    "--profile", dir + "/profile.textproto",
      "--settings",       dir + "/settings.txt", "--slow-ms", std::to_string(answer_ms)};
  write_file(dir + "/platform.out", "");
  ChildProcess platform(argv, dir + "/platform.out", dir + "/platform.err");
  const std::string marker = "listening on 127.0.0.1:";
  wait_until([&] { return read_file(dir + "/platform.out").find(marker) != std::string::npos; },
             10000);
  const std::string out = read_file(dir + "/platform.out");
  const int port = std::stoi(out.substr(out.find(marker) + marker.size()));
  gate::drivers::HttpUrl mock{"127.0.0.1", static_cast<uint16_t>(port), "/"};
  if (answer_ms > 0) {
    (void)gate::drivers::http_request(mock, "POST", "/mock/mode", R"({"mode":"slow"})",
                                      "application/json", 5000);
  }
  std::string settings_cfg;
  std::istringstream lines(kSettings);
  for (std::string l; std::getline(lines, l);) {
    const auto eq = l.find('=');
    settings_cfg += "  platform_settings { key: \"" + l.substr(0, eq) + "\" value: \"" +
                    l.substr(eq + 1) + "\" }\n";
  }
  write_file(dir + "/gated.textproto",
             "gate_id: \"BENCH-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
             "camera { listen_address: \"127.0.0.1\" port: " +
                 std::to_string(camera_port) +
                 " }\nlanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 200\n"
                 "  barrier { camera_relay { vendor: VENDOR_VZENITH } } }\n"
                 "policy { version: \"bench\" }\nuplink { url: \"http://127.0.0.1:" +
                 std::to_string(port) + "\" profile_file: \"" + dir + "/profile.textproto\"\n" +
                 settings_cfg + "}\n");
  write_file(dir + "/gated.err", "");
  ChildProcess gated({kBin + "/gated", "--config", dir + "/gated.textproto"}, dir + "/gated.out",
                     dir + "/gated.err");
  wait_until(
      [&] { return read_file(dir + "/gated.err").find("gated: ready:") != std::string::npos; },
      15000);
  gate::drivers::HttpUrl camera{"127.0.0.1", static_cast<uint16_t>(camera_port), "/"};
  std::vector<double> ms;
  Figures f;
  for (int i = 0; i < trucks; ++i) {
    json body = {
        {"AlarmInfoPlate",
         {{"serialno", "vz-1"},
          {"result",
           {{"PlateResult", {{"license", plate(i)}, {"colorType", 2}, {"confidence", 97}}}}}}}};
    const auto t0 = Clock::now();
    auto r = gate::drivers::http_request(camera, "POST", "/camera/vzenith/L1", body.dump(),
                                         "application/json", 5000);
    const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (r.ok() && r.value().body.find("\"info\":\"ok\"") != std::string::npos) ++f.opened;
    ms.push_back(elapsed);
  }
  std::sort(ms.begin(), ms.end());
  f.p50 = ms[ms.size() / 2];
  f.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  f.max = ms.back();
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  const int trucks = argc > 1 ? std::atoi(argv[1]) : 200;
  const std::string dir = make_temp_dir();
  // The ledger: every bench plate a China V truck the policy passes.
  std::string csv =
      "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,fuel_type,"
      "vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,suspended\n";
  for (int i = 0; i < trucks; ++i) {
    csv += plate(i) + ",yellow,transport,,E" + std::to_string(i) +
           ",2016-04-10,5,B,N3,raw material,fleet,demo,,2025-01-01,2099-12-31,0\n";
  }
  struct Setting {
    const char* name;
    bool check;
    int answer_ms;
  };
  std::printf("read -> open command (Vzenith push round trip), %d trucks each, ms\n", trucks);
  for (const Setting& s :
       {Setting{"no check", false, 0}, Setting{"check, answer 0 ms", true, 0},
        Setting{"check, answer 50 ms", true, 50}, Setting{"check, answer 300 ms", true, 300}}) {
    const std::string run_dir = dir + "/" + std::to_string(s.answer_ms) + (s.check ? "c" : "n");
    std::string out;
    std::filesystem::create_directories(run_dir);
    write_file(run_dir + "/ledger.csv", csv);
    (void)run_command({kBin + "/gatectl", "ledger", "import", "--db", run_dir + "/gate.db",
                       run_dir + "/ledger.csv"},
                      &out);
    const Figures f = run(run_dir, s.check, s.answer_ms, trucks);
    std::printf("%-22s p50 %7.1f  p99 %7.1f  max %7.1f  opened %d/%d\n", s.name, f.p50, f.p99,
                f.max, f.opened, trucks);
    std::fflush(stdout);
  }
  remove_tree(dir);
  return 0;
}
