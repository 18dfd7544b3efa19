// gatectl passages cargo: entering a passage's cargo, a correction kept beside the first entry,
// every refusal in gatectl's error forms (exit 2 for the command line, 1 for the value), and
// `platform render --kind cargo` printing the cargo message a profile sends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct CtlRun {
  int rc;
  std::string out, err;
};

CtlRun run_ctl(const std::vector<std::string>& argv) {
  auto a = parse_args(argv);
  if (!a.ok()) return {2, "", a.error()};
  std::ostringstream out, err;
  int rc = run_command(a.value(), out, err);
  return {rc, out.str(), err.str()};
}

class CargoCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("gate.db");
    auto s = host::GateStore::Open(db_);
    ASSERT_TRUE(s.ok()) << s.error();
    auto p = host::sync_test::passage("豫H00001", host::sync_test::kT0);
    ASSERT_TRUE(s.value()->commit_passage(p, host::sync_test::kT0).ok());
  }
  std::vector<std::string> cargo_kinds() {
    auto s = host::GateStore::Open(db_);
    EXPECT_TRUE(s.ok());
    std::vector<std::string> kinds;
    auto rows = s.value()->next_outbox(100);
    EXPECT_TRUE(rows.ok()) << rows.error();
    for (const auto& r : rows.value())
      if (r.cargo) kinds.push_back(r.kind);
    return kinds;
  }
  test_support::TempDir dir_;
  std::string db_;
};

TEST_F(CargoCommandsTest, EntersShowsAndCorrectsTheCargo) {
  CtlRun none = run_ctl({"passages", "cargo", "--db", db_, "1"});
  ASSERT_EQ(none.rc, 0) << none.err;
  EXPECT_EQ(none.out, "passage 1 has no cargo\n");

  CtlRun first = run_ctl({"passages", "cargo", "--db", db_, "1", "--name", "铁矿石", "--quantity",
                          "31.25", "--unit", "t", "--operator", "alice"});
  ASSERT_EQ(first.rc, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("by alice: 铁矿石, 31.25 t\n"));
  EXPECT_THAT(first.out, HasSubstr("queued for upload as cargo\n"));

  CtlRun fix = run_ctl({"passages", "cargo", "--db", db_, "1", "--name=铁矿石", "--quantity=30.5",
                        "--unit=t", "--operator=bob"});
  ASSERT_EQ(fix.rc, 0) << fix.err;
  EXPECT_THAT(fix.out, HasSubstr("entered "));
  EXPECT_THAT(fix.out, HasSubstr("by alice: 铁矿石, 31.25 t\n"));
  EXPECT_THAT(fix.out, HasSubstr("corrected (entry 2) "));
  EXPECT_THAT(fix.out, HasSubstr("by bob: 铁矿石, 30.5 t\n"));
  EXPECT_THAT(fix.out, HasSubstr("queued for upload as cargo_2\n"));
  EXPECT_EQ(cargo_kinds(), (std::vector<std::string>{"cargo", "cargo_2"}));
}

