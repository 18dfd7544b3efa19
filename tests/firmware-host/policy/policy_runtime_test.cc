// The green-share controller at work: a simulated day of arrivals at one lane in each mode,
// held trucks called back in order, restarts that rebuild the tallies from the passage records,
// and reloads that keep the last good policy.
#include "firmware-host/policy/policy_runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "rules/display_names.h"
#include "rules/share.h"
#include "tests/support/policy_host_fixtures.h"
#include "tests/firmware-host/policy/simulated_gate.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using namespace gate::host::testing;
using ::testing::HasSubstr;

constexpr int kGreen = 60, kDiesel = 60;

std::map<std::string, gate::v1::Vehicle> fleet() {
  std::map<std::string, gate::v1::Vehicle> out;
  for (int i = 0; i < kGreen; ++i) {
    auto v = green_truck(i);
    out[v.plate()] = v;
  }
  for (int i = 0; i < kDiesel; ++i) {
    auto v = diesel_truck(100 + i);
    out[v.plate()] = v;
  }
  return out;
}

gate::v1::GateConfig config(const test_support::TempDir& dir, const std::string& policy_text) {
  gate::v1::GateConfig cfg;
  cfg.set_gate_id("G1");
  cfg.set_database_path(dir.file("gate.db"));
  cfg.set_utc_offset_minutes(480);
  cfg.set_policy_file(dir.write("policy.textproto", policy_text));
  cfg.mutable_enterprise()->set_industry("coking");
  auto* lane = cfg.add_lanes();
  lane->set_lane_id("L1");
  lane->set_direction(gate::v1::DIRECTION_IN);
  lane->set_debounce_ms(1000);
  lane->set_passage_timeout_ms(30000);
  return cfg;
}

// Independent count of the day's share from the database: released (pass or manual pass),
// entered, new-energy.
rules::ShareCount count_in_store(GateStore& store) {
  PassageFilter f;
  f.from_unix_ms = kDay;
  f.to_unix_ms = kDay + 24 * kHour;
  auto ps = store.list_passages(f);
  rules::ShareCount c;
  for (const auto& p : ps.value()) {
    const auto v = p.decision().verdict();
    if ((v != gate::v1::VERDICT_PASS && v != gate::v1::VERDICT_MANUAL_PASS) ||
        p.outcome() != gate::v1::PASSAGE_OUTCOME_PASSED) {
      continue;
    }
    ++c.released;
    c.qualifying += p.vehicle().fuel_type() == gate::v1::FUEL_TYPE_ELECTRIC;
  }
  return c;
}

struct DayResult {
  rules::ShareCount end;
  int held = 0;                         // HOLD decisions
  int admitted_calls = 0;               // called trucks that came back and passed
  std::vector<std::string> hold_order;  // plates in the order they were first held
  std::vector<std::string> call_order;
  double min_share = 100;  // lowest running share after a release
  double min_budget = 1e9;
};

// 240 arrivals from 06:00, one every 4 minutes, about 55 % of them green; a truck held at the
// gate waits until it is called and comes back 2 minutes later. `check` runs after each event.
DayResult simulate_day(SimulatedGate& gate, std::function<void(SimulatedGate&)> check = nullptr,
                       int from = 0, int to = 240) {
  DayResult r;
  uint32_t rng = 2025;
  auto next = [&] {
    rng = rng * 1664525u + 1013904223u;
    return rng >> 8;
  };
  std::set<std::string> waiting;  // held and not yet called back
  std::multimap<int64_t, std::string> returns;
  std::size_t calls_seen = gate.calls.size();
  auto handle = [&](const std::string& plate, int64_t t) {
    auto d = gate.arrive(plate, t);
    if (d.verdict() == gate::v1::VERDICT_HOLD) {
      ++r.held;
      if (waiting.insert(plate).second) r.hold_order.push_back(plate);
    } else if (waiting.erase(plate) && d.verdict() == gate::v1::VERDICT_PASS) {
      ++r.admitted_calls;
    }
    for (; calls_seen < gate.calls.size(); ++calls_seen) {
      r.call_order.push_back(gate.calls[calls_seen]);
      returns.emplace(t + 2 * kMinute, gate.calls[calls_seen]);
    }
    const auto* st = gate.runtime().share_state(t);
    auto it = st->counts.find("green");
    if (it != st->counts.end() && it->second.released > 0) {
      r.min_share = std::min(r.min_share, rules::share_percent(it->second));
    }
    if (check) check(gate);
  };
  for (int i = 0; i < 240; ++i) {
    const int64_t t = kDay + 6 * kHour + i * 4 * kMinute;
    // Called trucks that come back before this arrival.
    while (!returns.empty() && returns.begin()->first <= t) {
      auto [when, plate] = *returns.begin();
      returns.erase(returns.begin());
      if (i >= from && i < to) handle(plate, when);
    }
    if (i < from || i >= to) continue;
    std::string plate;
    do {
      const bool green = next() % 100 < 55;
      plate = green ? green_truck(static_cast<int>(next() % kGreen)).plate()
                    : diesel_truck(100 + static_cast<int>(next() % kDiesel)).plate();
    } while (waiting.count(plate));
    handle(plate, t);
    gate.tick(t + kMinute);
  }
  r.end = count_in_store(gate.store());
  return r;
}

