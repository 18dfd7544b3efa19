// What the lane's LED display shows for a decision (drivers/display/): the plate, the vehicle's
// stage and fuel as registered (or that it is not registered), the control status (alert level
// in force), the verdict and the rule's display text. Green for pass and manual pass, red for
// refuse, yellow for hold (wait to be called). Pure.
#pragma once

#include "drivers/display/display_message.h"
#include "gate/v1/passage.pb.h"

namespace gate::host {

drivers::DisplayMessage decision_display(const gate::v1::Passage& p);

}  // namespace gate::host
