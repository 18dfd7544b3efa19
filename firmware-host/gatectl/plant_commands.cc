#include "firmware-host/gatectl/plant_commands.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <iomanip>
#include <memory>
#include <sstream>

#include "firmware-host/config/config_loader.h"
#include "firmware-host/plant/plant_compare.h"
#include "firmware-host/plant/plant_view.h"
#include "firmware-host/store/gate_store.h"
#include "rules/csv.h"
#include "rules/display_names.h"
#include "rules/local_time.h"

namespace gate::ctl {

int with_plant(const Args& a, std::ostream& err, bool csv, const PlantWork& work) {
  const std::string path = option(a, "--config");
  if (path.empty()) return usage_error(err, a, "--config CFG (a gated configuration) is required");
  PlantSetup s;
  s.format = a.options.count("--format") ? a.options.at("--format") : "table";
  if (s.format != "table" && s.format != "json" && !(csv && s.format == "csv")) {
    return usage_error(err, a,
                       std::string("--format must be table") + (csv ? ", csv" : "") +
                           " or json, got '" + s.format + "'");
  }
  auto cfg = host::load_config(path);
  if (!cfg.ok()) return failure(err, cfg.error());
  if (cfg.value().plant().conninfo().empty()) {
    return failure(err, path +
                            " has no plant { conninfo } block: add the block that "
                            "deploy/plant-db.sh prints (docs/plant.md)");
  }
  auto offset = utc_offset_option(a, cfg.value().utc_offset_minutes());
  if (!offset.ok()) return usage_error(err, a, offset.error());
  s.utc_offset = offset.value();
  s.cfg = cfg.value();
  auto db = host::connect_to_plant(cfg.value().plant());
  if (!db.ok()) {
    return failure(err, "cannot reach the plant database: " + db.error() +
                            ". Check plant.conninfo (host, port, role, database) and "
                            "plant.password_file in " +
                            path + ", the plant network, and that the plant's PostgreSQL runs.");
  }
  return work(*db.value(), s);
}

namespace {

// Plates hold CJK characters: pad by display columns, not bytes.
std::string padded(const std::string& text, int width) {
  int cols = 0;
  for (unsigned char c : text) cols += ((c & 0xC0) != 0x80) ? ((c >= 0xE0) ? 2 : 1) : 0;
  return text + std::string(cols < width ? width - cols : 1, ' ');
}

// "up", or "down since <local time of the last contact>".
std::string link_text(const host::PlantGateRow& g, int off) {
  if (host::plant_link_up(g)) return "up";
  return "down since " + rules::local_time(g.last_contact_unix_ms, off);
}

std::string optional_text(const std::optional<int64_t>& v, const std::string& suffix = "") {
  return v ? std::to_string(*v) + suffix : "-";
}

// BEHIND and GATE SEQ are "?" for a gate that never reported them (an older release).
void write_gates(const std::vector<host::PlantGateRow>& gates, int off, std::ostream& out) {
  out << std::left << std::setw(16) << "GATE" << std::setw(32) << "LINK" << std::setw(21)
      << "LAST CONTACT" << std::setw(11) << "PLANT SEQ" << std::setw(10) << "GATE SEQ"
      << std::setw(8) << "BEHIND" << std::setw(12) << "OLDEST (s)"
      << "PASSAGES\n";
  for (const auto& g : gates) {
    const auto behind = host::plant_passages_behind(g);
    out << std::left << padded(g.gate_id, 16) << std::setw(32) << link_text(g, off) << std::setw(21)
        << rules::local_time(g.last_contact_unix_ms, off) << std::setw(11) << g.plant_seq
        << std::setw(10) << (g.gate_seq ? std::to_string(*g.gate_seq) : "?") << std::setw(8)
        << (behind ? std::to_string(*behind) : "?") << std::setw(12)
        << optional_text(host::plant_oldest_behind_age_s(g)) << g.passages << "\n";
  }
  out << gates.size() << " gate(s)\n";
}

// The columns of `gatectl passages list --format csv` with the gate first, from each passage's
// stored record; text from outside (plates, reasons) with the spreadsheet formula guard.
void write_passages_csv(const std::vector<host::PlantPassageRow>& ps, std::ostream& out) {
  out << "gate,seq,time,lane,plate,plate_color,confidence,vehicle_known,emission_stage,fuel_type,"
         "decision,rule,reason,outcome,camera_time\n";
  for (const auto& p : ps) {
    auto r = nlohmann::json::parse(p.record, nullptr, /*allow_exceptions=*/false);
    if (!r.is_object()) r = nlohmann::json::object();
    const auto text = [&](const char* k) {
      return r.contains(k) && r[k].is_string() ? r[k].get<std::string>() : std::string();
    };
    // As the gate's CSV writes the read's float confidence (0.9, not 0.8999999761581421).
    std::ostringstream confidence;
    if (r.contains("confidence") && r["confidence"].is_number()) {
      confidence << static_cast<float>(r["confidence"].get<double>());
    }
    const bool known = r.value("vehicle_known", false);
    out << rules::spreadsheet_csv_field(p.gate_id) << "," << p.seq << "," << text("time") << ","
        << rules::spreadsheet_csv_field(p.lane_id) << "," << rules::spreadsheet_csv_field(p.plate)
        << "," << text("plate_color") << "," << confidence.str() << "," << (known ? 1 : 0) << ","
        << rules::spreadsheet_csv_field(text("emission_stage")) << ","
        << rules::spreadsheet_csv_field(text("fuel_type")) << "," << text("decision") << ","
        << rules::spreadsheet_csv_field(p.rule_id) << ","
        << rules::spreadsheet_csv_field(text("reason")) << "," << p.outcome << ","
        << text("camera_time") << "\n";
  }
}

void write_passages(const std::vector<host::PlantPassageRow>& ps, int off, std::ostream& out) {
  out << std::left << std::setw(16) << "GATE" << std::setw(7) << "SEQ" << std::setw(20) << "TIME"
      << std::setw(5) << "LANE" << std::setw(12) << "PLATE" << std::setw(12) << "DECISION"
      << "RULE\n";
  for (const auto& p : ps) {
    out << std::left << padded(p.gate_id, 16) << std::setw(7) << p.seq << std::setw(20)
        << rules::local_time(p.time_unix_ms, off) << std::setw(5) << p.lane_id
        << padded(p.plate, 12) << std::setw(12) << p.verdict << p.rule_id << "\n";
  }
  out << ps.size() << " passage(s)\n";
}

Result<host::PlantPassageFilter> passage_filter(const Args& a, int offset) {
  host::PlantPassageFilter f;
  f.gate_id = option(a, "--gate");
  f.plate = option(a, "--plate");
  if (const std::string d = option(a, "--decision"); !d.empty()) {
    if (!rules::verdict_from_key(d)) {
      return Error{"--decision must be pass, refuse, hold or manual_pass, got '" + d + "'"};
    }
    f.verdict = d;
  }
  if (Status st = read_period(a, offset, &f.from_unix_ms, &f.to_unix_ms); !st.ok()) {
    return Error{st.message()};
  }
  if (const std::string v = option(a, "--limit"); !v.empty()) {
    try {
      f.limit = std::stoi(v);
    } catch (...) {
      return Error{"--limit must be a number (0: all), got '" + v + "'"};
    }
    if (f.limit < 0) return Error{"--limit must be 0 (all) or more, got '" + v + "'"};
  }
  return f;
}

void write_comparison(const host::PlantComparison& c, const std::string& gate_id,
                      std::ostream& out) {
  out << "gate " << gate_id << ": the plant holds up to seq " << c.plant_cursor << "; "
      << c.compared << " passage(s) of the gate up to it, " << c.identical << " identical\n";
  if (!c.missing.empty()) {
    out << "MISSING at the plant: " << c.missing.size() << " (seq " << host::seq_ranges(c.missing)
        << ")\n";
  }
  if (!c.differing.empty()) {
    out << "DIFFERING canonical text: " << c.differing.size() << " (seq "
        << host::seq_ranges(c.differing) << ")\n";
  }
  if (!c.not_at_gate.empty()) {
    out << "at the plant but not in this database: " << c.not_at_gate.size() << " (seq "
        << host::seq_ranges(c.not_at_gate)
        << "; removed at the gate since, or not this gate's database)\n";
  }
  out << (c.ok() ? "OK: the plant's copy matches the gate up to its cursor\n"
                 : "FAILED: the plant's copy does not match the gate\n");
}

}  // namespace

int plant_compare_command(const Args& a, std::ostream& out, std::ostream& err) {
  return with_plant(a, err, false, [&](drivers::pg::Connection& db, const PlantSetup& s) {
    const std::string gate_id = a.options.count("--gate") ? option(a, "--gate") : s.cfg.gate_id();
    const std::string path = a.options.count("--db") ? option(a, "--db") : s.cfg.database_path();
    auto store = host::GateStore::Open(path, /*read_only=*/true);
    if (!store.ok())
      return failure(err, "cannot open the gate database " + path + ": " + store.error());
    auto c = host::compare_with_plant(db, *store.value(), gate_id);
    if (!c.ok()) return failure(err, c.error());
    const auto& r = c.value();
    if (s.format == "table") {
      write_comparison(r, gate_id, out);
    } else {
      out << nlohmann::json{{"gate_id", gate_id},           {"plant_cursor", r.plant_cursor},
                            {"compared", r.compared},       {"identical", r.identical},
                            {"missing", r.missing},         {"differing", r.differing},
                            {"not_at_gate", r.not_at_gate}, {"ok", r.ok()}}
                 .dump(2)
          << "\n";
    }
    return r.ok() ? 0 : 1;
  });
}

int plant_gates_command(const Args& a, std::ostream& out, std::ostream& err) {
  return with_plant(a, err, false, [&](drivers::pg::Connection& db, const PlantSetup& s) {
    auto gates = host::plant_gates(db);
    if (!gates.ok()) return failure(err, gates.error());
    if (s.format == "table") {
      write_gates(gates.value(), s.utc_offset, out);
      return 0;
    }
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& g : gates.value()) arr.push_back(host::plant_gate_json(g, s.utc_offset));
    out << arr.dump(2) << "\n";
    return 0;
  });
}

int plant_passages_command(const Args& a, std::ostream& out, std::ostream& err) {
  // The window is read in the configuration's offset, known only once it is loaded.
  return with_plant(a, err, true, [&](drivers::pg::Connection& db, const PlantSetup& s) {
    auto filter = passage_filter(a, s.utc_offset);
    if (!filter.ok()) return usage_error(err, a, filter.error());
    auto ps = host::plant_passages_view(db, filter.value());
    if (!ps.ok()) return failure(err, ps.error());
    if (s.format == "table") {
      write_passages(ps.value(), s.utc_offset, out);
      return 0;
    }
    if (s.format == "csv") {
      write_passages_csv(ps.value(), out);
      return 0;
    }
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& p : ps.value()) {
      auto rec = nlohmann::json::parse(p.record, nullptr, /*allow_exceptions=*/false);
      if (!rec.is_object()) rec = nlohmann::json::object();
      rec["gate_id"] = p.gate_id;
      rec["seq"] = p.seq;
      arr.push_back(std::move(rec));
    }
    out << arr.dump(2) << "\n";
    return 0;
  });
}

}  // namespace gate::ctl
