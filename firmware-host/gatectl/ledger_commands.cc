#include "firmware-host/gatectl/ledger_commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "firmware-host/config/config_loader.h"
#include "firmware-host/gatectl/documents_dir.h"
#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/ledger/ledger_import.h"
#include "firmware-host/ledger/ledger_xlsx.h"
#include "firmware-host/ledger/text_encoding.h"
#include "firmware-host/store/gate_store.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::ctl {
namespace {

Result<std::string> database(const Args& a) {
  return ledger_database(a);
}

std::string actor(const Args& a) {
  return ledger_actor(a);
}

}  // namespace

Result<std::string> ledger_database(const Args& a) {
  return database_path(a);
}

std::string ledger_actor(const Args& a) {
  if (std::string op = option(a, "--operator"); !op.empty()) return op;
  if (const char* u = std::getenv("USER"); u && *u) return std::string(u) + " (gatectl)";
  return "gatectl";
}

namespace {

// The rows of a ledger file: .xlsx by its extension (first worksheet), else CSV in UTF-8 or
// GBK. Read errors are returned; row errors are in the parse.
Result<host::LedgerParse> read_ledger_file(const std::string& file, std::ostream& out) {
  if (host::is_xlsx_path(file)) return host::read_ledger_xlsx(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{"cannot open " + file};
  std::stringstream ss;
  ss << in.rdbuf();
  bool converted = false;
  auto text = host::ledger_text_to_utf8(ss.str(), &converted);
  if (!text.ok()) return Error{file + ": " + text.error()};
  if (converted) out << file << ": not UTF-8, read as GBK (GB18030)\n";
  return host::parse_ledger_csv(text.value());
}

}  // namespace

int ledger_import(const Args& a, std::ostream& out, std::ostream& err) {
  auto db = database(a);
  if (!db.ok()) {
    err << "gatectl: " << db.error() << "\n";
    return 2;
  }
  if (a.positional.size() != 1) {
    err << "gatectl: ledger import needs exactly one CSV or XLSX file\n";
    return 2;
  }
  const std::string& file = a.positional[0];
  const bool skip_invalid = a.options.count("--skip-invalid") > 0;
  auto read = read_ledger_file(file, out);
  if (!read.ok()) {
    err << "gatectl: " << read.error() << "\n";
    return 1;
  }
  auto& parsed = read.value();
  // Document files named by the rows are checked (and stored) before anything is written, so
  // that a missing or non-image file is one more bad row in the report below.
  host::PhotoStore documents(documents_dir(a, db.value()));
  auto stored = host::store_row_documents(
      parsed, std::filesystem::path(file).parent_path().string(), documents);
  if (!stored.ok()) {
    err << "gatectl: nothing imported: " << stored.error() << "\n";
    return 1;
  }
  for (const auto& e : parsed.errors) err << host::format_row_error(file, e) << "\n";
  if (!parsed.errors.empty() && !skip_invalid) {
    err << "gatectl: nothing imported: " << parsed.errors.size()
        << " error(s); fix the rows above and import again, or import the good rows with "
           "--skip-invalid\n";
    return 1;
  }
  auto store = host::GateStore::Open(db.value());
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  if (Status st =
          host::import_ledger(*store.value(), parsed.vehicles, stored.value(), actor(a), now_ms());
      !st.ok()) {
    err << "gatectl: nothing imported: " << st.message() << "\n";
    return 1;
  }
  std::size_t attached = 0;
  for (const auto& docs : stored.value()) attached += docs.size();
  out << "imported " << parsed.vehicles.size() << " ledger entries from " << file << " into "
      << db.value() << "\n";
  if (attached > 0) {
    out << "with " << attached << " document image(s) stored in " << documents_dir(a, db.value())
        << "\n";
  }
  if (!parsed.errors.empty()) {
    out << "skipped " << parsed.errors.size() << " error(s) in the rows listed above\n";
  }
  out << "restart gated to use them\n";
  return 0;
}

int ledger_suspend(const Args& a, bool suspend, std::ostream& out, std::ostream& err) {
  auto db = database(a);
  std::string plate = rules::normalise_plate(option(a, "--plate"));
  std::string reason = option(a, "--reason");
  if (!db.ok() || plate.empty() || reason.empty()) {
    err << "gatectl: ledger " << (suspend ? "suspend" : "reinstate")
        << " needs --db (or --config), --plate and --reason"
        << (db.ok() ? "" : " (" + db.error() + ")") << "\n";
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
  for (auto v : vs.value()) {
    if (v.plate() != plate) continue;
    v.set_suspended(suspend);
    if (Status st = store.value()->upsert_vehicle(v, now_ms(), actor(a) + ": " + reason);
        !st.ok()) {
      err << "gatectl: " << st.message() << "\n";
      return 1;
    }
    out << plate << (suspend ? " suspended" : " reinstated") << "; restart gated to apply\n";
    return 0;
  }
  err << "gatectl: " << plate << " is not in the ledger\n";
  return 1;
}

int ledger_history_command(const Args& a, std::ostream& out, std::ostream& err) {
  auto db = database(a);
  std::string plate = rules::normalise_plate(option(a, "--plate"));
  const std::string code = option(a, "--code");  // machinery entries have no plate
  if (!db.ok() || plate.empty() == code.empty()) {
    err << "gatectl: ledger history needs --db (or --config) and --plate P or --code CODE\n";
    return 2;
  }
  auto store = host::GateStore::Open(db.value());
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto h =
      host::ledger_history(store.value()->db(), plate.empty() ? "code:" + code : "plate:" + plate);
  if (!h.ok()) {
    err << "gatectl: " << h.error() << "\n";
    return 1;
  }
  for (const auto& c : h.value()) {
    out << rules::local_time(c.time_unix_ms, 480) << "  " << c.action << " by " << c.actor
        << "\n    " << c.changes << "\n";
  }
  out << h.value().size() << " change(s) of " << (plate.empty() ? code : plate) << "\n";
  return h.value().empty() ? 1 : 0;
}

}  // namespace gate::ctl
