#include "firmware-host/gatectl/plant_ledger_commands.h"

#include <functional>

#include "firmware-host/gatectl/ledger_commands.h"
#include "firmware-host/gatectl/plant_commands.h"
#include "firmware-host/plant/plant_ledger.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/ledger_history.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::ctl {
namespace {

bool names_documents(const host::LedgerParse& parsed) {
  for (const auto& docs : parsed.documents) {
    if (!docs.empty()) return true;
  }
  return false;
}

}  // namespace

int with_plant_database(const Args& a, std::ostream& err, const PlantEditWork& work) {
  return with_plant(a, err, false, [&](drivers::pg::Connection& db, const PlantSetup& s) {
    if (auto v = host::apply_plant_migrations(db); !v.ok()) return failure(err, v.error());
    return work(db, s.utc_offset);
  });
}

int plant_ledger_import(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) {
    return usage_error(err, a, "plant ledger import needs exactly one CSV or XLSX file");
  }
  const std::string& file = a.positional[0];
  auto read = read_ledger_file(file, out);
  if (!read.ok()) return failure(err, read.error());
  const auto& parsed = read.value();
  for (const auto& e : parsed.errors) err << host::format_row_error(file, e) << "\n";
  if (!parsed.errors.empty() && option(a, "--skip-invalid").empty()) {
    return failure(err, "nothing imported: " + std::to_string(parsed.errors.size()) +
                            " error(s); fix the rows above and import again, or import the good "
                            "rows with --skip-invalid");
  }
  return with_plant_database(a, err, [&](drivers::pg::Connection& db, int) {
    const int64_t now = now_ms();
    std::vector<host::LedgerEdit> edits;
    for (const auto& v : parsed.vehicles) {
      edits.push_back({host::ledger_key_of(v), v, now, ledger_actor(a), host::kPlantOrigin, 0});
    }
    auto done = host::push_ledger_edits(db, edits);
    if (!done.ok()) return failure(err, "nothing imported: " + done.error());
    out << "imported " << parsed.vehicles.size() << " ledger entries from " << file
        << " into the plant's master ledger (" << done.value().won << " now in force, "
        << parsed.vehicles.size() - done.value().won
        << " older than the entry's last edit, kept in its history)\n";
    if (!parsed.errors.empty()) {
      out << "skipped " << parsed.errors.size() << " error(s) in the rows listed above\n";
    }
    if (names_documents(parsed)) {
      out << "the document images the rows name are not sent to the plant: attach them at each "
             "gate (gatectl ledger attach)\n";
    }
    out << "every gate with this plant takes them within its plant.ledger_interval_ms\n";
    return 0;
  });
}

int plant_ledger_history(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "give exactly one PLATE");
  const std::string plate = rules::normalise_plate(a.positional[0]);
  return with_plant_database(a, err, [&](drivers::pg::Connection& db, int offset) {
    auto revisions = host::plant_ledger_history(db, "plate:" + plate);
    if (!revisions.ok()) return failure(err, revisions.error());
    const gate::v1::Vehicle* before = nullptr;
    for (const auto& r : revisions.value()) {
      out << "r" << r.revision << "  " << (r.applied ? "applied" : "lost to a later edit")
          << "  edited " << rules::local_time(r.edited_at_unix_ms, offset) << " by " << r.edited_by
          << " at " << r.origin << ", received " << rules::local_time(r.received_unix_ms, offset)
          << "\n    ";
      const std::string changes = host::describe_vehicle_changes(before, r.vehicle);
      out << (changes.empty() ? "(no change)" : changes) << "\n";
      if (r.applied) before = &r.vehicle;
    }
    out << revisions.value().size() << " revision(s) of " << plate << " at the plant\n";
    return revisions.value().empty() ? 1 : 0;
  });
}

}  // namespace gate::ctl
