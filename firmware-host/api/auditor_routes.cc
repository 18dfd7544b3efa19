#include "firmware-host/api/auditor_routes.h"

#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "firmware-host/api/plant_routes.h"
#include "firmware-host/api/query_params.h"
#include "firmware-host/audit/audit_export.h"
#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/daily_report.h"
#include "firmware-host/audit/record_json.h"
#include "firmware-host/audit/tar_archive.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_history.h"
#include "firmware-host/store/photo_store.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::host {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using drivers::HttpRequest;
using drivers::HttpResponse;

constexpr int kDefaultLimit = 1000;
constexpr int kMaxLimit = 10000;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

HttpResponse reply(int status, const json& j) {
  return {status, "application/json", dump(j)};
}

HttpResponse error(int status, const std::string& message) {
  return reply(status, json{{"error", message}});
}

// from/to/plate/decision/ledger_mismatch/limit; an error names the parameter and the accepted
// forms.
Result<PassageFilter> filter_of(const HttpRequest& req, int offset, bool limited) {
  PassageFilter f;
  if (Status st = read_query_period(req, offset, &f.from_unix_ms, &f.to_unix_ms); !st.ok()) {
    return Error{st.message()};
  }
  f.plate = rules::normalise_plate(query(req, "plate"));
  if (const std::string d = query(req, "decision"); !d.empty()) {
    if (d == "pass") {
      f.verdict = gate::v1::VERDICT_PASS;
    } else if (d == "refuse") {
      f.verdict = gate::v1::VERDICT_REFUSE;
    } else if (d == "hold") {
      f.verdict = gate::v1::VERDICT_HOLD;
    } else if (d == "manual_pass") {
      f.verdict = gate::v1::VERDICT_MANUAL_PASS;
    } else {
      return Error{"decision must be pass, refuse, hold or manual_pass, got '" + d + "'"};
    }
  }
  if (const std::string m = query(req, "ledger_mismatch"); !m.empty()) {
    if (m != "1") return Error{"ledger_mismatch takes 1 (only passages the platform disagreed on)"};
    f.ledger_mismatch_only = true;
  }
  if (limited) {
    f.limit = kDefaultLimit;
    if (const std::string l = query(req, "limit"); !l.empty()) {
      char* end = nullptr;
      const long n = std::strtol(l.c_str(), &end, 10);
      if (end == l.c_str() || *end != '\0' || n < 1 || n > kMaxLimit) {
        return Error{"limit must be a number from 1 to " + std::to_string(kMaxLimit) + ", got '" +
                     l + "'"};
      }
      // One more than asked, to tell the caller whether there is more.
      f.limit = static_cast<int>(n);
    }
    f.limit += 1;
  }
  return f;
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  if (!in || !(ss << in.rdbuf())) return Error{"cannot read " + p.string()};
  return ss.str();
}

json days_json(const std::vector<DayStats>& days) {
  json arr = json::array();
  for (const auto& d : days) {
    json day = day_counts_json(d);
    day["date"] = d.date;
    day["max_alert"] = gate::v1::AlertLevel_Name(d.max_alert);
    arr.push_back(std::move(day));
  }
  return arr;
}

// A temporary directory removed when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "gate-export-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

HttpResponse AuditorRoutes::handle_plant(const HttpRequest& req) const {
  return plant_api_response(req, opt_.plant, opt_.utc_offset_minutes);
}

