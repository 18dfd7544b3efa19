#include "firmware-host/plant/plant_share_settlement.h"

#include <set>

#include "rules/display_names.h"
#include "rules/plant_share.h"

namespace gate::host {
namespace {

using Key = std::pair<std::string, std::string>;  // (day, counter)

constexpr const char* kEnsureTally = R"sql(
INSERT INTO share_tally (day, counter, target_bp, mode, opening_allowance)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day, counter) DO NOTHING
)sql";

constexpr const char* kLockTally = R"sql(
SELECT released, qualifying, granted_bp, target_bp, mode, opening_allowance
FROM share_tally WHERE day = $1 AND counter = $2 FOR UPDATE
)sql";

constexpr const char* kEnsureLease = R"sql(
INSERT INTO share_leases (day, counter, gate_id) VALUES ($1, $2, $3)
ON CONFLICT (day, counter, gate_id) DO NOTHING
)sql";

constexpr const char* kReadLease = R"sql(
SELECT reported_released, reported_qualifying, allowance_bp
FROM share_leases WHERE day = $1 AND counter = $2 AND gate_id = $3 FOR UPDATE
)sql";

constexpr const char* kUpdateTally = R"sql(
UPDATE share_tally SET released = released + $3, qualifying = qualifying + $4,
  granted_bp = granted_bp + $5
WHERE day = $1 AND counter = $2
)sql";

constexpr const char* kUpdateLease = R"sql(
UPDATE share_leases SET reported_released = reported_released + $4,
  reported_qualifying = reported_qualifying + $5, allowance_bp = $6, settled_at = now()
WHERE day = $1 AND counter = $2 AND gate_id = $3
)sql";

std::string str(int64_t v) {
  return std::to_string(v);
}

const rules::CompiledShareRule* find_rule(const PlantShareRound& round, const Key& k) {
  auto day = round.rules.find(k.first);
  if (day == round.rules.end()) return nullptr;
  for (const auto& r : day->second) {
    if (r.counter == k.second) return &r;
  }
  return nullptr;
}

// The batch's new releases by (day, counter), for counters with a holding rule that day.
std::map<Key, rules::ShareCount> new_releases(const PlantShareRound& round,
                                              const std::vector<int64_t>& added) {
  std::map<Key, rules::ShareCount> out;
  for (int64_t seq : added) {
    auto it = round.releases.find(seq);
    if (it == round.releases.end()) continue;
    for (const auto& [counter, c] : it->second.second) {
      rules::ShareCount& d = out[{it->second.first, counter}];
      d.released += c.released;
      d.qualifying += c.qualifying;
    }
  }
  return out;
}

std::string terms_text(int64_t bp, const std::string& mode, int64_t opening) {
  return "target " + rules::percent_text(static_cast<double>(bp) / 100) + "%, " + mode +
         " mode, opening allowance " + str(opening);
}

struct Tally {
  rules::ShareCount count;
  int64_t granted_bp = 0;
};

// Locks the tally row of `k` (creating it with this gate's terms); an error string in `differs`
// when the plant's terms are not this gate's.
Result<Tally> lock_tally(drivers::pg::Connection& db, const Key& k,
                         const rules::CompiledShareRule& r, std::string& differs) {
  const std::string mode(rules::share_mode_name(r.mode));
  auto made =
      db.exec(kEnsureTally, {k.first, k.second, str(r.target_bp), mode, str(r.opening_allowance)});
  if (!made.ok()) return Error{made.error()};
  auto row = db.exec(kLockTally, {k.first, k.second});
  if (!row.ok()) return Error{row.error()};
  const auto& t = row.value();
  Tally out{{std::stoll(t.text(0, 0)), std::stoll(t.text(0, 1))}, std::stoll(t.text(0, 2))};
  const int64_t opening = r.mode == gate::v1::SHARE_MODE_BUDGET ? r.opening_allowance : 0;
  const int64_t plant_opening = t.text(0, 4) == "budget" ? std::stoll(t.text(0, 5)) : 0;
  if (std::stoll(t.text(0, 3)) != r.target_bp || t.text(0, 4) != mode || plant_opening != opening) {
    differs = "share " + k.second + " on " + k.first + ": this gate's rule (" +
              terms_text(r.target_bp, mode, r.opening_allowance) + ") differs from the plant's (" +
              terms_text(std::stoll(t.text(0, 3)), t.text(0, 4), std::stoll(t.text(0, 5))) +
              "); every gate of a plant must run the same policy. Until it does, this gate "
              "keeps the share on its own releases for this counter";
  }
  return out;
}

