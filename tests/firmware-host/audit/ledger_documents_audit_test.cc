// Ledger document images as auditors see them: completeness (which required documents an
// entry lacks, which attached files are missing or replaced), `gatectl audit sample`, and the
// export (files copied under their hash, listed in the manifest, named in the ledger CSV).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "firmware-host/audit/audit_export.h"
#include "firmware-host/audit/completeness.h"
#include "firmware-host/gatectl/commands.h"
#include "firmware-host/ledger/ledger_attach.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_images.h"

namespace gate::host {
namespace {

using test_support::make_jpeg;
using test_support::read_file;
using test_support::TempDir;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

gate::v1::Vehicle vehicle(gate::v1::VehicleClass cls, const std::string& plate,
                          const std::string& code = "") {
  gate::v1::Vehicle v;
  v.set_vehicle_class(cls);
  v.set_plate(plate);
  v.set_registration_code(code);
  v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  return v;
}

constexpr auto kTransport = gate::v1::VEHICLE_CLASS_TRANSPORT;
constexpr auto kInPlant = gate::v1::VEHICLE_CLASS_IN_PLANT;
constexpr auto kMachinery = gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY;
constexpr auto kOk = StoredDocumentState::kOk;

TEST(DocumentCompleteness, TransportAndInPlantNeedAListOrALicence) {
  for (auto cls : {kTransport, kInPlant}) {
    const auto v = vehicle(cls, "豫H12345");
    EXPECT_THAT(missing_ledger_documents(v, {}), ElementsAre("随车清单 or 行驶证 image"));
    EXPECT_THAT(missing_ledger_documents(v, {{rules::DocumentKind::kDrivingLicence, "ab", kOk}}),
                IsEmpty());
    EXPECT_THAT(missing_ledger_documents(v, {{rules::DocumentKind::kConformityList, "ab", kOk}}),
                IsEmpty());
    // A nameplate does not stand in for them.
    EXPECT_THAT(missing_ledger_documents(v, {{rules::DocumentKind::kEngineNameplate, "ab", kOk}}),
                ElementsAre("随车清单 or 行驶证 image"));
    EXPECT_THAT(missing_ledger_fields(v), Contains("随车清单 or 行驶证 image"));
  }
}

TEST(DocumentCompleteness, MachineryNeedsItsEngineNameplate) {
  const auto v = vehicle(kMachinery, "", "HN-1");
  EXPECT_THAT(missing_ledger_documents(v, {}), ElementsAre("发动机铭牌 (engine nameplate) image"));
  EXPECT_THAT(missing_ledger_documents(v, {{rules::DocumentKind::kEngineNameplate, "ab", kOk}}),
              IsEmpty());
  EXPECT_THAT(missing_ledger_documents(v, {{rules::DocumentKind::kMachineryLabel, "ab", kOk}}),
              ElementsAre("发动机铭牌 (engine nameplate) image"));
}

TEST(DocumentCompleteness, ABrokenFileIsReportedAndDoesNotCount) {
  const auto v = vehicle(kTransport, "豫H12345");
  const std::string sha(64, 'a');
  auto m = missing_ledger_documents(
      v, {{rules::DocumentKind::kDrivingLicence, sha, StoredDocumentState::kHashMismatch},
          {rules::DocumentKind::kConformityList, std::string(64, 'b'), StoredDocumentState::kMissing}});
  EXPECT_THAT(m, ElementsAre("随车清单 or 行驶证 image",
                             "行驶证 image aaaaaaaaaaaa…: content does not match its SHA-256 "
                             "(replaced or damaged)",
                             "随车清单 image bbbbbbbbbbbb…: file missing"));
  // An intact licence satisfies the requirement; the broken list is still reported.
  m = missing_ledger_documents(
      v, {{rules::DocumentKind::kDrivingLicence, sha, kOk},
          {rules::DocumentKind::kConformityList, std::string(64, 'b'), StoredDocumentState::kMissing}});
  EXPECT_THAT(m, ElementsAre("随车清单 image bbbbbbbbbbbb…: file missing"));
}

class DocumentAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = GateStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.error();
    ASSERT_TRUE(store.value()->upsert_vehicle(truck_, 1000, "test").ok());
    ASSERT_TRUE(store.value()->upsert_vehicle(other_, 1000, "test").ok());
    ASSERT_TRUE(store.value()->upsert_vehicle(machine_, 1000, "test").ok());
    PhotoStore docs(docs_);
    const std::string list = dir_.write("list.jpg", list_);
    const std::string licence = dir_.write("licence.jpg", licence_);
    const std::string plate = dir_.write("nameplate.jpg", make_jpeg(33));
    auto a = attach_documents(*store.value(), docs, truck_, rules::DocumentKind::kConformityList, {list},
                              "张三", 2000);
    ASSERT_TRUE(a.ok()) << a.error();
    ASSERT_TRUE(attach_documents(*store.value(), docs, truck_, rules::DocumentKind::kDrivingLicence,
                                 {licence}, "张三", 2000)
                    .ok());
    // The other truck's licence is the same scan (deduplicated); the machine's nameplate file
    // is lost afterwards.
    ASSERT_TRUE(attach_documents(*store.value(), docs, other_, rules::DocumentKind::kDrivingLicence,
                                 {licence}, "李四", 3000)
                    .ok());
    ASSERT_TRUE(attach_documents(*store.value(), docs, machine_, rules::DocumentKind::kEngineNameplate,
                                 {plate}, "李四", 3000)
                    .ok());
    std::filesystem::remove(docs.path_of(sha256_hex(make_jpeg(33))));
  }
  TempDir dir_;
  std::string db_ = dir_.file("gate.db");
  std::string docs_ = dir_.file("gate.db.documents");
  std::string list_ = make_jpeg(31), licence_ = make_jpeg(32);
  gate::v1::Vehicle truck_ = vehicle(kTransport, "豫H12345");
  gate::v1::Vehicle other_ = vehicle(kTransport, "豫H67890");
  gate::v1::Vehicle machine_ = vehicle(kMachinery, "", "HN-JZ-0001");
};

