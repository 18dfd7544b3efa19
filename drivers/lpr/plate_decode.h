// Choosing a plate's text from the model's two outputs: the per-step character probabilities
// and the plate-colour probabilities. Pure.
#pragma once

#include "drivers/lpr/plate_text.h"

namespace gate::lpr {

// The reading of one plate. The greedy CTC reading stands when it is plate-shaped and its
// pattern allows the colour the image shows. Otherwise (a dropped, doubled or misplaced
// character, or 8 characters on a blue plate) the result is the plate-shaped reading most
// probable jointly with the image's colour: the best CTC path of each pattern, times the
// colour_support of its text, the greedy reading competing when it is plate-shaped. When no
// plate-shaped reading exists (too few steps), the greedy one is returned.
//
// `probs`: `steps` rows of `classes` probabilities (model class order, 0 = blank);
// `colour_probs`: kModelColourCount probabilities in PlateColour order.
DecodedText decode_plate_text(const float* probs, int steps, int classes, const float* colour_probs,
                              float rare_colour_weight);

}  // namespace gate::lpr
