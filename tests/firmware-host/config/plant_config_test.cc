// The plant block of gated's configuration (docs/plant.md): its password file is relative to
// the configuration file, like every other file setting; a conninfo that does not parse is
// refused at its line; without the block there is no plant.
#include <gtest/gtest.h>

#include <string>

#include "firmware-host/config/config_loader.h"

namespace gate::host {
namespace {

std::string with_plant(const std::string& plant) {
  return "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\ncamera { port: 8081 }\n"
         "lanes { lane_id: \"L1\" barrier { tcp { host: \"127.0.0.1\" port: 1502 } } }\n"
         "policy { version: \"t\" }\n" +
         plant;
}

TEST(PlantConfigTest, PasswordFileIsRelativeToTheConfigAndTheRestIsKept) {
  auto r = parse_config(with_plant(R"(plant { conninfo: "host=plant.local dbname=plant user=g1" )"
                                   R"(password_file: "plant.password" push_interval_ms: 250 })"),
                        "gated.textproto", "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().plant().password_file(), "/srv/gate/plant.password");
  EXPECT_EQ(r.value().plant().conninfo(), "host=plant.local dbname=plant user=g1");
  EXPECT_EQ(r.value().plant().push_interval_ms(), 250u);

  auto absolute =
      parse_config(with_plant(R"(plant { conninfo: "host=p" password_file: "/etc/p" })"),
                   "gated.textproto", "/srv/gate");
  ASSERT_TRUE(absolute.ok()) << absolute.error();
  EXPECT_EQ(absolute.value().plant().password_file(), "/etc/p");
}

// A conninfo libpq cannot parse is refused at its line (`gated --check`), not found at run time.
TEST(PlantConfigTest, AConninfoThatDoesNotParseIsNamedAtItsLine) {
  for (const char* conninfo : {"plant.local", "host=plant.local bogus=1", "host='plant"}) {
    auto r = parse_config(with_plant(std::string("plant {\n  conninfo: \"") + conninfo + "\" }"),
                          "gated.textproto", "/srv/gate");
    ASSERT_FALSE(r.ok()) << conninfo;
    EXPECT_EQ(r.error().rfind("gated.textproto:7:3: plant.conninfo does not parse: ", 0), 0u)
        << r.error();
    EXPECT_NE(r.error().find("key=value pairs"), std::string::npos) << r.error();
  }
  auto orphan = parse_config(with_plant(R"(plant { password_file: "plant.password" })"),
                             "gated.textproto", "/srv/gate");
  ASSERT_FALSE(orphan.ok());
  EXPECT_NE(orphan.error().find("plant.password_file needs plant.conninfo"), std::string::npos)
      << orphan.error();
}

// A plant-wide share needs the plant that keeps it.
TEST(PlantConfigTest, APlantWideShareWithoutAPlantIsNamedAtItsLine) {
  auto r = parse_config(with_plant("plant {\n  plant_wide_share: true }"), "gated.textproto",
                        "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("gated.textproto:7:3: plant.plant_wide_share needs plant.conninfo", 0),
            0u)
      << r.error();
  auto ok = parse_config(
      with_plant(
          R"(plant { conninfo: "host=p" plant_wide_share: true share_allowance_trucks: 5 })"),
      "gated.textproto", "/srv/gate");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_TRUE(ok.value().plant().plant_wide_share());
  EXPECT_EQ(ok.value().plant().share_allowance_trucks(), 5u);
}

TEST(PlantConfigTest, NoBlockNoPlant) {
  auto r = parse_config(with_plant(""), "gated.textproto", "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.value().has_plant());
  EXPECT_TRUE(r.value().plant().conninfo().empty());
}

}  // namespace
}  // namespace gate::host
