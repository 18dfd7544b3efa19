#include "firmware-host/gatectl/plant_commands.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <iomanip>
#include <memory>

#include "firmware-host/config/config_loader.h"
#include "firmware-host/plant/plant_view.h"
#include "rules/local_time.h"

namespace gate::ctl {
namespace {

struct PlantSetup {
  std::string format;  // table or json
  int utc_offset = 480;
};

using PlantWork = std::function<int(drivers::pg::Connection&, const PlantSetup&)>;

// Loads --config, checks its plant block and --format, connects, and returns what `work`
// returns: 2 for a wrong command line, 1 when the configuration or the plant fails.
int with_plant(const Args& a, std::ostream& err, const PlantWork& work) {
  const std::string path = option(a, "--config");
  if (path.empty()) return usage_error(err, a, "--config CFG (a gated configuration) is required");
  PlantSetup s;
  s.format = a.options.count("--format") ? a.options.at("--format") : "table";
  if (s.format != "table" && s.format != "json") {
    return usage_error(err, a, "--format must be table or json, got '" + s.format + "'");
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
  auto db = host::connect_to_plant(cfg.value().plant());
  if (!db.ok()) {
    return failure(err, "cannot reach the plant database: " + db.error() +
                            ". Check plant.conninfo (host, port, role, database) and "
                            "plant.password_file in " +
                            path + ", the plant network, and that the plant's PostgreSQL runs.");
  }
  return work(*db.value(), s);
}

// Plates hold CJK characters: pad by display columns, not bytes.
std::string padded(const std::string& text, int width) {
  int cols = 0;
  for (unsigned char c : text) cols += ((c & 0xC0) != 0x80) ? ((c >= 0xE0) ? 2 : 1) : 0;
  return text + std::string(cols < width ? width - cols : 1, ' ');
}

void write_gates(const std::vector<host::PlantGateRow>& gates, int off, std::ostream& out) {
  out << std::left << std::setw(16) << "GATE" << std::setw(21) << "LAST CONTACT" << std::setw(11)
      << "PLANT SEQ"
      << "PASSAGES\n";
  for (const auto& g : gates) {
    out << std::left << padded(g.gate_id, 16) << std::setw(21)
        << rules::local_time(g.last_contact_unix_ms, off) << std::setw(11) << g.plant_seq
        << g.passages << "\n";
  }
  out << gates.size() << " gate(s)\n";
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
  for (const char* k : {"--from", "--to"}) {
    const std::string v = option(a, k);
    if (v.empty()) continue;
    auto t = parse_local_time(v, offset);
    if (!t.ok()) return Error{std::string(k) + ": " + t.error()};
    (std::string(k) == "--from" ? f.from_unix_ms : f.to_unix_ms) = t.value();
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

}  // namespace

int plant_gates_command(const Args& a, std::ostream& out, std::ostream& err) {
  return with_plant(a, err, [&](drivers::pg::Connection& db, const PlantSetup& s) {
    auto gates = host::plant_gates(db);
    if (!gates.ok()) return failure(err, gates.error());
    if (s.format == "table") {
      write_gates(gates.value(), s.utc_offset, out);
      return 0;
    }
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& g : gates.value()) {
      arr.push_back({{"gate_id", g.gate_id},
                     {"last_contact", rules::local_time(g.last_contact_unix_ms, s.utc_offset)},
                     {"last_contact_unix_ms", g.last_contact_unix_ms},
                     {"plant_seq", g.plant_seq},
                     {"passages", g.passages}});
    }
    out << arr.dump(2) << "\n";
    return 0;
  });
}

int plant_passages_command(const Args& a, std::ostream& out, std::ostream& err) {
  // The window is read in the configuration's offset, known only once it is loaded.
  return with_plant(a, err, [&](drivers::pg::Connection& db, const PlantSetup& s) {
    auto filter = passage_filter(a, s.utc_offset);
    if (!filter.ok()) return usage_error(err, a, filter.error());
    auto ps = host::plant_passages_view(db, filter.value());
    if (!ps.ok()) return failure(err, ps.error());
    if (s.format == "table") {
      write_passages(ps.value(), s.utc_offset, out);
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
