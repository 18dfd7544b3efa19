#include "firmware-host/gatectl/passages_commands.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <iomanip>
#include <map>
#include <vector>

#include "firmware-host/audit/record_json.h"
#include "firmware-host/gatectl/ledger_commands.h"
#include "firmware-host/store/gate_store.h"
#include "rules/cargo.h"
#include "rules/csv.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate_color.h"

namespace gate::ctl {
namespace {

using rules::spreadsheet_csv_field;

Result<gate::v1::Verdict> verdict_option(const std::string& name) {
  if (name == "pass") return gate::v1::VERDICT_PASS;
  if (name == "refuse") return gate::v1::VERDICT_REFUSE;
  if (name == "manual_pass") return gate::v1::VERDICT_MANUAL_PASS;
  if (name == "hold") return gate::v1::VERDICT_HOLD;
  return Error{"--decision must be pass, refuse, hold or manual_pass, got '" + name + "'"};
}

Result<host::PassageFilter> passage_filter(const Args& a, int offset) {
  host::PassageFilter f;
  if (Status st = read_period(a, offset, &f.from_unix_ms, &f.to_unix_ms); !st.ok()) {
    return Error{st.message()};
  }
  if (auto it = a.options.find("--plate"); it != a.options.end()) f.plate = it->second;
  if (auto it = a.options.find("--decision"); it != a.options.end()) {
    auto v = verdict_option(it->second);
    if (!v.ok()) return Error{v.error()};
    f.verdict = v.value();
  }
  if (auto it = a.options.find("--limit"); it != a.options.end()) {
    try {
      f.limit = std::stoi(it->second);
    } catch (...) {
      return Error{"--limit must be a number, got '" + it->second + "'"};
    }
  }
  return f;
}

// Text that came from outside (plate text from a camera, reasons naming it) is written with the
// spreadsheet formula guard: the file is meant to be opened in Excel.
void write_csv(const std::vector<gate::v1::Passage>& ps, int off, std::ostream& out) {
  out << "seq,time,lane,plate,plate_color,confidence,vehicle_known,emission_stage,fuel_type,"
         "decision,rule,reason,outcome,camera_time\n";
  for (const auto& p : ps) {
    out << p.seq() << "," << rules::local_time(p.time_unix_ms(), off) << ","
        << spreadsheet_csv_field(p.lane_id()) << "," << spreadsheet_csv_field(p.read().plate_text())
        << "," << rules::color_name(p.read().color()) << "," << p.read().confidence() << ","
        << (p.vehicle_known() ? 1 : 0) << "," << host::passage_stage_code(p) << ","
        << host::passage_fuel_code(p) << "," << rules::verdict_label(p.decision().verdict()) << ","
        << spreadsheet_csv_field(p.decision().rule_id()) << ","
        << spreadsheet_csv_field(p.decision().reason()) << "," << rules::outcome_name(p.outcome())
        << ","
        << (p.read().camera_time_unix_ms() != 0
                ? rules::local_time(p.read().camera_time_unix_ms(), off)
                : "")
        << "\n";
  }
}

void write_table(const std::vector<gate::v1::Passage>& ps, int off, std::ostream& out) {
  out << std::left << std::setw(7) << "SEQ" << std::setw(20) << "TIME" << std::setw(5) << "LANE"
      << std::setw(12) << "PLATE" << std::setw(13) << "COLOUR" << std::setw(6) << "STAGE"
      << std::setw(5) << "FUEL" << std::setw(8) << "DECISION" << std::setw(19) << "OUTCOME"
      << "RULE / REASON\n";
  for (const auto& p : ps) {
    // Plates hold CJK characters: pad by display columns, not bytes.
    std::string plate = p.read().plate_text();
    int cols = 0;
    for (unsigned char c : plate) cols += ((c & 0xC0) != 0x80) ? ((c >= 0xE0) ? 2 : 1) : 0;
    out << std::left << std::setw(7) << p.seq() << std::setw(20)
        << rules::local_time(p.time_unix_ms(), off) << std::setw(5) << p.lane_id() << plate
        << std::string(cols < 12 ? 12 - cols : 1, ' ') << std::setw(13)
        << rules::color_name(p.read().color()) << std::setw(6) << host::passage_stage_code(p)
        << std::setw(5) << host::passage_fuel_code(p) << std::setw(8)
        << rules::verdict_label(p.decision().verdict()) << std::setw(19)
        << rules::outcome_name(p.outcome()) << p.decision().rule_id() << " "
        << p.decision().reason() << "\n";
  }
  out << ps.size() << " passage(s)\n";
}

}  // namespace

int passages_list(const Args& a, std::ostream& out, std::ostream& err) {
  auto offset = utc_offset_option(a, 480);
  if (!offset.ok()) return usage_error(err, a, offset.error());
  auto filter = passage_filter(a, offset.value());
  if (!filter.ok()) return usage_error(err, a, filter.error());
  const std::string format = a.options.count("--format") ? a.options.at("--format") : "table";
  if (format != "table" && format != "csv" && format != "json") {
    return usage_error(err, a, "--format must be table, csv or json, got '" + format + "'");
  }
  return with_store(a, err, [&](host::GateStore& store, const std::string&) {
    auto ps = store.list_passages(filter.value());
    if (!ps.ok()) return failure(err, ps.error());
    const int off = offset.value();
    if (format == "json") {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& p : ps.value()) arr.push_back(host::passage_json(p, off));
      out << arr.dump(2) << "\n";
    } else if (format == "csv") {
      write_csv(ps.value(), off, out);
    } else {
      write_table(ps.value(), off, out);
    }
    return 0;
  });
}