TEST_F(CargoCommandsTest, WrongInputIsRefusedSayingWhatToDo) {
  CtlRun no_unit =
      run_ctl({"passages", "cargo", "--db", db_, "1", "--name", "coal", "--quantity", "3"});
  EXPECT_EQ(no_unit.rc, 2);
  EXPECT_THAT(no_unit.err, HasSubstr("--unit is required to enter cargo"));
  CtlRun no_seq = run_ctl({"passages", "cargo", "--db", db_});
  EXPECT_EQ(no_seq.rc, 2);
  EXPECT_THAT(no_seq.err, HasSubstr("give one passage number"));
  CtlRun bad_seq = run_ctl({"passages", "cargo", "--db", db_, "x1"});
  EXPECT_EQ(bad_seq.rc, 2);

  CtlRun kg = run_ctl(
      {"passages", "cargo", "--db", db_, "1", "--name", "coal", "--quantity", "3", "--unit", "kg"});
  EXPECT_EQ(kg.rc, 1);
  EXPECT_THAT(kg.err, StartsWith("gatectl: cargo of passage 1 not recorded: the unit must be t"));
  CtlRun decimals = run_ctl({"passages", "cargo", "--db", db_, "1", "--name", "coal", "--quantity",
                             "3.14159", "--unit", "t"});
  EXPECT_EQ(decimals.rc, 1);
  EXPECT_THAT(decimals.err, HasSubstr("more than 3 decimals"));
  CtlRun missing = run_ctl(
      {"passages", "cargo", "--db", db_, "7", "--name", "coal", "--quantity", "3", "--unit", "t"});
  EXPECT_EQ(missing.rc, 1);
  EXPECT_THAT(missing.err, HasSubstr("no passage 7 in this database"));
  EXPECT_TRUE(cargo_kinds().empty());
}

TEST_F(CargoCommandsTest, RenderShowsTheCargoMessageOfAProfile) {
  const std::string platforms = std::string(GATE_SOURCE_DIR) + "/deploy/platforms/";
  CtlRun none = run_ctl({"platform", "render", "--db", db_, "--profile",
                         platforms + "token-rest.textproto", "--passage", "1", "--kind", "cargo"});
  EXPECT_EQ(none.rc, 1);
  EXPECT_THAT(none.err, HasSubstr("has no cargo; enter it with gatectl passages cargo 1"));
  ASSERT_EQ(run_ctl({"passages", "cargo", "--db", db_, "1", "--name", "coal", "--quantity", "3",
                     "--unit", "t"})
                .rc,
            0);
  ASSERT_EQ(run_ctl({"passages", "cargo", "--db", db_, "1", "--name", "coal", "--quantity", "3.5",
                     "--unit", "t"})
                .rc,
            0);
  const std::string cfg =
      dir_.write("gated.textproto",
                 "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
                 "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
                 "policy { version: \"v1\" }\n"
                 "uplink { url: \"http://10.0.0.9:8080\" profile_file: \"" +
                     platforms +
                     "token-rest.textproto\"\n"
                     "platform_settings { key: \"company_code\" value: \"C1\" }\n"
                     "platform_settings { key: \"company_num\" value: \"7\" }\n"
                     "platform_settings { key: \"company_password\" value: \"pw\" }\n"
                     "platform_settings { key: \"gate_code\" value: \"G01\" }\n}\n");
  CtlRun r = run_ctl({"platform", "render", "--config", cfg, "--passage", "1", "--kind", "cargo"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out,
              StartsWith("POST http://10.0.0.9:8080/transport/record/cargo\ntoken: <token>\n"));
  const auto body = nlohmann::json::parse(r.out.substr(r.out.find("\n\n") + 2));
  EXPECT_EQ(body.at("serialNum"), "G1-1-decision");
  EXPECT_EQ(body.at("cargoSerialNum"), "G1-1-cargo_2") << "the latest entry";
  EXPECT_EQ(body.at("netWeight"), 3.5);
  EXPECT_EQ(body.at("unit"), "吨（T）");
  CtlRun first =
      run_ctl({"platform", "render", "--db", db_, "--profile", platforms + "token-rest.textproto",
               "--passage", "1", "--kind", "cargo_1"});
  EXPECT_EQ(first.rc, 2) << "cargo_1 is written cargo";
  CtlRun ref =
      run_ctl({"platform", "render", "--db", db_, "--profile",
               platforms + "gate-uplink-1.textproto", "--passage", "1", "--kind", "cargo"});
  ASSERT_EQ(ref.rc, 0) << ref.err;
  EXPECT_THAT(ref.out, HasSubstr("\"quantity\": \"3.5\""));
  EXPECT_THAT(ref.out, HasSubstr("\"key\": \"G1-1-cargo_2\""));
}

}  // namespace
}  // namespace gate::ctl
