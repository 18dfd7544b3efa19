#include "firmware-host/sync/platform_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drivers/uplink/wire_json.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00:00 +08:00

gate::v1::ListChange change(const std::string& list, const std::string& op,
                            const std::string& plate) {
  gate::v1::ListChange c;
  c.set_list(list);
  c.set_op(op);
  c.set_plate(plate);
  return c;
}

TEST(PlatformStateTest, CheckAcceptsAWellFormedReply) {
  gate::v1::DownlinkReply r;
  r.set_cursor("7");
  r.mutable_control()->set_alert_level(3);
  r.mutable_control()->set_response_level(1);
  r.mutable_control()->set_effective_until("2026-11-23T00:00:00+08:00");
  *r.add_changes() = change("whitelist", "add", "豫H12345");
  *r.add_changes() = change("excess_emission", "remove", "豫H54321");
  EXPECT_TRUE(check_downlink(r).ok());
}

TEST(PlatformStateTest, CheckNamesWhatIsWrong) {
  gate::v1::DownlinkReply r;
  *r.add_changes() = change("whitelist", "add", "豫H12345");
  *r.add_changes() = change("blacklist", "add", "豫H12345");
  EXPECT_THAT(check_downlink(r).message(), HasSubstr("changes[1]: list \"blacklist\""));
  r.mutable_changes(1)->set_list("whitelist");
  r.mutable_changes(1)->set_op("delete");
  EXPECT_THAT(check_downlink(r).message(), HasSubstr("op \"delete\""));
  r.mutable_changes(1)->set_op("add");
  r.mutable_changes(1)->set_plate(" ");
  EXPECT_THAT(check_downlink(r).message(), HasSubstr("plate is empty"));
  r.clear_changes();
  r.mutable_control()->set_alert_level(5);
  EXPECT_THAT(check_downlink(r).message(), HasSubstr("control.alert_level 5"));
  r.mutable_control()->set_alert_level(1);
  r.mutable_control()->set_effective_until("tomorrow");
  EXPECT_THAT(check_downlink(r).message(), HasSubstr("control.effective_until"));
}

// docs/uplink.md §8: the smallest valid downlink reply is {"cursor":"<c>"}; anything less is
// refused with a reason that names the cursor, and is not applied.
TEST(PlatformStateTest, TheSmallestValidReplyIsACursor) {
  gate::v1::DownlinkReply r;
  ASSERT_TRUE(drivers::uplink::from_json_lenient(R"({"cursor":"18"})", &r).ok());
  EXPECT_TRUE(check_downlink(r).ok()) << check_downlink(r).message();
  EXPECT_FALSE(r.full());
  EXPECT_FALSE(r.more());
  for (const char* less : {"{}", R"({"cursor":""})", R"({"full":false,"changes":[]})"}) {
    gate::v1::DownlinkReply bad;
    ASSERT_TRUE(drivers::uplink::from_json_lenient(less, &bad).ok()) << less;
    EXPECT_THAT(check_downlink(bad).message(), HasSubstr("cursor is missing or empty")) << less;
  }
  gate::v1::DownlinkReply not_json;
  EXPECT_FALSE(drivers::uplink::from_json_lenient("", &not_json).ok());
  EXPECT_FALSE(drivers::uplink::from_json_lenient("[]", &not_json).ok());
}

TEST(PlatformStateTest, EffectiveLevelIsThePlatformsWhileInForce) {
  PlatformState s;
  EXPECT_EQ(effective_alert_level(s, gate::v1::ALERT_LEVEL_YELLOW, kT0),
            gate::v1::ALERT_LEVEL_YELLOW);
  s.has_control = true;
  s.control.set_alert_level(2);
  EXPECT_EQ(effective_alert_level(s, gate::v1::ALERT_LEVEL_NONE, kT0),
            gate::v1::ALERT_LEVEL_ORANGE);
  // The platform lifting the alert (level 0) wins over a configured level too.
  s.control.set_alert_level(0);
  EXPECT_EQ(effective_alert_level(s, gate::v1::ALERT_LEVEL_ORANGE, kT0),
            gate::v1::ALERT_LEVEL_NONE);
  s.control.set_alert_level(3);
  s.control.set_effective_until("2026-11-22T09:00:00+08:00");
  EXPECT_EQ(effective_alert_level(s, gate::v1::ALERT_LEVEL_NONE, kT0 + 3599999),
            gate::v1::ALERT_LEVEL_RED);
  EXPECT_EQ(effective_alert_level(s, gate::v1::ALERT_LEVEL_NONE, kT0 + 3600000),
            gate::v1::ALERT_LEVEL_NONE);
}

TEST(PlatformStateTest, DescribeSaysWhatIsInForce) {
  PlatformState s;
  EXPECT_THAT(describe(s), HasSubstr("no control measures"));
  EXPECT_THAT(describe(s), HasSubstr("nothing fetched yet"));
  s.has_control = true;
  s.control.set_alert_level(2);
  s.control.set_response_level(2);
  s.control.add_measures("国四及以下柴油货车禁止通行");
  s.cursor = "17";
  auto lists = std::make_shared<rules::PlatformLists>();
  lists->excess_emission = {"豫H1", "豫H2"};
  s.lists = lists;
  const std::string d = describe(s);
  EXPECT_THAT(d, HasSubstr("alert orange (response II)"));
  EXPECT_THAT(d, HasSubstr("国四及以下柴油货车禁止通行"));
  EXPECT_THAT(d, HasSubstr("2 excess-emission"));
  EXPECT_THAT(d, HasSubstr("cursor 17"));
}

TEST(PlatformStateTest, TheStrategyIsOursAndInForceWithTheMeasures) {
  gate::v1::DownlinkReply r;
  r.set_cursor("pull-1");
  r.mutable_control()->set_strategy("ban_everything");
  auto st = check_downlink(r);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("control.strategy \"ban_everything\" is none of ours"));
  r.mutable_control()->set_strategy("ban_stage_4_and_below");
  EXPECT_TRUE(check_downlink(r).ok());

  PlatformState s;
  EXPECT_EQ(effective_strategy(s, kT0).strategy, rules::PlatformStrategy::kNone);
  s.has_control = true;
  s.control = r.control();
  s.control.set_strategy_code("2");
  s.control.set_reference("豫环〔2026〕12号");
  s.control.set_effective_until("2026-11-22T09:00:00+08:00");
  const auto in_force = effective_strategy(s, kT0);
  EXPECT_EQ(in_force.strategy, rules::PlatformStrategy::kBanStage4AndBelow);
  EXPECT_EQ(in_force.code, "2");
  EXPECT_EQ(in_force.reference, "豫环〔2026〕12号");
  EXPECT_EQ(effective_strategy(s, kT0 + 3600000).strategy, rules::PlatformStrategy::kNone)
      << "ends with the measures";
  EXPECT_THAT(describe(s), HasSubstr("strategy ban_stage_4_and_below (code 2): road transport of "
                                     "China IV and below banned; reference 豫环〔2026〕12号"));
}

}  // namespace
}  // namespace gate::host