TEST(GreenShareDayTest, StrictNeverDipsBelowTarget) {
  test_support::TempDir dir;
  SimulatedGate gate(config(dir, share_policy_text("SHARE_MODE_STRICT", 70, 0, 0)), fleet());
  ASSERT_TRUE(gate.start(kDay + 6 * kHour).ok());
  auto r = simulate_day(gate);
  EXPECT_GE(r.min_share, 70.0) << "strict mode let the running share drop below target";
  EXPECT_GE(rules::share_percent(r.end), 70.0);
  EXPECT_GT(r.held, 10) << "the day should have exercised the hold queue";
  EXPECT_GT(r.admitted_calls, 0) << "held trucks should be called back as the share allows";
  // The controller's tallies are the evidence's.
  const auto& live = gate.runtime().share_state(kDay + 23 * kHour)->counts.at("green");
  EXPECT_EQ(live.released, r.end.released);
  EXPECT_EQ(live.qualifying, r.end.qualifying);
}

TEST(GreenShareDayTest, BudgetSpendsOnlyWhatGreenTrucksEarn) {
  test_support::TempDir dir;
  const int allowance = 3;
  SimulatedGate gate(config(dir, share_policy_text("SHARE_MODE_BUDGET", 70, allowance, 0)),
                     fleet());
  ASSERT_TRUE(gate.start(kDay + 6 * kHour).ok());
  double worst = 1e9;
  auto r = simulate_day(gate, [&](SimulatedGate& g) {
    const auto* st = g.runtime().share_state(kDay + 23 * kHour);
    auto it = st->counts.find("green");
    if (it == st->counts.end()) return;
    const auto& c = it->second;
    // n <= allowance + q * (1 - r) / r, in integers: 7 n <= 7 a + 3 q.
    const int64_t n = c.released - c.qualifying;
    worst = std::min(worst, static_cast<double>(7 * allowance + 3 * c.qualifying - 7 * n));
  });
  EXPECT_GE(worst, 0) << "budget mode admitted more non-green trucks than it had earned";
  EXPECT_GT(r.held, 5);
  EXPECT_GT(r.admitted_calls, 0);
  const int64_t n = r.end.released - r.end.qualifying;
  EXPECT_LE(7 * n, 7 * allowance + 3 * r.end.qualifying);
  // Without the allowance the share would be at least the target; with it, at most `allowance`
  // trucks more.
  EXPECT_GE(static_cast<double>(r.end.qualifying) / (r.end.released - allowance), 0.7 - 1e-9);
}

TEST(GreenShareDayTest, ReportModeHoldsNobodyAndWarns) {
  test_support::TempDir dir;
  SimulatedGate gate(config(dir, share_policy_text("SHARE_MODE_REPORT", 70, 0, 0)), fleet());
  ASSERT_TRUE(gate.start(kDay + 6 * kHour).ok());
  auto r = simulate_day(gate);
  EXPECT_EQ(r.held, 0);
  EXPECT_EQ(r.end.released, 240);  // every arrival entered
  EXPECT_LT(rules::share_percent(r.end), 70.0) << "the simulated fleet is about 55 % green";
  bool warned = false;
  for (const auto& l : gate.log) warned |= l.find("WARN share green") != std::string::npos;
  EXPECT_TRUE(warned);
  // Decisions below target say so.
  bool noted = false;
  for (const auto& p : gate.decided) {
    noted |= p.decision().explanation().find("report mode: not held") != std::string::npos;
  }
  EXPECT_TRUE(noted);
}

