#include "firmware-host/gatectl/commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "firmware-host/audit/record_json.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/gatectl/audit_commands.h"
#include "firmware-host/gatectl/ledger_commands.h"
#include "firmware-host/gatectl/ledger_document_commands.h"
#include "firmware-host/gatectl/lpr_commands.h"
#include "firmware-host/gatectl/policy_commands.h"
#include "firmware-host/gatectl/sync_commands.h"
#include "firmware-host/gatectl/user_commands.h"
#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/store/gate_store.h"
#include "rules/codes.h"
#include "rules/csv.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate_color.h"

namespace gate::ctl {
namespace {

using rules::csv_field;

const std::set<std::string> kValueOptions = {
    "--db", "--config", "--from", "--to", "--plate", "--decision", "--format", "--limit",
    "--utc-offset",
    // policy commands (policy_commands.h)
    "--at", "--alert", "--policy", "--lane", "--operator", "--reason", "--api", "--token",
    // auditor commands (audit_commands.h)
    "--pubkey", "--photos", "--n", "--seed", "--out", "--svg",
    // ledger documents (ledger_document_commands.h)
    "--kind", "--code", "--docs-dir",
    // dashboard users (user_commands.h)
    "--name", "--role", "--password-file",
    // plate recognition (lpr_commands.h)
    "--model", "--json", "--local-province", "--local-province-weight", "--label-corrections",
    "--rare-colour-weight"};
// Options without a value.
const std::set<std::string> kFlagOptions = {"--skip-invalid", "--per-image"};

int ledger_list(const Args& a, std::ostream& out, std::ostream& err) {
  auto db = database_path(a);
  if (!db.ok()) {
    err << "gatectl: " << db.error() << "\n";
    return 2;
  }
  auto store = host::GateStore::Open(db.value());
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto vs = store.value()->load_vehicles();
  if (!vs.ok()) {
    err << "gatectl: " << vs.error() << "\n";
    return 1;
  }
  out << "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,fleet,valid_until,"
         "suspended\n";
  for (const auto& v : vs.value()) {
    out << csv_field(v.plate()) << "," << rules::color_name(v.plate_color()) << ","
        << gate::v1::VehicleClass_Name(v.vehicle_class()) << "," << v.vin() << ","
        << rules::stage_to_code(v.emission_stage()) << "," << rules::fuel_to_code(v.fuel_type())
        << "," << csv_field(v.fleet()) << "," << v.valid_until() << "," << (v.suspended() ? 1 : 0)
        << "\n";
  }
  return 0;
}

Result<host::PassageFilter> passage_filter(const Args& a, int offset) {
  host::PassageFilter f;
  if (auto it = a.options.find("--from"); it != a.options.end()) {
    auto t = parse_local_time(it->second, offset);
    if (!t.ok()) return Error{"--from: " + t.error()};
    f.from_unix_ms = t.value();
  }
  if (auto it = a.options.find("--to"); it != a.options.end()) {
    auto t = parse_local_time(it->second, offset);
    if (!t.ok()) return Error{"--to: " + t.error()};
    f.to_unix_ms = t.value();
  }
  if (auto it = a.options.find("--plate"); it != a.options.end()) f.plate = it->second;
  if (auto it = a.options.find("--decision"); it != a.options.end()) {
    if (it->second == "pass") {
      f.verdict = gate::v1::VERDICT_PASS;
    } else if (it->second == "refuse") {
      f.verdict = gate::v1::VERDICT_REFUSE;
    } else if (it->second == "manual_pass") {
      f.verdict = gate::v1::VERDICT_MANUAL_PASS;
    } else if (it->second == "hold") {
      f.verdict = gate::v1::VERDICT_HOLD;
    } else {
      return Error{"--decision must be pass, refuse, hold or manual_pass, got '" + it->second +
                   "'"};
    }
  }
  if (auto it = a.options.find("--limit"); it != a.options.end()) {
    try {
      f.limit = std::stoi(it->second);
    } catch (...) {
      return Error{"--limit must be a number, got '" + it->second + "'"};
    }
  }
  return f;
}

Result<int> utc_offset(const Args& a) {
  auto it = a.options.find("--utc-offset");
  if (it == a.options.end()) return 480;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return Error{"--utc-offset must be minutes east of UTC (480 for China), got '" + it->second +
                 "'"};
  }
}

int passages_list(const Args& a, std::ostream& out, std::ostream& err) {
  auto db = database_path(a);
  auto offset = utc_offset(a);
  if (!db.ok() || !offset.ok()) {
    err << "gatectl: " << (!db.ok() ? db.error() : offset.error()) << "\n";
    return 2;
  }
  auto filter = passage_filter(a, offset.value());
  if (!filter.ok()) {
    err << "gatectl: " << filter.error() << "\n";
    return 2;
  }
  std::string format = a.options.count("--format") ? a.options.at("--format") : "table";
  if (format != "table" && format != "csv" && format != "json") {
    err << "gatectl: --format must be table, csv or json\n";
    return 2;
  }
  auto store = host::GateStore::Open(db.value());
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto ps = store.value()->list_passages(filter.value());
  if (!ps.ok()) {
    err << "gatectl: " << ps.error() << "\n";
    return 1;
  }
  const int off = offset.value();
  if (format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& p : ps.value()) arr.push_back(host::passage_json(p, off));
    out << arr.dump(2) << "\n";
    return 0;
  }
  if (format == "csv") {
    out << "seq,time,lane,plate,plate_color,confidence,vehicle_known,emission_stage,fuel_type,"
           "decision,rule,reason,outcome\n";
    for (const auto& p : ps.value()) {
      out << p.seq() << "," << rules::local_time(p.time_unix_ms(), off) << "," << p.lane_id() << ","
          << csv_field(p.read().plate_text()) << "," << rules::color_name(p.read().color()) << ","
          << p.read().confidence() << "," << (p.vehicle_known() ? 1 : 0) << ","
          << host::passage_stage_code(p) << "," << host::passage_fuel_code(p) << ","
          << rules::verdict_label(p.decision().verdict()) << "," << p.decision().rule_id() << ","
          << csv_field(p.decision().reason()) << "," << rules::outcome_name(p.outcome()) << "\n";
    }
    return 0;
  }
  out << std::left << std::setw(7) << "SEQ" << std::setw(20) << "TIME" << std::setw(5) << "LANE"
      << std::setw(12) << "PLATE" << std::setw(13) << "COLOUR" << std::setw(6) << "STAGE"
      << std::setw(5) << "FUEL" << std::setw(8) << "DECISION" << std::setw(14) << "OUTCOME"
      << "RULE / REASON\n";
  for (const auto& p : ps.value()) {
    // Plates hold CJK characters: pad by display columns, not bytes.
    std::string plate = p.read().plate_text();
    int cols = 0;
    for (unsigned char c : plate) cols += ((c & 0xC0) != 0x80) ? ((c >= 0xE0) ? 2 : 1) : 0;
    out << std::left << std::setw(7) << p.seq() << std::setw(20)
        << rules::local_time(p.time_unix_ms(), off) << std::setw(5) << p.lane_id() << plate
        << std::string(cols < 12 ? 12 - cols : 1, ' ') << std::setw(13)
        << rules::color_name(p.read().color()) << std::setw(6) << host::passage_stage_code(p)
        << std::setw(5) << host::passage_fuel_code(p) << std::setw(8)
        << rules::verdict_label(p.decision().verdict()) << std::setw(14)
        << rules::outcome_name(p.outcome()) << p.decision().rule_id() << " "
        << p.decision().reason() << "\n";
  }
  out << ps.value().size() << " passage(s)\n";
  return 0;
}

