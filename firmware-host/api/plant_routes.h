// The auditor API at plant level (docs/plant.md §5, docs/audit.md): what the plant database holds
// across gates, read by a gated whose configuration has a plant { conninfo } block. Same callers
// as the gate-level audit routes (any token or dashboard session; read-only):
//
//   GET /api/v1/plant/gates                 every gate: link (up/down), last contact, the
//                                           plant's seq, the gate's own seq, passages behind and
//                                           the oldest one's age (plant_view.h, plant_gate_json)
//   GET /api/v1/plant/passages?gate=&from=&to=&plate=&decision=&limit=
//                                           the stored records across gates, newest first, each
//                                           with gate_id and seq (limit ≤ 10000, default 1000;
//                                           "more" says whether there are more)
//
// Each request opens its own connection (3 s connect timeout) and closes it, so a plant that is
// slow or gone holds no lane and no other request; it is then 503 with a JSON error naming
// plant.conninfo. Without a plant block the routes are 404 saying so.
#pragma once

#include "drivers/http/http_server.h"
#include "gate/v1/config.pb.h"

namespace gate::host {

inline constexpr const char* kPlantApiPrefix = "/api/v1/plant/";

// The answer to a request under kPlantApiPrefix. Thread-safe: no shared state.
drivers::HttpResponse plant_api_response(const drivers::HttpRequest& req,
                                         const gate::v1::PlantConfig& plant,
                                         int utc_offset_minutes);

}  // namespace gate::host
