#include "firmware-host/api/plant_routes.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "firmware-host/api/query_params.h"
#include "firmware-host/plant/plant_view.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::host {
namespace {

using json = nlohmann::json;
using drivers::HttpRequest;
using drivers::HttpResponse;

constexpr int kDefaultLimit = 1000;
constexpr int kMaxLimit = 10000;
constexpr int kConnectTimeoutS = 3;

HttpResponse reply(int status, const json& j) {
  return {status, "application/json", j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

HttpResponse error(int status, const std::string& message) {
  return reply(status, json{{"error", message}});
}

// gate/from/to/plate/decision/limit; the limit is one more than asked, to tell whether there is
// more. An error names the parameter and the accepted forms.
Result<PlantPassageFilter> filter_of(const HttpRequest& req, int offset) {
  PlantPassageFilter f;
  f.gate_id = query(req, "gate");
  if (Status st = read_query_period(req, offset, &f.from_unix_ms, &f.to_unix_ms); !st.ok()) {
    return Error{st.message()};
  }
  f.plate = rules::normalise_plate(query(req, "plate"));
  if (const std::string d = query(req, "decision"); !d.empty()) {
    if (!rules::verdict_from_key(d)) {
      return Error{"decision must be pass, refuse, hold or manual_pass, got '" + d + "'"};
    }
    f.verdict = d;
  }
  f.limit = kDefaultLimit;
  if (const std::string l = query(req, "limit"); !l.empty()) {
    char* end = nullptr;
    const long n = std::strtol(l.c_str(), &end, 10);
    if (end == l.c_str() || *end != '\0' || n < 1 || n > kMaxLimit) {
      return Error{"limit must be a number from 1 to " + std::to_string(kMaxLimit) + ", got '" + l +
                   "'"};
    }
    f.limit = static_cast<int>(n);
  }
  f.limit += 1;
  return f;
}

HttpResponse passages_reply(std::vector<PlantPassageRow> rows, int limit) {
  const bool more = static_cast<int>(rows.size()) == limit;
  if (more) rows.pop_back();
  json arr = json::array();
  for (const auto& p : rows) {
    auto rec = json::parse(p.record, nullptr, /*allow_exceptions=*/false);
    if (!rec.is_object()) rec = json::object();
    rec["gate_id"] = p.gate_id;
    rec["seq"] = p.seq;
    arr.push_back(std::move(rec));
  }
  return reply(200, json{{"count", arr.size()}, {"more", more}, {"passages", std::move(arr)}});
}

}  // namespace

HttpResponse plant_api_response(const HttpRequest& req, const gate::v1::PlantConfig& plant,
                                int off) {
  if (req.method != "GET") return error(405, "the plant API is read-only: use GET for " + req.path);
  if (plant.conninfo().empty()) {
    return error(404,
                 "this gate has no plant { conninfo } block, so it serves no plant-level view: "
                 "add the block that deploy/plant-db.sh prints (docs/plant.md)");
  }
  const std::string route = req.path.substr(std::string_view(kPlantApiPrefix).size());
  if (route != "gates" && route != "passages") {
    return error(404, "no plant route " + req.path + "; see firmware-host/api/plant_routes.h");
  }
  Result<PlantPassageFilter> f = PlantPassageFilter{};
  if (route == "passages") {
    f = filter_of(req, off);
    if (!f.ok()) return error(400, f.error());
  }
  auto db = connect_to_plant(plant, kConnectTimeoutS, "gated-api");
  if (!db.ok()) {
    return error(503, "cannot reach the plant database: " + db.error() +
                          ". Check plant.conninfo and plant.password_file in the gate's "
                          "configuration, the plant network, and that the plant's PostgreSQL runs");
  }
  if (route == "gates") {
    auto gates = plant_gates(*db.value());
    if (!gates.ok()) return error(500, gates.error());
    json arr = json::array();
    for (const auto& g : gates.value()) arr.push_back(plant_gate_json(g, off));
    return reply(
        200, json{{"link_up_within_s", kPlantLinkUpWithinMs / 1000}, {"gates", std::move(arr)}});
  }
  auto rows = plant_passages_view(*db.value(), f.value());
  if (!rows.ok()) return error(500, rows.error());
  return passages_reply(std::move(rows).value(), f.value().limit);
}

}  // namespace gate::host
