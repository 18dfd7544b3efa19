#include "firmware-host/audit/audit_export.h"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "firmware-host/audit/daily_report.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/export_documents.h"
#include "firmware-host/ledger/ledger_fields.h"
#include "firmware-host/store/photo_store.h"
#include "rules/codes.h"
#include "rules/csv.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate_color.h"

namespace gate::host {
namespace {

using rules::spreadsheet_csv_field;
using rules::spreadsheet_text;

namespace fs = std::filesystem;
using Row = std::vector<std::string>;

const Row kPassageHeader = {
    "seq",         "time",           "gate",           "lane",          "direction",     "plate",
    "plate_color", "confidence",     "camera",         "photo_sha256",  "vehicle_known", "vin",
    "engine_no",   "emission_stage", "fuel_type",      "vehicle_class", "fleet",         "decision",
    "rule",        "reason",         "policy_version", "operator",      "alert_level",   "outcome",
    "camera_time", "closeup_sha256"};

// The camera's own stamp beside the gate's time; empty when the camera sent none.
std::string camera_time_text(const gate::v1::Passage& p, int offset) {
  const int64_t ms = p.read().camera_time_unix_ms();
  return ms != 0 ? rules::local_time(ms, offset) : "";
}

Row passage_row(const gate::v1::Passage& p, int offset) {
  const auto& v = p.vehicle();
  const bool k = p.vehicle_known();
  return {std::to_string(p.seq()),
          rules::local_time(p.time_unix_ms(), offset),
          p.gate_id(),
          p.lane_id(),
          std::to_string(static_cast<int>(p.direction())),
          p.read().plate_text(),
          std::string(rules::color_name(p.read().color())),
          std::to_string(p.read().confidence()),
          p.read().camera_id(),
          p.read().image_sha256(),
          k ? "1" : "0",
          k ? v.vin() : "",
          k ? v.engine_no() : "",
          k ? std::string(1, rules::stage_to_code(v.emission_stage())) : "",
          k ? std::string(1, rules::fuel_to_code(v.fuel_type())) : "",
          k ? gate::v1::VehicleClass_Name(v.vehicle_class()) : "",
          k ? v.fleet() : "",
          rules::verdict_label(p.decision().verdict()),
          p.decision().rule_id(),
          p.decision().reason(),
          p.decision().policy_version(),
          p.decision().operator_id(),
          gate::v1::AlertLevel_Name(p.alert_level()),
          rules::outcome_name(p.outcome()),
          camera_time_text(p, offset),
          p.read().closeup_sha256()};
}

// The ledger sheet has the columns of the ledger CSV format, with the same cell texts, so an
// exported ledger reads back with `gatectl ledger import`; "documents" says where each entry's
// document images are in the export.
Row ledger_header() {
  Row header = ledger_field_names();
  header.push_back("documents");
  return header;
}

Row ledger_row(const gate::v1::Vehicle& v) {
  const LedgerFields fields = ledger_fields_of(v);
  Row row;
  for (const std::string& column : ledger_field_names()) row.push_back(fields.at(column));
  return row;
}

Status write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Error{"cannot write " + p.string() + " (disk full?)"};
  return Status::Ok();
}

// Every cell goes through the spreadsheet formula guard (rules/csv.h): plate text, camera ids,
// reasons and ledger free text come from outside and must never run as a formula in Excel.
std::string to_csv(const Row& header, const std::vector<Row>& rows) {
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel opens UTF-8 CSV with Chinese text correctly
  auto line = [&](const Row& r) {
    for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + spreadsheet_csv_field(r[i]);
    out += "\r\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

// Cells are written as strings (worksheet_write_string: a shared string, never a <f> formula
// element), and with the same formula guard as the CSV, so that text beginning with '=' stays
// text even when a user edits the cell in Excel, and both files show the same text.
void xlsx_sheet(lxw_workbook* wb, const char* name, const Row& header,
                const std::vector<Row>& rows) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name);
  for (std::size_t c = 0; c < header.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), nullptr);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                             spreadsheet_text(rows[r][c]).c_str(), nullptr);
    }
  }
}

