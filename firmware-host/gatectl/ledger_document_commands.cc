#include "firmware-host/gatectl/ledger_document_commands.h"

#include <chrono>
#include <optional>

#include "firmware-host/audit/completeness.h"
#include "firmware-host/gatectl/documents_dir.h"
#include "firmware-host/gatectl/ledger_commands.h"
#include "firmware-host/ledger/document_files.h"
#include "firmware-host/ledger/ledger_attach.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_documents.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::ctl {
namespace {

// "豫H12345", or "machinery code HN-001" for an entry without plate.
std::string entry_name(const gate::v1::Vehicle& v) {
  return v.plate().empty() ? "machinery code " + v.registration_code() : v.plate();
}

// The entry --plate or --code names, from the ledger.
Result<gate::v1::Vehicle> find_entry(host::GateStore& store, const Args& a) {
  const std::string plate = rules::normalise_plate(option(a, "--plate"));
  const std::string code = option(a, "--code");
  auto vs = store.load_vehicles();
  if (!vs.ok()) return Error{vs.error()};
  for (const auto& v : vs.value()) {
    if (!plate.empty() ? v.plate() == plate : (v.plate().empty() && v.registration_code() == code))
      return v;
  }
  return Error{(plate.empty() ? "registration code " + code : plate) +
               " is not in the ledger; import the entry first (gatectl ledger import)"};
}

struct Opened {
  std::string db;
  std::unique_ptr<host::GateStore> store;
  gate::v1::Vehicle entry;
};

// Opens the database and finds the entry; on failure writes the message and returns the exit
// code to use.
std::optional<Opened> open_entry(const Args& a, const char* usage, std::ostream& err, int* rc) {
  auto db = ledger_database(a);
  if (!db.ok() || (option(a, "--plate").empty() == option(a, "--code").empty())) {
    err << "gatectl: " << usage << (db.ok() ? "" : " (" + db.error() + ")") << "\n";
    *rc = 2;
    return std::nullopt;
  }
  auto store = host::GateStore::Open(db.value());
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    *rc = 1;
    return std::nullopt;
  }
  auto entry = find_entry(*store.value(), a);
  if (!entry.ok()) {
    err << "gatectl: " << entry.error() << "\n";
    *rc = 1;
    return std::nullopt;
  }
  return Opened{db.value(), std::move(store).value(), entry.value()};
}

}  // namespace

int ledger_attach(const Args& a, std::ostream& out, std::ostream& err) {
  constexpr const char* kUsage =
      "ledger attach needs --db (or --config), --plate P or --code CODE, "
      "--kind list|license|nameplate|label and one or more image files";
  auto kind = rules::document_kind_from_code(option(a, "--kind"));
  if (!kind || a.positional.empty()) {
    err << "gatectl: " << kUsage
        << (option(a, "--kind").empty() || kind
                ? ""
                : "; '" + option(a, "--kind") + "' is not a document kind")
        << "\n";
    return 2;
  }
  int rc = 0;
  auto opened = open_entry(a, kUsage, err, &rc);
  if (!opened) return rc;
  const std::string dir = documents_dir(a, opened->db);
  host::PhotoStore documents(dir);
  auto files = host::attach_documents(*opened->store, documents, opened->entry, *kind, a.positional,
                                      ledger_actor(a), now_ms());
  if (!files.ok()) {
    err << "gatectl: " << files.error() << "\n";
    return 1;
  }
  out << rules::document_name_zh(*kind) << " (" << rules::document_code(*kind) << ") of "
      << entry_name(opened->entry) << ", stored in " << dir << ":\n";
  for (const auto& f : files.value()) {
    out << "  " << f.path << "  sha256 " << f.sha256 << "  "
        << (f.added ? "attached" : "already attached") << "\n";
  }
  return 0;
}

int ledger_documents(const Args& a, std::ostream& out, std::ostream& err) {
  int rc = 0;
  auto opened = open_entry(
      a, "ledger documents needs --db (or --config) and --plate P or --code CODE", err, &rc);
  if (!opened) return rc;
  auto docs = host::list_ledger_documents(opened->store->db(), host::ledger_key_of(opened->entry));
  if (!docs.ok()) {
    err << "gatectl: " << docs.error() << "\n";
    return 1;
  }
  const std::string dir = documents_dir(a, opened->db);
  host::PhotoStore documents(dir);
  std::vector<host::DocumentCheck> checks;
  out << "documents of " << entry_name(opened->entry) << " ("
      << gate::v1::VehicleClass_Name(opened->entry.vehicle_class()) << ") in " << dir << ":\n";
  for (const auto& d : docs.value()) {
    const auto state = host::check_stored_document(documents, d.sha256);
    checks.push_back({d.kind, d.sha256, state});
    out << "  " << rules::document_code(d.kind) << " " << rules::document_name_zh(d.kind) << "  "
        << d.sha256 << "  " << d.original_name << "  " << rules::local_time(d.added_unix_ms, 480)
        << "  by " << d.added_by << "  " << host::stored_document_state_text(state) << "\n";
  }
  auto missing = host::missing_ledger_documents(opened->entry, checks);
  out << docs.value().size() << " document(s)";
  for (const auto& m : missing) out << "\n  missing: " << m;
  out << "\n";
  for (const auto& c : checks) {
    if (c.state != host::StoredDocumentState::kOk) return 1;
  }
  return 0;
}

}  // namespace gate::ctl
