#include "firmware-host/audit/plant_export.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "firmware-host/audit/audit_export.h"
#include "firmware-host/audit/plant_days.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReadme = R"(Plant passages export
=====================

What this is
- The plant database's copies of the passages of the period (manifest.json: "from", "to",
  and "gate" when one gate was chosen), across gates: every gate copies each settled passage
  to the plant, with the text its audit chain hashed. One row per passage, with a "gate"
  column; "seq" is that gate's own number.
- passages.csv / passages.xlsx: the columns of a gate's audit export (docs/audit.md).
- days.txt / days.svg: per day and gate, passages, passed (pass + manual pass), refused
  (refuse + hold), held, trucks released, green trucks and the green share, then the plant's
  total; the chart shows the plant's total.
- manifest.json: the SHA-256 and size of every file above, and for each gate the number of
  passages and the first and last seq exported.

What this is not
- No photos and no daily seals: those stay at each gate and come with that gate's own export
  (`gatectl audit export` on the gate). A passage the plant does not hold yet (a gate behind
  or cut off from the plant, `gatectl plant gates` shows it) is not here.
- Not the evidence itself: each gate's database, its chain and its seals are.

How to check it
1. Every file's SHA-256 must equal the one in manifest.json (e.g. `sha256sum FILE`).
2. The plant's copies against a gate's chain: on that gate (or with a copy of its database),
   `gatectl plant compare --config CFG --gate GATE` checks that every passage of the gate up
   to the plant's cursor is at the plant with the very bytes its chain hashed, and
   `gatectl verify --db COPY --pubkey GATE.key.pub` proves the gate's file against its chain
   and seals. The rows here are read from those same copies.
CSV files are UTF-8 with a byte-order mark so that Excel shows Chinese text correctly.
)";

Status write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Error{"cannot write " + p.string() + " (disk full?)"};
  return Status::Ok();
}

nlohmann::json gates_json(const std::map<std::string, GateExtent>& gates) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, g] : gates) {
    out[id] = {{"passages", g.passages}, {"first_seq", g.first_seq}, {"last_seq", g.last_seq}};
  }
  return out;
}

}  // namespace

Result<PlantExportSummary> export_plant_package(const std::vector<gate::v1::Passage>& passages,
                                                const PlantExportOptions& opt) {
  std::error_code ec;
  const fs::path dir(opt.out_dir);
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Error{opt.out_dir + " exists and is not empty; choose a new directory"};
  }
  fs::create_directories(dir, ec);
  if (ec) return Error{"cannot create " + opt.out_dir + ": " + ec.message()};
  PlantExportSummary sum;
  sum.passages = static_cast<int>(passages.size());
  for (const auto& p : passages) {
    GateExtent& g = sum.gates[p.gate_id()];
    if (g.passages++ == 0 || p.seq() < g.first_seq) g.first_seq = p.seq();
    g.last_seq = std::max(g.last_seq, p.seq());
  }
  const int off = opt.utc_offset_minutes;
  const auto days = plant_daily_stats(passages, off);
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"passages.csv", passages_csv(passages, off)},
           {"days.txt", format_plant_days(days)},
           {"days.svg", daily_stats_svg(plant_totals(days))},
           {"README.txt", kReadme}}) {
    if (Status st = write_text(dir / name, text); !st.ok()) return Error{st.message()};
  }
  if (Status st = write_passages_xlsx(dir / "passages.xlsx", passages, off); !st.ok()) {
    return Error{st.message()};
  }
  const nlohmann::json files = export_file_list(dir);
  sum.files = static_cast<int>(files.size());
  const nlohmann::json manifest = {
      {"format", "gate-plant-export/1"},
      {"from", opt.from_unix_ms ? rules::local_time(*opt.from_unix_ms, off) : ""},
      {"to", opt.to_unix_ms ? rules::local_time(*opt.to_unix_ms, off) : ""},
      {"gate", opt.gate_id},
      {"passages", sum.passages},
      {"gates", gates_json(sum.gates)},
      {"files", files}};
  if (Status st = write_text(dir / "manifest.json", manifest.dump(2) + "\n"); !st.ok()) {
    return Error{st.message()};
  }
  return sum;
}

}  // namespace gate::host
