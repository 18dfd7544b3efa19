// gatectl policy check / explain / replay and gatectl release, against real files, a real
// database and a live local API.
#include "firmware-host/gatectl/policy_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>

#include <sstream>
#include <thread>

#include "firmware-host/api/api_server.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/policy_host_fixtures.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using namespace gate::host::testing;
using ::testing::HasSubstr;
using ::testing::Not;

struct CtlRun {
  int rc = -1;
  std::string out, err;
};

CtlRun ctl(const std::vector<std::string>& argv) {
  CtlRun r;
  auto args = parse_args(argv);
  if (!args.ok()) {
    r.err = args.error();
    return r;
  }
  std::ostringstream out, err;
  r.rc = run_command(args.value(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string shipped(const char* name) {
  return std::string(GATE_SOURCE_DIR) + "/rules/policies/" + name;
}

TEST(PolicyCheckTest, ShippedFileIsOkAndSaysWhatBindsThePlant) {
  test_support::TempDir dir;
  const std::string cfg = dir.write(
      "gated.textproto",
      "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\n"
      "lanes { lane_id: \"L1\" barrier { tcp { host: \"127.0.0.1\" port: 1502 } } }\n"
      "policy_file: \"" +
          shipped("henan-jiaozuo-2025.textproto") +
          "\"\n"
          "enterprise { industry: \"steel\" grade: PERFORMANCE_GRADE_B double_high: true\n"
          "  location: \"jiaozuo/qinyang\" ownership: OWNERSHIP_OTHER annual_freight_kt: 800 }\n");
  auto r = ctl({"policy", "check", shipped("henan-jiaozuo-2025.textproto"), "--config", cfg});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(": OK"));
  EXPECT_THAT(r.out, HasSubstr("policy henan-jiaozuo-2025 version"));
  EXPECT_THAT(r.out, HasSubstr("- qinyang-steel-cement-transport  [2025-10-01..…]  (steel/cement, "
                               "in jiaozuo/qinyang)  applies to this plant"));
  EXPECT_THAT(r.out, HasSubstr("- jiaozuo-green-other-70  [2026-01-01..…]  (not double-high, "
                               "green-share-reading=deadline)  not for this plant: not for "
                               "double-high"));
  EXPECT_THAT(r.out, HasSubstr("- qinyang-1mt-in-plant-2026  [2026-01-01..…]  (in jiaozuo/qinyang, "
                               ">= 1000 kt/year)  not for this plant: annual freight 800 kt"));
}

TEST(PolicyCheckTest, SourcesListEveryRuleWithItsClauseAndWhatIsAssumed) {
  auto r = ctl({"policy", "check", "--sources", shipped("henan-jiaozuo-2025.textproto")});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("- qinyang-steel-cement-2025-10  as written\n"
                               "      rule: in-plant at least new-energy [Qinyang: in-plant "
                               "new-energy]"));
  EXPECT_THAT(r.out, HasSubstr("source: 002 三.3: 厂内运输采用新能源车辆"));
  EXPECT_THAT(r.out, HasSubstr("- jiaozuo-green-key-90  ASSUMED\n"
                               "      rule: share.green >= 90 % (strict mode)"));
  EXPECT_THAT(r.out, HasSubstr("assumed: year 2025, so binding from 2026-01-01"));
  EXPECT_THAT(r.out, HasSubstr("choice green-share-reading (default deadline)"));
  EXPECT_THAT(r.out, ::testing::MatchesRegex("(.|\n)*[0-9]+ of [0-9]+ rule set\\(s\\) rest on "
                                             "assumptions: confirm them with the bureau\n"));
}

TEST(PolicyCheckTest, MalformedFileIsRejectedWithFileAndLine) {
  test_support::TempDir dir;
  const std::string bad = dir.write("bad.textproto",
                                    "id: \"x\"\nversion: \"1\"\nsource: \"s\"\n"
                                    "rule_sets {\n  id: \"a\"\n  source: \"s\"\n"
                                    "  identity { min_confidence: 7 }\n}\n");
  auto r = ctl({"policy", "check", bad});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr(bad + ":7:"));
  EXPECT_THAT(r.err, HasSubstr("min_confidence must be between 0 and 1"));
  EXPECT_EQ(ctl({"policy", "check"}).rc, 2);
  EXPECT_EQ(ctl({"policy", "frobnicate"}).rc, 2);
}

class PolicyOnDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = dir_.write("policy.textproto", share_policy_text("SHARE_MODE_REPORT", 70, 0, 0));
    strict_ = dir_.write("strict.textproto",
                         share_policy_text("SHARE_MODE_STRICT", 70, 0, 0, "strict-1"));
    cfg_ =
        dir_.write("gated.textproto",
                   "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
                   "lanes { lane_id: \"L1\" barrier { tcp { host: \"127.0.0.1\" port: 1502 } } }\n"
                   "policy_file: \"policy.textproto\"\n"
                   "enterprise { industry: \"coking\" grade: PERFORMANCE_GRADE_B }\n");
    auto store = host::GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    std::vector<gate::v1::Vehicle> ledger;
    for (int i = 0; i < 5; ++i) ledger.push_back(green_truck(i));
    for (int i = 0; i < 5; ++i) ledger.push_back(diesel_truck(100 + i));
    ASSERT_TRUE(store.value()->replace_ledger(ledger, kDay).ok());
    // Recorded on 2026-11-22 under the report-mode policy: everything passed, green first.
    int64_t t = kDay + 8 * kHour;
    for (int i = 0; i < 3; ++i) record(*store.value(), green_truck(i), t += kMinute);
    for (int i = 0; i < 3; ++i) record(*store.value(), diesel_truck(100 + i), t += kMinute);
  }
  void record(host::GateStore& store, const gate::v1::Vehicle& v, int64_t t) {
    auto p = passage(0, v, gate::v1::VERDICT_PASS, t);
    p.mutable_decision()->set_policy_version("v1");
    auto seq = store.commit_passage(p, t);
    ASSERT_TRUE(seq.ok()) << seq.error();
    ASSERT_TRUE(store.set_outcome(seq.value(), gate::v1::PASSAGE_OUTCOME_PASSED, t).ok());
  }

  test_support::TempDir dir_;
  std::string policy_, strict_, cfg_;
};

