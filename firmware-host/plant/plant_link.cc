#include "firmware-host/plant/plant_link.h"

#include <algorithm>
#include <sstream>

namespace gate::host {
namespace {

bool has_any(const std::string& text, const std::initializer_list<const char*>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const char* w) { return text.find(w) != std::string::npos; });
}

std::string seconds_text(int64_t ms) {
  std::ostringstream o;
  o << static_cast<double>(ms) / 1000.0;
  return o.str();
}

}  // namespace

PlantFailure classify_plant_failure(const std::string& reason) {
  if (has_any(reason,
              {"password authentication failed", "no password supplied", "no pg_hba.conf entry",
               "does not exist", "permission denied", "authentication failed"})) {
    return PlantFailure::kCredentials;
  }
  if (has_any(reason,
              {"Connection refused", "could not connect", "timeout expired",
               "could not translate host name", "No route to host", "server closed the connection",
               "terminating connection", "no connection to the server", "the database system is",
               "Network is unreachable", "connection to server"})) {
    return PlantFailure::kUnreachable;
  }
  return PlantFailure::kOther;
}

const char* plant_failure_kind(PlantFailure k) {
  switch (k) {
    case PlantFailure::kCredentials:
      return "credentials";
    case PlantFailure::kUnreachable:
      return "unreachable";
    case PlantFailure::kOther:
      break;
  }
  return "other";
}

std::string describe_plant_failure(const std::string& reason) {
  const std::string tail =
      " The gate goes on deciding from its own copy; its passages wait and are sent when the "
      "plant takes them (retrying with backoff).";
  switch (classify_plant_failure(reason)) {
    case PlantFailure::kCredentials:
      return "plant database refused this gate: " + reason +
             ". Check the role, password and database in plant.conninfo (or plant.password_file)"
             " against what deploy/plant-db.sh created." +
             tail;
    case PlantFailure::kUnreachable:
      return "plant database unreachable: " + reason +
             ". Check the host and port in plant.conninfo, the plant network and that the "
             "plant's PostgreSQL is running." +
             tail;
    case PlantFailure::kOther:
      break;
  }
  return "plant database: " + reason + " (setting plant.conninfo)." + tail;
}

std::string render_plant_metrics(const PlantLinkState& s, int64_t now_unix_ms) {
  if (!s.configured) return "";
  const int64_t age =
      s.lag_oldest_unix_ms > 0 ? std::max<int64_t>(0, now_unix_ms - s.lag_oldest_unix_ms) : 0;
  std::ostringstream o;
  o << "# HELP gate_plant_link_up 1 while the last call to the plant database succeeded\n"
    << "# TYPE gate_plant_link_up gauge\n"
    << "gate_plant_link_up " << (s.connected ? 1 : 0) << "\n"
    << "# HELP gate_plant_backlog_passages Passages at the gate that the plant does not hold yet\n"
    << "# TYPE gate_plant_backlog_passages gauge\n"
    << "gate_plant_backlog_passages " << s.lag_passages << "\n"
    << "# HELP gate_plant_backlog_oldest_age_seconds Age of the oldest passage the plant does not "
       "hold yet; 0 when none\n"
    << "# TYPE gate_plant_backlog_oldest_age_seconds gauge\n"
    << "gate_plant_backlog_oldest_age_seconds " << seconds_text(age) << "\n"
    << "# HELP gate_plant_last_contact_timestamp_seconds Unix time of the last successful call to "
       "the plant database; 0 never\n"
    << "# TYPE gate_plant_last_contact_timestamp_seconds gauge\n"
    << "gate_plant_last_contact_timestamp_seconds " << seconds_text(s.last_contact_unix_ms) << "\n"
    << "# HELP gate_plant_pushed_total Passages the plant database took from this gated since "
       "start\n"
    << "# TYPE gate_plant_pushed_total counter\n"
    << "gate_plant_pushed_total " << s.pushed << "\n";
  return o.str();
}

std::string describe_plant_link(const PlantLinkState& s, int64_t now_unix_ms) {
  if (!s.configured) return "no plant database configured";
  std::string out = s.connected ? "connected" : "not connected";
  if (!s.connected && !s.last_error.empty()) out += " (" + s.last_error + ")";
  if (s.cursor_known) {
    out += "; plant holds up to seq " + std::to_string(s.plant_seq) + "; ";
  } else {
    out += "; the plant's cursor is unknown: up to ";
  }
  out += std::to_string(s.lag_passages) + " passage(s) behind";
  if (s.lag_oldest_unix_ms > 0) {
    out += ", oldest " +
           std::to_string(std::max<int64_t>(0, now_unix_ms - s.lag_oldest_unix_ms) / 1000) + " s";
  }
  return out;
}

}  // namespace gate::host
