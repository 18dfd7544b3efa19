// Semantic checks of a parsed gate-sim scenario (proto/gate/v1/scenario.proto): what the text
// format parser cannot know, such as ranges, shares, overlapping periods and lane ids. The
// first problem found is returned as "file:line:col: field.path: what is wrong (what is
// allowed)".
#pragma once

#include "gate/v1/scenario.pb.h"
#include "rules/result.h"
#include "sim/scenario/text_location.h"

namespace gate::sim {

// `at` locates `scenario` in its file (TextLocation's root for it).
Status check_scenario(const gate::v1::Scenario& scenario, const TextLocation& at);

}  // namespace gate::sim
