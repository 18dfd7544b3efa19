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
#include "firmware-host/ledger/row_documents.h"
#include "firmware-host/ledger/text_encoding.h"
#include "firmware-host/store/gate_store.h"
#include "rules/codes.h"
#include "rules/csv.h"
#include "rules/local_time.h"
#include "rules/plate.h"
#include "rules/plate_color.h"

namespace gate::ctl {

std::string ledger_actor(const Args& a) {
  if (std::string op = option(a, "--operator"); !op.empty()) return op;
  if (const char* u = std::getenv("USER"); u && *u) return std::string(u) + " (gatectl)";
  return "gatectl";
}

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

namespace {

void report_import(const Args& a, const std::string& db, const std::string& file,
                   const host::LedgerParse& parsed, std::size_t attached, std::ostream& out) {
  out << "imported " << parsed.vehicles.size() << " ledger entries from " << file << " into " << db
      << "\n";
  if (attached > 0) {
    out << "with " << attached << " document image(s) stored in " << documents_dir(a, db) << "\n";
  }
  if (!parsed.errors.empty()) {
    out << "skipped " << parsed.errors.size() << " error(s) in the rows listed above\n";
  }
  out << "restart gated to use them\n";
}

}  // namespace

int ledger_import(const Args& a, std::ostream& out, std::ostream& err) {
  auto db = database_path(a);
  if (!db.ok()) return usage_error(err, a, db.error());
  if (a.positional.size() != 1) {
    return usage_error(err, a, "ledger import needs exactly one CSV or XLSX file");
  }
  const std::string& file = a.positional[0];
  auto read = read_ledger_file(file, out);
  if (!read.ok()) return failure(err, read.error());
  auto& parsed = read.value();
  // Document files named by the rows are checked (and stored) before anything is written, so
  // that a missing or non-image file is one more bad row in the report below.
  host::PhotoStore documents(documents_dir(a, db.value()));
  auto stored = host::store_row_documents(
      parsed, std::filesystem::path(file).parent_path().string(), documents);
  if (!stored.ok()) return failure(err, "nothing imported: " + stored.error());
  for (const auto& e : parsed.errors) err << host::format_row_error(file, e) << "\n";
  if (!parsed.errors.empty() && option(a, "--skip-invalid").empty()) {
    return failure(err, "nothing imported: " + std::to_string(parsed.errors.size()) +
                            " error(s); fix the rows above and import again, or import the good "
                            "rows with --skip-invalid");
  }
  auto store = host::GateStore::Open(db.value());
  if (!store.ok()) return failure(err, store.error());
  if (Status st = host::import_ledger(*store.value(), parsed.vehicles, stored.value(),
                                      ledger_actor(a), now_ms());
      !st.ok()) {
    return failure(err, "nothing imported: " + st.message());
  }
  std::size_t attached = 0;
  for (const auto& docs : stored.value()) attached += docs.size();
  report_import(a, db.value(), file, parsed, attached, out);
  return 0;
}

int ledger_list(const Args& a, std::ostream& out, std::ostream& err) {
  return with_store(a, err, [&](host::GateStore& store, const std::string&) {
    auto vs = store.load_vehicles();
    if (!vs.ok()) return failure(err, vs.error());
    out << "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,fleet,valid_until,"
           "suspended\n";
    for (const auto& v : vs.value()) {
      // Free text (VIN, fleet) is written with the spreadsheet formula guard.
      out << rules::spreadsheet_csv_field(v.plate()) << "," << rules::color_name(v.plate_color())
          << "," << gate::v1::VehicleClass_Name(v.vehicle_class()) << ","
          << rules::spreadsheet_csv_field(v.vin()) << ","
          << rules::stage_to_code(v.emission_stage()) << "," << rules::fuel_to_code(v.fuel_type())
          << "," << rules::spreadsheet_csv_field(v.fleet()) << "," << v.valid_until() << ","
          << (v.suspended() ? 1 : 0) << "\n";
    }
    return 0;
  });
}

int ledger_suspend(const Args& a, bool suspend, std::ostream& out, std::ostream& err) {
  const std::string plate = rules::normalise_plate(option(a, "--plate"));
  const std::string reason = option(a, "--reason");
  if (plate.empty() || reason.empty())
    return usage_error(err, a, "--plate and --reason are required");
  return with_store(a, err, [&](host::GateStore& store, const std::string&) {
    auto vs = store.load_vehicles();
    if (!vs.ok()) return failure(err, vs.error());
    for (auto v : vs.value()) {
      if (v.plate() != plate) continue;
      v.set_suspended(suspend);
      if (Status st = store.upsert_vehicle(v, now_ms(), ledger_actor(a) + ": " + reason);
          !st.ok()) {
        return failure(err, st.message());
      }
      out << plate << (suspend ? " suspended" : " reinstated") << "; restart gated to apply\n";
      return 0;
    }
    return failure(err, plate + " is not in the ledger");
  });
}

int ledger_history_command(const Args& a, std::ostream& out, std::ostream& err) {
  const std::string plate = rules::normalise_plate(option(a, "--plate"));
  const std::string code = option(a, "--code");  // machinery entries have no plate
  if (plate.empty() == code.empty()) return usage_error(err, a, "give --plate P or --code CODE");
  return with_store(a, err, [&](host::GateStore& store, const std::string&) {
    auto h = host::ledger_history(store.db(), plate.empty() ? "code:" + code : "plate:" + plate);
    if (!h.ok()) return failure(err, h.error());
    for (const auto& c : h.value()) {
      out << rules::local_time(c.time_unix_ms, 480) << "  " << c.action << " by " << c.actor
          << "\n    " << c.changes << "\n";
    }
    out << h.value().size() << " change(s) of " << (plate.empty() ? code : plate) << "\n";
    return h.value().empty() ? 1 : 0;
  });
}

}  // namespace gate::ctl
