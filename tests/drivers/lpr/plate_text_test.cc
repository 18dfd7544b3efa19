#include "drivers/lpr/plate_text.h"

#include <gtest/gtest.h>

#include <vector>

#include "drivers/lpr/plate_colour.h"
#include "tests/drivers/lpr/ctc_probs.h"

namespace gate::lpr {
namespace {

using testing::steps_to_probs;

TEST(PlateText, SplitsUtf8IntoCharacters) {
  const auto c = utf8_chars("豫H1挂");
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0], "豫");
  EXPECT_EQ(c[1], "H");
  EXPECT_EQ(c[3], "挂");
  EXPECT_EQ(utf8_chars("\xff"
                       "A")
                .size(),
            2u);
}

TEST(PlateText, RecognisesPlateShapes) {
  EXPECT_TRUE(is_plate_shaped("豫H12345"));
  EXPECT_TRUE(is_plate_shaped("豫HA123挂"));
  EXPECT_TRUE(is_plate_shaped("豫A0126警"));
  EXPECT_TRUE(is_plate_shaped("苏ED51712"));   // small new-energy: D third
  EXPECT_TRUE(is_plate_shaped("豫A12345D"));   // large new-energy: D eighth
  EXPECT_FALSE(is_plate_shaped("豫A1234"));    // too short
  EXPECT_FALSE(is_plate_shaped("AA12345"));    // no province
  EXPECT_FALSE(is_plate_shaped("豫112345"));   // authority must be a letter
  EXPECT_FALSE(is_plate_shaped("豫AX12345"));  // 8 characters but no energy letter
  // GA 36 serials: at most two letters, never I or O.
  EXPECT_TRUE(is_plate_shaped("豫AB12C3"));
  EXPECT_FALSE(is_plate_shaped("豫AB1C2D"));   // three letters in the serial
  EXPECT_FALSE(is_plate_shaped("豫AABC1挂"));  // three letters before the suffix
  EXPECT_FALSE(is_plate_shaped("豫A12I45"));
  EXPECT_FALSE(is_plate_shaped("豫ADO1234"));  // O on a new-energy plate
  EXPECT_TRUE(is_plate_shaped("豫O12345"));    // the authority code may be O
  EXPECT_EQ(plate_pattern("豫A12345"), PlatePattern::kOrdinary);
  EXPECT_EQ(plate_pattern("豫AD12345"), PlatePattern::kSmallNewEnergy);
  EXPECT_EQ(plate_pattern("豫A12345D"), PlatePattern::kLargeNewEnergy);
  EXPECT_EQ(plate_pattern("豫AX12345"), std::nullopt);
}

TEST(PlateColour, TextPatternLimitsTheColour) {
  using enum PlateColour;
  EXPECT_EQ(colours_for_text("苏ED51712"), std::vector<PlateColour>{kGreen});
  EXPECT_EQ(colours_for_text("豫A12345D"), std::vector<PlateColour>{kYellowGreen});
  EXPECT_EQ(colours_for_text("豫HA123挂"), std::vector<PlateColour>{kYellow});
  EXPECT_EQ(colours_for_text("豫A0126警"), std::vector<PlateColour>{kWhite});
  const auto ordinary = colours_for_text("豫H12345");
  EXPECT_EQ(ordinary.size(), 4u);
  EXPECT_EQ(std::count(ordinary.begin(), ordinary.end(), kGreen), 0);
  EXPECT_EQ(colours_for_text("garbage").size(), 6u);
  EXPECT_EQ(parse_colour("yellow-green"), kYellowGreen);
  EXPECT_EQ(colour_name(kYellowGreen), "yellow-green");
  EXPECT_FALSE(parse_colour("purple").has_value());
}

// Model colour probabilities in PlateColour order: blue, yellow, white, black, green, y-green.
TEST(PlateColour, WhiteOrBlackOnAPlainPlateNeedsTheImageToBeMuchSurer) {
  using enum PlateColour;
  const float dark_blue[] = {0.30f, 0.02f, 0.01f, 0.65f, 0.01f, 0.01f};
  const float black[] = {0.04f, 0.00f, 0.01f, 0.94f, 0.01f, 0.00f};
  const float pale_yellow[] = {0.01f, 0.20f, 0.77f, 0.01f, 0.01f, 0.00f};
  EXPECT_EQ(decide_colour(dark_blue, "苏DJT800", 0.1f), kBlue);
  EXPECT_EQ(decide_colour(black, "苏DJT800", 0.1f), kBlack);  // 0.094 > 0.04
  EXPECT_EQ(decide_colour(pale_yellow, "沪B74992", 0.1f), kYellow);
  // Weight 1: the image alone decides.
  EXPECT_EQ(decide_colour(dark_blue, "苏DJT800", 1.0f), kBlack);
  EXPECT_EQ(decide_colour(pale_yellow, "沪B74992", 1.0f), kWhite);
  // Where the text calls for the colour, it is not weighed down.
  EXPECT_EQ(decide_colour(dark_blue, "粤Z1234港", 0.1f), kBlack);
  EXPECT_EQ(decide_colour(pale_yellow, "豫A0126警", 0.1f), kWhite);
  // Text that is no plate allows every colour and is not weighed either.
  EXPECT_EQ(decide_colour(dark_blue, "garbage", 0.1f), kBlack);
  // A colour the text rules out is not chosen, however sure the image.
  EXPECT_EQ(decide_colour(dark_blue, "苏ED51712", 0.1f), kGreen);
}

