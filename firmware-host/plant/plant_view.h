// The plant-level view for gatectl and the auditor API (docs/plant.md §1, §5): every gate the
// plant database knows with its link and lag, and the passages it holds across gates. Reads
// only; parameterised SQL only. A database without the plant schema yet (no gate has connected)
// reads as empty.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/postgres/pg_connection.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::host {

// Connects with the configuration's plant { conninfo password_file } (password from the file's
// first line), `connect_timeout_s` unless the conninfo sets one; `application_name` shows in the
// plant's pg_stat_activity. The error names the setting
// to fix when plant.password_file cannot be read; otherwise it is libpq's reason (no conninfo in
// it), for the caller to pair with the advice that suits it (describe_plant_failure for gated).
Result<std::unique_ptr<drivers::pg::Connection>> connect_to_plant(
    const gate::v1::PlantConfig& cfg, int connect_timeout_s = 3,
    const std::string& application_name = "gatectl");

struct PlantGateRow {
  std::string gate_id;
  int64_t last_contact_unix_ms = 0;
  int64_t plant_seq = 0;  // the highest seq the plant holds for the gate; 0 when none
  int64_t passages = 0;   // passages the plant holds for the gate
  // The plant's clock when read, and the last contact's age on it (so the gate's and the
  // reader's clocks do not matter).
  int64_t plant_now_unix_ms = 0;
  int64_t contact_age_ms = 0;
  // As the gate last reported them (gate_report.h); gate_seq nullopt: never reported (a gate of
  // an older release), the lag is unknown.
  std::optional<int64_t> gate_seq;
  int64_t backlog_oldest_unix_ms = 0;  // 0: nothing was behind
};

// A gate's link is up while its last contact is at most this old: gates contact the plant every
// push_interval_ms (1 s) and back off up to max_backoff_ms (30 s) only after a failure.
inline constexpr int64_t kPlantLinkUpWithinMs = 10000;
bool plant_link_up(const PlantGateRow& g);
// gate_seq - plant_seq (never below 0); nullopt when the gate never reported. While the link is
// down this is the lag at the last contact: the gate's own may have grown since.
std::optional<int64_t> plant_passages_behind(const PlantGateRow& g);
// The age in seconds, on the plant's clock, of the oldest passage behind; nullopt when none.
std::optional<int64_t> plant_oldest_behind_age_s(const PlantGateRow& g);

// One gate for gatectl --format json and the auditor API: gate_id, link ("up"/"down"),
// last_contact (local) and _unix_ms, plant_seq, passages, gate_seq, behind,
// oldest_behind_age_s (null when unknown or none).
nlohmann::json plant_gate_json(const PlantGateRow& g, int utc_offset_minutes);

// Every gate in `gates`, ordered by gate_id.
Result<std::vector<PlantGateRow>> plant_gates(drivers::pg::Connection& db);

struct PlantPassageFilter {
  std::string gate_id;                  // "" for every gate
  std::optional<int64_t> from_unix_ms;  // time_unix_ms >= from
  std::optional<int64_t> to_unix_ms;    // time_unix_ms < to
  std::string plate;                    // exact plate as read; "" for any
  std::string verdict;                  // verdict key (pass, refuse, hold, manual_pass); "" any
  int limit = 0;                        // at most this many; 0 for all
};

struct PlantPassageRow {
  std::string gate_id;
  int64_t seq = 0;
  int64_t time_unix_ms = 0;
  std::string lane_id, direction, plate, verdict, rule_id, outcome;
  std::string record;  // the stored record (JSON text, audit/record_json.h)
};

// The passages that match, newest first (time, then gate_id and seq descending).
Result<std::vector<PlantPassageRow>> plant_passages_view(drivers::pg::Connection& db,
                                                         const PlantPassageFilter& f);

}  // namespace gate::host
