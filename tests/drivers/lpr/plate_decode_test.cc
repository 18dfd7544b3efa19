#include "drivers/lpr/plate_decode.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "drivers/lpr/plate_colour.h"
#include "tests/drivers/lpr/ctc_probs.h"

namespace gate::lpr {
namespace {

using testing::steps_to_probs;

int class_count() {
  return static_cast<int>(recogniser_alphabet().size()) + 1;
}

// Colour probabilities in PlateColour order with `p` on `colour` and the rest spread evenly.
std::array<float, kModelColourCount> colour_probs(PlateColour colour, float p) {
  std::array<float, kModelColourCount> out{};
  out.fill((1.0f - p) / (kModelColourCount - 1));
  out[static_cast<size_t>(colour)] = p;
  return out;
}

// 皖ACJ779 with a doubtful 4 after it (0.6 against the blank's 0.35): greedily it reads as the
// eight characters of a small new-energy plate (C an energy letter, then J and four digits).
std::vector<float> trailing_ghost_probs() {
  return steps_to_probs({{{"皖", 0.9f}},
                         {{"A", 0.9f}},
                         {{"C", 0.9f}},
                         {{"J", 0.9f}},
                         {{"7", 0.9f}},
                         {{"", 0.9f}},
                         {{"7", 0.9f}},
                         {{"9", 0.9f}},
                         {{"", 0.9f}},
                         {{"4", 0.6f}, {"", 0.35f}},
                         {{"", 0.9f}}},
                        class_count());
}

TEST(PlateDecode, EightCharactersOnABluePlateBecomeSeven) {
  const auto probs = trailing_ghost_probs();
  ASSERT_EQ(ctc_greedy_decode(probs.data(), 11, class_count()).text, "皖ACJ7794");
  const auto blue = colour_probs(PlateColour::kBlue, 0.9f);
  const auto d = decode_plate_text(probs.data(), 11, class_count(), blue.data(), 0.1f);
  EXPECT_EQ(d.text, "皖ACJ779");
  EXPECT_EQ(d.char_confidences.size(), 7u);
}

TEST(PlateDecode, EightCharactersOnAGreenPlateStay) {
  const auto probs = trailing_ghost_probs();
  const auto green = colour_probs(PlateColour::kGreen, 0.9f);
  EXPECT_EQ(decode_plate_text(probs.data(), 11, class_count(), green.data(), 0.1f).text,
            "皖ACJ7794");
}

TEST(PlateDecode, ABlueImageDoesNotOverruleAClearEightCharacterReading) {
  // Every character clear (0.9): the text's evidence outweighs an unsure colour (blue 0.5,
  // green 0.1) and the plate stays small new-energy.
  const auto probs = steps_to_probs({{{"皖", 0.9f}},
                                     {{"A", 0.9f}},
                                     {{"D", 0.9f}},
                                     {{"1", 0.9f}},
                                     {{"2", 0.9f}},
                                     {{"3", 0.9f}},
                                     {{"4", 0.9f}},
                                     {{"5", 0.9f}},
                                     {{"", 0.9f}}},
                                    class_count());
  const auto blue = colour_probs(PlateColour::kBlue, 0.5f);
  EXPECT_EQ(decode_plate_text(probs.data(), 9, class_count(), blue.data(), 0.1f).text, "皖AD12345");
}

TEST(PlateDecode, ASerialKeepsAtMostTwoLetters) {
  // B, C, then S (0.55) or 5 (0.4): three letters in an ordinary serial is no plate (GA 36).
  const auto probs = steps_to_probs({{{"豫", 0.9f}},
                                     {{"A", 0.9f}},
                                     {{"B", 0.9f}},
                                     {{"C", 0.9f}},
                                     {{"S", 0.55f}, {"5", 0.4f}},
                                     {{"1", 0.9f}},
                                     {{"2", 0.9f}},
                                     {{"", 0.9f}}},
                                    class_count());
  ASSERT_EQ(ctc_greedy_decode(probs.data(), 8, class_count()).text, "豫ABCS12");
  const auto blue = colour_probs(PlateColour::kBlue, 0.9f);
  EXPECT_EQ(decode_plate_text(probs.data(), 8, class_count(), blue.data(), 0.1f).text, "豫ABC512");
}

TEST(PlateDecode, ASerialHasNoLetterO) {
  const auto probs = steps_to_probs({{{"豫", 0.9f}},
                                     {{"A", 0.9f}},
                                     {{"1", 0.9f}},
                                     {{"O", 0.6f}, {"0", 0.35f}},
                                     {{"2", 0.9f}},
                                     {{"3", 0.9f}},
                                     {{"4", 0.9f}},
                                     {{"", 0.9f}}},
                                    class_count());
  const auto yellow = colour_probs(PlateColour::kYellow, 0.9f);
  EXPECT_EQ(decode_plate_text(probs.data(), 8, class_count(), yellow.data(), 0.1f).text,
            "豫A10234");
}

TEST(PlateDecode, APlateThatFitsItsColourIsTheGreedyReading) {
  const auto probs = steps_to_probs({{{"豫", 0.9f}},
                                     {{"A", 0.9f}},
                                     {{"1", 0.9f}},
                                     {{"2", 0.9f}},
                                     {{"3", 0.9f}},
                                     {{"4", 0.9f}},
                                     {{"5", 0.7f}, {"6", 0.25f}},
                                     {{"", 0.9f}}},
                                    class_count());
  const auto blue = colour_probs(PlateColour::kBlue, 0.9f);
  const auto d = decode_plate_text(probs.data(), 8, class_count(), blue.data(), 0.1f);
  const auto greedy = ctc_greedy_decode(probs.data(), 8, class_count());
  EXPECT_EQ(d.text, "豫A12345");
  EXPECT_DOUBLE_EQ(d.log_score, greedy.log_score);
  EXPECT_NEAR(greedy.log_score, 7 * std::log(0.9) + std::log(0.7), 1e-5);
}

TEST(PlateDecode, TooFewStepsForAPlateGiveTheGreedyReading) {
  const auto probs = steps_to_probs({{{"豫", 0.9f}}, {{"A", 0.9f}}, {{"1", 0.9f}}}, class_count());
  const auto blue = colour_probs(PlateColour::kBlue, 0.9f);
  EXPECT_EQ(decode_plate_text(probs.data(), 3, class_count(), blue.data(), 0.1f).text, "豫A1");
}

}  // namespace
}  // namespace gate::lpr