TEST(PlateText, GreedyCtcMergesRepeatsAndDropsBlanks) {
  const auto& alphabet = recogniser_alphabet();
  const int classes = static_cast<int>(alphabet.size()) + 1;
  auto index_of = [&](const std::string& ch) {
    return static_cast<int>(std::find(alphabet.begin(), alphabet.end(), ch) - alphabet.begin()) + 1;
  };
  // Steps: 豫 豫 blank A A blank A  → "豫AA"
  const std::vector<std::pair<int, float>> steps = {
      {index_of("豫"), 0.6f}, {index_of("豫"), 0.9f}, {0, 0.99f},
      {index_of("A"), 0.8f},  {index_of("A"), 0.7f},  {0, 0.99f},
      {index_of("A"), 0.95f}};
  std::vector<float> probs(steps.size() * classes, 0.0f);
  for (size_t t = 0; t < steps.size(); ++t) {
    const float rest = (1.0f - steps[t].second) / static_cast<float>(classes - 1);
    for (int c = 0; c < classes; ++c) probs[t * classes + c] = rest;
    probs[t * classes + steps[t].first] = steps[t].second;
  }
  const auto d = ctc_greedy_decode(probs.data(), static_cast<int>(steps.size()), classes);
  EXPECT_EQ(d.text, "豫AA");
  ASSERT_EQ(d.char_confidences.size(), 3u);
  EXPECT_FLOAT_EQ(d.char_confidences[0], 0.9f);
  EXPECT_FLOAT_EQ(d.char_confidences[1], 0.8f);
  EXPECT_FLOAT_EQ(d.char_confidences[2], 0.95f);
}

TEST(PlateText, PlateDecodeRecoversACharacterTheGreedyReadingDropped) {
  const int classes = static_cast<int>(recogniser_alphabet().size()) + 1;
  // The 5 at step 12 loses to the blank (0.40 < 0.55): greedy reads six characters.
  const auto probs = steps_to_probs({{{"豫", 0.9f}},
                                     {{"", 0.9f}},
                                     {{"A", 0.9f}},
                                     {{"", 0.9f}},
                                     {{"1", 0.9f}},
                                     {{"", 0.9f}},
                                     {{"2", 0.9f}},
                                     {{"", 0.9f}},
                                     {{"3", 0.9f}},
                                     {{"", 0.9f}},
                                     {{"4", 0.9f}},
                                     {{"", 0.55f}, {"5", 0.40f}},
                                     {{"", 0.9f}}},
                                    classes);
  EXPECT_EQ(ctc_greedy_decode(probs.data(), 13, classes).text, "豫A1234");
  const auto plate = ctc_plate_decode(probs.data(), 13, classes);
  ASSERT_TRUE(plate.has_value());
  EXPECT_EQ(plate->text, "豫A12345");
  ASSERT_EQ(plate->char_confidences.size(), 7u);
  EXPECT_FLOAT_EQ(plate->char_confidences[6], 0.40f);  // the recovered character stays unsure
  EXPECT_FLOAT_EQ(plate->char_confidences[0], 0.9f);
}

// A blurred province: 琼 0.5 against the local 皖 0.3, then a clear "A12345"; the digit 1 at
// step 5 also gives 皖 0.45, which must not count (the second character has begun by then).
std::vector<float> blurred_province_probs(int classes, float other_p, float local_p) {
  return steps_to_probs({{{"", 0.9f}},
                         {{"琼", other_p}, {"皖", local_p}},
                         {{"", 0.9f}},
                         {{"A", 0.9f}},
                         {{"", 0.9f}},
                         {{"1", 0.5f}, {"皖", 0.45f}},
                         {{"2", 0.9f}},
                         {{"3", 0.9f}},
                         {{"4", 0.9f}},
                         {{"5", 0.9f}}},
                        classes);
}

