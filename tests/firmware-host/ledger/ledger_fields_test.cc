// An entry as named fields and back (ledger_fields.h): every field survives the round trip
// through the CSV parser, and a wrong value or an unknown name is an error naming the field.
#include "firmware-host/ledger/ledger_fields.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

namespace gate::host {
namespace {

TEST(LedgerFields, EveryKindOfEntrySurvivesTheRoundTrip) {
  const std::string text =
      "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,fuel_type,"
      "vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,suspended,"
      "exemption,exemption_basis,exemption_until,machinery_registration,"
      "test_report_valid_until,positioning\n"
      "豫H12345,yellow,transport,LZZ5ELND3KW123456,E123,2020-05-01,5,B,N3,货运,\"Fleet, Ltd\","
      "张三,,2025-01-01,2026-12-31,0,hazardous_goods,危运证 豫交危123,2027-01-01,,,ok\n"
      "豫AD12345,绿,in_plant,LGXCE4CB4M0123456,,2021-03-04,D,C,N1,,,,IP-007,,,yes,,,,,,\n"
      ",,machinery,PIN-XYZ-001,,,国III,B,excavator,,,,HN-JZ-000123,,,no,,,,fake,2026-06-30,"
      "not_installed\n"
      "豫A12345D,,transport,,,,X,H,,,,,,,,,platform_granted,平台,,,,failed\n";
  LedgerParse p = parse_ledger_csv(text);
  ASSERT_TRUE(p.errors.empty()) << format_row_error("t.csv", p.errors[0]);
  ASSERT_EQ(p.vehicles.size(), 4u);
  for (const auto& v : p.vehicles) {
    const LedgerFields fields = ledger_fields_of(v);
    EXPECT_EQ(fields.size(), ledger_field_names().size());
    LedgerParse back = parse_ledger_fields(fields);
    ASSERT_TRUE(back.errors.empty()) << v.plate() << ": " << format_row_error("", back.errors[0]);
    ASSERT_EQ(back.vehicles.size(), 1u);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(v, back.vehicles[0]))
        << v.DebugString() << "\nbecame\n"
        << back.vehicles[0].DebugString();
  }
}

TEST(LedgerFields, ErrorsNameTheField) {
  LedgerFields f = {{"plate", "豫H12345"},   {"vehicle_class", "transport"},
                    {"emission_stage", "6"}, {"fuel_type", "B"},
                    {"valid_from", ""},      {"valid_until", ""},
                    {"suspended", "no"}};
  EXPECT_TRUE(parse_ledger_fields(f).errors.empty());
  f["valid_until"] = "2026-13-01";
  auto p = parse_ledger_fields(f);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].field, "valid_until");
  EXPECT_TRUE(p.vehicles.empty());
  f["valid_until"] = "";
  f["owner_name"] = "x";
  p = parse_ledger_fields(f);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].field, "owner_name");
  f.erase("owner_name");
  f.erase("fuel_type");
  EXPECT_FALSE(parse_ledger_fields(f).errors.empty());  // a required field is missing
}

// A client that leaves out a safety field is told so; it is not taken as "no limit" or "not
// suspended".
TEST(LedgerFields, EverySafetyFieldMustBeSent) {
  for (const std::string safety : {"valid_from", "valid_until", "suspended"}) {
    LedgerFields f = {{"plate", "豫H12345"},   {"vehicle_class", "transport"},
                      {"emission_stage", "6"}, {"fuel_type", "B"},
                      {"valid_from", ""},      {"valid_until", ""},
                      {"suspended", "yes"}};
    f.erase(safety);
    auto p = parse_ledger_fields(f);
    ASSERT_EQ(p.errors.size(), 1u) << safety;
    EXPECT_EQ(p.errors[0].field, safety);
    EXPECT_NE(p.errors[0].reason.find("is missing"), std::string::npos) << p.errors[0].reason;
    EXPECT_TRUE(p.vehicles.empty());
  }
}

}  // namespace
}  // namespace gate::host