TEST_F(DocumentAuditTest, ExportCopiesTheDocumentsAndListsThemInTheManifest) {
  auto store = GateStore::Open(db_, /*read_only=*/true);
  ExportOptions opt;
  opt.out_dir = dir_.file("export");
  opt.documents_dir = docs_;
  auto sum = export_audit_package(*store.value(), opt);
  ASSERT_TRUE(sum.ok()) << sum.error();
  EXPECT_EQ(sum.value().documents, 2);  // list + licence; the shared licence is copied once
  EXPECT_EQ(sum.value().missing_documents, 1);
  const std::string sha_list = sha256_hex(list_), sha_lic = sha256_hex(licence_);
  EXPECT_EQ(read_file(opt.out_dir + "/documents/" + sha_list + ".jpg"), list_);
  EXPECT_EQ(read_file(opt.out_dir + "/documents/" + sha_lic + ".jpg"), licence_);

  auto manifest = nlohmann::json::parse(read_file(opt.out_dir + "/manifest.json"));
  EXPECT_EQ(manifest["document_files"], 2);
  EXPECT_EQ(manifest["missing_documents"], 1);
  ASSERT_EQ(manifest["documents"].size(), 4u);
  int copied = 0;
  for (const auto& d : manifest["documents"]) {
    if (d["path"] == "") {
      EXPECT_EQ(d["ledger_key"], "code:HN-JZ-0001");
      EXPECT_EQ(d["problem"], "file missing");
      continue;
    }
    ++copied;
    EXPECT_EQ(d["path"], "documents/" + d["sha256"].get<std::string>() + ".jpg");
    EXPECT_FALSE(d["added_by"].get<std::string>().empty());
  }
  EXPECT_EQ(copied, 3);
  // The files are in the manifest's file list with their hashes, like every other file.
  int listed = 0;
  for (const auto& f : manifest["files"]) {
    const std::string path = f["path"];
    if (path.rfind("documents/", 0) != 0) continue;
    ++listed;
    EXPECT_EQ(f["sha256"], sha256_hex(read_file(opt.out_dir + "/" + path)));
  }
  EXPECT_EQ(listed, 2);

  const std::string csv = read_file(opt.out_dir + "/ledger.csv");
  EXPECT_THAT(csv, HasSubstr(",documents\r\n"));
  EXPECT_THAT(csv, HasSubstr("license:documents/" + sha_lic + ".jpg; list:documents/" + sha_list +
                             ".jpg\r\n"));
  EXPECT_THAT(csv,
              HasSubstr("nameplate:" + sha256_hex(make_jpeg(33)) + " (missing: file missing)\r\n"));
}

TEST_F(DocumentAuditTest, GatectlAuditReportsMissingDocuments) {
  std::ostringstream out, err;
  auto args = ctl::parse_args({"audit", "sample", "--db", db_, "--n", "10", "--seed", "1"});
  ASSERT_TRUE(args.ok());
  ASSERT_EQ(ctl::run_command(args.value(), out, err), 0) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("HN-JZ-0001 (VEHICLE_CLASS_NON_ROAD_MACHINERY): missing"));
  EXPECT_THAT(out.str(), HasSubstr("发动机铭牌 (engine nameplate) image, 发动机铭牌 image"));
  EXPECT_THAT(out.str(), Not(HasSubstr("随车清单 or 行驶证 image")));

  std::ostringstream eout, eerr;
  auto exp = ctl::parse_args({"audit", "export", "--db", db_, "--out", dir_.file("x")});
  ASSERT_TRUE(exp.ok());
  EXPECT_EQ(ctl::run_command(exp.value(), eout, eerr), 1) << "a missing document fails export";
  EXPECT_THAT(eout.str(), HasSubstr("2 ledger document(s) (1 missing or not matching their hash)"));
}

}  // namespace
}  // namespace gate::host
