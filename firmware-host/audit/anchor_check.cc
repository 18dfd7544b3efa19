#include "firmware-host/audit/anchor_check.h"

#include <map>
#include <set>

#include "firmware-host/audit/daily_seal.h"

namespace gate::host {
namespace {

// The gate the copy belongs to: its seals name it, or else its passages.
Result<std::string> copy_gate_id(SqliteDb& db) {
  auto q = db.prepare(
      "SELECT COALESCE((SELECT gate_id FROM seals LIMIT 1), (SELECT gate_id FROM passages "
      "LIMIT 1), '')");
  if (!q.ok()) return Error{q.error()};
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  return q.value().text(0);
}

std::string short_hash(const std::string& h) {
  return h.size() > 16 ? h.substr(0, 16) + "…" : h;
}

// The first field in which the copy's seal and the anchored one differ, as "field: copy X,
// anchor Y"; "" when they agree.
std::string seal_difference(const Seal& copy, const Seal& anchor) {
  auto num = [](const char* f, int64_t c, int64_t a) {
    return std::string(f) + ": copy " + std::to_string(c) + ", anchor " + std::to_string(a);
  };
  if (copy.first_chain_id != anchor.first_chain_id)
    return num("first_chain_id", copy.first_chain_id, anchor.first_chain_id);
  if (copy.last_chain_id != anchor.last_chain_id)
    return num("last_chain_id", copy.last_chain_id, anchor.last_chain_id);
  if (copy.last_hash != anchor.last_hash) {
    return "last_hash: copy " + short_hash(copy.last_hash) + ", anchor " +
           short_hash(anchor.last_hash);
  }
  if (copy.passages != anchor.passages) return num("passages", copy.passages, anchor.passages);
  if (copy.outcomes != anchor.outcomes) return num("outcomes", copy.outcomes, anchor.outcomes);
  if (copy.key_id != anchor.key_id)
    return "key_id: copy " + copy.key_id + ", anchor " + anchor.key_id;
  if (copy.signature != anchor.signature) {
    return "signature: copy " + short_hash(copy.signature) + ", anchor " +
           short_hash(anchor.signature);
  }
  return "";
}

std::string where(const AnchorFile& f, int line) {
  return f.name + ":" + std::to_string(line);
}

// Every anchored seal of the gate against the copy's seal of that day.
bool check_seals(const std::vector<Seal>& copy, const AnchorFile& file, AnchorReport& rep) {
  std::map<std::string, const Seal*> by_date;
  for (const auto& s : copy) by_date[s.date] = &s;
  for (const auto& a : file.seals) {
    if (a.seal.gate_id != rep.gate_id) continue;
    const std::string day = "seal of " + a.seal.date + " (chain entries " +
                            std::to_string(a.seal.first_chain_id) + "–" +
                            std::to_string(a.seal.last_chain_id) + ")";
    auto it = by_date.find(a.seal.date);
    if (it == by_date.end()) {
      rep.failure = day + ": the platform's anchor (" + where(file, a.line) +
                    ") names a day the copy has no seal for: the seal was removed";
      return false;
    }
    if (std::string diff = seal_difference(*it->second, a.seal); !diff.empty()) {
      rep.failure = day + ": the platform's anchor disagrees with the copy (" + diff + "; " +
                    where(file, a.line) +
                    "): the day was rewritten and sealed again after the platform received "
                    "its seal";
      return false;
    }
    ++rep.seals_checked;
  }
  return true;
}

Result<int64_t> last_chain_id(SqliteDb& db) {
  auto q = db.prepare("SELECT COALESCE(MAX(id), 0) FROM chain");
  if (!q.ok()) return Error{q.error()};
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  return q.value().int64(0);
}

// What is wrong with one anchored chain head, or "" when the copy holds it with the same hash.
std::string head_problem(Statement& hash_of, int64_t last_id, const HeadAnchorLine& h,
                         const std::string& at) {
  const std::string entry = "chain entry " + std::to_string(h.chain_id);
  if (h.chain_id > last_id) {
    return entry + ", anchored by the platform (" + at +
           "), is not in the copy, which ends at "
           "entry " +
           std::to_string(last_id) +
           ": records were removed from its end, or the "
           "copy is older than the anchor file (export the anchors first, then copy the database)";
  }
  auto r = hash_of.reset().bind(1, h.chain_id).step();
  if (!r.ok()) return entry + ": cannot read it: " + r.error();
  if (!r.value()) return entry + " is missing from the copy (anchored at " + at + ")";
  const std::string copy_hash = hash_of.text(0);
  if (copy_hash == h.hash) return "";
  return entry + ": the platform's anchor disagrees with the copy (hash: copy " +
         short_hash(copy_hash) + ", anchor " + short_hash(h.hash) + "; " + at +
         "): records up to that entry were rewritten after the platform received this chain head";
}

bool check_heads(SqliteDb& db, const AnchorFile& file,
                 const std::optional<RetentionHorizon>& horizon, AnchorReport& rep) {
  auto last_id = last_chain_id(db);
  auto hash_of = db.prepare("SELECT hash FROM chain WHERE id = ?");
  if (!last_id.ok() || !hash_of.ok()) {
    rep.failure =
        "cannot read the copy's chain: " + (last_id.ok() ? hash_of.error() : last_id.error());
    return false;
  }
  int64_t before_horizon = 0;
  for (const auto& h : file.heads) {
    if (h.gate_id != rep.gate_id) continue;
    if (horizon && h.chain_id < horizon->first_chain_id) {
      ++before_horizon;
      continue;
    }
    std::string problem = head_problem(hash_of.value(), last_id.value(), h, where(file, h.line));
    if (!problem.empty()) {
      rep.failure = std::move(problem);
      return false;
    }
    ++rep.heads_checked;
  }
  if (before_horizon > 0) {
    rep.warnings.push_back(std::to_string(before_horizon) +
                           " anchored chain head(s) lie before the retention horizon (entry " +
                           std::to_string(horizon->first_chain_id) +
                           "): their records were removed by retention, not checked");
  }
  return true;
}

std::string date_list(const std::vector<std::string>& dates) {
  constexpr std::size_t kShown = 10;
  std::string out;
  for (std::size_t i = 0; i < dates.size() && i < kShown; ++i) out += (i ? ", " : "") + dates[i];
  if (dates.size() > kShown) out += " and " + std::to_string(dates.size() - kShown) + " more";
  return out;
}

// Seals of the copy that the platform holds no anchor for: warnings, since nothing outside the
// plant vouches for them.
void note_unanchored(const std::vector<Seal>& copy, const AnchorFile& file, AnchorReport& rep) {
  std::set<std::string> anchored, gates;
  for (const auto& a : file.seals) {
    gates.insert(a.seal.gate_id);
    if (a.seal.gate_id == rep.gate_id) anchored.insert(a.seal.date);
  }
  for (const auto& h : file.heads) gates.insert(h.gate_id);
  if (!gates.count(rep.gate_id)) {
    std::vector<std::string> names(gates.begin(), gates.end());
    rep.warnings.push_back("the anchor file holds no anchors for gate " + rep.gate_id +
                           (names.empty() ? "" : " (it holds those of " + date_list(names) + ")"));
  }
  const std::string last = anchored.empty() ? "" : *anchored.rbegin();
  std::vector<std::string> after, gaps;
  for (const auto& s : copy) {
    if (!anchored.count(s.date)) (s.date > last ? after : gaps).push_back(s.date);
  }
  if (!gaps.empty()) {
    rep.warnings.push_back("not anchored: the seals of " + date_list(gaps) +
                           " have no anchor although later days do (the platform missed them, "
                           "or they were replaced before it got them): ask the platform");
  }
  if (!after.empty()) {
    rep.warnings.push_back("not anchored: the seals of " + date_list(after) +
                           (last.empty() ? "" : " (after the last anchored day, " + last + ")") +
                           " have no anchor in " + file.name +
                           ": nothing outside the plant vouches for them yet");
  }
}

}  // namespace

Result<AnchorReport> check_anchors(SqliteDb& db, const AnchorFile& anchors,
                                   const std::optional<RetentionHorizon>& horizon) {
  AnchorReport rep;
  auto gate = copy_gate_id(db);
  if (!gate.ok()) return Error{"cannot read the copy's gate id: " + gate.error()};
  rep.gate_id = gate.value();
  auto seals = load_seals(db);
  if (!seals.ok()) return Error{"cannot read the copy's seals: " + seals.error()};
  rep.ok = check_seals(seals.value(), anchors, rep) && check_heads(db, anchors, horizon, rep);
  note_unanchored(seals.value(), anchors, rep);
  return rep;
}

}  // namespace gate::host
