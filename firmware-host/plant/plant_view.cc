#include "firmware-host/plant/plant_view.h"

#include <fstream>

#include "firmware-host/plant/plant_schema.h"

namespace gate::host {
namespace {

constexpr const char* kGates = R"sql(
SELECT g.gate_id, (extract(epoch FROM g.last_contact) * 1000)::bigint,
       COALESCE(MAX(p.seq), 0), count(p.seq)
FROM gates g LEFT JOIN passages p ON p.gate_id = g.gate_id
GROUP BY g.gate_id, g.last_contact
ORDER BY g.gate_id
)sql";

// NULL parameters switch a condition off; LIMIT NULL is no limit.
constexpr const char* kPassages = R"sql(
SELECT gate_id, seq, time_unix_ms, lane_id, direction, plate, verdict, rule_id, outcome,
       record::text
FROM passages
WHERE ($1::text IS NULL OR gate_id = $1::text)
  AND ($2::bigint IS NULL OR time_unix_ms >= $2::bigint)
  AND ($3::bigint IS NULL OR time_unix_ms < $3::bigint)
ORDER BY time_unix_ms DESC, gate_id DESC, seq DESC
LIMIT $4::bigint
)sql";

drivers::pg::Value optional_ms(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

// False (and no error) when the database has no plant schema yet.
Result<bool> has_schema(drivers::pg::Connection& db) {
  auto version = plant_schema_version(db);
  if (!version.ok()) return Error{version.error()};
  return version.value() > 0;
}

}  // namespace

Result<std::unique_ptr<drivers::pg::Connection>> connect_to_plant(const gate::v1::PlantConfig& cfg,
                                                                  int connect_timeout_s) {
  drivers::pg::ConnectOptions options;
  options.connect_timeout_s = connect_timeout_s;
  options.application_name = "gatectl";
  if (!cfg.password_file().empty()) {
    std::ifstream in(cfg.password_file());
    std::string line;
    if (!in || !std::getline(in, line)) {
      return Error{"cannot read plant.password_file " + cfg.password_file() +
                   ": its first line must be the plant role's password"};
    }
    options.password = line;
  }
  auto db = drivers::pg::Connection::Connect(cfg.conninfo(), options);
  if (!db.ok()) return Error{db.error()};
  return std::move(db).value();
}

Result<std::vector<PlantGateRow>> plant_gates(drivers::pg::Connection& db) {
  std::vector<PlantGateRow> out;
  auto schema = has_schema(db);
  if (!schema.ok()) return Error{schema.error()};
  if (!schema.value()) return out;
  auto r = db.exec(kGates);
  if (!r.ok()) return Error{"reading the plant's gates: " + r.error()};
  const auto& rows = r.value();
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    out.push_back({rows.text(i, 0), std::stoll(rows.text(i, 1)), std::stoll(rows.text(i, 2)),
                   std::stoll(rows.text(i, 3))});
  }
  return out;
}

Result<std::vector<PlantPassageRow>> plant_passages_view(drivers::pg::Connection& db,
                                                         const PlantPassageFilter& f) {
  std::vector<PlantPassageRow> out;
  auto schema = has_schema(db);
  if (!schema.ok()) return Error{schema.error()};
  if (!schema.value()) return out;
  auto r = db.exec(kPassages, {f.gate_id.empty() ? drivers::pg::Value{} : f.gate_id,
                               optional_ms(f.from_unix_ms), optional_ms(f.to_unix_ms),
                               f.limit > 0 ? drivers::pg::Value{std::to_string(f.limit)}
                                           : drivers::pg::Value{}});
  if (!r.ok()) return Error{"reading the plant's passages: " + r.error()};
  const auto& rows = r.value();
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    PlantPassageRow p;
    p.gate_id = rows.text(i, 0);
    p.seq = std::stoll(rows.text(i, 1));
    p.time_unix_ms = std::stoll(rows.text(i, 2));
    p.lane_id = rows.text(i, 3);
    p.direction = rows.text(i, 4);
    p.plate = rows.text(i, 5);
    p.verdict = rows.text(i, 6);
    p.rule_id = rows.text(i, 7);
    p.outcome = rows.text(i, 8);
    p.record = rows.text(i, 9);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace gate::host
