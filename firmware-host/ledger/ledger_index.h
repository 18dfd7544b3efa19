// In-memory ledger index for the hot path: exact plate lookup. Built from the store at start
// and after imports. Matching is exact: a plate misread by the camera is not found.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "gate/v1/vehicle.pb.h"

namespace gate::host {

class LedgerIndex {
 public:
  void reset(std::vector<gate::v1::Vehicle> vehicles) {
    by_plate_.clear();
    for (auto& v : vehicles) {
      if (!v.plate().empty()) by_plate_[v.plate()] = std::move(v);
    }
  }
  const gate::v1::Vehicle* find(const std::string& plate) const {
    auto it = by_plate_.find(plate);
    return it == by_plate_.end() ? nullptr : &it->second;
  }
  std::size_t size() const { return by_plate_.size(); }

 private:
  std::unordered_map<std::string, gate::v1::Vehicle> by_plate_;
};

}  // namespace gate::host
