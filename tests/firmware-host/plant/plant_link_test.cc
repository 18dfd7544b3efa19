// The words of the plant link: which failures are the gate's credentials, which the network, the
// ALARM naming the setting, and the /metrics lines.
#include "firmware-host/plant/plant_link.h"

#include <gtest/gtest.h>

namespace gate::host {
namespace {

TEST(PlantLinkTest, ClassifiesLibpqReasons) {
  EXPECT_EQ(classify_plant_failure("connection to server at \"127.0.0.1\", port 5 failed: "
                                   "FATAL:  password authentication failed for user \"plant\""),
            PlantFailure::kCredentials);
  EXPECT_EQ(classify_plant_failure("FATAL:  database \"plnat\" does not exist"),
            PlantFailure::kCredentials);
  EXPECT_EQ(classify_plant_failure("connection to server at \"127.0.0.1\", port 5 failed: "
                                   "Connection refused"),
            PlantFailure::kUnreachable);
  EXPECT_EQ(classify_plant_failure("server closed the connection unexpectedly"),
            PlantFailure::kUnreachable);
  EXPECT_EQ(classify_plant_failure("syntax error at or near \"x\""), PlantFailure::kOther);
}

TEST(PlantLinkTest, AlarmNamesTheSettingAndSaysTheGateGoesOn) {
  const std::string creds =
      describe_plant_failure("password authentication failed for user \"g1\"");
  EXPECT_NE(creds.find("plant.conninfo"), std::string::npos) << creds;
  EXPECT_NE(creds.find("password authentication failed"), std::string::npos) << creds;
  EXPECT_NE(creds.find("goes on deciding"), std::string::npos) << creds;
  const std::string down = describe_plant_failure("Connection refused");
  EXPECT_NE(down.find("unreachable"), std::string::npos) << down;
  EXPECT_NE(down.find("plant.conninfo"), std::string::npos) << down;
  EXPECT_NE(describe_plant_failure("odd").find("plant.conninfo"), std::string::npos);
}

TEST(PlantLinkTest, MetricsOnlyWithAPlantAndWithAgeOfTheOldest) {
  PlantLinkState s;
  EXPECT_EQ(render_plant_metrics(s, 1000), "");
  s.configured = true;
  s.connected = false;
  s.lag_passages = 3;
  s.lag_oldest_unix_ms = 10'000;
  s.last_contact_unix_ms = 4'000;
  s.pushed = 7;
  const std::string text = render_plant_metrics(s, 12'500);
  EXPECT_NE(text.find("\ngate_plant_link_up 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\ngate_plant_backlog_passages 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\ngate_plant_backlog_oldest_age_seconds 2.5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\ngate_plant_last_contact_timestamp_seconds 4\n"), std::string::npos);
  EXPECT_NE(text.find("\ngate_plant_pushed_total 7\n"), std::string::npos) << text;
  EXPECT_NE(describe_plant_link(s, 12'500).find("cursor is unknown: up to 3 passage(s) behind"),
            std::string::npos);
  s.cursor_known = true;
  s.plant_seq = 9;
  EXPECT_NE(describe_plant_link(s, 12'500).find("plant holds up to seq 9; 3 passage(s) behind"),
            std::string::npos)
      << describe_plant_link(s, 12'500);
}

}  // namespace
}  // namespace gate::host
