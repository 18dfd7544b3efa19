#include "firmware-host/plant/plant_compare.h"

#include <map>

#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/store/canonical_record.h"

namespace gate::host {
namespace {

constexpr const char* kPlantCanonical = R"sql(
SELECT seq, canonical FROM passages
WHERE gate_id = $1 AND seq > $2::bigint AND seq <= $3::bigint
ORDER BY seq
)sql";

// Up to `limit` of the gate's seqs in (after, upto], ascending.
Result<std::vector<int64_t>> gate_seqs(GateStore& gate, int64_t after, int64_t upto, int limit) {
  auto q =
      gate.db().prepare("SELECT seq FROM passages WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, after).bind(2, upto).bind(3, static_cast<int64_t>(limit));
  return q.value().int64_rows();
}

// The plant's canonical texts of the gate's passages in (after, upto].
Result<std::map<int64_t, std::string>> plant_canonicals(drivers::pg::Connection& plant,
                                                        const std::string& gate_id, int64_t after,
                                                        int64_t upto) {
  auto r = plant.exec(kPlantCanonical, {gate_id, std::to_string(after), std::to_string(upto)});
  if (!r.ok()) return Error{"reading the plant's passages of " + gate_id + ": " + r.error()};
  std::map<int64_t, std::string> out;
  for (std::size_t i = 0; i < r.value().rows.size(); ++i) {
    out.emplace(std::stoll(r.value().text(i, 0)), r.value().text(i, 1));
  }
  return out;
}

// Compares the gate's `seqs` with the plant's rows in (after, upto], upto ≥ the last of seqs.
Status compare_range(GateStore& gate, const std::vector<int64_t>& seqs,
                     std::map<int64_t, std::string> plant, PlantComparison& c) {
  for (int64_t seq : seqs) {
    auto p = gate.read_passage(seq);
    if (!p.ok())
      return Error{"reading the gate's passage " + std::to_string(seq) + ": " + p.error()};
    ++c.compared;
    auto it = plant.find(seq);
    if (it == plant.end()) {
      c.missing.push_back(seq);
      continue;
    }
    if (it->second == canonical_passage(p.value())) {
      ++c.identical;
    } else {
      c.differing.push_back(seq);
    }
    plant.erase(it);
  }
  for (const auto& [seq, text] : plant) c.not_at_gate.push_back(seq);
  return Status::Ok();
}

}  // namespace

Result<PlantComparison> compare_with_plant(drivers::pg::Connection& plant, GateStore& gate,
                                           const std::string& gate_id, int batch) {
  PlantComparison c;
  auto cursor = plant_cursor(plant, gate_id);
  if (!cursor.ok())
    return Error{"reading the plant's cursor for " + gate_id + ": " + cursor.error()};
  c.plant_cursor = cursor.value();
  int64_t after = 0;
  while (after < c.plant_cursor) {
    auto seqs = gate_seqs(gate, after, c.plant_cursor, batch);
    if (!seqs.ok()) return Error{"reading the gate's passages: " + seqs.error()};
    // A short batch is the last: the range then runs to the cursor, so rows the gate lacks
    // above its last seq are found too.
    const bool last = static_cast<int>(seqs.value().size()) < batch;
    const int64_t upto = last ? c.plant_cursor : seqs.value().back();
    auto rows = plant_canonicals(plant, gate_id, after, upto);
    if (!rows.ok()) return Error{rows.error()};
    if (Status st = compare_range(gate, seqs.value(), std::move(rows).value(), c); !st.ok()) {
      return Error{st.message()};
    }
    after = upto;
  }
  return c;
}

std::string seq_ranges(const std::vector<int64_t>& seqs, std::size_t max_ranges) {
  std::string out;
  std::size_t ranges = 0, i = 0;
  while (i < seqs.size() && ranges < max_ranges) {
    std::size_t j = i;
    while (j + 1 < seqs.size() && seqs[j + 1] == seqs[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + std::to_string(seqs[i]);
    if (j > i) out += "-" + std::to_string(seqs[j]);
    ++ranges;
    i = j + 1;
  }
  if (i < seqs.size()) out += ", … (" + std::to_string(seqs.size() - i) + " more)";
  return out;
}

}  // namespace gate::host
