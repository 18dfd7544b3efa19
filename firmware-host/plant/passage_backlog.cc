#include "firmware-host/plant/passage_backlog.h"

namespace gate::host {

Result<std::unique_ptr<PassageBacklog>> PassageBacklog::Open(const std::string& database_path) {
  auto store = GateStore::Open(database_path, /*read_only=*/true);
  if (!store.ok()) return Error{store.error()};
  return std::unique_ptr<PassageBacklog>(new PassageBacklog(std::move(store).value()));
}

Result<std::vector<gate::v1::Passage>> PassageBacklog::settled_after(int64_t after, int limit) {
  std::vector<int64_t> seqs;
  {
    // A local statement: finalized at the end of the block, so no read snapshot stays open.
    auto q = store_->db().prepare("SELECT seq FROM passages WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!q.ok()) return Error{q.error()};
    q.value().bind(1, after).bind(2, static_cast<int64_t>(limit));
    auto rows = q.value().int64_rows();
    if (!rows.ok()) return Error{rows.error()};
    seqs = std::move(rows).value();
  }
  std::vector<gate::v1::Passage> out;
  for (int64_t seq : seqs) {
    auto p = store_->read_passage(seq);
    if (!p.ok()) return Error{p.error()};
    if (p.value().outcome() == gate::v1::PASSAGE_OUTCOME_PENDING) break;
    out.push_back(std::move(p).value());
  }
  return out;
}

Result<PlantLag> PassageBacklog::lag_after(int64_t after) {
  auto q = store_->db().prepare("SELECT COUNT(*), MIN(time_unix_ms) FROM passages WHERE seq > ?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, after);
  auto row = q.value().step();
  if (!row.ok()) return Error{row.error()};
  PlantLag lag;
  if (row.value()) {
    lag.passages = q.value().int64(0);
    lag.oldest_unix_ms = q.value().is_null(1) ? 0 : q.value().int64(1);
  }
  return lag;
}

}  // namespace gate::host
