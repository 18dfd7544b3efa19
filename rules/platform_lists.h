// Lists pushed down by the regional platform (docs/domain.md §4.2): the excess-emission list
// (remote sensing, black-smoke capture) and the truck whitelist. Plain data: the uplink
// downlink fills it, the rules read it. Plates are normalised (rules::normalise_plate).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

namespace gate::rules {

struct PlatformLists {
  std::unordered_set<std::string> excess_emission;  // refuse on sight
  std::unordered_set<std::string> whitelist;        // required when the policy says so
  std::string version;                              // platform's list version, for explanations
};

}  // namespace gate::rules