TEST(GreenShareDayTest, HeldTrucksAreCalledInTheOrderTheyWereHeld) {
  test_support::TempDir dir;
  SimulatedGate gate(config(dir, share_policy_text("SHARE_MODE_BUDGET", 70, 0, 0)), fleet());
  ASSERT_TRUE(gate.start(kDay + 6 * kHour).ok());
  auto r = simulate_day(gate);
  ASSERT_GT(r.call_order.size(), 3u);
  // Replays the day against a plain first-in, first-out queue: every call must go to the
  // truck that has waited longest among those not called yet.
  struct Waiting {
    std::string plate;
    bool called = false;
  };
  std::vector<Waiting> model;
  auto find = [&](const std::string& plate) {
    return std::find_if(model.begin(), model.end(),
                        [&](const Waiting& w) { return w.plate == plate; });
  };
  int calls = 0;
  for (const auto& ev : gate.events) {
    const std::string kind = ev.substr(0, ev.find(' '));
    const std::string plate = ev.substr(ev.find(' ') + 1);
    if (kind == "hold") {
      auto it = find(plate);
      if (it == model.end()) {
        model.push_back({plate});
      } else {
        it->called = false;  // held again: keeps its place
      }
    } else if (kind == "decided" || kind == "drop") {
      if (auto it = find(plate); it != model.end()) model.erase(it);
    } else if (kind == "call") {
      auto first =
          std::find_if(model.begin(), model.end(), [](const Waiting& w) { return !w.called; });
      ASSERT_NE(first, model.end()) << "called " << plate << " with nobody waiting";
      EXPECT_EQ(first->plate, plate) << "call " << calls << " skipped the longest-waiting truck";
      if (auto it = find(plate); it != model.end()) it->called = true;
      ++calls;
    }
  }
  EXPECT_EQ(calls, static_cast<int>(r.call_order.size()));
}

TEST(GreenShareDayTest, RestartRebuildsTalliesAndKeepsTheQueueOrder) {
  test_support::TempDir dir;
  const auto cfg = config(dir, share_policy_text("SHARE_MODE_STRICT", 70, 0, 0));
  SimulatedGate gate(cfg, fleet());
  ASSERT_TRUE(gate.start(kDay + 6 * kHour).ok());
  simulate_day(gate, nullptr, 0, 120);
  const int64_t noon = kDay + 14 * kHour;
  const rules::ShareCount before = gate.runtime().share_state(noon)->counts.at("green");
  std::vector<std::string> queue_before;
  for (const auto& e : gate.runtime().queue().entries()) queue_before.push_back(e.plate);
  ASSERT_FALSE(queue_before.empty()) << "the morning should leave trucks waiting";

  gate.stop();  // gated stops (or crashes after a commit): only the database remains
  SimulatedGate again(cfg, fleet());
  ASSERT_TRUE(again.start(noon).ok());
  const rules::ShareCount after = again.runtime().share_state(noon)->counts.at("green");
  EXPECT_EQ(after.released, before.released);
  EXPECT_EQ(after.qualifying, before.qualifying);
  std::vector<std::string> queue_after;
  for (const auto& e : again.runtime().queue().entries()) queue_after.push_back(e.plate);
  EXPECT_EQ(queue_after, queue_before);
  bool logged = false;
  for (const auto& l : again.log) logged |= l.find("from the passage records") != std::string::npos;
  EXPECT_TRUE(logged);
  // The afternoon goes on from there, still never below target.
  auto r = simulate_day(again, nullptr, 120, 240);
  EXPECT_GE(r.min_share, 70.0);
  EXPECT_GE(rules::share_percent(count_in_store(again.store())), 70.0);
}