int passages_summary(const Args& a, std::ostream& out, std::ostream& err) {
  auto db = database_path(a);
  if (!db.ok()) {
    err << "gatectl: " << db.error() << "\n";
    return 2;
  }
  auto store = host::GateStore::Open(db.value());
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto ps = store.value()->list_passages({});
  auto stats = store.value()->outbox_stats();
  if (!ps.ok() || !stats.ok()) {
    err << "gatectl: " << (!ps.ok() ? ps.error() : stats.error()) << "\n";
    return 1;
  }
  std::map<std::string, int> by_verdict, by_rule, by_outcome;
  for (const auto& p : ps.value()) {
    by_verdict[rules::verdict_label(p.decision().verdict())]++;
    if (p.decision().verdict() != gate::v1::VERDICT_PASS) {
      by_rule[p.decision().rule_id() + "  " + p.decision().reason()]++;
    }
    by_outcome[rules::outcome_name(p.outcome())]++;
  }
  out << "passages: " << ps.value().size() << "\n";
  for (const auto& [k, n] : by_verdict) out << "  " << std::left << std::setw(12) << k << n << "\n";
  out << "refusals by rule:\n";
  for (const auto& [k, n] : by_rule)
    out << "  " << std::right << std::setw(5) << n << "  " << k << "\n";
  out << "outcomes:\n";
  for (const auto& [k, n] : by_outcome) out << "  " << std::left << std::setw(14) << k << n << "\n";
  out << "upload: " << stats.value().acked << " record(s) acknowledged, " << stats.value().pending
      << " pending\n";
  return 0;
}