TEST(PlateText, LocalProvincePriorTakesAnUnsureProvinceCharacter) {
  const int classes = static_cast<int>(recogniser_alphabet().size()) + 1;
  const auto probs = blurred_province_probs(classes, 0.5f, 0.3f);
  DecodedText d = ctc_greedy_decode(probs.data(), 10, classes);
  ASSERT_EQ(d.text, "琼A12345");
  apply_province_prior(d, probs.data(), 10, classes, {province_class("皖"), 20.0f});
  EXPECT_EQ(d.text, "皖A12345");
  ASSERT_EQ(d.char_confidences.size(), 7u);
  EXPECT_NEAR(d.char_confidences[0], 0.3 * 20 / (0.3 * 20 + 0.7), 1e-5);  // the posterior
  EXPECT_FLOAT_EQ(d.char_confidences[1], 0.9f);                           // others untouched
}

TEST(PlateText, LocalProvincePriorLeavesAClearlyReadOtherProvince) {
  const int classes = static_cast<int>(recogniser_alphabet().size()) + 1;
  // 琼 0.9 against 皖 0.02: 0.02 x 20 = 0.4 still loses. The 0.45 of 皖 at step 5 (after the
  // second character began) would win if it were counted.
  const auto probs = blurred_province_probs(classes, 0.9f, 0.02f);
  DecodedText d = ctc_greedy_decode(probs.data(), 10, classes);
  apply_province_prior(d, probs.data(), 10, classes, {province_class("皖"), 20.0f});
  EXPECT_EQ(d.text, "琼A12345");
  EXPECT_FLOAT_EQ(d.char_confidences[0], 0.9f);
}

TEST(PlateText, NoLocalProvinceChangesNothing) {
  const int classes = static_cast<int>(recogniser_alphabet().size()) + 1;
  const auto probs = blurred_province_probs(classes, 0.5f, 0.3f);
  DecodedText d = ctc_greedy_decode(probs.data(), 10, classes);
  apply_province_prior(d, probs.data(), 10, classes, {});
  EXPECT_EQ(d.text, "琼A12345");
  apply_province_prior(d, probs.data(), 10, classes, {province_class("A"), 20.0f});
  EXPECT_EQ(d.text, "琼A12345");  // "A" is no province: province_class gives 0
  EXPECT_EQ(province_class("A"), 0);
  EXPECT_GT(province_class("豫"), 0);
}

TEST(PlateText, PlateDecodePutsALetterWhereThePatternWantsOne) {
  const int classes = static_cast<int>(recogniser_alphabet().size()) + 1;
  // Second character: 8 (0.6) or B (0.35); a plate's authority code is a letter.
  const auto probs = steps_to_probs({{{"豫", 0.9f}},
                                     {{"8", 0.6f}, {"B", 0.35f}},
                                     {{"", 0.9f}},
                                     {{"1", 0.9f}},
                                     {{"2", 0.9f}},
                                     {{"3", 0.9f}},
                                     {{"4", 0.9f}},
                                     {{"5", 0.9f}},
                                     {{"", 0.9f}}},
                                    classes);
  EXPECT_EQ(ctc_greedy_decode(probs.data(), 9, classes).text, "豫812345");
  const auto plate = ctc_plate_decode(probs.data(), 9, classes);
  ASSERT_TRUE(plate.has_value());
  EXPECT_EQ(plate->text, "豫B12345");
  EXPECT_TRUE(is_plate_shaped(plate->text));
  EXPECT_FALSE(ctc_plate_decode(probs.data(), 6, classes).has_value());  // too few steps
}

TEST(PlateText, PlateDecodeChoosesTheNewEnergyPatternWhenItFitsBetter) {
  const int classes = static_cast<int>(recogniser_alphabet().size()) + 1;
  // Eight clear characters with D third but an 'O' (not a digit) sixth: small new-energy wants
  // digits there, and 0 is the second choice.
  const auto probs = steps_to_probs({{{"苏", 0.9f}},
                                     {{"E", 0.9f}},
                                     {{"D", 0.9f}},
                                     {{"5", 0.9f}},
                                     {{"1", 0.9f}},
                                     {{"O", 0.5f}, {"0", 0.45f}},
                                     {{"1", 0.9f}},
                                     {{"2", 0.9f}},
                                     {{"", 0.9f}}},
                                    classes);
  EXPECT_FALSE(is_plate_shaped(ctc_greedy_decode(probs.data(), 9, classes).text));
  const auto plate = ctc_plate_decode(probs.data(), 9, classes);
  ASSERT_TRUE(plate.has_value());
  EXPECT_EQ(plate->text, "苏ED51012");
}

}  // namespace
}  // namespace gate::lpr
