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
std::optional<Opened> open_entry(const Args& a, std::ostream& err, int* rc) {
  auto db = database_path(a);
  if (!db.ok()) {
    *rc = usage_error(err, a, db.error());
    return std::nullopt;
  }
  if (option(a, "--plate").empty() == option(a, "--code").empty()) {
    *rc = usage_error(err, a, "give --plate P or --code CODE");
    return std::nullopt;
  }
  auto store = host::GateStore::Open(db.value());
  auto entry = store.ok() ? find_entry(*store.value(), a) : Error{store.error()};
  if (!entry.ok()) {
    *rc = failure(err, entry.error());
    return std::nullopt;
  }
  return Opened{db.value(), std::move(store).value(), entry.value()};
}

}  // namespace

int ledger_attach(const Args& a, std::ostream& out, std::ostream& err) {
  const std::string kind_name = option(a, "--kind");
  auto kind = rules::document_kind_from_code(kind_name);
  if (!kind) {
    return usage_error(err, a,
                       kind_name.empty() ? "--kind list|license|nameplate|label is required"
                                         : "'" + kind_name +
                                               "' is not a document kind (list, license, "
                                               "nameplate or label)");
  }
  if (a.positional.empty()) return usage_error(err, a, "give one or more image files");
  int rc = 0;
  auto opened = open_entry(a, err, &rc);
  if (!opened) return rc;
  const std::string dir = documents_dir(a, opened->db);
  host::PhotoStore documents(dir);
  auto files = host::attach_documents(*opened->store, documents, opened->entry, *kind, a.positional,
                                      ledger_actor(a), now_ms());
  if (!files.ok()) return failure(err, files.error());
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
  auto opened = open_entry(a, err, &rc);
  if (!opened) return rc;
  auto docs = host::list_ledger_documents(opened->store->db(), host::ledger_key_of(opened->entry));
  if (!docs.ok()) return failure(err, docs.error());
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