int config_check(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) {
    err << "gatectl: config check needs one file\n";
    return 2;
  }
  auto cfg = host::load_config(a.positional[0]);
  if (!cfg.ok()) {
    err << cfg.error() << "\n";
    return 1;
  }
  out << a.positional[0] << ": OK (gate " << cfg.value().gate_id() << ", "
      << cfg.value().lanes_size() << " lane(s), policy "
      << (cfg.value().policy_file().empty() ? cfg.value().policy().version()
                                            : cfg.value().policy_file())
      << ")\n";
  return 0;
}

}  // namespace

std::string option(const Args& a, const char* name) {
  auto it = a.options.find(name);
  return it == a.options.end() ? std::string() : it->second;
}

Result<std::string> database_path(const Args& a) {
  if (auto it = a.options.find("--db"); it != a.options.end()) return it->second;
  if (auto it = a.options.find("--config"); it != a.options.end()) {
    auto cfg = host::load_config(it->second);
    if (!cfg.ok()) return Error{cfg.error()};
    return cfg.value().database_path();
  }
  return Error{"--db FILE (or --config FILE) is required"};
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<Args> parse_args(const std::vector<std::string>& argv) {
  Args a;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    if (s.rfind("--", 0) == 0) {
      std::string key = s, value;
      if (auto eq = s.find('='); eq != std::string::npos) {
        key = s.substr(0, eq);
        value = s.substr(eq + 1);
      } else if (kFlagOptions.count(s)) {
        value = "1";
      } else if (kValueOptions.count(s)) {
        if (i + 1 >= argv.size()) return Error{s + " needs a value"};
        value = argv[++i];
      }
      if (!kValueOptions.count(key) && !kFlagOptions.count(key)) {
        return Error{"unknown option " + key};
      }
      a.options[key] = value;
    } else if (a.words.size() < 2 && a.positional.empty()) {
      a.words.push_back(s);
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

int run_command(const Args& a, std::ostream& out, std::ostream& err) {
  const std::string cmd =
      a.words.size() >= 2 ? a.words[0] + " " + a.words[1] : (a.words.empty() ? "" : a.words[0]);
  if (cmd == "ledger import") return ledger_import(a, out, err);
  if (cmd == "ledger list") return ledger_list(a, out, err);
  if (cmd == "ledger suspend") return ledger_suspend(a, true, out, err);
  if (cmd == "ledger reinstate") return ledger_suspend(a, false, out, err);
  if (cmd == "ledger history") return ledger_history_command(a, out, err);
  if (cmd == "ledger attach") return ledger_attach(a, out, err);
  if (cmd == "ledger documents") return ledger_documents(a, out, err);
  if (cmd == "passages list") return passages_list(a, out, err);
  if (cmd == "passages summary") return passages_summary(a, out, err);
  if (cmd == "config check") return config_check(a, out, err);
  if (cmd == "sync status") return sync_status(a, out, err);
  if (cmd == "sync requeue") return sync_requeue(a, out, err);
  if (!a.words.empty() && a.words[0] == "policy") return run_policy_command(a, out, err);
  if (cmd == "release") return run_release_command(a, out, err);
  if (cmd == "verify") return audit_verify(a, out, err);
  if (!a.words.empty() && a.words[0] == "audit") return audit_command(a, out, err);
  if (!a.words.empty() && a.words[0] == "lpr") return lpr_command(a, out, err);
  if (!a.words.empty() && a.words[0] == "user") return user_command(a, std::cin, out, err);
  err << "gatectl: unknown command '" << cmd << "' (gatectl --help lists the commands)\n";
  return 2;
}

}  // namespace gate::ctl
