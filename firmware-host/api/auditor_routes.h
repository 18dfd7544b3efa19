// The read-only part of the local API that remote auditors use (docs/audit.md): passages, ledger,
// ledger history, daily statistics, verification of the chain and seals, photos by hash and an
// export package. Each request opens its own read-only connection to the gate database, so
// nothing here can change a record and a slow request never holds up a lane.
//
//   GET /api/v1/audit/passages?from=&to=&plate=&decision=&limit=   JSON (limit ≤ 10000)
//   GET /api/v1/audit/passages.csv?from=&to=&plate=&decision=       CSV, UTF-8 with BOM
//   GET /api/v1/audit/ledger                                         JSON, every entry
//   GET /api/v1/audit/ledger/history?plate=                          who changed what, when
//   GET /api/v1/audit/days?from=&to=                                 daily counts, green share
//   GET /api/v1/audit/days.svg?from=&to=                             the same as a chart
//   GET /api/v1/audit/verify?from=&to=                               chain, seals and photos
//   GET /api/v1/audit/photos/<sha256>                                the image; its name is its
//   hash GET /api/v1/audit/export?from=&to=                               tar of CSV, XLSX,
//   manifest,
//                                                                    seals and README (no photos:
//                                                                    fetch them by hash)
//   GET /api/v1/audit/public-key                                     the seal key (PEM)
// Times are local "YYYY-MM-DD" or "YYYY-MM-DD HH:MM[:SS]" in the gate's zone; `to` is exclusive.
#pragma once

#include <optional>
#include <string>

#include "drivers/http/http_server.h"
#include "gate/v1/config.pb.h"

namespace gate::host {

struct AuditorRoutesOptions {
  std::string database_path;
  std::string photo_dir;
  std::string public_key_pem;  // the gate's seal key, for verify and public-key
  int utc_offset_minutes = 480;
  // The plant database (conninfo empty: none): served under /api/v1/plant/ (plant_routes.h).
  gate::v1::PlantConfig plant;
};

class AuditorRoutes {
 public:
  static constexpr const char* kPrefix = "/api/v1/audit/";
  explicit AuditorRoutes(AuditorRoutesOptions opt) : opt_(std::move(opt)) {}

  // The answer to a GET under kPrefix (404 for an unknown one). Thread-safe: no shared state.
  drivers::HttpResponse handle(const drivers::HttpRequest& req) const;
  // The same for the plant-level routes under kPlantApiPrefix (plant_routes.h).
  drivers::HttpResponse handle_plant(const drivers::HttpRequest& req) const;

 private:
  AuditorRoutesOptions opt_;
};

}  // namespace gate::host
