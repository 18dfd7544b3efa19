// Facts about passage outcomes that the share tallies and their replay must agree on.
#pragma once

#include "gate/v1/passage.pb.h"

namespace gate::rules {

// A released truck with one of these outcomes did not enter: it leaves the day's share
// tallies. PENDING, PASSED and UNCONFIRMED (gated stopped before it knew) count as entered.
inline bool released_truck_stayed_out(gate::v1::PassageOutcome o) {
  return o == gate::v1::PASSAGE_OUTCOME_NOT_PASSED ||
         o == gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT ||
         o == gate::v1::PASSAGE_OUTCOME_NO_VEHICLE_PRESENT;
}

}  // namespace gate::rules