TEST_F(PolicyOnDatabaseTest, ExplainPrintsTheFullReasoning) {
  auto r = ctl({"policy", "explain", "--plate", diesel_truck(103).plate(), "--config", cfg_, "--at",
                "2026-11-22 09:00", "--alert", "orange", "--policy", strict_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("explain " + diesel_truck(103).plate() +
                        " at 2026-11-22 09:00:00, alert orange, policy share-test strict-1"));
  EXPECT_THAT(r.out, HasSubstr("ledger: transport, China VI, diesel"));
  EXPECT_THAT(r.out, HasSubstr("share green so far on 2026-11-22: 3 of 6 (50%)"));
  EXPECT_THAT(r.out, HasSubstr("reasoning:"));
  EXPECT_THAT(r.out, HasSubstr("identity  ok"));
  EXPECT_THAT(r.out, HasSubstr("share     hold           [share.green]"));
  EXPECT_THAT(r.out, HasSubstr("decision: HOLD [share.green]"));
  EXPECT_THAT(r.out, HasSubstr("display:  新能源车辆比例不足 请等候 / new-energy share below 70%"));
  // Before the day's first truck, the same truck is held too (0 of 1 would be 0 %), and a
  // green one passes.
  auto green = ctl({"policy", "explain", "--plate", green_truck(4).plate(), "--config", cfg_,
                    "--at", "2026-11-22 07:00", "--policy", strict_});
  ASSERT_EQ(green.rc, 0) << green.err;
  EXPECT_THAT(green.out, HasSubstr("decision: PASS [pass.all_rules]"));
  auto unknown = ctl({"policy", "explain", "--plate", "豫H99999", "--config", cfg_});
  ASSERT_EQ(unknown.rc, 0) << unknown.err;
  EXPECT_THAT(unknown.out, HasSubstr("ledger: no entry for 豫H99999"));
  EXPECT_THAT(unknown.out, HasSubstr("decision: REFUSE [identity.unknown_vehicle]"));
  EXPECT_EQ(ctl({"policy", "explain", "--config", cfg_}).rc, 2);
  EXPECT_EQ(
      ctl({"policy", "explain", "--plate", "豫H99999", "--config", cfg_, "--alert", "purple"}).rc,
      2);
}

// --check assumes the platform's answer and shows the decision the lane would make from both;
// the platform's vehicle data stands in for a plate in no ledger only where the policy says so.
TEST_F(PolicyOnDatabaseTest, ExplainJoinsAnAssumedPlatformCheck) {
  auto refused = ctl({"policy", "explain", "--plate", green_truck(4).plate(), "--config", cfg_,
                      "--check", "refuse:国四柴油车 禁行"});
  ASSERT_EQ(refused.rc, 0) << refused.err;
  EXPECT_THAT(refused.out, HasSubstr("decision: PASS [pass.all_rules]"));
  EXPECT_THAT(refused.out, HasSubstr("with the platform's check (joined strictest-wins, degraded "
                                     "mode local):\ndecision: REFUSE [platform.check]"));
  auto gone = ctl({"policy", "explain", "--plate", green_truck(4).plate(), "--config", cfg_,
                   "--check", "unavailable"});
  ASSERT_EQ(gone.rc, 0) << gone.err;
  EXPECT_THAT(gone.out, HasSubstr("decided locally, degraded mode local"));

  const std::string admitting =
      dir_.write("admitting.textproto",
                 "id: \"a\" version: \"a1\" source: \"test\"\n"
                 "rule_sets { id: \"u\" source: \"plant\" identity { unknown_vehicle: "
                 "UNKNOWN_VEHICLE_PLATFORM_DATA } }\n");
  const std::vector<std::string> unknown{
      "policy",  "explain", "--plate",          "豫H99999", "--config",        cfg_,
      "--check", "pass",    "--platform-stage", "6",        "--platform-fuel", "B"};
  auto under_plant = ctl(unknown);
  ASSERT_EQ(under_plant.rc, 0) << under_plant.err;
  EXPECT_THAT(under_plant.out, HasSubstr("decision: REFUSE [identity.unknown_vehicle]"));
  auto args = unknown;
  args.insert(args.end(), {"--policy", admitting});
  auto admitted = ctl(args);
  ASSERT_EQ(admitted.rc, 0) << admitted.err;
  EXPECT_THAT(admitted.out, HasSubstr("the platform's vehicle data stands in"));
  EXPECT_THAT(admitted.out, HasSubstr("decision: PASS"));

  auto bad =
      ctl({"policy", "explain", "--plate", "豫H99999", "--config", cfg_, "--check", "maybe"});
  EXPECT_EQ(bad.rc, 2);
  EXPECT_THAT(bad.err, HasSubstr("--check must be pass, refuse[:REASON] or unavailable"));
  bad = ctl({"policy", "explain", "--plate", "豫H99999", "--config", cfg_, "--check", "pass",
             "--platform-stage", "9"});
  EXPECT_EQ(bad.rc, 2);
  EXPECT_THAT(bad.err, HasSubstr("'9' is no stage code"));
}

TEST_F(PolicyOnDatabaseTest, ReplayReportsTheDifferences) {
  auto same = ctl({"policy", "replay", "--from", "2026-11-22", "--to", "2026-11-22", "--policy",
                   policy_, "--config", cfg_});
  ASSERT_EQ(same.rc, 0) << same.err;
  EXPECT_THAT(same.out, HasSubstr("changed: 0 of 6"));
  auto r = ctl({"policy", "replay", "--from", "2026-11-22", "--to", "2026-11-22", "--policy",
                strict_, "--config", cfg_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("replay of 6 passage(s)"));
  EXPECT_THAT(r.out, HasSubstr("under share-test strict-1 (recorded under: v1)"));
  // Strict 70 %: after 3 green trucks, one diesel fits (3 of 4 = 75 %), the next two do not.
  EXPECT_THAT(r.out, HasSubstr("changed: 2 of 6"));
  EXPECT_THAT(r.out, HasSubstr("PASS -> HOLD            2"));
  EXPECT_THAT(r.out, HasSubstr("share.green"));
  EXPECT_THAT(
      r.out,
      HasSubstr("2026-11-22: 6 passage(s), entered 6 recorded / 4 replayed (2 held, 0 refused); "
                "green share 50% -> 75%"));
  EXPECT_THAT(r.out, HasSubstr(diesel_truck(101).plate() + " PASS -> HOLD [share.green]"));
  // Another day has nothing to replay.
  auto empty = ctl({"policy", "replay", "--from", "2026-11-23", "--to", "2026-11-23", "--policy",
                    strict_, "--config", cfg_});
  ASSERT_EQ(empty.rc, 0);
  EXPECT_THAT(empty.out, HasSubstr("replay of 0 passage(s)"));
  EXPECT_EQ(ctl({"policy", "replay", "--from", "2026-11-22", "--config", cfg_}).rc, 2);
}

// A passage refused under the platform's strategy is decided again with the strategy it
// recorded: the China IV truck refused while strategy 2 was in force stays refused, while its
// twin decided with no strategy in force still passes.
TEST_F(PolicyOnDatabaseTest, ReplayDecidesWithThePlatformStrategyThePassageRecorded) {
  auto store = host::GateStore::Open(dir_.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  const int64_t t = kDay + 24 * kHour + 9 * kHour;  // 2026-11-23 09:00
  auto china_4 = [](int n) {
    auto v = diesel_truck(n);
    v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
    return v;
  };
  auto free_day = passage(0, china_4(200), gate::v1::VERDICT_PASS, t);
  free_day.mutable_decision()->set_policy_version("v1");
  ASSERT_TRUE(store.value()->commit_passage(free_day, t).ok());
  auto banned = passage(0, china_4(201), gate::v1::VERDICT_REFUSE, t + kMinute);
  banned.mutable_decision()->set_rule_id("platform.strategy");
  banned.mutable_decision()->set_policy_version("v1");
  banned.set_platform_strategy("ban_stage_4_and_below");
  banned.set_platform_strategy_code("2");
  auto seq = store.value()->commit_passage(banned, t + kMinute);
  ASSERT_TRUE(seq.ok()) << seq.error();
  auto kept = store.value()->read_passage(seq.value());
  ASSERT_TRUE(kept.ok()) << kept.error();
  EXPECT_EQ(kept.value().platform_strategy(), "ban_stage_4_and_below");
  EXPECT_EQ(kept.value().platform_strategy_code(), "2");
  store.value().reset();
  auto r = ctl({"policy", "replay", "--from", "2026-11-23", "--to", "2026-11-23", "--policy",
                policy_, "--config", cfg_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("replay of 2 passage(s)"));
  EXPECT_THAT(r.out, HasSubstr("changed: 0 of 2")) << r.out;
}

// Passages decided with the platform's vehicle check are joined again with the recorded answer:
// a platform refusal and an "unreachable" refusal in refuse mode stay refused under a policy that
// passes the trucks, and a plate in no ledger admitted on the platform's data is refused under a
// policy that does not take that data.
TEST_F(PolicyOnDatabaseTest, ReplayJoinsTheRecordedVehicleCheck) {
  auto store = host::GateStore::Open(dir_.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  const int64_t t = kDay + 24 * kHour + 10 * kHour;  // 2026-11-23 10:00
  auto refused_by_platform = passage(0, diesel_truck(300), gate::v1::VERDICT_REFUSE, t);
  refused_by_platform.mutable_decision()->set_rule_id("platform.check");
  auto* c = refused_by_platform.mutable_check();
  c->set_status(gate::v1::VehicleCheck::STATUS_ANSWERED);
  c->set_reason("国四柴油车 禁行");
  auto unreachable = passage(0, diesel_truck(301), gate::v1::VERDICT_REFUSE, t + kMinute);
  unreachable.mutable_decision()->set_rule_id("platform.unreachable");
  unreachable.mutable_check()->set_status(gate::v1::VehicleCheck::STATUS_UNAVAILABLE);
  unreachable.mutable_check()->set_degraded_mode("refuse");
  auto unregistered = passage(0, diesel_truck(302), gate::v1::VERDICT_PASS, t + 2 * kMinute);
  unregistered.set_vehicle_known(false);
  unregistered.clear_vehicle();
  unregistered.mutable_read()->set_plate_text("豫H99999");
  auto* known = unregistered.mutable_check();
  known->set_status(gate::v1::VehicleCheck::STATUS_ANSWERED);
  known->set_may_pass(true);
  known->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  known->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  for (auto* p : {&refused_by_platform, &unreachable, &unregistered}) {
    p->mutable_decision()->set_policy_version("v1");
    auto seq = store.value()->commit_passage(*p, p->time_unix_ms());
    ASSERT_TRUE(seq.ok()) << seq.error();
  }
  store.value().reset();
  auto r = ctl({"policy", "replay", "--from", "2026-11-23", "--to", "2026-11-23", "--policy",
                policy_, "--config", cfg_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("the platform's vehicle checks as answered then, joined "
                               "strictest-wins"));
  EXPECT_THAT(r.out, HasSubstr("replay of 3 passage(s)"));
  EXPECT_THAT(r.out, HasSubstr("changed: 1 of 3")) << r.out;
  EXPECT_THAT(r.out, HasSubstr("豫H99999 PASS -> REFUSE [identity.unknown_vehicle]"));
}

TEST(ReleaseCommandTest, PostsToTheLocalApi) {
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::vector<std::string> seen;
  host::ApiServer::Handlers h;
  h.lane_exists = [](const std::string& l) { return l == "L1"; };
  h.manual_release = [&](const std::string& lane, const std::string& op,
                         const std::string& reason) -> Result<gate::v1::Passage> {
    seen.push_back(lane + "|" + op + "|" + reason);
    if (reason == "nothing") return Error{"lane L1: no refused or held truck to release"};
    return passage(77, diesel_truck(1), gate::v1::VERDICT_MANUAL_PASS, kDay);
  };
  auto api = host::ApiServer::Start(io, "127.0.0.1", 0,
                                    {{"operator", gate::v1::API_ROLE_OPERATOR, "token-123456"}},
                                    std::move(h), std::nullopt);
  ASSERT_TRUE(api.ok()) << api.error();
  std::thread t([&] { io.run(); });
  const std::string url = "http://127.0.0.1:" + std::to_string(api.value()->port());
  auto ok = ctl(
      {"release", "--lane", "L1", "--reason", "抢修物资", "--api", url, "--token", "token-123456"});
  auto named = ctl({"release", "--lane", "L1", "--operator", "operator", "--reason", "抢修物资",
                    "--api", url, "--token", "token-123456"});
  auto refused = ctl(
      {"release", "--lane", "L1", "--reason", "nothing", "--api", url, "--token", "token-123456"});
  auto other_name = ctl({"release", "--lane", "L1", "--operator", "王工", "--reason", "x", "--api",
                         url, "--token", "token-123456"});
  auto bad_token =
      ctl({"release", "--lane", "L1", "--reason", "x", "--api", url, "--token", "wrong"});
  auto usage = ctl({"release", "--lane", "L1"});
  api.value()->stop();
  work.reset();
  io.stop();
  t.join();
  EXPECT_EQ(ok.rc, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("released " + diesel_truck(1).plate() +
                                " at lane L1 as passage #77 (MANUAL_PASS by operator)"));
  EXPECT_EQ(named.rc, 0) << named.err;
  EXPECT_EQ(refused.rc, 1);
  EXPECT_THAT(refused.err, HasSubstr("release refused (409): lane L1: no refused or held truck"));
  EXPECT_EQ(other_name.rc, 1);
  EXPECT_THAT(other_name.err,
              HasSubstr("release refused (400): operator '王工' is not the caller 'operator'"));
  EXPECT_EQ(bad_token.rc, 1);
  EXPECT_THAT(bad_token.err, HasSubstr("401"));
  EXPECT_EQ(usage.rc, 2);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "L1|operator|抢修物资");
}

}  // namespace
}  // namespace gate::ctl