TEST(GreenShareDayTest, ManualReleaseOfAHeldTruckCountsAndLeavesTheQueue) {
  test_support::TempDir dir;
  SimulatedGate gate(config(dir, share_policy_text("SHARE_MODE_STRICT", 70, 0, 0)), fleet());
  const int64_t t = kDay + 8 * kHour;
  ASSERT_TRUE(gate.start(t).ok());
  const std::string diesel = diesel_truck(100).plate();
  auto d = gate.arrive(diesel, t);
  ASSERT_EQ(d.verdict(), gate::v1::VERDICT_HOLD) << d.explanation();
  ASSERT_EQ(gate.runtime().queue().entries().size(), 1u);
  auto p = gate.release("王工", "急需原料 已报备", t + kMinute);
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p.value().decision().verdict(), gate::v1::VERDICT_MANUAL_PASS);
  EXPECT_EQ(p.value().decision().operator_id(), "王工");
  EXPECT_THAT(p.value().decision().explanation(), HasSubstr("急需原料 已报备"));
  EXPECT_TRUE(gate.runtime().queue().entries().empty());
  const auto& c = gate.runtime().share_state(t + kMinute)->counts.at("green");
  EXPECT_EQ(c.released, 1);  // manual releases count in the share
  EXPECT_EQ(c.qualifying, 0);
  // Recorded as its own kind, with the operator.
  PassageFilter f;
  f.verdict = gate::v1::VERDICT_MANUAL_PASS;
  auto ps = gate.store().list_passages(f);
  ASSERT_EQ(ps.value().size(), 1u);
  EXPECT_EQ(ps.value()[0].decision().operator_id(), "王工");
  EXPECT_EQ(ps.value()[0].outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
  // Nothing left to release.
  EXPECT_FALSE(gate.release("王工", "再放一次", t + 2 * kMinute).ok());
}

// The end-of-day line reports the day that closed, even when a truck (or a status request) after
// midnight has already started the new day's tallies before the tick that notices the new day.
TEST(GreenShareDayTest, TheClosingSummaryReportsTheClosedDaysFigures) {
  test_support::TempDir dir;
  SimulatedGate gate(config(dir, share_policy_text("SHARE_MODE_BUDGET", 70, 3, 0)), fleet());
  ASSERT_TRUE(gate.start(kDay + 6 * kHour).ok());
  auto r = simulate_day(gate, nullptr, 0, 60);
  ASSERT_GT(r.end.released, 10);
  const int64_t midnight = kDay + 24 * kHour;
  gate.runtime().status(midnight + 10 * 1000);  // the dashboard asks first
  gate.arrive(green_truck(1).plate(), midnight + 20 * 1000);
  gate.tick(midnight + 30 * 1000);
  const std::string expected = "share day 2026-11-22 closed: green " +
                               rules::percent_text(rules::share_percent(r.end)) + "% of " +
                               std::to_string(r.end.released) + " (target 70%)";
  std::vector<std::string> closing;
  for (const auto& l : gate.log) {
    if (l.find("closed") != std::string::npos) closing.push_back(l);
  }
  EXPECT_THAT(closing, ::testing::ElementsAre(expected));
  // The new day goes on from its own tallies.
  const auto& today = gate.runtime().share_state(midnight + kMinute)->counts.at("green");
  EXPECT_EQ(today.released, 1);
  EXPECT_EQ(today.qualifying, 1);
}

TEST(PolicyReloadTest, AFileThatDoesNotLoadLeavesTheLastGoodPolicyInForce) {
  test_support::TempDir dir;
  auto cfg = config(dir, share_policy_text("SHARE_MODE_STRICT", 70, 0, 0, "v1"));
  SimulatedGate gate(cfg, fleet());
  const int64_t t = kDay + 8 * kHour;
  ASSERT_TRUE(gate.start(t).ok());
  EXPECT_EQ(gate.runtime().engine()->version(), "v1");
  dir.write("policy.textproto",
            "id: \"share-test\"\nversion: \"v2\"\nsource: \"s\"\n"
            "rule_sets { id: \"a\" source: \"s\" identity { min_confidence: 3 } }\n");
  auto st = gate.runtime().reload(t);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("policy.textproto:4:"));
  EXPECT_THAT(st.message(), HasSubstr("min_confidence must be between 0 and 1"));
  EXPECT_EQ(gate.runtime().engine()->version(), "v1");
  // Still decides under v1: a diesel truck is held by the strict share rule.
  EXPECT_EQ(gate.arrive(diesel_truck(100).plate(), t).verdict(), gate::v1::VERDICT_HOLD);
  dir.write("policy.textproto", share_policy_text("SHARE_MODE_REPORT", 70, 0, 0, "v3"));
  ASSERT_TRUE(gate.runtime().reload(t + kMinute).ok());
  EXPECT_EQ(gate.runtime().engine()->version(), "v3");
}

}  // namespace
}  // namespace gate::host