// Settles one (day, counter) for the gate; the gate's lease after it.
Result<rules::PlantLease> settle_one(drivers::pg::Connection& db, const std::string& gate_id,
                                     const Key& k, const rules::CompiledShareRule& r,
                                     const Tally& tally, const rules::ShareCount& batch,
                                     int64_t requested_bp) {
  auto made = db.exec(kEnsureLease, {k.first, k.second, gate_id});
  if (!made.ok()) return Error{made.error()};
  auto row = db.exec(kReadLease, {k.first, k.second, gate_id});
  if (!row.ok()) return Error{row.error()};
  const auto& l = row.value();
  const rules::ShareCount reported{std::stoll(l.text(0, 0)), std::stoll(l.text(0, 1))};
  const int64_t before = std::stoll(l.text(0, 2));
  const int64_t after =
      rules::settled_allowance(r, tally.count, tally.granted_bp, before, batch, requested_bp);
  auto t = db.exec(kUpdateTally, {k.first, k.second, str(batch.released), str(batch.qualifying),
                                  str(after - before)});
  if (!t.ok()) return Error{t.error()};
  auto u = db.exec(kUpdateLease, {k.first, k.second, gate_id, str(batch.released),
                                  str(batch.qualifying), str(after)});
  if (!u.ok()) return Error{u.error()};
  return rules::PlantLease{
      {reported.released + batch.released, reported.qualifying + batch.qualifying}, after};
}

}  // namespace

Result<PlantShareSettlement> settle_plant_share(drivers::pg::Connection& db,
                                                const std::string& gate_id,
                                                const PlantShareRound& round,
                                                const std::vector<int64_t>& added) {
  PlantShareSettlement out;
  out.day = round.today;
  const std::map<Key, rules::ShareCount> batch = new_releases(round, added);
  std::set<Key> keys;  // sorted: every gate locks the rows in the same order
  for (const auto& [k, c] : batch) keys.insert(k);
  if (auto today = round.rules.find(round.today); today != round.rules.end()) {
    for (const auto& r : today->second) keys.insert({round.today, r.counter});
  }
  for (const Key& k : keys) {
    const rules::CompiledShareRule* r = find_rule(round, k);
    if (r == nullptr) continue;
    std::string differs;
    auto tally = lock_tally(db, k, *r, differs);
    if (!tally.ok()) return Error{"share " + k.second + " on " + k.first + ": " + tally.error()};
    if (!differs.empty()) {
      out.warnings.push_back(differs);
      continue;
    }
    auto c = batch.find(k);
    const rules::ShareCount b = c == batch.end() ? rules::ShareCount{} : c->second;
    const int64_t requested = k.first == round.today ? round.requested_trucks * r->target_bp : 0;
    auto lease = settle_one(db, gate_id, k, *r, tally.value(), b, requested);
    if (!lease.ok()) return Error{"share " + k.second + " on " + k.first + ": " + lease.error()};
    if (k.first == round.today) out.leases[k.second] = lease.value();
  }
  return out;
}

Result<PlantShareDay> read_plant_share(drivers::pg::Connection& db, const std::string& day,
                                       const std::string& counter) {
  PlantShareDay out;
  auto t = db.exec(
      "SELECT released, qualifying, granted_bp FROM share_tally WHERE day = $1 AND "
      "counter = $2",
      {day, counter});
  if (!t.ok()) return Error{t.error()};
  if (t.value().rows.empty()) return out;
  out.tally = {std::stoll(t.value().text(0, 0)), std::stoll(t.value().text(0, 1))};
  out.granted_bp = std::stoll(t.value().text(0, 2));
  auto l = db.exec(
      "SELECT gate_id, reported_released, reported_qualifying, allowance_bp FROM "
      "share_leases WHERE day = $1 AND counter = $2 ORDER BY gate_id",
      {day, counter});
  if (!l.ok()) return Error{l.error()};
  for (std::size_t i = 0; i < l.value().rows.size(); ++i) {
    out.leases[l.value().text(i, 0)] = {
        {std::stoll(l.value().text(i, 1)), std::stoll(l.value().text(i, 2))},
        std::stoll(l.value().text(i, 3))};
  }
  return out;
}

}  // namespace gate::host
