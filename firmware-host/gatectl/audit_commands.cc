#include "firmware-host/gatectl/audit_commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <sstream>

#include "firmware-host/audit/anchor_check.h"
#include "firmware-host/audit/anchor_file.h"
#include "firmware-host/audit/audit_export.h"
#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/completeness.h"
#include "firmware-host/audit/daily_report.h"
#include "firmware-host/audit/retention.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/gatectl/documents_dir.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/photo_store.h"
#include "rules/local_time.h"

namespace gate::ctl {

namespace {

Result<host::VerifyOptions> verify_options(const Args& a) {
  const std::string pubkey = option(a, "--pubkey");
  if (option(a, "--db").empty() || pubkey.empty()) {
    return Error{"--db COPY_OF_GATE_DB and --pubkey GATE_KEY.pub are required"};
  }
  std::ifstream in(pubkey);
  if (!in) return Error{"cannot read the public key " + pubkey};
  std::stringstream ss;
  ss << in.rdbuf();
  host::VerifyOptions opt;
  opt.public_pem = ss.str();
  opt.photo_dir = option(a, "--photos");
  auto offset = utc_offset_option(a, 480);
  if (!offset.ok()) return Error{offset.error()};
  opt.utc_offset_minutes = offset.value();
  if (Status st = read_period(a, offset.value(), &opt.from_unix_ms, &opt.to_unix_ms); !st.ok()) {
    return Error{st.message()};
  }
  return opt;
}

}  // namespace

namespace {

// --anchors FILE: the copy against the anchors its platform holds. Prints what was checked and
// the warnings; returns whether the anchors agree (and an error for an unreadable file).
Result<bool> verify_anchors(const std::string& path, host::GateStore& store, std::ostream& out) {
  auto file = host::read_anchor_file(path);
  if (!file.ok()) return Error{file.error()};
  auto horizon = host::load_retention_horizon(store.db());
  if (!horizon.ok()) return Error{horizon.error()};
  auto rep = host::check_anchors(store.db(), file.value(), horizon.value());
  if (!rep.ok()) return Error{"cannot check the anchors: " + rep.error()};
  const auto& r = rep.value();
  out << "  anchors checked:       " << r.seals_checked << " seal(s), " << r.heads_checked
      << " chain head(s) of gate " << r.gate_id << " from " << path << "\n";
  for (const auto& w : r.warnings) out << "  warning: " << w << "\n";
  if (!r.ok) out << "FAILED: " << r.failure << "\n";
  return r.ok;
}

}  // namespace

int audit_verify(const Args& a, std::ostream& out, std::ostream& err) {
  auto options = verify_options(a);
  if (!options.ok()) return usage_error(err, a, options.error());
  const auto& opt = options.value();
  const std::string db = option(a, "--db");
  const std::string anchors = option(a, "--anchors");
  auto key_id = host::public_key_id(opt.public_pem);
  if (!key_id.ok()) return usage_error(err, a, option(a, "--pubkey") + ": " + key_id.error());
  auto store = host::GateStore::Open(db, /*read_only=*/true);
  if (!store.ok()) return failure(err, store.error());
  auto rep = host::verify_gate_records(*store.value(), opt);
  if (!rep.ok()) return failure(err, "cannot verify: " + rep.error());
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
  if (!r.ok) out << "FAILED: " << r.failure << "\n";
  bool anchors_agree = true;
  if (!anchors.empty()) {
    auto checked = verify_anchors(anchors, *store.value(), out);
    if (!checked.ok()) return failure(err, checked.error());
    anchors_agree = checked.value();
  }
  if (!r.ok || !anchors_agree) return 1;
  std::vector<std::string> checked = {"chain", "seals"};
  if (!opt.photo_dir.empty()) checked.push_back("photos");
  if (!anchors.empty()) checked.push_back("the platform's anchors");
  out << "OK: ";
  for (std::size_t i = 0; i < checked.size(); ++i) {
    out << (i == 0 ? "" : i + 1 == checked.size() ? " and " : ", ") << checked[i];
  }
  out << " verify\n";
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
  in.db = option(a, "--db");
  in.photo_dir = option(a, "--photos");
  if (std::string cfg = option(a, "--config"); !cfg.empty()) {
    auto c = host::load_config(cfg);
    if (!c.ok()) return Error{c.error()};
    if (in.db.empty()) in.db = c.value().database_path();
    if (in.photo_dir.empty()) in.photo_dir = c.value().photo_dir();
    in.offset = c.value().utc_offset_minutes();
  }
  if (in.db.empty()) return Error{"--db FILE (or --config FILE) is required"};
  in.docs_dir = documents_dir(a, in.db);
  auto offset = utc_offset_option(a, in.offset);
  if (!offset.ok()) return Error{offset.error()};
  in.offset = offset.value();
  if (Status st = read_period(a, in.offset, &in.filter.from_unix_ms, &in.filter.to_unix_ms);
      !st.ok()) {
    return Error{st.message()};
  }
  return in;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Reads the inputs every audit command takes, opens the database read-only and runs `work`.
int with_audit_inputs(const Args& a, std::ostream& err,
                      const std::function<int(const AuditInputs&, host::GateStore&)>& work) {
  auto in = audit_inputs(a);
  if (!in.ok()) return usage_error(err, a, in.error());
  auto store = host::GateStore::Open(in.value().db, /*read_only=*/true);
  if (!store.ok()) return failure(err, store.error());
  return work(in.value(), *store.value());
}

int sample(const AuditInputs& in, int n, uint64_t seed, host::GateStore& store, std::ostream& out,
           std::ostream& err) {
  auto ps = store.list_passages(in.filter);
  auto vs = store.load_vehicles();
  auto docs = host::list_ledger_documents(store.db());
  if (!ps.ok() || !vs.ok() || !docs.ok()) {
    return failure(err, !ps.ok() ? ps.error() : !vs.ok() ? vs.error() : docs.error());
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
    // Without a photo directory the files are not checked.
    auto present = [&](const std::string& sha) {
      return in.photo_dir.empty() || (!sha.empty() && std::filesystem::exists(photos.path_of(sha)));
    };
    auto missing = host::missing_passage_fields(p, present(p.read().image_sha256()),
                                                present(p.read().closeup_sha256()));
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

Status read_sample_options(const Args& a, int* n, uint64_t* seed) {
  *n = 10;
  *seed = std::random_device{}();
  try {
    if (a.options.count("--n")) *n = std::stoi(a.options.at("--n"));
    if (a.options.count("--seed")) *seed = std::stoull(a.options.at("--seed"));
  } catch (...) {
    return Error{"--n and --seed must be numbers"};
  }
  return Status::Ok();
}

int audit_sample(const Args& a, std::ostream& out, std::ostream& err) {
  int n = 10;
  uint64_t seed = 0;
  if (Status st = read_sample_options(a, &n, &seed); !st.ok()) {
    return usage_error(err, a, st.message());
  }
  return with_audit_inputs(a, err, [&](const AuditInputs& in, host::GateStore& store) {
    return sample(in, n, seed, store, out, err);
  });
}

int audit_days(const Args& a, std::ostream& out, std::ostream& err) {
  return with_audit_inputs(a, err, [&](const AuditInputs& in, host::GateStore& store) {
    auto ps = store.list_passages(in.filter);
    if (!ps.ok()) return failure(err, ps.error());
    auto days = host::daily_stats(ps.value(), in.offset);
    out << host::format_daily_stats(days);
    if (const std::string svg = option(a, "--svg"); !svg.empty()) {
      std::ofstream(svg) << host::daily_stats_svg(days);
      out << "chart written to " << svg << "\n";
    }
    return 0;
  });
}

int audit_export(const Args& a, std::ostream& out, std::ostream& err) {
  if (option(a, "--out").empty()) return usage_error(err, a, "--out DIR is required");
  return with_audit_inputs(a, err, [&](const AuditInputs& in, host::GateStore& store) {
    host::ExportOptions opt;
    opt.from_unix_ms = in.filter.from_unix_ms;
    opt.to_unix_ms = in.filter.to_unix_ms;
    opt.out_dir = option(a, "--out");
    opt.photo_dir = in.photo_dir;
    opt.documents_dir = in.docs_dir;
    opt.utc_offset_minutes = in.offset;
    auto sum = host::export_audit_package(store, opt);
    if (!sum.ok()) return failure(err, sum.error());
    const auto& s = sum.value();
    out << "exported " << s.passages << " passage(s), " << s.vehicles << " ledger entr(ies), "
        << s.photos << " photo(s)"
        << (s.missing_photos
                ? " (" + std::to_string(s.missing_photos) + " referenced photo(s) missing)"
                : std::string())
        << ", " << s.documents << " ledger document(s)"
        << (s.missing_documents ? " (" + std::to_string(s.missing_documents) +
                                      " missing or not matching their hash)"
                                : std::string())
        << " to " << opt.out_dir << " (" << s.files << " files, manifest.json)\n";
    return s.missing_photos || s.missing_documents ? 1 : 0;
  });
}

}  // namespace gate::ctl
