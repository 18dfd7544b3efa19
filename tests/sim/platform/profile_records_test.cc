// A profile platform's records read back for the scenario checks: the serial splits into gate,
// sequence and kind (gate ids may hold dashes), codes decode through the profile's tables,
// backfill comes from "live" where the profile maps that, times are read in the field's format;
// a serial of another shape or a message without a key is an error that says so.
#include "sim/platform/profile_records.h"

#include <gtest/gtest.h>

#include "drivers/uplink/platform_profile.h"

namespace gate::sim {
namespace {

using json = nlohmann::json;

gate::v1::PlatformProfile transport_control() {
  auto p = drivers::uplink::load_platform_profile(std::string(GATE_SOURCE_DIR) +
                                                  "/deploy/platforms/transport-control.textproto");
  EXPECT_TRUE(p.ok()) << p.error();
  return p.ok() ? p.value() : gate::v1::PlatformProfile{};
}

TEST(ProfileRecords, APassageReadsBackAsTheGateSentIt) {
  ProfileRecord in{"HN-JZ-G1-42-decision", gate::v1::PlatformMessage::KIND_PASSAGE,
                   json{{"lsh", "HN-JZ-G1-42-decision"},
                        {"cphm", "豫HF50BC"},
                        {"tgsjq", "2026-11-22 08:05:09"},
                        {"networkStatus", "0"}},
                   1795306000000};
  auto r = received_record(transport_control(), in, 480);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().gate_id, "HN-JZ-G1");
  EXPECT_EQ(r.value().seq, 42);
  EXPECT_EQ(r.value().kind, "decision");
  EXPECT_EQ(r.value().plate, "豫HF50BC");
  EXPECT_TRUE(r.value().backfill) << "networkStatus 0 is live false";
  EXPECT_EQ(r.value().time_unix_ms, 1795305909000);
  EXPECT_EQ(r.value().received_unix_ms, 1795306000000);
  EXPECT_EQ(r.value().profile, "transport-control/1");
}

TEST(ProfileRecords, ASerialOfAnotherShapeOrAMessageWithoutAKeyIsNamed) {
  ProfileRecord in{"42", gate::v1::PlatformMessage::KIND_PASSAGE, json::object(), 0};
  auto r = received_record(transport_control(), in, 480);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "serial \"42\" is not <gate_id>-<seq>-<kind>");
  in = {"G1-x-decision", gate::v1::PlatformMessage::KIND_PASSAGE, json::object(), 0};
  EXPECT_FALSE(received_record(transport_control(), in, 480).ok());
  in = {"G1-1-outcome", gate::v1::PlatformMessage::KIND_OUTCOME, json::object(), 0};
  r = received_record(transport_control(), in, 480);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("KIND_OUTCOME message carries no field from \"key\""), std::string::npos)
      << r.error();
}

}  // namespace
}  // namespace gate::sim