HttpResponse AuditorRoutes::handle(const HttpRequest& req) const {
  if (req.method != "GET") {
    return error(405, "the audit API is read-only: use GET for " + req.path);
  }
  const std::string route = req.path.substr(std::string_view(kPrefix).size());
  const int off = opt_.utc_offset_minutes;

  if (route == "public-key") return {200, "application/x-pem-file", opt_.public_key_pem};
  if (route.starts_with("photos/")) {
    const std::string sha = route.substr(7);
    if (!is_sha256_hex(sha)) {
      return error(400, "a photo is named by its SHA-256: 64 lower-case hex characters");
    }
    auto bytes = read_file(PhotoStore(opt_.photo_dir).path_of(sha));
    if (!bytes.ok()) return error(404, "no photo " + sha + " in the gate's photo store");
    if (sha256_hex(bytes.value()) != sha) {
      return error(409, "photo " + sha + " does not match its hash: the file was changed");
    }
    return {200, "image/jpeg", std::move(bytes).value()};
  }

  auto store = GateStore::Open(opt_.database_path, /*read_only=*/true);
  if (!store.ok()) return error(503, "cannot open the gate database: " + store.error());
  GateStore& db = *store.value();

  if (route == "passages" || route == "passages.csv") {
    const bool as_csv = route == "passages.csv";
    auto f = filter_of(req, off, !as_csv);
    if (!f.ok()) return error(400, f.error());
    auto ps = db.list_passages(f.value());
    if (!ps.ok()) return error(500, ps.error());
    auto& list = ps.value();
    if (as_csv) return {200, "text/csv; charset=utf-8", passages_csv(list, off)};
    const bool more = f.value().limit > 0 && static_cast<int>(list.size()) == f.value().limit;
    if (more) list.pop_back();
    json arr = json::array();
    for (const auto& p : list) arr.push_back(passage_json(p, off));
    return reply(200, json{{"count", arr.size()}, {"more", more}, {"passages", std::move(arr)}});
  }
  if (route == "ledger") {
    auto vs = db.load_vehicles();
    if (!vs.ok()) return error(500, vs.error());
    json arr = json::array();
    for (const auto& v : vs.value()) arr.push_back(vehicle_json(v));
    return reply(200, json{{"count", arr.size()}, {"vehicles", std::move(arr)}});
  }
  if (route == "ledger/history") {
    const std::string plate = rules::normalise_plate(query(req, "plate"));
    if (plate.empty()) return error(400, "ledger/history needs ?plate=");
    auto h = ledger_history(db.db(), "plate:" + plate);
    if (!h.ok()) return error(500, h.error());
    json arr = json::array();
    for (const auto& c : h.value()) {
      arr.push_back({{"time", rules::local_time(c.time_unix_ms, off)},
                     {"actor", c.actor},
                     {"action", c.action},
                     {"changes", c.changes}});
    }
    return reply(200, json{{"plate", plate}, {"changes", std::move(arr)}});
  }
  if (route == "days" || route == "days.svg") {
    auto f = filter_of(req, off, false);
    if (!f.ok()) return error(400, f.error());
    auto ps = db.list_passages(f.value());
    if (!ps.ok()) return error(500, ps.error());
    const auto days = daily_stats(ps.value(), off);
    if (route == "days.svg") return {200, "image/svg+xml", daily_stats_svg(days)};
    return reply(200, json{{"days", days_json(days)}});
  }
  if (route == "verify") {
    auto f = filter_of(req, off, false);
    if (!f.ok()) return error(400, f.error());
    VerifyOptions vo;
    vo.public_pem = opt_.public_key_pem;
    vo.from_unix_ms = f.value().from_unix_ms;
    vo.to_unix_ms = f.value().to_unix_ms;
    vo.photo_dir = opt_.photo_dir;
    vo.utc_offset_minutes = off;
    auto rep = verify_gate_records(db, vo);
    if (!rep.ok()) return error(500, "cannot verify: " + rep.error());
    const auto& r = rep.value();
    return reply(200, json{{"ok", r.ok},
                           {"failure", r.failure},
                           {"chain_entries", r.chain_entries},
                           {"seals", r.seals},
                           {"passages_in_range", r.passages_in_range},
                           {"photos_checked", r.photos_checked},
                           {"notes", r.notes}});
  }
  if (route == "export") {
    auto f = filter_of(req, off, false);
    if (!f.ok()) return error(400, f.error());
    ScratchDir scratch;
    if (scratch.path().empty()) return error(507, "cannot create a temporary directory");
    ExportOptions eo;
    eo.from_unix_ms = f.value().from_unix_ms;
    eo.to_unix_ms = f.value().to_unix_ms;
    eo.out_dir = (scratch.path() / "export").string();
    // The ledger's document images (gatectl ledger attach): small, so they travel in the tar.
    eo.documents_dir = opt_.database_path + ".documents";
    eo.utc_offset_minutes = off;
    auto sum = export_audit_package(db, eo);
    if (!sum.ok()) return error(500, "export failed: " + sum.error());
    std::vector<TarEntry> entries;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(eo.out_dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      auto bytes = read_file(it->path());
      if (!bytes.ok()) return error(500, bytes.error());
      const std::string rel = fs::relative(it->path(), scratch.path()).generic_string();
      entries.push_back({rel, std::move(bytes).value(), 0});
    }
    std::sort(entries.begin(), entries.end(),
              [](const TarEntry& a, const TarEntry& b) { return a.name < b.name; });
    auto tar = tar_archive(entries);
    if (!tar.ok()) return error(500, tar.error());
    return {200, "application/x-tar", std::move(tar).value()};
  }
  return error(404, "no audit route " + req.path +
                        "; see firmware-host/api/auditor_routes.h or docs/audit.md");
}

}  // namespace gate::host