std::string file_sha256(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return sha256_hex(ss.str());
}

// Every ledger document attachment: entry, kind, hash, where it is in the export (or why not).
nlohmann::json documents_manifest(const ExportedDocuments& exported, int offset) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : exported.documents) {
    out.push_back({{"ledger_key", e.doc.ledger_key},
                   {"kind", std::string(rules::document_code(e.doc.kind))},
                   {"sha256", e.doc.sha256},
                   {"path", e.path},
                   {"original_name", e.doc.original_name},
                   {"bytes", e.doc.bytes},
                   {"added", rules::local_time(e.doc.added_unix_ms, offset)},
                   {"added_by", e.doc.added_by},
                   {"problem", e.problem}});
  }
  return out;
}

constexpr const char* kReadme = R"(Gate records export
===================

What is here
- passages.csv / passages.xlsx: every passage of the period (one row per truck read and
  decided), with the ledger entry it matched, the decision, the rule and reason, the outcome.
- ledger.csv (and the "ledger" sheet): the vehicle ledger at export time.
- days.txt / days.svg: daily counts by decision, class and stage; green-plate share; alert
  days beside normal days.
- seals.csv: the gate's daily seals (Ed25519 signatures over each day's last chain hash).
- photos/: the photos the passages reference (photo_sha256 and closeup_sha256, the plate
  close-up), named by their SHA-256.
- documents/: the ledger entries' document images (随车清单, 行驶证, engine nameplate,
  machinery label), named by their SHA-256 (".jpg" whatever the image format); the
  "documents" column of ledger.csv names each entry's files, manifest.json lists every
  attachment with who added it and when.
- manifest.json: the SHA-256 and size of every file above.

How to check it
1. Every file's SHA-256 must equal the one in manifest.json (e.g. `sha256sum FILE`).
2. Every photo's and document's file name must equal the SHA-256 of its content.
3. The chain and seals are verified on a copy of the gate database with
   `gatectl verify --db gate.db --pubkey gate.key.pub --photos photos/` (see docs/audit.md of
   the gate controller); this export is a readable extract, the database is the evidence.
CSV files are UTF-8 with a byte-order mark so that Excel shows Chinese text correctly.
)";

}  // namespace