int passages_summary(const Args& a, std::ostream& out, std::ostream& err) {
  return with_store(a, err, [&](host::GateStore& store, const std::string&) {
    auto ps = store.list_passages({});
    auto stats = store.outbox_stats();
    if (!ps.ok() || !stats.ok()) return failure(err, !ps.ok() ? ps.error() : stats.error());
    std::map<std::string, int> by_verdict, by_rule, by_outcome;
    for (const auto& p : ps.value()) {
      by_verdict[rules::verdict_label(p.decision().verdict())]++;
      if (p.decision().verdict() != gate::v1::VERDICT_PASS) {
        by_rule[p.decision().rule_id() + "  " + p.decision().reason()]++;
      }
      by_outcome[rules::outcome_name(p.outcome())]++;
    }
    out << "passages: " << ps.value().size() << "\n";
    for (const auto& [k, n] : by_verdict)
      out << "  " << std::left << std::setw(12) << k << n << "\n";
    out << "refusals by rule:\n";
    for (const auto& [k, n] : by_rule)
      out << "  " << std::right << std::setw(5) << n << "  " << k << "\n";
    out << "outcomes:\n";
    for (const auto& [k, n] : by_outcome)
      out << "  " << std::left << std::setw(14) << k << n << "\n";
    out << "upload: " << stats.value().acked << " record(s) acknowledged, " << stats.value().pending
        << " pending\n";
    return 0;
  });
}

namespace {

void write_cargo(const std::vector<host::CargoEntry>& entries, int off, std::ostream& out) {
  for (const auto& e : entries) {
    out << (e.revision == 1 ? "entered " : "corrected (entry " + std::to_string(e.revision) + ") ")
        << rules::local_time(e.entered_unix_ms, off) << " by " << e.entered_by << ": " << e.name
        << ", " << rules::cargo_quantity_text(e.quantity_milli) << " " << e.unit << "\n";
  }
}

}  // namespace

int passages_cargo(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "give one passage number (SEQ)");
  int64_t seq = 0;
  const std::string& seq_text = a.positional[0];
  const auto [end, ec] = std::from_chars(seq_text.data(), seq_text.data() + seq_text.size(), seq);
  if (ec != std::errc() || end != seq_text.data() + seq_text.size() || seq <= 0) {
    return usage_error(
        err, a, "SEQ is a passage number (passages list shows them), not '" + seq_text + "'");
  }
  auto offset = utc_offset_option(a, 480);
  if (!offset.ok()) return usage_error(err, a, offset.error());
  const bool entering =
      a.options.count("--name") + a.options.count("--quantity") + a.options.count("--unit") > 0;
  for (const char* k : {"--name", "--quantity", "--unit"}) {
    if (entering && option(a, k).empty()) {
      return usage_error(err, a,
                         std::string(k) +
                             " is required to enter cargo (--name, --quantity and "
                             "--unit go together; none of them shows the cargo)");
    }
  }
  return with_store(
      a, err,
      [&](host::GateStore& store, const std::string&) {
        if (entering) {
          const host::CargoInput in{option(a, "--name"), option(a, "--quantity"),
                                    option(a, "--unit"), ledger_actor(a)};
          auto e = store.record_cargo(seq, in, now_ms());
          if (!e.ok())
            return failure(err, "cargo of passage " + seq_text + " not recorded: " + e.error());
        }
        auto all = store.cargo_entries(seq);
        if (!all.ok()) return failure(err, all.error());
        if (all.value().empty()) {
          out << "passage " << seq << " has no cargo\n";
          return 0;
        }
        out << "passage " << seq << " cargo:\n";
        write_cargo(all.value(), offset.value(), out);
        if (entering)
          out << "queued for upload as " << host::cargo_outbox_kind(all.value().back().revision)
              << "\n";
        return 0;
      },
      /*read_only=*/!entering);
}

}  // namespace gate::ctl
