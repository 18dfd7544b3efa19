#include "firmware-host/sync/platform_state.h"

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/wire_time.h"
#include "rules/display_names.h"
#include "rules/plate.h"
#include "rules/platform_strategy.h"

namespace gate::host {

namespace wire = gate::drivers::uplink;

Status check_downlink(const gate::v1::DownlinkReply& r) {
  if (r.has_control()) {
    const auto& c = r.control();
    if (!wire::alert_from_code(c.alert_level())) {
      return Error{"control.alert_level " + std::to_string(c.alert_level()) +
                   " is not 0 (none), 1 (yellow), 2 (orange) or 3 (red)"};
    }
    const int resp = c.response_level();
    if (resp < 0 || resp > 3) {
      return Error{"control.response_level " + std::to_string(resp) + " is not 0, 1, 2 or 3"};
    }
    if (!rules::strategy_from_name(c.strategy())) {
      std::string names;
      for (auto n : rules::strategy_names()) names += (names.empty() ? "" : ", ") + std::string(n);
      return Error{"control.strategy \"" + c.strategy() + "\" is none of ours: " + names};
    }
    if (!c.issued_at().empty()) {
      if (auto t = wire::parse_wire_time(c.issued_at()); !t.ok()) {
        return Error{"control.issued_at: " + t.error()};
      }
    }
    if (!c.effective_until().empty()) {
      if (auto t = wire::parse_wire_time(c.effective_until()); !t.ok()) {
        return Error{"control.effective_until: " + t.error()};
      }
    }
  }
  for (int i = 0; i < r.changes_size(); ++i) {
    const auto& ch = r.changes(i);
    const std::string where = "changes[" + std::to_string(i) + "]: ";
    if (ch.list() != kListWhitelist && ch.list() != kListExcessEmission) {
      return Error{where + "list \"" + ch.list() + "\" is not whitelist or excess_emission"};
    }
    if (ch.op() != "add" && ch.op() != "remove") {
      return Error{where + "op \"" + ch.op() + "\" is not add or remove"};
    }
    if (rules::normalise_plate(ch.plate()).empty()) return Error{where + "plate is empty"};
  }
  // Without a cursor the gate could not say what it has: it would ask for a snapshot again.
  if (r.cursor().empty()) {
    return Error{"cursor is missing or empty (the smallest valid reply is {\"cursor\":\"<c>\"})"};
  }
  return Status::Ok();
}

namespace {

// The platform's measures are in force: sent, and not past their effective_until.
bool measures_in_force(const PlatformState& s, int64_t now) {
  if (!s.has_control) return false;
  if (s.control.effective_until().empty()) return true;
  auto until = wire::parse_wire_time(s.control.effective_until());
  return !(until.ok() && now >= until.value());
}

}  // namespace

gate::v1::AlertLevel effective_alert_level(const PlatformState& s, gate::v1::AlertLevel configured,
                                           int64_t now) {
  if (!measures_in_force(s, now)) return configured;
  return wire::alert_from_code(s.control.alert_level()).value_or(configured);
}

rules::PlatformStrategyInput effective_strategy(const PlatformState& s, int64_t now) {
  rules::PlatformStrategyInput out;
  if (!s.has_control || !measures_in_force(s, now)) return out;
  out.strategy =
      rules::strategy_from_name(s.control.strategy()).value_or(rules::PlatformStrategy::kNone);
  out.code = s.control.strategy_code();
  out.reference = s.control.reference();
  return out;
}

std::string describe(const PlatformState& s) {
  std::string out;
  if (s.has_control) {
    const auto level = wire::alert_from_code(s.control.alert_level());
    out = "alert " + (level ? std::string(rules::alert_name(*level)) : std::string("?"));
    if (s.control.response_level() != 0) {
      static const char* kRoman[] = {"", "I", "II", "III"};
      out += " (response " + std::string(kRoman[s.control.response_level() & 3]) + ")";
    }
    if (!s.control.issued_at().empty()) out += " issued " + s.control.issued_at();
    if (!s.control.effective_until().empty()) out += " until " + s.control.effective_until();
    for (int i = 0; i < s.control.measures_size(); ++i) {
      out += (i == 0 ? ": " : "; ") + s.control.measures(i);
    }
    const auto strategy = rules::strategy_from_name(s.control.strategy());
    if (strategy && *strategy != rules::PlatformStrategy::kNone) {
      out +=
          "; strategy " + s.control.strategy() +
          (s.control.strategy_code().empty() ? "" : " (code " + s.control.strategy_code() + ")") +
          ": " + std::string(rules::strategy_meaning(*strategy));
    }
    if (!s.control.reference().empty()) out += "; reference " + s.control.reference();
  } else {
    out = "no control measures from the platform";
  }
  out += "; lists " + std::to_string(s.lists->whitelist.size()) + " whitelist, " +
         std::to_string(s.lists->excess_emission.size()) + " excess-emission";
  out += s.cursor.empty() ? " (nothing fetched yet)" : " (cursor " + s.cursor + ")";
  return out;
}

}  // namespace gate::host
