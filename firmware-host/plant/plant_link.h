// What the gate knows of its link to the plant database (docs/plant.md), and the words for it:
// the ALARM text of a failure, naming the setting to fix, and the /metrics lines. Pure.
#pragma once

#include <cstdint>
#include <string>

namespace gate::host {

struct PlantLinkState {
  bool configured = false;    // a plant { conninfo } is set
  bool connected = false;     // the last call to the plant succeeded
  std::string last_error;     // the last failure's text (describe_plant_failure), "" after success
  int64_t plant_seq = 0;      // the highest seq the plant holds, as last read
  bool cursor_known = false;  // plant_seq was read at least once; else the lag counts from 0
  int64_t lag_passages = 0;   // passages after plant_seq at the gate
  int64_t lag_oldest_unix_ms = 0;    // the oldest of them; 0 when none
  int64_t last_contact_unix_ms = 0;  // last successful call; 0 never
  int64_t pushed = 0;                // passages the plant took from this gated since start
};

// What kind of failure a libpq or server message is.
enum class PlantFailure {
  kCredentials,  // wrong password, unknown role, no access: fix plant.conninfo / password_file
  kUnreachable,  // no server, no route, timeout, server shut down: the plant network or server
  kOther,
};
PlantFailure classify_plant_failure(const std::string& reason);
// "credentials", "unreachable" or "other": a streak of failures alarms again when this changes.
const char* plant_failure_kind(PlantFailure k);

// The ALARM text (without "ALARM ") for a failure with `reason`, naming the setting and what to
// do, and saying that the gate goes on deciding and will send the passages later.
std::string describe_plant_failure(const std::string& reason);

// The plant lines of /metrics (Prometheus text): gate_plant_link_up, gate_plant_backlog_passages,
// gate_plant_backlog_oldest_age_seconds, gate_plant_last_contact_timestamp_seconds,
// gate_plant_pushed_total. Nothing when no plant is configured.
std::string render_plant_metrics(const PlantLinkState& s, int64_t now_unix_ms);

// One line for people: "connected; plant holds up to seq 12; 0 passage(s) behind" / "not
// connected (<error>); the plant's cursor is unknown: up to 12 passage(s) behind, oldest 300 s".
std::string describe_plant_link(const PlantLinkState& s, int64_t now_unix_ms);

}  // namespace gate::host
