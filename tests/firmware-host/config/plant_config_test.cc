// The plant block of gated's configuration (docs/plant.md): its password file is relative to
// the configuration file, like every other file setting; without the block there is no plant.
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

  auto absolute = parse_config(with_plant(R"(plant { conninfo: "x" password_file: "/etc/p" })"),
                               "gated.textproto", "/srv/gate");
  ASSERT_TRUE(absolute.ok()) << absolute.error();
  EXPECT_EQ(absolute.value().plant().password_file(), "/etc/p");
}

TEST(PlantConfigTest, NoBlockNoPlant) {
  auto r = parse_config(with_plant(""), "gated.textproto", "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.value().has_plant());
  EXPECT_TRUE(r.value().plant().conninfo().empty());
}

}  // namespace
}  // namespace gate::host
