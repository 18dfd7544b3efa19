#include "rules/codes.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace gate::rules {
namespace {

using gate::v1::EmissionStage;
using gate::v1::FuelType;

// ---- emission stage codes ----

struct StageCode {
  EmissionStage stage;
  char code;
};

const StageCode kStageCodes[] = {
    {gate::v1::EMISSION_STAGE_CHINA_0, '0'},  {gate::v1::EMISSION_STAGE_CHINA_I, '1'},
    {gate::v1::EMISSION_STAGE_CHINA_II, '2'}, {gate::v1::EMISSION_STAGE_CHINA_III, '3'},
    {gate::v1::EMISSION_STAGE_CHINA_IV, '4'}, {gate::v1::EMISSION_STAGE_CHINA_V, '5'},
    {gate::v1::EMISSION_STAGE_CHINA_VI, '6'}, {gate::v1::EMISSION_STAGE_ELECTRIC, 'D'},
    {gate::v1::EMISSION_STAGE_NONE, 'X'},
};

TEST(StageCode, RoundTrip) {
  for (const auto& c : kStageCodes) {
    EXPECT_EQ(stage_to_code(c.stage), c.code);
    EXPECT_EQ(stage_from_code(std::string(1, c.code)), c.stage) << c.code;
  }
}

TEST(StageCode, Unspecified) {
  EXPECT_EQ(stage_to_code(gate::v1::EMISSION_STAGE_UNSPECIFIED), '?');
  EXPECT_EQ(stage_from_code("?"), std::nullopt);
}

TEST(StageCode, LenientInputStrictCodes) {
  EXPECT_EQ(stage_from_code("d"), gate::v1::EMISSION_STAGE_ELECTRIC);
  EXPECT_EQ(stage_from_code(" x "), gate::v1::EMISSION_STAGE_NONE);
  EXPECT_EQ(stage_from_code("7"), std::nullopt);
  EXPECT_EQ(stage_from_code("56"), std::nullopt);
  EXPECT_EQ(stage_from_code(""), std::nullopt);
  EXPECT_EQ(stage_from_code("E"), std::nullopt);
}

TEST(StageRank, Ordering) {
  // NONE (X) < CHINA_0 < … < CHINA_VI < ELECTRIC; UNSPECIFIED below everything.
  const EmissionStage order[] = {
      gate::v1::EMISSION_STAGE_UNSPECIFIED, gate::v1::EMISSION_STAGE_NONE,
      gate::v1::EMISSION_STAGE_CHINA_0,     gate::v1::EMISSION_STAGE_CHINA_I,
      gate::v1::EMISSION_STAGE_CHINA_II,    gate::v1::EMISSION_STAGE_CHINA_III,
      gate::v1::EMISSION_STAGE_CHINA_IV,    gate::v1::EMISSION_STAGE_CHINA_V,
      gate::v1::EMISSION_STAGE_CHINA_VI,    gate::v1::EMISSION_STAGE_ELECTRIC,
  };
  for (std::size_t i = 1; i < std::size(order); ++i) {
    EXPECT_LT(stage_rank(order[i - 1]), stage_rank(order[i]))
        << stage_name(order[i - 1]) << " vs " << stage_name(order[i]);
  }
}

TEST(StageName, Names) {
  EXPECT_EQ(stage_name(gate::v1::EMISSION_STAGE_CHINA_0), "China 0");
  EXPECT_EQ(stage_name(gate::v1::EMISSION_STAGE_CHINA_IV), "China IV");
  EXPECT_EQ(stage_name(gate::v1::EMISSION_STAGE_CHINA_VI), "China VI");
  EXPECT_EQ(stage_name(gate::v1::EMISSION_STAGE_ELECTRIC), "electric");
  EXPECT_EQ(stage_name(gate::v1::EMISSION_STAGE_NONE), "no stage (X)");
  EXPECT_EQ(stage_name(gate::v1::EMISSION_STAGE_UNSPECIFIED), "unspecified");
}

// ---- certificates ----

struct Cert {
  const char* text;
  std::optional<EmissionStage> stage;
};

TEST(StageFromCertificate, Forms) {
  const Cert cases[] = {
      {"GB17691-2005国V", gate::v1::EMISSION_STAGE_CHINA_V},
      {"GB17691-2005国IV", gate::v1::EMISSION_STAGE_CHINA_IV},
      {"GB17691-2018国VI", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"GB17691-2005国III", gate::v1::EMISSION_STAGE_CHINA_III},
      {"国II", gate::v1::EMISSION_STAGE_CHINA_II},
      {"国I", gate::v1::EMISSION_STAGE_CHINA_I},
      {"国Ⅰ", gate::v1::EMISSION_STAGE_CHINA_I},
      {"国Ⅱ", gate::v1::EMISSION_STAGE_CHINA_II},
      {"国Ⅲ", gate::v1::EMISSION_STAGE_CHINA_III},
      {"国Ⅳ", gate::v1::EMISSION_STAGE_CHINA_IV},
      {"国Ⅴ", gate::v1::EMISSION_STAGE_CHINA_V},
      {"国Ⅵ", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国ⅵ", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国一", gate::v1::EMISSION_STAGE_CHINA_I},
      {"国三", gate::v1::EMISSION_STAGE_CHINA_III},
      {"国四", gate::v1::EMISSION_STAGE_CHINA_IV},
      {"国五", gate::v1::EMISSION_STAGE_CHINA_V},
      {"国六", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国5", gate::v1::EMISSION_STAGE_CHINA_V},
      {"国6", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国0", gate::v1::EMISSION_STAGE_CHINA_0},
      {"China IV", gate::v1::EMISSION_STAGE_CHINA_IV},
      {"China VI", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"CHINA v", gate::v1::EMISSION_STAGE_CHINA_V},
      {"china-6", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国VI(b)", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国VIb", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国Ⅵ(a)", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"国 V", gate::v1::EMISSION_STAGE_CHINA_V},
      {"国家第六阶段", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"GB 3847-2005, GB17691-2005国Ⅴ", gate::v1::EMISSION_STAGE_CHINA_V},
      {"中华人民共和国国家标准 GB17691-2018 国六", gate::v1::EMISSION_STAGE_CHINA_VI},
      // A bare numeral, as some ledgers print it.
      {"VI", gate::v1::EMISSION_STAGE_CHINA_VI},
      {"Ⅳ", gate::v1::EMISSION_STAGE_CHINA_IV},
      {" 五 ", gate::v1::EMISSION_STAGE_CHINA_V},
      {"4", gate::v1::EMISSION_STAGE_CHINA_IV},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(stage_from_certificate(c.text), c.stage) << c.text;
  }
}

TEST(StageFromCertificate, Rejects) {
  const char* cases[] = {
      "",      "GB17691-2005",  // no stage marker
      "国VII", "国7",          "国56",           "China VIII", "国",
      "China", "Euro VI",      "GB17691-2005国", "IV 级",      "国X",
  };
  for (const char* text : cases) {
    EXPECT_EQ(stage_from_certificate(text), std::nullopt) << text;
  }
}

// ---- fuel codes ----

struct FuelCode {
  FuelType fuel;
  char code;
  const char* name;
};

const FuelCode kFuelCodes[] = {
    {gate::v1::FUEL_TYPE_PETROL, 'A', "petrol"},
    {gate::v1::FUEL_TYPE_DIESEL, 'B', "diesel"},
    {gate::v1::FUEL_TYPE_ELECTRIC, 'C', "electric"},
    {gate::v1::FUEL_TYPE_MIXED_OIL, 'D', "mixed oil"},
    {gate::v1::FUEL_TYPE_NATURAL_GAS, 'E', "natural gas"},
    {gate::v1::FUEL_TYPE_LPG, 'F', "LPG"},
    {gate::v1::FUEL_TYPE_METHANOL, 'L', "methanol"},
    {gate::v1::FUEL_TYPE_ETHANOL, 'M', "ethanol"},
    {gate::v1::FUEL_TYPE_SOLAR, 'N', "solar"},
    {gate::v1::FUEL_TYPE_HYBRID, 'O', "hybrid"},
    {gate::v1::FUEL_TYPE_NONE, 'Y', "none"},
    {gate::v1::FUEL_TYPE_OTHER, 'Z', "other"},
    {gate::v1::FUEL_TYPE_FUEL_CELL, 'H', "hydrogen fuel cell"},
};

TEST(FuelCode, RoundTrip) {
  for (const auto& c : kFuelCodes) {
    EXPECT_EQ(fuel_to_code(c.fuel), c.code);
    EXPECT_EQ(fuel_from_code(std::string(1, c.code)), c.fuel) << c.code;
    EXPECT_EQ(fuel_name(c.fuel), c.name);
  }
}

TEST(FuelCode, UnspecifiedAndUnknownLetters) {
  EXPECT_EQ(fuel_to_code(gate::v1::FUEL_TYPE_UNSPECIFIED), '?');
  EXPECT_EQ(fuel_name(gate::v1::FUEL_TYPE_UNSPECIFIED), "unspecified");
  EXPECT_EQ(fuel_from_code("?"), std::nullopt);
  for (const char* bad : {"G", "I", "K", "X", "", "AB", "1"}) {
    EXPECT_EQ(fuel_from_code(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(fuel_from_code("b"), gate::v1::FUEL_TYPE_DIESEL);
  EXPECT_EQ(fuel_from_code(" h"), gate::v1::FUEL_TYPE_FUEL_CELL);
}

// ---- new energy by ledger ----

gate::v1::Vehicle vehicle(EmissionStage stage, FuelType fuel) {
  gate::v1::Vehicle v;
  v.set_emission_stage(stage);
  v.set_fuel_type(fuel);
  return v;
}

TEST(IsNewEnergyVehicle, ByFuelOrStage) {
  EXPECT_TRUE(
      is_new_energy(vehicle(gate::v1::EMISSION_STAGE_UNSPECIFIED, gate::v1::FUEL_TYPE_ELECTRIC)));
  EXPECT_TRUE(
      is_new_energy(vehicle(gate::v1::EMISSION_STAGE_UNSPECIFIED, gate::v1::FUEL_TYPE_FUEL_CELL)));
  EXPECT_TRUE(
      is_new_energy(vehicle(gate::v1::EMISSION_STAGE_ELECTRIC, gate::v1::FUEL_TYPE_UNSPECIFIED)));
  EXPECT_FALSE(
      is_new_energy(vehicle(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_DIESEL)));
  EXPECT_FALSE(
      is_new_energy(vehicle(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_NATURAL_GAS)));
  // Plug-in hybrids are a policy choice, not decided here.
  EXPECT_FALSE(
      is_new_energy(vehicle(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_HYBRID)));
}

}  // namespace
}  // namespace gate::rules
