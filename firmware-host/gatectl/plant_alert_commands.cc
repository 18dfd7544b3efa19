#include "firmware-host/gatectl/plant_alert_commands.h"

#include "firmware-host/gatectl/ledger_commands.h"
#include "firmware-host/gatectl/plant_ledger_commands.h"
#include "firmware-host/plant/plant_alert.h"
#include "rules/display_names.h"
#include "rules/local_time.h"

namespace gate::ctl {
namespace {

std::string describe(const host::PlantAlert& a, int offset) {
  if (a.revision == 0) return "no alert level was ever set at the plant";
  std::string out = a.level ? "plant alert level: " + std::string(rules::alert_name(*a.level)) +
                                  " (" + std::string(rules::alert_name_zh(*a.level)) + ")"
                            : "no plant alert level in force (ended)";
  out += ", by " + a.set_by + " at " + rules::local_time(a.set_unix_ms, offset) + ": " + a.reason +
         " (revision " + std::to_string(a.revision) + ")";
  return out;
}

// The reason, required: the gates log it and show it on their dashboards.
std::optional<std::string> reason_of(const Args& a, std::ostream& err, int& rc) {
  const std::string reason = option(a, "--reason");
  if (reason.empty()) {
    rc = usage_error(err, a, "--reason TEXT is required (the gates show it with the level)");
    return std::nullopt;
  }
  return reason;
}

int write(const Args& a, std::ostream& out, std::ostream& err,
          std::optional<gate::v1::AlertLevel> level) {
  int rc = 0;
  const auto reason = reason_of(a, err, rc);
  if (!reason) return rc;
  return with_plant_database(a, err, [&](drivers::pg::Connection& db, int offset) {
    auto done = host::write_plant_alert(db, level, ledger_actor(a), *reason, now_ms());
    if (!done.ok()) return failure(err, "the plant's alert level was not changed: " + done.error());
    out << describe(done.value(), offset)
        << "\nevery gate with this plant applies it after its next push round "
           "(plant.push_interval_ms), as a level set by hand\n";
    return 0;
  });
}

}  // namespace

int plant_alert_set(const Args& a, std::ostream& out, std::ostream& err) {
  const std::string name = option(a, "--level");
  const auto level = rules::alert_from_name(name);
  if (level == gate::v1::ALERT_LEVEL_UNSPECIFIED) {
    return usage_error(err, a,
                       "--level must be one of none, yellow, orange, red; got '" + name + "'");
  }
  return write(a, out, err, level);
}

int plant_alert_clear(const Args& a, std::ostream& out, std::ostream& err) {
  return write(a, out, err, std::nullopt);
}

int plant_alert_show(const Args& a, std::ostream& out, std::ostream& err) {
  return with_plant_database(a, err, [&](drivers::pg::Connection& db, int offset) {
    auto alert = host::read_plant_alert(db);
    if (!alert.ok()) return failure(err, alert.error());
    out << describe(alert.value(), offset) << "\n";
    return 0;
  });
}

}  // namespace gate::ctl
