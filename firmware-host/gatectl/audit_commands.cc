#include "firmware-host/gatectl/audit_commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "firmware-host/audit/audit_export.h"
#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/completeness.h"
#include "firmware-host/audit/daily_report.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/gatectl/documents_dir.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/photo_store.h"
#include "rules/local_time.h"

namespace gate::ctl {

int audit_verify(const Args& a, std::ostream& out, std::ostream& err) {
  auto opt_of = [&](const char* k) -> std::string {
    auto it = a.options.find(k);
    return it == a.options.end() ? "" : it->second;
  };
  const std::string db = opt_of("--db");
  const std::string pubkey = opt_of("--pubkey");
  if (db.empty() || pubkey.empty()) {
    err << "gatectl: verify needs --db COPY_OF_GATE_DB and --pubkey GATE_KEY.pub\n";
    return 2;
  }
  std::ifstream in(pubkey);
  if (!in) {
    err << "gatectl: cannot read the public key " << pubkey << "\n";
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  host::VerifyOptions opt;
  opt.public_pem = ss.str();
  opt.photo_dir = opt_of("--photos");
  int offset = 480;
  if (std::string o = opt_of("--utc-offset"); !o.empty()) offset = std::stoi(o);
  opt.utc_offset_minutes = offset;
  for (const char* k : {"--from", "--to"}) {
    std::string v = opt_of(k);
    if (v.empty()) continue;
    auto t = parse_local_time(v, offset);
    if (!t.ok()) {
      err << "gatectl: " << k << ": " << t.error() << "\n";
      return 2;
    }
    (std::string(k) == "--from" ? opt.from_unix_ms : opt.to_unix_ms) = t.value();
  }
  auto key_id = host::public_key_id(opt.public_pem);
  if (!key_id.ok()) {
    err << "gatectl: " << pubkey << ": " << key_id.error() << "\n";
    return 2;
  }
  auto store = host::GateStore::Open(db, /*read_only=*/true);
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto rep = host::verify_gate_records(*store.value(), opt);
  if (!rep.ok()) {
    err << "gatectl: cannot verify: " << rep.error() << "\n";
    return 1;
  }
  const auto& r = rep.value();
  out << "verify " << db << " with public key " << key_id.value() << "\n"
      << "  chain entries checked: " << r.chain_entries << "\n"
      << "  seals checked:         " << r.seals << "\n"
      << "  passages in range:     " << r.passages_in_range << "\n"
      << "  photos checked:        "
      << (opt.photo_dir.empty() ? std::string("not checked (no --photos DIR)")
                                : std::to_string(r.photos_checked))
      << "\n";
  for (const auto& n : r.notes) out << "  note: " << n << "\n";
  if (!r.ok) {
    out << "FAILED: " << r.failure << "\n";
    return 1;
  }
  out << "OK: chain, seals" << (opt.photo_dir.empty() ? "" : " and photos") << " verify\n";
  return 0;
}

namespace {

struct AuditInputs {
  std::string db;
  std::string photo_dir;
  std::string docs_dir;  // ledger document images (documents_dir.h)
  int offset = 480;
  host::PassageFilter filter;
};

Result<AuditInputs> audit_inputs(const Args& a) {
  AuditInputs in;
  auto get = [&](const char* k) -> std::string {
    auto it = a.options.find(k);
    return it == a.options.end() ? "" : it->second;
  };
  in.db = get("--db");
  in.photo_dir = get("--photos");
  if (std::string cfg = get("--config"); !cfg.empty()) {
    auto c = host::load_config(cfg);
    if (!c.ok()) return Error{c.error()};
    if (in.db.empty()) in.db = c.value().database_path();
    if (in.photo_dir.empty()) in.photo_dir = c.value().photo_dir();
    in.offset = c.value().utc_offset_minutes();
  }
  if (in.db.empty()) return Error{"--db FILE (or --config FILE) is required"};
  in.docs_dir = documents_dir(a, in.db);
  if (std::string o = get("--utc-offset"); !o.empty()) in.offset = std::stoi(o);
  for (const char* k : {"--from", "--to"}) {
    std::string v = get(k);
    if (v.empty()) continue;
    auto t = parse_local_time(v, in.offset);
    if (!t.ok()) return Error{std::string(k) + ": " + t.error()};
    (std::string(k) == "--from" ? in.filter.from_unix_ms : in.filter.to_unix_ms) = t.value();
  }
  return in;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int audit_sample(const Args& a, const AuditInputs& in, host::GateStore& store, std::ostream& out,
                 std::ostream& err) {
  int n = 10;
  uint64_t seed = std::random_device{}();
  try {
    if (a.options.count("--n")) n = std::stoi(a.options.at("--n"));
    if (a.options.count("--seed")) seed = std::stoull(a.options.at("--seed"));
  } catch (...) {
    err << "gatectl: --n and --seed must be numbers\n";
    return 2;
  }
  auto ps = store.list_passages(in.filter);
  auto vs = store.load_vehicles();
  auto docs = host::list_ledger_documents(store.db());
  if (!ps.ok() || !vs.ok() || !docs.ok()) {
    err << "gatectl: " << (!ps.ok() ? ps.error() : !vs.ok() ? vs.error() : docs.error()) << "\n";
    return 1;
  }
  host::PhotoStore documents(in.docs_dir);
  // The sampled entry's documents with the state of their files (checked only when sampled).
  auto document_checks = [&](const gate::v1::Vehicle& v) {
    std::vector<host::DocumentCheck> checks;
    const std::string key = host::ledger_key_of(v);
    for (const auto& d : docs.value()) {
      if (d.ledger_key != key) continue;
      checks.push_back({d.kind, d.sha256, host::check_stored_document(documents, d.sha256)});
    }
    return checks;
  };
  std::mt19937_64 rng(seed);
  auto passages = ps.value();
  auto vehicles = vs.value();
  std::shuffle(passages.begin(), passages.end(), rng);
  std::shuffle(vehicles.begin(), vehicles.end(), rng);
  host::PhotoStore photos(in.photo_dir);
  out << "sample (seed " << seed << ") of " << ps.value().size() << " passage(s) and "
      << vs.value().size() << " ledger entr(ies)\n\npassages:\n";
  int incomplete = 0;
  for (int i = 0; i < n && i < static_cast<int>(passages.size()); ++i) {
    const auto& p = passages[static_cast<std::size_t>(i)];
    bool photo = !in.photo_dir.empty() && !p.read().image_sha256().empty() &&
                 std::filesystem::exists(photos.path_of(p.read().image_sha256()));
    if (in.photo_dir.empty()) photo = true;  // not checked
    auto missing = host::missing_passage_fields(p, photo);
    incomplete += !missing.empty();
    out << "  #" << p.seq() << " " << rules::local_time(p.time_unix_ms(), in.offset) << " "
        << p.read().plate_text() << ": "
        << (missing.empty() ? "complete" : "missing " + join(missing)) << "\n";
  }
  out << "\nledger entries:\n";
  for (int i = 0; i < n && i < static_cast<int>(vehicles.size()); ++i) {
    const auto& v = vehicles[static_cast<std::size_t>(i)];
    auto missing = host::missing_ledger_fields(v, document_checks(v));
    incomplete += !missing.empty();
    out << "  " << (v.plate().empty() ? v.registration_code() : v.plate()) << " ("
        << gate::v1::VehicleClass_Name(v.vehicle_class())
        << "): " << (missing.empty() ? "complete" : "missing " + join(missing)) << "\n";
  }
  out << "\n" << incomplete << " incomplete record(s) in the sample\n";
  return 0;
}

}  // namespace

int audit_command(const Args& a, std::ostream& out, std::ostream& err) {
  const std::string sub = a.words.size() >= 2 ? a.words[1] : "";
  auto in = audit_inputs(a);
  if (!in.ok()) {
    err << "gatectl: " << in.error() << "\n";
    return 2;
  }
  auto store = host::GateStore::Open(in.value().db, /*read_only=*/true);
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  if (sub == "sample") return audit_sample(a, in.value(), *store.value(), out, err);
  if (sub == "days") {
    auto ps = store.value()->list_passages(in.value().filter);
    if (!ps.ok()) {
      err << "gatectl: " << ps.error() << "\n";
      return 1;
    }
    auto days = host::daily_stats(ps.value(), in.value().offset);
    out << host::format_daily_stats(days);
    if (auto it = a.options.find("--svg"); it != a.options.end()) {
      std::ofstream(it->second) << host::daily_stats_svg(days);
      out << "chart written to " << it->second << "\n";
    }
    return 0;
  }
  if (sub == "export") {
    auto it = a.options.find("--out");
    if (it == a.options.end()) {
      err << "gatectl: audit export needs --out DIR\n";
      return 2;
    }
    host::ExportOptions opt;
    opt.from_unix_ms = in.value().filter.from_unix_ms;
    opt.to_unix_ms = in.value().filter.to_unix_ms;
    opt.out_dir = it->second;
    opt.photo_dir = in.value().photo_dir;
    opt.documents_dir = in.value().docs_dir;
    opt.utc_offset_minutes = in.value().offset;
    auto sum = host::export_audit_package(*store.value(), opt);
    if (!sum.ok()) {
      err << "gatectl: " << sum.error() << "\n";
      return 1;
    }
    out << "exported " << sum.value().passages << " passage(s), " << sum.value().vehicles
        << " ledger entr(ies), " << sum.value().photos << " photo(s)"
        << (sum.value().missing_photos ? " (" + std::to_string(sum.value().missing_photos) +
                                             " referenced photo(s) missing)"
                                       : std::string())
        << ", " << sum.value().documents << " ledger document(s)"
        << (sum.value().missing_documents ? " (" + std::to_string(sum.value().missing_documents) +
                                                " missing or not matching their hash)"
                                          : std::string())
        << " to " << opt.out_dir << " (" << sum.value().files << " files, manifest.json)\n";
    return sum.value().missing_photos || sum.value().missing_documents ? 1 : 0;
  }
  err << "gatectl: unknown audit command '" << sub << "' (sample, days, export)\n";
  return 2;
}

}  // namespace gate::ctl
