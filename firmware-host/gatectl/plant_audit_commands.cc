#include "firmware-host/gatectl/plant_audit_commands.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <random>
#include <set>

#include "firmware-host/audit/completeness.h"
#include "firmware-host/audit/plant_days.h"
#include "firmware-host/audit/plant_export.h"
#include "firmware-host/gatectl/audit_commands.h"
#include "firmware-host/gatectl/plant_commands.h"
#include "firmware-host/plant/plant_records.h"
#include "rules/local_time.h"

namespace gate::ctl {
namespace {

using Records = std::vector<gate::v1::Passage>;
using AuditWork = std::function<int(const Records&, const host::PlantRecordFilter&, int offset)>;

// --gate, --from and --to (local times in the configuration's offset, or --utc-offset).
Result<host::PlantRecordFilter> record_filter(const Args& a, int offset) {
  host::PlantRecordFilter f;
  f.gate_id = option(a, "--gate");
  if (Status st = read_period(a, offset, &f.from_unix_ms, &f.to_unix_ms); !st.ok()) {
    return Error{st.message()};
  }
  return f;
}

// Connects through the plant view's path, reads the matching records and runs `work`.
int with_plant_records(const Args& a, std::ostream& err, const AuditWork& work) {
  return with_plant(a, err, false, [&](drivers::pg::Connection& db, const PlantSetup& s) {
    auto f = record_filter(a, s.utc_offset);
    if (!f.ok()) return usage_error(err, a, f.error());
    auto records = host::plant_passage_records(db, f.value());
    if (!records.ok()) return failure(err, records.error());
    return work(records.value(), f.value(), s.utc_offset);
  });
}

std::string scope(const host::PlantRecordFilter& f, const Records& ps) {
  if (!f.gate_id.empty()) return "gate " + f.gate_id;
  std::set<std::string> gates;
  for (const auto& p : ps) gates.insert(p.gate_id());
  return std::to_string(gates.size()) + " gate(s)";
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

int plant_audit_sample(const Args& a, std::ostream& out, std::ostream& err) {
  int n = 10;
  uint64_t seed = 0;
  if (Status st = read_sample_options(a, &n, &seed); !st.ok()) {
    return usage_error(err, a, st.message());
  }
  return with_plant_records(
      a, err, [&](const Records& all, const host::PlantRecordFilter& f, int off) {
        // The records come in a stable order (gate, seq): the same seed draws the same passages.
        Records ps = all;
        std::mt19937_64 rng(seed);
        std::shuffle(ps.begin(), ps.end(), rng);
        out << "sample (seed " << seed << ") of " << all.size() << " passage(s) at the plant, "
            << scope(f, all) << "\n\npassages:\n";
        int incomplete = 0;
        for (int i = 0; i < n && i < static_cast<int>(ps.size()); ++i) {
          const auto& p = ps[static_cast<std::size_t>(i)];
          // The photos stay at each gate: their files are checked by the gate's own sample.
          auto missing = host::missing_passage_fields(p, true, true);
          incomplete += !missing.empty();
          out << "  " << p.gate_id() << " #" << p.seq() << " "
              << rules::local_time(p.time_unix_ms(), off) << " " << p.read().plate_text() << ": "
              << (missing.empty() ? "complete" : "missing " + join(missing)) << "\n";
        }
        out << "\n"
            << incomplete
            << " incomplete record(s) in the sample (photo files are checked at each gate: "
               "gatectl audit sample)\n";
        return 0;
      });
}

int plant_audit_days(const Args& a, std::ostream& out, std::ostream& err) {
  return with_plant_records(a, err,
                            [&](const Records& ps, const host::PlantRecordFilter&, int off) {
                              const auto days = host::plant_daily_stats(ps, off);
                              out << host::format_plant_days(days);
                              if (const std::string svg = option(a, "--svg"); !svg.empty()) {
                                std::ofstream file(svg);
                                file << host::daily_stats_svg(host::plant_totals(days));
                                file.close();
                                if (!file) return failure(err, "cannot write " + svg);
                                out << "chart of the plant's total written to " << svg << "\n";
                              }
                              return 0;
                            });
}

int plant_audit_export(const Args& a, std::ostream& out, std::ostream& err) {
  if (option(a, "--out").empty()) return usage_error(err, a, "--out DIR is required");
  return with_plant_records(
      a, err, [&](const Records& ps, const host::PlantRecordFilter& f, int off) {
        host::PlantExportOptions opt;
        opt.from_unix_ms = f.from_unix_ms;
        opt.to_unix_ms = f.to_unix_ms;
        opt.gate_id = f.gate_id;
        opt.out_dir = option(a, "--out");
        opt.utc_offset_minutes = off;
        auto sum = host::export_plant_package(ps, opt);
        if (!sum.ok()) return failure(err, sum.error());
        const auto& s = sum.value();
        out << "exported " << s.passages << " passage(s) of " << s.gates.size() << " gate(s) to "
            << opt.out_dir << " (" << s.files << " files and manifest.json; no photos or seals: "
            << "those come with each gate's audit export)\n";
        for (const auto& [id, g] : s.gates) {
          out << "  " << id << ": " << g.passages << " passage(s), seq " << g.first_seq << " to "
              << g.last_seq << "\n";
        }
        return 0;
      });
}

}  // namespace gate::ctl
