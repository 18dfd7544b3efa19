#include "firmware-host/plant/plant_view.h"

#include <algorithm>
#include <fstream>

#include "firmware-host/plant/plant_schema.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

// `reported` is the gate's own side (gate_report.h), or NULLs in a database whose gates table
// predates it (no gate of this release has migrated it yet).
std::string gates_query(bool with_reports) {
  const std::string reported =
      with_reports ? "g.gate_seq, COALESCE(g.backlog_oldest_unix_ms, 0)" : "NULL::bigint, 0";
  return R"sql(
SELECT g.gate_id, (extract(epoch FROM g.last_contact) * 1000)::bigint,
       COALESCE(MAX(p.seq), 0), count(p.seq),
       (extract(epoch FROM now()) * 1000)::bigint,
       (extract(epoch FROM now() - g.last_contact) * 1000)::bigint,
       )sql" +
         reported + R"sql(
FROM gates g LEFT JOIN passages p ON p.gate_id = g.gate_id
GROUP BY g.gate_id
ORDER BY g.gate_id
)sql";
}

// Whether the gates table has the columns gates report their side in.
Result<bool> has_gate_reports(drivers::pg::Connection& db) {
  auto r = db.exec(
      "SELECT count(*) FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name = 'gates' AND column_name = "
      "'gate_seq'");
  if (!r.ok()) return Error{r.error()};
  return r.value().text(0, 0) != "0";
}

// NULL parameters switch a condition off; LIMIT NULL is no limit.
constexpr const char* kPassages = R"sql(
SELECT gate_id, seq, time_unix_ms, lane_id, direction, plate, verdict, rule_id, outcome,
       record::text
FROM passages
WHERE ($1::text IS NULL OR gate_id = $1::text)
  AND ($2::bigint IS NULL OR time_unix_ms >= $2::bigint)
  AND ($3::bigint IS NULL OR time_unix_ms < $3::bigint)
  AND ($5::text IS NULL OR plate = $5::text)
  AND ($6::text IS NULL OR verdict = $6::text)
ORDER BY time_unix_ms DESC, gate_id DESC, seq DESC
LIMIT $4::bigint
)sql";

drivers::pg::Value optional_ms(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

drivers::pg::Value optional_text(const std::string& v) {
  if (v.empty()) return std::nullopt;
  return v;
}

PlantGateRow gate_row(const drivers::pg::Rows& rows, std::size_t i) {
  PlantGateRow g;
  g.gate_id = rows.text(i, 0);
  g.last_contact_unix_ms = std::stoll(rows.text(i, 1));
  g.plant_seq = std::stoll(rows.text(i, 2));
  g.passages = std::stoll(rows.text(i, 3));
  g.plant_now_unix_ms = std::stoll(rows.text(i, 4));
  g.contact_age_ms = std::stoll(rows.text(i, 5));
  if (rows.rows[i][6]) g.gate_seq = std::stoll(*rows.rows[i][6]);
  g.backlog_oldest_unix_ms = std::stoll(rows.text(i, 7));
  return g;
}

// False (and no error) when the database has no plant schema yet.
Result<bool> has_schema(drivers::pg::Connection& db) {
  auto version = plant_schema_version(db);
  if (!version.ok()) return Error{version.error()};
  return version.value() > 0;
}

}  // namespace

Result<std::unique_ptr<drivers::pg::Connection>> connect_to_plant(
    const gate::v1::PlantConfig& cfg, int connect_timeout_s, const std::string& application_name) {
  drivers::pg::ConnectOptions options;
  options.connect_timeout_s = connect_timeout_s;
  options.application_name = application_name;
  if (!cfg.password_file().empty()) {
    std::ifstream in(cfg.password_file());
    std::string line;
    if (!in || !std::getline(in, line)) {
      return Error{"cannot read plant.password_file " + cfg.password_file() +
                   ": its first line must be the plant role's password"};
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
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
  auto reports = has_gate_reports(db);
  if (!reports.ok()) return Error{"reading the plant's gates: " + reports.error()};
  auto r = db.exec(gates_query(reports.value()));
  if (!r.ok()) return Error{"reading the plant's gates: " + r.error()};
  const auto& rows = r.value();
  for (std::size_t i = 0; i < rows.rows.size(); ++i) out.push_back(gate_row(rows, i));
  return out;
}

bool plant_link_up(const PlantGateRow& g) {
  return g.contact_age_ms <= kPlantLinkUpWithinMs;
}

std::optional<int64_t> plant_passages_behind(const PlantGateRow& g) {
  if (!g.gate_seq) return std::nullopt;
  return std::max<int64_t>(*g.gate_seq - g.plant_seq, 0);
}

std::optional<int64_t> plant_oldest_behind_age_s(const PlantGateRow& g) {
  const auto behind = plant_passages_behind(g);
  if (!behind || *behind == 0 || g.backlog_oldest_unix_ms <= 0) return std::nullopt;
  return std::max<int64_t>(g.plant_now_unix_ms - g.backlog_oldest_unix_ms, 0) / 1000;
}

nlohmann::json plant_gate_json(const PlantGateRow& g, int off) {
  const auto optional = [](const std::optional<int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"gate_id", g.gate_id},
          {"link", plant_link_up(g) ? "up" : "down"},
          {"last_contact", rules::local_time(g.last_contact_unix_ms, off)},
          {"last_contact_unix_ms", g.last_contact_unix_ms},
          {"plant_seq", g.plant_seq},
          {"passages", g.passages},
          {"gate_seq", optional(g.gate_seq)},
          {"behind", optional(plant_passages_behind(g))},
          {"oldest_behind_age_s", optional(plant_oldest_behind_age_s(g))}};
}

Result<std::vector<PlantPassageRow>> plant_passages_view(drivers::pg::Connection& db,
                                                         const PlantPassageFilter& f) {
  std::vector<PlantPassageRow> out;
  auto schema = has_schema(db);
  if (!schema.ok()) return Error{schema.error()};
  if (!schema.value()) return out;
  auto r = db.exec(
      kPassages, {f.gate_id.empty() ? drivers::pg::Value{} : f.gate_id, optional_ms(f.from_unix_ms),
                  optional_ms(f.to_unix_ms),
                  f.limit > 0 ? drivers::pg::Value{std::to_string(f.limit)} : drivers::pg::Value{},
                  optional_text(f.plate), optional_text(f.verdict)});
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
