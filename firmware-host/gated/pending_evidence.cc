#include "firmware-host/gated/pending_evidence.h"

#include <algorithm>

#include "rules/display_names.h"

namespace gate::host {

std::string evidence_caption(const gate::v1::Passage& p) {
  std::string caption = "gate " + p.gate_id() + "  " + rules::verdict_label(p.decision().verdict());
  if (!p.decision().rule_id().empty()) caption += "  " + p.decision().rule_id();
  if (!p.decision().display_en().empty()) caption += "  " + p.decision().display_en();
  return caption;
}

std::string PendingEvidence::key(const std::string& lane_id, const std::string& plate, int64_t t) {
  return lane_id + '\n' + plate + '\n' + std::to_string(t);
}

void PendingEvidence::add(const std::string& lane_id, const std::string& plate,
                          int64_t time_unix_ms, Render render) {
  drop(lane_id, plate, time_unix_ms);
  pending_.emplace_back(key(lane_id, plate, time_unix_ms), std::move(render));
  while (pending_.size() > capacity_) pending_.pop_front();
}

std::optional<PendingEvidence::Render> PendingEvidence::take(const gate::v1::Passage& p) {
  const std::string k = key(p.lane_id(), p.read().plate_text(), p.read().time_unix_ms());
  auto it = std::find_if(pending_.begin(), pending_.end(),
                         [&](const auto& entry) { return entry.first == k; });
  if (it == pending_.end()) return std::nullopt;
  Render render = std::move(it->second);
  pending_.erase(it);
  return render;
}

void PendingEvidence::drop(const std::string& lane_id, const std::string& plate,
                           int64_t time_unix_ms) {
  const std::string k = key(lane_id, plate, time_unix_ms);
  pending_.remove_if([&](const auto& entry) { return entry.first == k; });
}

}  // namespace gate::host
