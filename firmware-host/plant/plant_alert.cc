#include "firmware-host/plant/plant_alert.h"

#include "rules/display_names.h"

namespace gate::host {
namespace {

Result<PlantAlert> from_row(const drivers::pg::Rows& r) {
  if (r.rows.empty()) return Error{"the plant database has no plant_alert row (schema version 5)"};
  PlantAlert a;
  if (r.rows[0][0]) {
    const auto level = rules::alert_from_name(r.text(0, 0));
    if (level == gate::v1::ALERT_LEVEL_UNSPECIFIED) {
      return Error{"the plant's alert level '" + r.text(0, 0) +
                   "' is not one of none, yellow, orange, red"};
    }
    a.level = level;
  }
  a.set_by = r.text(0, 1);
  a.reason = r.text(0, 2);
  a.set_unix_ms = std::stoll(r.text(0, 3));
  a.revision = std::stoll(r.text(0, 4));
  return a;
}

}  // namespace

Result<PlantAlert> read_plant_alert(drivers::pg::Connection& db) {
  auto r =
      db.exec("SELECT level, set_by, reason, set_unix_ms, revision FROM plant_alert WHERE id = 1");
  if (!r.ok()) return Error{r.error()};
  return from_row(r.value());
}

Result<PlantAlert> write_plant_alert(drivers::pg::Connection& db,
                                     std::optional<gate::v1::AlertLevel> level,
                                     const std::string& set_by, const std::string& reason,
                                     int64_t now_unix_ms) {
  drivers::pg::Value name;
  if (level) name = std::string(rules::alert_name(*level));
  auto r = db.exec(
      "UPDATE plant_alert SET level = $1, set_by = $2, reason = $3, set_unix_ms = $4, "
      "revision = revision + 1 WHERE id = 1 "
      "RETURNING level, set_by, reason, set_unix_ms, revision",
      {name, set_by, reason, std::to_string(now_unix_ms)});
  if (!r.ok()) return Error{r.error()};
  return from_row(r.value());
}

}  // namespace gate::host
