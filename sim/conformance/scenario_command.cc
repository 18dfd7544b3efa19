#include "sim/conformance/scenario_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "drivers/uplink/platform_profile.h"
#include "rules/policy_engine.h"
#include "rules/policy_text.h"
#include "sim/conformance/conformance.h"
#include "sim/conformance/conformance_report.h"
#include "sim/conformance/expected_decisions.h"
#include "sim/conformance/scenario_runner.h"
#include "sim/platform/profile_platform_command.h"
#include "sim/scenario/fleet_ledger_csv.h"
#include "sim/scenario/scenario_file.h"

namespace gate::sim {

const char* const kScenarioUsage = R"(usage: gate-sim scenario FILE --out DIR [options]

Plays the scenario FILE (sim/scenarios/*.textproto) against gated on 127.0.0.1: starts one
gated per scenario gate in simulation mode (a simulated clock), a Modbus barrier module per
lane, a camera per gate and the mock platform; imports the fleet's ledger with gatectl; drives
every truck, alert and fault at its simulated time; then checks what happened against what the
published policy requires and writes DIR/report.html and DIR/report.json.

  --out DIR           run directory (configs, databases, logs, report); created
  --speed X           simulated seconds per real second (default: the scenario's, else 60)
  --max-trucks N      play only the first N arrivals (a shortened run)
  --gated PATH        the gated to check (default: next to gate-sim)
  --gatectl PATH      the gatectl to use (default: next to gate-sim)
  --gate-policy FILE  give the gate this policy instead of the scenario's (to see the checks
                      catch a wrong policy; the simulator still judges by the scenario's)
  --gate-without-uplink  the gate uploads nothing (to see the upload checks fail)
  --platform-profile FILE   the gate uploads through this platform profile (deploy/platforms/)
                      to a platform speaking it strictly, instead of the reference platform;
                      alerts and the excess-emission list (the reference downlink) are left
                      out of the run and the report says so; where the profile has a
                      vehicle check, the report judges every check (vehicle_checks)
  --platform-settings FILE  the plant's values for the profile, key=value per line
  --quiet             no progress lines

Exit status: 0 every check passed, 1 a check failed, 2 bad scenario or options.
)";

namespace {

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open (check the path)"};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads the command line into `o` and `file`; the exit status when it is wrong or asks for
// help.
std::optional<int> parse_args(const std::vector<std::string>& args, ScenarioRunOptions& o,
                              std::string& file) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto next = [&](const char* what) -> const std::string* {
      if (i + 1 >= args.size()) {
        std::cerr << "gate-sim scenario: " << a << " needs " << what << "\n";
        return nullptr;
      }
      return &args[++i];
    };
    const std::pair<const char*, const char*> valued[] = {
        {"--out", "a directory"},
        {"--speed", "a number"},
        {"--max-trucks", "a number"},
        {"--gated", "a path"},
        {"--gatectl", "a path"},
        {"--gate-policy", "a policy file"},
        {"--platform-profile", "a platform profile file"},
        {"--platform-settings", "a settings file"},
    };
    const std::string* v = nullptr;
    for (const auto& [name, what] : valued) {
      if (a != name) continue;
      v = next(what);
      if (!v) return 2;
    }
    try {
      if (a == "--help" || a == "-h") {
        std::cout << kScenarioUsage;
        return 0;
      } else if (a == "--quiet") {
        o.progress = false;
      } else if (a == "--gate-without-uplink") {
        o.gate_without_uplink = true;
      } else if (a == "--out") {
        o.out_dir = *v;
      } else if (a == "--speed") {
        o.speed = std::stod(*v);
      } else if (a == "--max-trucks") {
        o.max_trucks = std::stoul(*v);
      } else if (a == "--gated") {
        o.gated_path = std::filesystem::absolute(*v).string();
      } else if (a == "--gatectl") {
        o.gatectl_path = std::filesystem::absolute(*v).string();
      } else if (a == "--gate-policy") {
        o.gate_policy_override = std::filesystem::absolute(*v).string();
      } else if (a == "--platform-profile") {
        o.platform_profile_file = std::filesystem::absolute(*v).string();
      } else if (a == "--platform-settings") {
        auto text = read_text(*v);
        auto settings = text.ok() ? parse_settings_text(text.value(), *v)
                                  : Result<std::map<std::string, std::string>>(Error{text.error()});
        if (!settings.ok()) {
          std::cerr << "gate-sim scenario: --platform-settings: " << settings.error() << "\n";
          return 2;
        }
        o.platform_settings = settings.value();
      } else if (a.rfind("--", 0) != 0 && file.empty()) {
        file = a;
      } else {
        std::cerr << "gate-sim scenario: unexpected argument '" << a << "'\n" << kScenarioUsage;
        return 2;
      }
    } catch (const std::exception&) {
      std::cerr << "gate-sim scenario: " << a << ": not a number\n";
      return 2;
    }
  }
  if (file.empty() || o.out_dir.empty()) {
    std::cerr << "gate-sim scenario: a scenario FILE and --out DIR are required\n"
              << kScenarioUsage;
    return 2;
  }
  if (o.platform_profile_file.empty() != o.platform_settings.empty()) {
    std::cerr << "gate-sim scenario: --platform-profile and --platform-settings go together\n";
    return 2;
  }
  if (o.speed != 0 && (o.speed < 1 || o.speed > 100000)) {
    std::cerr << "gate-sim scenario: --speed must be 1..100000\n";
    return 2;
  }
  return std::nullopt;
}

// The simulator's own judgement: the published policy the scenario names, compiled for the
// plant. Errors are ready to print.
Result<std::shared_ptr<const rules::PolicyEngine>> compile_policy(const gate::v1::Scenario& s,
                                                                  const std::string& file) {
  const std::string policy_path = scenario_policy_path(s, file);
  auto text = read_text(policy_path);
  if (!text.ok()) return Error{"policy_file: " + text.error()};
  auto set = rules::parse_policy_text(text.value(), policy_path);
  if (!set.ok()) return Error{set.error()};
  auto engine = rules::PolicyEngine::Compile(set.value(), scenario_enterprise(s));
  if (!engine.ok()) return Error{policy_path + ": " + engine.error()};
  return engine.value();
}

// The platform the gate is judged against, as the report names it.
Result<std::string> platform_judged(const ScenarioRunOptions& o) {
  if (o.platform_profile_file.empty()) return std::string("gate-uplink/1 (the reference platform)");
  auto p = drivers::uplink::load_platform_profile(o.platform_profile_file);
  if (!p.ok()) return Error{p.error()};
  if (Status st = drivers::uplink::check_platform_settings(p.value(), o.platform_settings);
      !st.ok()) {
    return Error{st.message()};
  }
  return p.value().name() + " (" + o.platform_profile_file + ")";
}

// Whether the profile's platform can announce alerts: its policy pull reads the control level.
bool profile_pulls_control(const ScenarioRunOptions& o) {
  auto p = drivers::uplink::load_platform_profile(o.platform_profile_file);
  return p.ok() && drivers::uplink::find_message(
                       p.value(), gate::v1::PlatformMessage::KIND_POLICY_PULL) != nullptr;
}

// Judges the run, writes report.html and report.json and prints the checks; true when passed.
bool judge_and_report(const gate::v1::Scenario& s, const ScenarioObservation& obs,
                      const std::shared_ptr<const rules::PolicyEngine>& engine,
                      const std::string& out_dir) {
  rules::PlatformLists lists;
  for (const auto& p : excess_emission_list(obs.world.fleet)) lists.excess_emission.insert(p);
  DecisionOracle oracle(engine, fleet_ledger(s, obs.world.fleet), std::move(lists), 480);
  const ConformanceReport report = check_conformance(s, obs, *engine, oracle);
  const std::string html_path = out_dir + "/report.html", json_path = out_dir + "/report.json";
  std::ofstream(html_path) << report_html(report);
  std::ofstream(json_path) << report_json(report);
  std::cout << "\n=== conformance: " << s.name() << " ===\n";
  for (const auto& c : report.checks) {
    std::cout << (c.informational ? "INFO"
                  : c.passed      ? "PASS"
                                  : "FAIL")
              << "  " << c.title << ": " << c.summary << "\n";
  }
  std::cout << plant_share_text(report.plant_share);
  std::cout << plant_ledger_text(report.plant_ledger);
  for (const auto& p : report.problems) std::cout << "PROBLEM  " << p << "\n";
  std::cout << (report.passed ? "PASSED" : "FAILED") << "; report: " << html_path << " and "
            << json_path << "\n";
  return report.passed;
}

}  // namespace

int run_scenario_command(const std::vector<std::string>& args) {
  ScenarioRunOptions o;
  std::string file;
  if (std::optional<int> exit_status = parse_args(args, o, file)) return *exit_status;
  auto scenario = load_scenario(file);
  if (!scenario.ok()) {
    std::cerr << "gate-sim scenario: " << scenario.error() << "\n";
    return 2;
  }
  o.scenario_path = file;
  std::vector<std::string> dropped;
  const gate::v1::Scenario s =
      o.platform_profile_file.empty()
          ? scenario.value()
          : scenario_without_downlink(scenario.value(), profile_pulls_control(o), &dropped);
  auto engine = compile_policy(s, file);
  if (!engine.ok()) {
    std::cerr << "gate-sim scenario: " << engine.error() << "\n";
    return 2;
  }
  auto platform = platform_judged(o);
  if (!platform.ok()) {
    std::cerr << "gate-sim scenario: --platform-profile: " << platform.error() << "\n";
    return 2;
  }
  std::cout << "gate-sim: scenario " << s.name() << " from " << file << ", policy "
            << engine.value()->label() << ", platform " << platform.value() << std::endl;
  for (const auto& d : dropped) std::cout << "gate-sim: left out: " << d << "\n";
  auto obs = run_scenario(s, o);
  if (!obs.ok()) {
    std::cerr << "gate-sim scenario: " << obs.error() << "\n";
    return 1;
  }
  obs.value().platform = platform.value();
  obs.value().left_out = dropped;
  return judge_and_report(s, obs.value(), engine.value(), o.out_dir) ? 0 : 1;
}

}  // namespace gate::sim
