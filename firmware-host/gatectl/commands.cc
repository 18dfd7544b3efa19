#include "firmware-host/gatectl/commands.h"

#include <chrono>
#include <iostream>
#include <map>

#include "firmware-host/config/config_loader.h"
#include "firmware-host/gatectl/audit_commands.h"
#include "firmware-host/gatectl/command_tree.h"
#include "firmware-host/gatectl/config_commands.h"
#include "firmware-host/gatectl/ledger_commands.h"
#include "firmware-host/gatectl/ledger_document_commands.h"
#include "firmware-host/gatectl/lpr_commands.h"
#include "firmware-host/gatectl/passages_commands.h"
#include "firmware-host/gatectl/plant_alert_commands.h"
#include "firmware-host/gatectl/plant_audit_commands.h"
#include "firmware-host/gatectl/plant_commands.h"
#include "firmware-host/gatectl/plant_ledger_commands.h"
#include "firmware-host/gatectl/plant_policy_commands.h"
#include "firmware-host/gatectl/platform_commands.h"
#include "firmware-host/gatectl/policy_commands.h"
#include "firmware-host/gatectl/sync_commands.h"
#include "firmware-host/gatectl/user_commands.h"
#include "firmware-host/store/gate_store.h"

namespace gate::ctl {
namespace {

using Handler = int (*)(const Args&, std::ostream&, std::ostream&);

int user(const Args& a, std::ostream& out, std::ostream& err) {
  return user_command(a, std::cin, out, err);
}

// A function for each leaf of the command tree (command_tree.cc), by its words.
const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"ledger import", ledger_import},
      {"ledger list", ledger_list},
      {"ledger suspend", [](const Args& a, std::ostream& o,
                            std::ostream& e) { return ledger_suspend(a, true, o, e); }},
      {"ledger reinstate", [](const Args& a, std::ostream& o,
                              std::ostream& e) { return ledger_suspend(a, false, o, e); }},
      {"ledger history", ledger_history_command},
      {"ledger attach", ledger_attach},
      {"ledger documents", ledger_documents},
      {"passages list", passages_list},
      {"passages summary", passages_summary},
      {"passages cargo", passages_cargo},
      {"config check", config_check},
      {"sync status", sync_status},
      {"sync requeue", sync_requeue},
      {"plant gates", plant_gates_command},
      {"plant passages", plant_passages_command},
      {"plant ledger import", plant_ledger_import},
      {"plant ledger history", plant_ledger_history},
      {"plant alert set", plant_alert_set},
      {"plant alert clear", plant_alert_clear},
      {"plant alert show", plant_alert_show},
      {"plant policy set", plant_policy_set},
      {"plant policy get", plant_policy_get},
      {"plant policy show", plant_policy_show},
      {"plant compare", plant_compare_command},
      {"plant audit sample", plant_audit_sample},
      {"plant audit days", plant_audit_days},
      {"plant audit export", plant_audit_export},
      {"platform check", platform_check},
      {"platform render", platform_render},
      {"policy check", policy_check},
      {"policy explain", policy_explain},
      {"policy replay", policy_replay},
      {"release", run_release_command},
      {"verify", audit_verify},
      {"audit sample", audit_sample},
      {"audit days", audit_days},
      {"audit export", audit_export},
      {"user add", user},
      {"user passwd", user},
      {"user list", user},
      {"user disable", user},
      {"user enable", user},
      {"lpr read", lpr_read},
      {"lpr eval", lpr_eval},
  };
  return table;
}

std::string joined(const std::vector<std::string>& words, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n && i < words.size(); ++i) s += (i ? " " : "") + words[i];
  return s;
}

// For words that name no command: which start of them names a group of commands, and what
// is wrong with the rest.
int no_such_command(const Args& a, std::ostream& err) {
  if (a.words.empty()) return usage_error(err, a, "a command is needed");
  const auto paths = command_paths();
  std::size_t known = a.words.size();
  std::string commands;
  for (;; --known) {
    const std::string prefix = joined(a.words, known);
    for (const auto& p : paths) {
      if (prefix.empty() || p.rfind(prefix + " ", 0) == 0) {
        commands +=
            (commands.empty() ? "" : ", ") + p.substr(prefix.empty() ? 0 : prefix.size() + 1);
      }
    }
    if (!commands.empty() || known == 0) break;
  }
  Args at = a;
  at.words.resize(known);
  if (known < a.words.size()) {
    return usage_error(err, at, "unknown command '" + joined(a.words, a.words.size()) + "'");
  }
  return usage_error(err, at, "which command? " + commands);
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

Result<int> utc_offset_option(const Args& a, int fallback) {
  auto it = a.options.find("--utc-offset");
  if (it == a.options.end()) return fallback;
  try {
    std::size_t used = 0;
    const int minutes = std::stoi(it->second, &used);
    if (used == it->second.size()) return minutes;
  } catch (...) {
  }
  return Error{"--utc-offset must be minutes east of UTC (480 for China), got '" + it->second +
               "'"};
}

Status read_period(const Args& a, int offset, std::optional<int64_t>* from,
                   std::optional<int64_t>* to) {
  for (const char* k : {"--from", "--to"}) {
    const std::string v = option(a, k);
    if (v.empty()) continue;
    auto t = parse_local_time(v, offset);
    if (!t.ok()) return Error{std::string(k) + ": " + t.error()};
    *(std::string(k) == "--from" ? from : to) = t.value();
  }
  return Status::Ok();
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int usage_error(std::ostream& err, const Args& a, const std::string& what) {
  err << usage_message(a.words, what) << "\n";
  return 2;
}

int failure(std::ostream& err, const std::string& what) {
  err << "gatectl: " << what << "\n";
  return 1;
}

int with_store(const Args& a, std::ostream& err,
               const std::function<int(host::GateStore& store, const std::string& db)>& work,
               bool read_only) {
  auto db = database_path(a);
  if (!db.ok()) return usage_error(err, a, db.error());
  auto store = host::GateStore::Open(db.value(), read_only);
  if (!store.ok()) return failure(err, store.error());
  return work(*store.value(), db.value());
}

int run_command(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << help_text(a.words);
    return 0;
  }
  auto it = handlers().find(joined(a.words, a.words.size()));
  if (it == handlers().end()) return no_such_command(a, err);
  return it->second(a, out, err);
}

}  // namespace gate::ctl