Result<ExportSummary> export_audit_package(GateStore& store, const ExportOptions& opt) {
  std::error_code ec;
  const fs::path dir(opt.out_dir);
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Error{opt.out_dir + " exists and is not empty; choose a new directory"};
  }
  fs::create_directories(dir / "photos", ec);
  if (ec) return Error{"cannot create " + opt.out_dir + ": " + ec.message()};

  PassageFilter f;
  f.from_unix_ms = opt.from_unix_ms;
  f.to_unix_ms = opt.to_unix_ms;
  auto passages = store.list_passages(f);
  if (!passages.ok()) return Error{passages.error()};
  auto vehicles = store.load_vehicles();
  if (!vehicles.ok()) return Error{vehicles.error()};
  auto seals = load_seals(store.db());
  if (!seals.ok()) return Error{seals.error()};
  auto documents = export_ledger_documents(store.db(), opt.documents_dir, dir);
  if (!documents.ok()) return Error{documents.error()};

  ExportSummary sum;
  std::vector<Row> prow, lrow, srow;
  PhotoStore photos(opt.photo_dir);
  for (const auto& p : passages.value()) {
    prow.push_back(passage_row(p, opt.utc_offset_minutes));
    if (opt.photo_dir.empty()) continue;
    // The plate close-up is a photo like the main one, named by its hash.
    for (const std::string* sha : {&p.read().image_sha256(), &p.read().closeup_sha256()}) {
      if (sha->empty()) continue;
      const fs::path target = dir / "photos" / (*sha + ".jpg");
      if (fs::exists(target, ec)) continue;
      if (fs::copy_file(photos.path_of(*sha), target, ec)) {
        ++sum.photos;
      } else {
        ++sum.missing_photos;
      }
    }
  }
  for (const auto& v : vehicles.value()) {
    lrow.push_back(ledger_row(v));
    auto cell = documents.value().cells.find(ledger_key_of(v));
    lrow.back().push_back(cell == documents.value().cells.end() ? "" : cell->second);
  }
  sum.documents = documents.value().files;
  sum.missing_documents = documents.value().missing;
  for (const auto& s : seals.value()) {
    srow.push_back({s.date, s.gate_id, std::to_string(s.first_chain_id),
                    std::to_string(s.last_chain_id), s.last_hash, std::to_string(s.passages),
                    std::to_string(s.outcomes), s.key_id, s.signature});
  }
  sum.passages = static_cast<int>(prow.size());
  sum.vehicles = static_cast<int>(lrow.size());
  const auto days = daily_stats(passages.value(), opt.utc_offset_minutes);

  const Row seal_header = {"date",     "gate",     "first_chain_id", "last_chain_id", "last_hash",
                           "passages", "outcomes", "key_id",         "signature"};
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"passages.csv", to_csv(kPassageHeader, prow)},
           {"ledger.csv", to_csv(ledger_header(), lrow)},
           {"seals.csv", to_csv(seal_header, srow)},
           {"days.txt", format_daily_stats(days)},
           {"days.svg", daily_stats_svg(days)},
           {"README.txt", kReadme}}) {
    if (Status st = write_text(dir / name, text); !st.ok()) return Error{st.message()};
  }
  lxw_workbook* wb = workbook_new((dir / "passages.xlsx").c_str());
  if (wb == nullptr) return Error{"cannot create " + (dir / "passages.xlsx").string()};
  xlsx_sheet(wb, "passages", kPassageHeader, prow);
  xlsx_sheet(wb, "ledger", ledger_header(), lrow);
  if (workbook_close(wb) != LXW_NO_ERROR) {
    return Error{"cannot write " + (dir / "passages.xlsx").string() + " (disk full?)"};
  }

  const nlohmann::json files = export_file_list(dir);
  sum.files = static_cast<int>(files.size());
  nlohmann::json manifest = {
      {"format", "gate-audit-export/1"},
      {"from",
       opt.from_unix_ms ? rules::local_time(*opt.from_unix_ms, opt.utc_offset_minutes) : ""},
      {"to", opt.to_unix_ms ? rules::local_time(*opt.to_unix_ms, opt.utc_offset_minutes) : ""},
      {"passages", sum.passages},
      {"vehicles", sum.vehicles},
      {"photos", sum.photos},
      {"missing_photos", sum.missing_photos},
      {"document_files", sum.documents},
      {"missing_documents", sum.missing_documents},
      {"documents", documents_manifest(documents.value(), opt.utc_offset_minutes)},
      {"files", files}};
  if (Status st = write_text(dir / "manifest.json", manifest.dump(2) + "\n"); !st.ok()) {
    return Error{st.message()};
  }
  return sum;
}

namespace {

std::vector<Row> passage_rows(const std::vector<gate::v1::Passage>& passages, int offset) {
  std::vector<Row> rows;
  rows.reserve(passages.size());
  for (const auto& p : passages) rows.push_back(passage_row(p, offset));
  return rows;
}

}  // namespace

std::string passages_csv(const std::vector<gate::v1::Passage>& passages, int offset) {
  return to_csv(kPassageHeader, passage_rows(passages, offset));
}

Status write_passages_xlsx(const fs::path& file, const std::vector<gate::v1::Passage>& passages,
                           int offset) {
  lxw_workbook* wb = workbook_new(file.c_str());
  if (wb == nullptr) return Error{"cannot create " + file.string()};
  xlsx_sheet(wb, "passages", kPassageHeader, passage_rows(passages, offset));
  if (workbook_close(wb) != LXW_NO_ERROR) {
    return Error{"cannot write " + file.string() + " (disk full?)"};
  }
  return Status::Ok();
}

nlohmann::json export_file_list(const fs::path& dir) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    files.push_back({{"path", fs::relative(e.path(), dir).string()},
                     {"sha256", file_sha256(e.path())},
                     {"bytes", e.file_size()}});
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a["path"] < b["path"]; });
  return files;
}

}  // namespace gate::host
