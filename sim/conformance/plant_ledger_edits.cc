#include "sim/conformance/plant_ledger_edits.h"

#include <sqlite3.h>

#include <fstream>
#include <set>

#include "drivers/postgres/pg_connection.h"
#include "sim/conformance/child_process.h"
#include "sim/scenario/fleet_ledger_csv.h"
#include "sim/scenario/sim_random.h"

namespace gate::sim {
namespace {

// Seeds the parked vehicles' VINs apart from the fleet's ledger.
constexpr std::uint64_t kParkedStream = 0x2545F4914F6CDD1DULL;
constexpr int kGatectlTimeoutMs = 30000;

// The rows of `sql` (one text parameter) in a read-only connection, each column as text.
Result<std::vector<std::vector<std::string>>> sqlite_rows(const std::string& db_path,
                                                          const std::string& sql,
                                                          const std::string& param) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{db_path + ": cannot open the gate's database: " + why};
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* q = nullptr;
  std::vector<std::vector<std::string>> out;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(q, 1, param.c_str(), -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(q); ++c) {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(q, c));
        row.emplace_back(p ? std::string(p, sqlite3_column_bytes(q, c)) : std::string());
      }
      out.push_back(std::move(row));
    }
  }
  std::string why = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(q);
  sqlite3_close(db);
  if (!why.empty()) return Error{db_path + ": cannot read the gate's ledger: " + why};
  return out;
}

// Characters of a UTF-8 plate ("豫H0E001" is 7, a new-energy plate 8).
std::size_t plate_length(const std::string& plate) {
  std::size_t n = 0;
  for (unsigned char c : plate) n += (c & 0xC0) != 0x80;
  return n;
}

// A fleet vehicle with a plate as long as `plate` (so that its plate colour fits), else the
// first.
const gate::v1::Vehicle& template_for(const std::string& plate,
                                      const std::vector<gate::v1::Vehicle>& fleet) {
  for (const auto& v : fleet) {
    if (plate_length(v.plate()) == plate_length(plate)) return v;
  }
  return fleet.front();
}

std::string from_hex(const std::string& hex) {
  auto digit = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1]));
  }
  return out;
}

}  // namespace

Result<std::vector<gate::v1::Vehicle>> parked_vehicles(
    const gate::v1::Scenario& s, const std::vector<gate::v1::Vehicle>& fleet) {
  std::set<std::string> in_fleet, seen;
  for (const auto& v : fleet) in_fleet.insert(v.plate());
  SimRandom rng(s.seed() ^ kParkedStream);
  std::vector<gate::v1::Vehicle> out;
  for (int i = 0; i < s.plant().ledger_edits_size(); ++i) {
    const std::string& plate = s.plant().ledger_edits(i).plate();
    if (in_fleet.count(plate)) {
      return Error{"plant.ledger_edits[" + std::to_string(i) + "].plate \"" + plate +
                   "\" is a vehicle of the fleet; edit a plate outside it (gate-sim adds it to "
                   "the ledger as a vehicle that never drives up)"};
    }
    if (fleet.empty() || !seen.insert(plate).second) continue;
    gate::v1::Vehicle v = template_for(plate, fleet);
    v.set_plate(plate);
    v.set_vin(make_vin(rng));
    v.set_engine_no("P" + std::to_string(1000000 + i));
    v.set_fleet("parked (ledger edits)");
    v.set_suspended(false);
    out.push_back(std::move(v));
  }
  return out;
}

std::string make_ledger_edit(const gate::v1::PlantLedgerEdit& edit, int n,
                             gate::v1::Vehicle vehicle, const std::string& gate_db,
                             const LedgerEditTools& tools) {
  const bool suspend = edit.change() == gate::v1::PlantLedgerEdit::CHANGE_SUSPEND;
  std::vector<std::string> argv;
  if (edit.at_gate().empty()) {
    vehicle.set_suspended(suspend);
    const std::string file = tools.work_dir + "/ledger-edit-" + std::to_string(n) + ".csv";
    std::ofstream(file) << ledger_csv_header() << ledger_csv_row(vehicle);
    argv = {tools.gatectl,      "plant",      "ledger",   "import", "--config",
            tools.plant_config, "--operator", "gate-sim", file};
  } else {
    // gatectl's synopsis: ledger suspend|reinstate --db FILE --plate P --reason TEXT.
    argv = {tools.gatectl,   "ledger",   suspend ? "suspend" : "reinstate",
            "--db",          gate_db,    "--plate",
            vehicle.plate(), "--reason", "scenario ledger edit " + std::to_string(n),
            "--operator",    "gate-sim"};
  }
  std::string output;
  auto rc = run_to_end(argv, &output, kGatectlTimeoutMs);
  if (!rc.ok()) return rc.error();
  if (rc.value() != 0) return "gatectl exited " + std::to_string(rc.value()) + ": " + output;
  return "";
}

Result<std::vector<GateLedgerRow>> gate_ledger_rows(const std::string& db_path,
                                                    const std::string& plate) {
  auto rows = sqlite_rows(db_path,
                          "SELECT h.id, h.time_unix_ms, h.actor, h.snapshot FROM vehicle_history h "
                          "JOIN vehicles v ON v.ledger_key = h.ledger_key WHERE v.plate = ? "
                          "ORDER BY h.id",
                          plate);
  if (!rows.ok()) return Error{rows.error()};
  std::vector<GateLedgerRow> out;
  for (const auto& r : rows.value()) {
    gate::v1::Vehicle v;
    v.ParseFromString(r[3]);
    out.push_back({std::stoll(r[0]), std::stoll(r[1]), r[2], v.suspended()});
  }
  return out;
}

Result<std::optional<bool>> gate_entry_suspended(const std::string& db_path,
                                                 const std::string& plate) {
  auto rows = sqlite_rows(db_path, "SELECT suspended FROM vehicles WHERE plate = ?", plate);
  if (!rows.ok()) return Error{rows.error()};
  if (rows.value().empty()) return std::optional<bool>();
  return std::optional<bool>(rows.value().front()[0] != "0");
}

Result<std::optional<bool>> master_entry_suspended(const std::string& conninfo,
                                                   const std::string& plate) {
  drivers::pg::ConnectOptions options;
  options.application_name = "gate-sim";
  auto db = drivers::pg::Connection::Connect(conninfo, options);
  if (!db.ok()) return Error{"the plant's database: " + db.error()};
  auto rows = db.value()->exec("SELECT encode(vehicle, 'hex') FROM ledger_entries WHERE plate = $1",
                               {plate});
  if (!rows.ok()) return Error{"the plant's master ledger: " + rows.error()};
  if (rows.value().rows.empty()) return std::optional<bool>();
  gate::v1::Vehicle v;
  if (!v.ParseFromString(from_hex(rows.value().text(0, 0)))) {
    return Error{"the plant's master entry of " + plate + " is not a gate.v1.Vehicle"};
  }
  return std::optional<bool>(v.suspended());
}

}  // namespace gate::sim
