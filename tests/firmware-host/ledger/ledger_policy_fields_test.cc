// The ledger's policy fields (exemptions with their basis, machinery compliance): CSV columns,
// store columns, and older database files that lack them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;

const char* kHeader =
    "plate,plate_color,vehicle_class,emission_stage,fuel_type,registration_code,exemption,"
    "exemption_basis,exemption_until,machinery_registration,test_report_valid_until,positioning,"
    "valid_from,valid_until,suspended\n";

TEST(LedgerPolicyFieldsTest, CsvColumnsParse) {
  const std::string csv =
      std::string(kHeader) +
      "豫H12345,yellow,transport,4,B,,hazardous_goods,危运证 410800001,2027-03-31,,,,,,0\n"
      ",,machinery,4,B,HN410800001,,,,registered,2026-12-31,ok,,,0\n"
      ",,machinery,3,B,HN410800002,,,,fake,,failed,,,0\n";
  auto r = parse_ledger_csv(csv);
  ASSERT_TRUE(r.errors.empty()) << format_row_error("l.csv", r.errors[0]);
  ASSERT_EQ(r.vehicles.size(), 3u);
  EXPECT_EQ(r.vehicles[0].exemption(), gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS);
  EXPECT_EQ(r.vehicles[0].exemption_basis(), "危运证 410800001");
  EXPECT_EQ(r.vehicles[0].exemption_until(), "2027-03-31");
  EXPECT_EQ(r.vehicles[1].machinery_registration(), gate::v1::MACHINERY_REGISTRATION_REGISTERED);
  EXPECT_EQ(r.vehicles[1].test_report_valid_until(), "2026-12-31");
  EXPECT_EQ(r.vehicles[1].positioning(), gate::v1::POSITIONING_STATUS_OK);
  EXPECT_EQ(r.vehicles[2].machinery_registration(), gate::v1::MACHINERY_REGISTRATION_FAKE);
  EXPECT_EQ(r.vehicles[2].positioning(), gate::v1::POSITIONING_STATUS_FAILED);
}

TEST(LedgerPolicyFieldsTest, AnExemptionNeedsItsBasisAndKnownValues) {
  const std::string csv = std::string(kHeader) +
                          "豫H12345,yellow,transport,4,B,,hazardous_goods,,,,,,,,0\n"  // line 2
                          "豫H12346,yellow,transport,4,B,,vip,x,,,,,,,0\n"             // line 3
                          ",,machinery,4,B,HN1,,,,maybe,2026-13-01,lost,,,0\n";        // line 4
  auto r = parse_ledger_csv(csv);
  ASSERT_EQ(r.errors.size(), 5u);
  EXPECT_EQ(format_row_error("l.csv", r.errors[0]).substr(0, 24), "l.csv:2: exemption_basis");
  EXPECT_THAT(r.errors[1].reason, HasSubstr("'vip' is not an exemption"));
  EXPECT_EQ(r.errors[1].line, 3);
  std::string rest;
  for (std::size_t i = 2; i < r.errors.size(); ++i) rest += r.errors[i].field + ";";
  EXPECT_THAT(rest, HasSubstr("machinery_registration"));
  EXPECT_THAT(rest, HasSubstr("positioning"));
  EXPECT_THAT(rest, HasSubstr("test_report_valid_until"));
  EXPECT_TRUE(r.vehicles.empty());
}

TEST(LedgerPolicyFieldsTest, StoreKeepsTheFields) {
  test_support::TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  gate::v1::Vehicle v;
  v.set_registration_code("HN410800001");
  v.set_vehicle_class(gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
  v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  v.set_exemption(gate::v1::EXEMPTION_KIND_EMERGENCY_SUPPLY);
  v.set_exemption_basis("应急保供备案 2026-017");
  v.set_exemption_until("2027-01-31");
  v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_REGISTERED);
  v.set_test_report_valid_until("2026-12-31");
  v.set_positioning(gate::v1::POSITIONING_STATUS_NOT_INSTALLED);
  ASSERT_TRUE(store.value()->replace_ledger({v}, 1).ok());
  auto back = store.value()->load_vehicles();
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back.value().size(), 1u);
  const auto& b = back.value()[0];
  EXPECT_EQ(b.exemption(), v.exemption());
  EXPECT_EQ(b.exemption_basis(), v.exemption_basis());
  EXPECT_EQ(b.exemption_until(), v.exemption_until());
  EXPECT_EQ(b.machinery_registration(), v.machinery_registration());
  EXPECT_EQ(b.test_report_valid_until(), v.test_report_valid_until());
  EXPECT_EQ(b.positioning(), v.positioning());
}

TEST(LedgerPolicyFieldsTest, AnOlderDatabaseGetsTheColumns) {
  test_support::TempDir dir;
  const std::string path = dir.file("old.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const char* old_schema =
        "CREATE TABLE vehicles (id INTEGER PRIMARY KEY, ledger_key TEXT NOT NULL UNIQUE,"
        " plate TEXT NOT NULL, plate_color INTEGER NOT NULL, vehicle_class INTEGER NOT NULL,"
        " vin TEXT NOT NULL, engine_no TEXT NOT NULL, registration_date TEXT NOT NULL,"
        " emission_stage INTEGER NOT NULL, fuel_type INTEGER NOT NULL, vehicle_type TEXT NOT NULL,"
        " use TEXT NOT NULL, fleet TEXT NOT NULL, owner TEXT NOT NULL,"
        " registration_code TEXT NOT NULL, valid_from TEXT NOT NULL, valid_until TEXT NOT NULL,"
        " suspended INTEGER NOT NULL, updated_unix_ms INTEGER NOT NULL);"
        "INSERT INTO vehicles VALUES(1,'plate:豫H12345','豫H12345',2,1,'','','',6,2,'','','','',"
        "'','','',0,1);";
    ASSERT_EQ(sqlite3_exec(db, old_schema, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = GateStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  auto vs = store.value()->load_vehicles();
  ASSERT_TRUE(vs.ok()) << vs.error();
  ASSERT_EQ(vs.value().size(), 1u);
  EXPECT_EQ(vs.value()[0].plate(), "豫H12345");
  EXPECT_EQ(vs.value()[0].exemption(), gate::v1::EXEMPTION_KIND_UNSPECIFIED);
}

}  // namespace
}  // namespace gate::host
