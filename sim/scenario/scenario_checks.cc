#include "sim/scenario/scenario_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/scenario_file.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

namespace v1 = gate::v1;

constexpr int kMaxDurationHours = 31 * 24;
constexpr int kMaxDelayMs = 600000;
constexpr int kMaxRestartAfterS = 86400;
constexpr uint32_t kMaxShareAllowance = 100;

std::string num(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// The scenario's window in local seconds: [start, end].
struct Window {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string text() const {
    return format_scenario_time(start) + " .. " + format_scenario_time(end);
  }
};

// A point in time of the scenario. `is_end` allows the window's end itself (an `until`);
// otherwise the time must fall before it (a `from` or `at`).
Result<std::int64_t> check_time(const TextLocation& at, const std::string& text,
                                const Window& window, bool is_end) {
  if (text.empty())
    return at.error(std::string("is required: ") + std::string(kScenarioTimeFormat));
  const std::optional<std::int64_t> t = parse_scenario_time(text);
  if (!t) {
    return at.error("\"" + text + "\" is not a time; write " + std::string(kScenarioTimeFormat));
  }
  if (*t < window.start || *t > window.end || (!is_end && *t == window.end)) {
    return at.error("\"" + text + "\" is outside the scenario window " + window.text() +
                    " (start plus duration_hours)");
  }
  return *t;
}

Status check_share(const TextLocation& at, double v) {
  if (!(v >= 0 && v <= 1)) {
    return at.error(num(v) + " is outside 0..1 (a share of trucks: 0.25 means 25 %)");
  }
  return Status::Ok();
}

Status check_rate(const TextLocation& at, double v) {
  if (!(v >= 0) || !std::isfinite(v)) {
    return at.error(num(v) + " must be a number >= 0 (trucks per hour)");
  }
  return Status::Ok();
}

Status check_weight(const TextLocation& at, double v) {
  if (!(v >= 0) || !std::isfinite(v)) {
    return at.error(num(v) + " must be a number >= 0 (a relative weight)");
  }
  return Status::Ok();
}

Result<Window> check_header(const v1::Scenario& s, const TextLocation& at) {
  if (s.name().empty()) {
    return at.field("name").error("is required: a short name used in reports, e.g. \"steel-week\"");
  }
  auto start = check_time(at.field("start"), s.start(), Window{INT64_MIN, INT64_MAX}, false);
  if (!start.ok()) return Error{start.error()};
  if (s.duration_hours() <= 0 || s.duration_hours() > kMaxDurationHours) {
    return at.field("duration_hours")
        .error(std::to_string(s.duration_hours()) + " is outside 1.." +
               std::to_string(kMaxDurationHours) + " (hours; 24 = one day, at most 31 days)");
  }
  if (s.has_time_acceleration() &&
      (!(s.time_acceleration() >= 1) || !std::isfinite(s.time_acceleration()))) {
    return at.field("time_acceleration")
        .error(num(s.time_acceleration()) +
               " must be at least 1 (simulated seconds per real second; 1 = real time)");
  }
  return Window{start.value(), start.value() + std::int64_t{s.duration_hours()} * 3600};
}

// Each lane_cameras entry names a lane of its gate once, with a vendor.
Status check_lane_cameras(const v1::SimGate& gate, const TextLocation& gate_at) {
  std::set<std::string> seen;
  for (int i = 0; i < gate.lane_cameras_size(); ++i) {
    const v1::LaneCamera& c = gate.lane_cameras(i);
    const TextLocation at = gate_at.field("lane_cameras", i);
    const auto& ids = gate.lane_ids();
    if (std::find(ids.begin(), ids.end(), c.lane_id()) == ids.end()) {
      return at.field("lane_id").error("\"" + c.lane_id() + "\" is not one of gate \"" +
                                       gate.gate_id() + "\"'s lane_ids");
    }
    if (!seen.insert(c.lane_id()).second) {
      return at.field("lane_id").error("\"" + c.lane_id() + "\" has two lane_cameras entries");
    }
    if (c.vendor() == v1::SIM_CAMERA_VENDOR_UNSPECIFIED) {
      return at.field("vendor").error(
          "is required: SIM_CAMERA_VENDOR_VZENITH, _HIKVISION or _DAHUA");
    }
  }
  return Status::Ok();
}

// A gate's own kind weights name kinds of the fleet, each once, with weights >= 0 and one > 0.
Status check_gate_kinds(const v1::Scenario& s, const v1::SimGate& gate,
                        const TextLocation& gate_at) {
  std::set<std::string> seen;
  double total = 0;
  for (int i = 0; i < gate.kinds_size(); ++i) {
    const v1::GateKindWeight& w = gate.kinds(i);
    const TextLocation at = gate_at.field("kinds", i);
    std::string known;
    bool found = false;
    for (const auto& k : s.fleet().kinds()) {
      known += (known.empty() ? "" : ", ") + k.name();
      found = found || k.name() == w.kind();
    }
    if (!found) {
      return at.field("kind").error("\"" + w.kind() + "\" is not the name of one of fleet.kinds (" +
                                    known + ")");
    }
    if (!seen.insert(w.kind()).second) {
      return at.field("kind").error("\"" + w.kind() + "\" is weighted twice for gate \"" +
                                    gate.gate_id() + "\"; give each kind once");
    }
    if (Status st = check_weight(at.field("weight"), w.weight()); !st.ok()) return st;
    total += w.weight();
  }
  if (gate.kinds_size() > 0 && !(total > 0)) {
    return gate_at.field("kinds", 0)
        .error(
            "every kind of this gate has weight 0; at least one needs weight > 0 (or give no kinds "
            "for the plant's fleet mix)");
  }
  return Status::Ok();
}

Status check_gates(const v1::Scenario& s, const TextLocation& at, std::set<std::string>& lanes) {
  if (s.gates_size() == 0) {
    return at.whole("gates").error(
        "at least one gate is required: gates { gate_id: \"G1\" lane_ids: \"L1\" }");
  }
  std::set<std::string> gate_ids;
  for (int g = 0; g < s.gates_size(); ++g) {
    const v1::SimGate& gate = s.gates(g);
    const TextLocation gate_at = at.field("gates", g);
    if (gate.gate_id().empty()) {
      return gate_at.error("gate_id is required (the gate_id of gated's configuration)");
    }
    if (!gate_ids.insert(gate.gate_id()).second) {
      return gate_at.field("gate_id").error("\"" + gate.gate_id() +
                                            "\" is used twice; each gate is listed once");
    }
    if (gate.lane_ids_size() == 0) {
      return gate_at.error("gate \"" + gate.gate_id() +
                           "\" needs at least one lane_ids (lane ids of gated's configuration)");
    }
    for (int l = 0; l < gate.lane_ids_size(); ++l) {
      const std::string& lane = gate.lane_ids(l);
      if (lane.empty()) return gate_at.field("lane_ids", l).error("a lane id cannot be empty");
      if (!lanes.insert(lane).second) {
        return gate_at.field("lane_ids", l)
            .error("\"" + lane + "\" is used twice; lane ids are unique across all gates");
      }
    }
    if (Status st = check_lane_cameras(gate, gate_at); !st.ok()) return st;
    if (Status st = check_gate_kinds(s, gate, gate_at); !st.ok()) return st;
  }
  return Status::Ok();
}

// Attack rates are >= 0, and attacks need a lane whose camera has credentials to forge.
Status check_attacker(const v1::Scenario& s, const TextLocation& root) {
  if (!s.has_attacker()) return Status::Ok();
  const TextLocation at = root.field("attacker");
  const v1::Attacker& a = s.attacker();
  for (const auto& [name, rate] : {std::pair{"forged_per_hour", a.forged_per_hour()},
                                   std::pair{"replayed_per_hour", a.replayed_per_hour()},
                                   std::pair{"foreign_per_hour", a.foreign_per_hour()}}) {
    if (!(rate >= 0) || !std::isfinite(rate)) {
      return at.field(name).error(num(rate) + " must be a number >= 0 (events per hour)");
    }
  }
  for (const auto& gate : s.gates()) {
    for (const auto& lane : gate.lane_ids()) {
      if (lane_camera_vendor(gate, lane) != v1::SIM_CAMERA_VENDOR_VZENITH) return Status::Ok();
    }
  }
  return at.error(
      "attacks go to lanes with a Hikvision or Dahua camera, and there is none: set a gate's "
      "camera_vendor or lane_cameras");
}

Status check_hour_ranges(const v1::ArrivalProcess& a, const TextLocation& at) {
  constexpr const char* kAllowed = " (hours are 0..24, local time)";
  for (int i = 0; i < a.hours_size(); ++i) {
    const v1::HourRange& r = a.hours(i);
    const TextLocation r_at = at.field("hours", i);
    for (int h : {r.from_hour(), r.to_hour()}) {
      if (h < 0 || h > 24)
        return r_at.error("hour " + std::to_string(h) +
                          " is outside 0..24 (local time; 24 is the end of the day)");
    }
    if (r.from_hour() >= r.to_hour()) {
      return r_at.error("from_hour " + std::to_string(r.from_hour()) + " must be before to_hour " +
                        std::to_string(r.to_hour()) + kAllowed +
                        "; write a range over midnight as two ranges");
    }
    if (Status st = check_rate(r_at.field("per_hour"), r.per_hour()); !st.ok()) return st;
    for (int j = 0; j < i; ++j) {
      const v1::HourRange& o = a.hours(j);
      if (r.from_hour() < o.to_hour() && o.from_hour() < r.to_hour()) {
        return r_at.error("hours " + std::to_string(r.from_hour()) + ".." +
                          std::to_string(r.to_hour()) + " overlap hours[" + std::to_string(j) +
                          "] " + std::to_string(o.from_hour()) + ".." +
                          std::to_string(o.to_hour()) + "; each hour of the day has one base rate");
      }
    }
  }
  return Status::Ok();
}

Status check_arrivals(const v1::Scenario& s, const TextLocation& root, const Window& window) {
  const TextLocation at = root.field("arrivals");
  if (!s.has_arrivals()) {
    return at.error(
        "is required: arrivals { per_hour: [24 values] } or arrivals { hours { "
        "from_hour to_hour per_hour } }");
  }
  const v1::ArrivalProcess& a = s.arrivals();
  if (a.per_hour_size() > 0 && a.hours_size() > 0) {
    return at.whole("per_hour")
        .error("give the base rate either as per_hour (24 values) or as hours ranges, not both");
  }
  if (a.per_hour_size() == 0 && a.hours_size() == 0) {
    return at.error(
        "a base rate is required: per_hour with 24 values (trucks per hour from "
        "0:00, 1:00, … 23:00) or hours { from_hour to_hour per_hour } ranges");
  }
  if (a.per_hour_size() > 0 && a.per_hour_size() != 24) {
    return at.whole("per_hour")
        .error("has " + std::to_string(a.per_hour_size()) +
               " values; exactly 24 are needed, one per hour of day from 0:00 to 23:00");
  }
  for (int h = 0; h < a.per_hour_size(); ++h) {
    if (Status st = check_rate(at.field("per_hour", h), a.per_hour(h)); !st.ok()) return st;
  }
  if (Status st = check_hour_ranges(a, at); !st.ok()) return st;
  for (int i = 0; i < a.bursts_size(); ++i) {
    const v1::Burst& b = a.bursts(i);
    const TextLocation b_at = at.field("bursts", i);
    auto from = check_time(b_at.field("at"), b.at(), window, false);
    if (!from.ok()) return Error{from.error()};
    if (b.duration_minutes() <= 0) {
      return b_at.field("duration_minutes")
          .error(std::to_string(b.duration_minutes()) + " must be > 0 (minutes)");
    }
    if (from.value() + std::int64_t{b.duration_minutes()} * 60 > window.end) {
      return b_at.field("duration_minutes")
          .error("the burst runs past the end of the scenario window " + window.text());
    }
    if (!(b.extra_per_hour() > 0) || !std::isfinite(b.extra_per_hour())) {
      return b_at.field("extra_per_hour")
          .error(num(b.extra_per_hour()) + " must be > 0 (extra trucks per hour)");
    }
  }
  return Status::Ok();
}

bool is_new_energy(const v1::VehicleKind& k) {
  return k.plate_color() == v1::PLATE_COLOR_GREEN ||
         k.plate_color() == v1::PLATE_COLOR_YELLOW_GREEN;
}

// Stage and fuel weights of one kind: every entry named, weights >= 0, at least one > 0.
template <class Entry, class CodeOf, class NameOf>
Status check_weighted(const google::protobuf::RepeatedPtrField<Entry>& entries,
                      const TextLocation& kind_at, const char* field, const char* code_field,
                      CodeOf code_of, NameOf name_of) {
  double total = 0;
  for (int i = 0; i < entries.size(); ++i) {
    const TextLocation e_at = kind_at.field(field, i);
    if (code_of(entries[i]) == 0) {
      return e_at.error(std::string(code_field) + " is required, e.g. " + name_of(1));
    }
    if (Status st = check_weight(e_at.field("weight"), entries[i].weight()); !st.ok()) return st;
    total += entries[i].weight();
  }
  if (!(total > 0)) {
    return (entries.empty() ? kind_at : kind_at.field(field, 0))
        .error(std::string("at least one ") + field + " entry with weight > 0 is required");
  }
  return Status::Ok();
}

Status check_kind(const v1::VehicleKind& k, const TextLocation& at) {
  if (k.name().empty()) {
    return at.error("name is required, e.g. \"diesel tractor\" (it is used in the report)");
  }
  if (Status st = check_weight(at.field("weight"), k.weight()); !st.ok()) return st;
  if (k.plate_color() == v1::PLATE_COLOR_UNSPECIFIED ||
      k.plate_color() == v1::PLATE_COLOR_UNKNOWN) {
    return at.error(
        "plate_color is required: PLATE_COLOR_BLUE, _YELLOW, _GREEN (small "
        "new-energy), _YELLOW_GREEN (large new-energy), _WHITE or _BLACK");
  }
  if (k.vehicle_class() == v1::VEHICLE_CLASS_UNSPECIFIED) {
    return at.error(
        "vehicle_class is required: VEHICLE_CLASS_TRANSPORT, _IN_PLANT or "
        "_NON_ROAD_MACHINERY");
  }
  if (Status st = check_weighted(
          k.stages(), at, "stages", "stage",
          [](const v1::StageWeight& e) { return int{e.stage()}; },
          [](int c) { return v1::EmissionStage_Name(static_cast<v1::EmissionStage>(c)); });
      !st.ok()) {
    return st;
  }
  return check_weighted(
      k.fuels(), at, "fuels", "fuel", [](const v1::FuelWeight& e) { return int{e.fuel()}; },
      [](int c) { return v1::FuelType_Name(static_cast<v1::FuelType>(c)); });
}

Status check_fleet(const v1::Scenario& s, const TextLocation& root) {
  const TextLocation at = root.field("fleet");
  if (!s.has_fleet()) return at.error("is required: fleet { kinds { name weight plate_color … } }");
  const v1::FleetMix& f = s.fleet();
  if (f.kinds_size() == 0) return at.error("at least one kinds { … } entry is required");
  double total = 0, new_energy = 0;
  for (int i = 0; i < f.kinds_size(); ++i) {
    if (Status st = check_kind(f.kinds(i), at.field("kinds", i)); !st.ok()) return st;
    total += f.kinds(i).weight();
    if (is_new_energy(f.kinds(i))) new_energy += f.kinds(i).weight();
  }
  if (!(total > 0)) {
    return at.field("kinds", 0).error("every kind has weight 0; at least one needs weight > 0");
  }
  if (f.has_new_energy_share()) {
    const TextLocation share_at = at.field("new_energy_share");
    if (Status st = check_share(share_at, f.new_energy_share()); !st.ok()) return st;
    if (f.new_energy_share() > 0 && !(new_energy > 0)) {
      return share_at.error(
          "is above 0 but no kind with a green or yellow-green plate has weight > 0");
    }
    if (f.new_energy_share() < 1 && !(total - new_energy > 0)) {
      return share_at.error(
          "is below 1 but every kind with weight > 0 has a green or yellow-green plate");
    }
  }
  if (Status st = check_share(at.field("off_ledger_share"), f.off_ledger_share()); !st.ok()) {
    return st;
  }
  return check_share(at.field("excess_emission_listed_share"), f.excess_emission_listed_share());
}

Status check_reads(const v1::Scenario& s, const TextLocation& root) {
  const TextLocation at = root.field("reads");
  const v1::ReadQuality& r = s.reads();
  for (const char* share : {"misread_share", "low_confidence_share", "duplicate_read_share"}) {
    const auto* fd = r.GetDescriptor()->FindFieldByName(share);
    if (Status st = check_share(at.field(share), r.GetReflection()->GetDouble(r, fd)); !st.ok()) {
      return st;
    }
  }
  if (r.low_confidence_share() > 0 && !r.has_low_confidence()) {
    return at.field("low_confidence_share")
        .error("is above 0, so low_confidence { min max } (confidence 0..1) is required");
  }
  if (r.has_low_confidence()) {
    const TextLocation range_at = at.field("low_confidence");
    const v1::ConfidenceRange& c = r.low_confidence();
    for (double v : {c.min(), c.max()}) {
      if (!(v >= 0 && v <= 1)) {
        return range_at.error("confidence " + num(v) + " is outside 0..1 (0.8 means 80 %)");
      }
    }
    if (c.min() > c.max()) {
      return range_at.error("min " + num(c.min()) + " must not be above max " + num(c.max()));
    }
  }
  return Status::Ok();
}

Status check_behaviour(const v1::Scenario& s, const TextLocation& root) {
  const TextLocation at = root.field("behaviour");
  if (Status st = check_share(at.field("tailgating_share"), s.behaviour().tailgating_share());
      !st.ok()) {
    return st;
  }
  return check_share(at.field("back_out_share"), s.behaviour().back_out_share());
}

struct Period {
  std::int64_t from, until;
  int index;
};

// `until` after `from`, both inside the window.
Result<Period> check_period(const TextLocation& at, const std::string& from,
                            const std::string& until, const Window& window, int index) {
  auto f = check_time(at.field("from"), from, window, false);
  if (!f.ok()) return Error{f.error()};
  auto u = check_time(at.field("until"), until, window, true);
  if (!u.ok()) return Error{u.error()};
  if (u.value() <= f.value()) {
    return at.field("until").error("\"" + until + "\" must be after from \"" + from + "\"");
  }
  return Period{f.value(), u.value(), index};
}

Status check_alerts(const v1::Scenario& s, const TextLocation& root, const Window& window) {
  std::vector<Period> periods;
  for (int i = 0; i < s.alerts_size(); ++i) {
    const v1::AlertPeriod& a = s.alerts(i);
    const TextLocation at = root.field("alerts", i);
    if (a.level() != v1::ALERT_LEVEL_YELLOW && a.level() != v1::ALERT_LEVEL_ORANGE &&
        a.level() != v1::ALERT_LEVEL_RED) {
      return at.error(
          "level is required: ALERT_LEVEL_YELLOW, ALERT_LEVEL_ORANGE or "
          "ALERT_LEVEL_RED (no alert is written as no period)");
    }
    auto p = check_period(at, a.from(), a.until(), window, i);
    if (!p.ok()) return Error{p.error()};
    for (const Period& o : periods) {
      if (p.value().from < o.until && o.from < p.value().until) {
        return at.error("overlaps alerts[" + std::to_string(o.index) +
                        "]; one alert level is in force at a time, so end one period where "
                        "the next begins");
      }
    }
    periods.push_back(p.value());
  }
  return Status::Ok();
}

// A ledger edit: a time inside the window, at the plant (not during a cut: its database is
// stopped then) or at one of the gates, a plate and a change.
Status check_ledger_edit(const v1::Scenario& s, const v1::PlantLedgerEdit& e,
                         const TextLocation& at, const Window& window,
                         const std::vector<Period>& cuts) {
  auto t = check_time(at.field("at"), e.at(), window, false);
  if (!t.ok()) return Error{t.error()};
  if (!e.at_gate().empty()) {
    std::string known;
    bool found = false;
    for (const auto& g : s.gates()) {
      found = found || g.gate_id() == e.at_gate();
      known += (known.empty() ? "" : ", ") + g.gate_id();
    }
    if (!found) {
      return at.field("at_gate").error("\"" + e.at_gate() + "\" is not one of gates.gate_id (" +
                                       known + "; \"\" = at the plant)");
    }
  } else {
    for (const Period& c : cuts) {
      if (t.value() >= c.from && t.value() < c.until) {
        return at.field("at").error(
            "\"" + e.at() + "\" falls in cuts[" + std::to_string(c.index) +
            "], when the plant's database is stopped; make the edit at a gate (at_gate) or "
            "move it out of the cut");
      }
    }
  }
  if (e.plate().empty()) {
    return at.field("plate").error("is required: a plate outside the fleet, e.g. \"豫H0E001\"");
  }
  if (e.change() == v1::PlantLedgerEdit::CHANGE_UNSPECIFIED) {
    return at.field("change").error("is required: CHANGE_SUSPEND or CHANGE_REINSTATE");
  }
  return Status::Ok();
}

// The plant: an allowance of at most kMaxShareAllowance trucks, cuts inside the window that do
// not overlap.
Status check_plant(const v1::Scenario& s, const TextLocation& root, const Window& window) {
  if (!s.has_plant()) return Status::Ok();
  const TextLocation at = root.field("plant");
  const v1::PlantSetup& p = s.plant();
  if (p.share_allowance_trucks() > kMaxShareAllowance) {
    return at.field("share_allowance_trucks")
        .error(std::to_string(p.share_allowance_trucks()) + " is above " +
               std::to_string(kMaxShareAllowance) +
               " (non-qualifying trucks a gate may admit ahead; 0 = gated's default of 3)");
  }
  std::vector<Period> periods;
  for (int i = 0; i < p.cuts_size(); ++i) {
    const TextLocation cut_at = at.field("cuts", i);
    auto c = check_period(cut_at, p.cuts(i).from(), p.cuts(i).until(), window, i);
    if (!c.ok()) return Error{c.error()};
    for (const Period& o : periods) {
      if (c.value().from < o.until && o.from < c.value().until) {
        return cut_at.error("overlaps cuts[" + std::to_string(o.index) +
                            "]; join the two into one cut");
      }
    }
    periods.push_back(c.value());
  }
  for (int i = 0; i < p.ledger_edits_size(); ++i) {
    if (Status st =
            check_ledger_edit(s, p.ledger_edits(i), at.field("ledger_edits", i), window, periods);
        !st.ok()) {
      return st;
    }
  }
  return Status::Ok();
}

Status check_fault(const v1::Fault& f, const TextLocation& at, const Window& window,
                   const std::set<std::string>& lanes) {
  if (f.kind() == v1::FAULT_KIND_UNSPECIFIED) {
    return at.error(
        "kind is required: FAULT_KIND_PLATFORM_DOWN, _PLATFORM_SLOW, "
        "_PLATFORM_GARBAGE, _MODBUS_MODULE_GONE, _CAMERA_SILENT or _DAEMON_KILLED");
  }
  const std::string kind = v1::FaultKind_Name(f.kind());
  if (f.kind() == v1::FAULT_KIND_DAEMON_KILLED) {
    if (!f.from().empty() || !f.until().empty()) {
      return at.error(kind + " happens at one instant: give `at`, not from/until");
    }
    auto t = check_time(at.field("at"), f.at(), window, false);
    if (!t.ok()) return Error{t.error()};
    if (f.restart_after_s() < 0 || f.restart_after_s() > kMaxRestartAfterS) {
      return at.field("restart_after_s")
          .error(std::to_string(f.restart_after_s()) + " is outside 0.." +
                 std::to_string(kMaxRestartAfterS) + " (seconds; 0 = restart at once)");
    }
  } else {
    if (!f.at().empty()) {
      return at.field("at").error(kind +
                                  " lasts a while: give from and until (at is for "
                                  "FAULT_KIND_DAEMON_KILLED)");
    }
    auto p = check_period(at, f.from(), f.until(), window, 0);
    if (!p.ok()) return Error{p.error()};
    if (f.restart_after_s() != 0) {
      return at.field("restart_after_s").error("applies to FAULT_KIND_DAEMON_KILLED only");
    }
  }
  if (f.kind() == v1::FAULT_KIND_PLATFORM_SLOW) {
    if (f.delay_ms() < 1 || f.delay_ms() > kMaxDelayMs) {
      return at.field("delay_ms")
          .error((f.delay_ms() == 0 ? std::string("is required")
                                    : std::to_string(f.delay_ms()) + " is outside 1.." +
                                          std::to_string(kMaxDelayMs)) +
                 " for FAULT_KIND_PLATFORM_SLOW (the platform's answer delay in milliseconds, 1.." +
                 std::to_string(kMaxDelayMs) + ")");
    }
  } else if (f.delay_ms() != 0) {
    return at.field("delay_ms").error("applies to FAULT_KIND_PLATFORM_SLOW only");
  }
  if (!f.lane_id().empty()) {
    if (f.kind() != v1::FAULT_KIND_MODBUS_MODULE_GONE && f.kind() != v1::FAULT_KIND_CAMERA_SILENT) {
      return at.field("lane_id").error(
          "applies to FAULT_KIND_MODBUS_MODULE_GONE and FAULT_KIND_CAMERA_SILENT only");
    }
    if (lanes.count(f.lane_id()) == 0) {
      std::string known;
      for (const std::string& l : lanes) known += (known.empty() ? "" : ", ") + l;
      return at.field("lane_id").error("\"" + f.lane_id() +
                                       "\" is not a lane of gates.lane_ids (known: " + known +
                                       "; empty = every lane)");
    }
  }
  return Status::Ok();
}

}  // namespace

Status check_scenario(const v1::Scenario& s, const TextLocation& at) {
  auto window = check_header(s, at);
  if (!window.ok()) return Error{window.error()};
  std::set<std::string> lanes;
  if (Status st = check_gates(s, at, lanes); !st.ok()) return st;
  if (Status st = check_arrivals(s, at, window.value()); !st.ok()) return st;
  if (Status st = check_fleet(s, at); !st.ok()) return st;
  if (Status st = check_reads(s, at); !st.ok()) return st;
  if (Status st = check_behaviour(s, at); !st.ok()) return st;
  if (Status st = check_alerts(s, at, window.value()); !st.ok()) return st;
  if (Status st = check_attacker(s, at); !st.ok()) return st;
  if (Status st = check_plant(s, at, window.value()); !st.ok()) return st;
  for (int i = 0; i < s.faults_size(); ++i) {
    if (Status st = check_fault(s.faults(i), at.field("faults", i), window.value(), lanes);
        !st.ok()) {
      return st;
    }
  }
  return Status::Ok();
}

}  // namespace gate::sim
