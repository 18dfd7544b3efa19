// Document images attached to ledger entries, through gatectl against a real database file:
// attach (content-addressed, deduplicated, images only, all or nothing), the history entry,
// the documents listing with its file checks, and document columns in an import.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/ledger/document_files.h"
#include "firmware-host/ledger/document_image.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_images.h"

namespace gate::ctl {
namespace {

namespace fs = std::filesystem;
using test_support::make_jpeg;
using test_support::make_png;
using test_support::read_file;
using test_support::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

struct CtlRun {
  int rc;
  std::string out, err;
};

CtlRun gatectl(const std::vector<std::string>& argv) {
  std::ostringstream out, err;
  auto args = parse_args(argv);
  if (!args.ok()) return {2, "", args.error()};
  int rc = run_command(args.value(), out, err);
  return {rc, out.str(), err.str()};
}

const std::string kHeader =
    "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,registration_code,valid_from,"
    "valid_until,suspended\n";

class LedgerDocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string csv =
        dir_.write("ledger.csv", kHeader +
                                     "豫H12345,yellow,transport,LZZ5ELND3KW123456,6,B,,,,0\n"
                                     ",,machinery,PIN-1,X,B,HN-JZ-0001,,,0\n");
    CtlRun r = gatectl({"ledger", "import", "--db", db_, csv});
    ASSERT_EQ(r.rc, 0) << r.err;
  }
  std::vector<host::LedgerDocument> documents(const std::string& key = "") {
    auto store = host::GateStore::Open(db_);
    return host::list_ledger_documents(store.value()->db(), key).value();
  }
  std::size_t files_in_store() {
    std::size_t n = 0;
    if (!fs::exists(docs_)) return 0;
    for (const auto& e : fs::recursive_directory_iterator(docs_)) n += e.is_regular_file();
    return n;
  }
  TempDir dir_;
  std::string db_ = dir_.file("gate.db");
  std::string docs_ = db_ + ".documents";  // the default document directory
};

TEST_F(LedgerDocumentsTest, AttachStoresEachFileUnderItsHashOnce) {
  const std::string front = make_jpeg(1), back = make_png(2);
  std::string a = dir_.write("licence-front.jpg", front);
  std::string b = dir_.write("licence-back.png", back);
  CtlRun r = gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "license",
                      "--operator", "张三", a, b});
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string sha_a = host::sha256_hex(front), sha_b = host::sha256_hex(back);
  EXPECT_THAT(r.out, HasSubstr(sha_a + "  attached"));
  EXPECT_EQ(read_file(docs_ + "/" + sha_a.substr(0, 2) + "/" + sha_a + ".jpg"), front);
  EXPECT_EQ(read_file(host::PhotoStore(docs_).path_of(sha_b)), back);

  // The same content again, under another name and as part of a batch: kept once, no new row.
  std::string again = dir_.write("copy-of-front.jpg", front);
  CtlRun r2 =
      gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "license", again});
  ASSERT_EQ(r2.rc, 0) << r2.err;
  EXPECT_THAT(r2.out, HasSubstr(sha_a + "  already attached"));
  EXPECT_EQ(files_in_store(), 2u);
  auto docs = documents("plate:豫H12345");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].kind, rules::DocumentKind::kDrivingLicence);
  EXPECT_EQ(docs[0].added_by, "张三");

  // The same file as another kind of document of the same entry is another attachment.
  ASSERT_EQ(
      gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "list", a}).rc, 0);
  EXPECT_EQ(documents("plate:豫H12345").size(), 3u);
  EXPECT_EQ(files_in_store(), 2u);
}

TEST_F(LedgerDocumentsTest, NonImagesAndMissingFilesAreRefusedByNameAndNothingIsAttached) {
  std::string good = dir_.write("list.jpg", make_jpeg(3));
  std::string pdf = dir_.write("list.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n");
  std::string junk = dir_.write("list-scan.jpg", "this is not a JPEG at all");
  std::string missing = dir_.file("no-such-scan.jpg");
  CtlRun r = gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "list",
                      good, pdf, junk, missing});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr(pdf + ": not an image: it is a PDF"));
  EXPECT_THAT(r.err, HasSubstr(junk + ": not an image: OpenCV cannot decode it"));
  EXPECT_THAT(r.err, HasSubstr(missing + ": no such file"));
  EXPECT_THAT(r.err, HasSubstr("nothing attached"));
  EXPECT_THAT(r.err, Not(HasSubstr(good + ":")));
  EXPECT_TRUE(documents().empty()) << "a failed attach left rows behind";
}

// A few hundred bytes declaring 30000x30000 pixels would have OpenCV allocate 2.7 GB: the
// size is read from the header and refused before anything is decoded.
TEST_F(LedgerDocumentsTest, AnImageDeclaringAHugeSizeIsRefusedBeforeDecoding) {
  std::string bomb = dir_.write("bomb.png", test_support::png_claiming(30000, 30000));
  CtlRun r =
      gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "list", bomb});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr(bomb + ": PNG of 30000x30000 pixels is over the limit"));
  EXPECT_THAT(r.err, HasSubstr("scan it at a lower resolution"));
  EXPECT_TRUE(documents().empty());
}

TEST_F(LedgerDocumentsTest, ATruncatedJpegIsRefused) {
  const std::string jpeg = make_jpeg(4, 64, 48);
  std::string cut = dir_.write("cut.jpg", jpeg.substr(0, jpeg.size() * 2 / 3));
  CtlRun r =
      gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "list", cut});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr(cut + ": the JPEG is truncated"));
  EXPECT_TRUE(host::check_document_image(jpeg, "whole.jpg").ok());
}

TEST_F(LedgerDocumentsTest, UnknownEntryKindAndMissingArgumentsAreUsageErrors) {
  std::string img = dir_.write("x.jpg", make_jpeg(5));
  CtlRun unknown =
      gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H99999", "--kind", "list", img});
  EXPECT_EQ(unknown.rc, 1);
  EXPECT_THAT(unknown.err, HasSubstr("豫H99999 is not in the ledger"));
  CtlRun kind =
      gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "passport", img});
  EXPECT_EQ(kind.rc, 2);
  EXPECT_THAT(kind.err, HasSubstr("'passport' is not a document kind"));
  CtlRun nofile =
      gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "list"});
  EXPECT_EQ(nofile.rc, 2);
}

TEST_F(LedgerDocumentsTest, TheAttachIsInTheHistoryAndLaterChangesStillDiffCorrectly) {
  std::string img = dir_.write("nameplate.jpg", make_jpeg(6));
  CtlRun r = gatectl({"ledger", "attach", "--db", db_, "--code", "HN-JZ-0001", "--kind",
                      "nameplate", "--operator", "李四", img});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto store = host::GateStore::Open(db_);
  auto h = host::ledger_history(store.value()->db(), "code:HN-JZ-0001").value();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].action, "attach");
  EXPECT_EQ(h[1].actor, "李四");
  EXPECT_THAT(h[1].changes, HasSubstr("document nameplate (发动机铭牌) attached: " +
                                      host::sha256_hex(make_jpeg(6)) + " from nameplate.jpg"));
  store.value().reset();
  CtlRun cli = gatectl({"ledger", "history", "--db", db_, "--code", "HN-JZ-0001"});
  EXPECT_EQ(cli.rc, 0) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr("attach by 李四"));
  EXPECT_THAT(cli.out, HasSubstr("2 change(s) of HN-JZ-0001"));
  // The attach copied the entry's snapshot: a later import that changes one field shows only it.
  std::string v2 = dir_.write("v2.csv", kHeader + ",,machinery,PIN-1,X,E,HN-JZ-0001,,,0\n");
  ASSERT_EQ(gatectl({"ledger", "import", "--db", db_, v2}).rc, 0);
  auto store2 = host::GateStore::Open(db_);
  h = host::ledger_history(store2.value()->db(), "code:HN-JZ-0001").value();
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[2].changes, "fuel_type: FUEL_TYPE_DIESEL → FUEL_TYPE_NATURAL_GAS");
}

TEST_F(LedgerDocumentsTest, TheListingChecksEachFileAndNamesWhatIsRequired) {
  const std::string bytes = make_jpeg(7);
  const std::string sha = host::sha256_hex(bytes);
  std::string img = dir_.write("行驶证.jpg", bytes);
  ASSERT_EQ(gatectl({"ledger", "attach", "--db", db_, "--plate", "豫H12345", "--kind", "license",
                     "--operator", "王五", img})
                .rc,
            0);
  CtlRun ok = gatectl({"ledger", "documents", "--db", db_, "--plate", "豫H12345"});
  EXPECT_EQ(ok.rc, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("license 行驶证  " + sha + "  行驶证.jpg  "));
  EXPECT_THAT(ok.out, HasSubstr("by 王五  ok"));
  EXPECT_THAT(ok.out, Not(HasSubstr("missing:")));

  // Someone replaces the stored file: the hash no longer matches and the entry lacks a
  // usable 随车清单/行驶证.
  const std::string stored = host::PhotoStore(docs_).path_of(sha);
  std::ofstream(stored, std::ios::binary) << make_jpeg(8);
  CtlRun replaced = gatectl({"ledger", "documents", "--db", db_, "--plate", "豫H12345"});
  EXPECT_EQ(replaced.rc, 1);
  EXPECT_THAT(replaced.out, HasSubstr("content does not match its SHA-256"));
  EXPECT_THAT(replaced.out, HasSubstr("missing: 随车清单 or 行驶证 image"));
  fs::remove(stored);
  CtlRun gone = gatectl({"ledger", "documents", "--db", db_, "--plate", "豫H12345"});
  EXPECT_EQ(gone.rc, 1);
  EXPECT_THAT(gone.out, HasSubstr("file missing"));
  // Elsewhere (--docs-dir) the file is not found either.
  CtlRun other = gatectl({"ledger", "documents", "--db", db_, "--plate", "豫H12345", "--docs-dir",
                          dir_.file("elsewhere")});
  EXPECT_EQ(other.rc, 1);

  CtlRun machine = gatectl({"ledger", "documents", "--db", db_, "--code", "HN-JZ-0001"});
  EXPECT_EQ(machine.rc, 0);
  EXPECT_THAT(machine.out,
              HasSubstr("0 document(s)\n  missing: 发动机铭牌 (engine nameplate) image"));
}

TEST_F(LedgerDocumentsTest, LedgerKeyMatchesTheStoresKey) {
  auto store = host::GateStore::Open(db_);
  auto vehicles = store.value()->load_vehicles();
  ASSERT_TRUE(vehicles.ok());
  for (const auto& v : vehicles.value()) {
    EXPECT_FALSE(host::ledger_history(store.value()->db(), host::ledger_key_of(v)).value().empty())
        << host::ledger_key_of(v);
  }
}

class LedgerImportDocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_.file("scans")); }
  std::vector<gate::v1::Vehicle> ledger() {
    auto store = host::GateStore::Open(db_);
    return store.value()->load_vehicles().value();
  }
  std::vector<host::LedgerDocument> documents() {
    auto store = host::GateStore::Open(db_);
    return host::list_ledger_documents(store.value()->db()).value();
  }
  TempDir dir_;
  std::string db_ = dir_.file("gate.db");
  const std::string header_ =
      "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,doc_list,doc_license,valid_"
      "from,valid_until,suspended\n";
};

TEST_F(LedgerImportDocumentsTest, ABadDocumentIsABadRowAndNothingIsImported) {
  dir_.write("scans/h1-list.jpg", make_jpeg(10));
  dir_.write("scans/h1-lic.png", make_png(11));
  dir_.write("scans/h2-lic.pdf", "%PDF-1.7\n");
  std::string csv = dir_.write(
      "ledger.csv", header_ +
                        "豫H11111,yellow,transport,,6,B,scans/h1-list.jpg,scans/h1-lic.png,,,0\n"
                        "豫H22222,yellow,transport,,6,B,,scans/h2-lic.pdf,,,0\n"
                        "豫H33333,yellow,transport,,6,B,scans/h3-list.jpg; scans/h1-list.jpg,,,,0\n"
                        "豫H4444O,yellow,transport,,6,B,,,,,0\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, csv});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr("ledger.csv:3: doc_license: " + dir_.file("scans/h2-lic.pdf") +
                               ": not an image: it is a PDF"));
  EXPECT_THAT(r.err, HasSubstr("ledger.csv:4: doc_list: " + dir_.file("scans/h3-list.jpg") +
                               ": no such file"));
  EXPECT_THAT(r.err, HasSubstr("ledger.csv:5: plate:"));
  EXPECT_THAT(r.err, HasSubstr("nothing imported: 3 error(s)"));
  // The report is in row order.
  EXPECT_LT(r.err.find("ledger.csv:3:"), r.err.find("ledger.csv:4:"));
  EXPECT_LT(r.err.find("ledger.csv:4:"), r.err.find("ledger.csv:5:"));
  EXPECT_TRUE(ledger().empty());
  EXPECT_TRUE(documents().empty());
}

TEST_F(LedgerImportDocumentsTest, GoodRowsAttachTheirDocumentsInTheSameImport) {
  dir_.write("scans/h1-list.jpg", make_jpeg(10));
  dir_.write("scans/h1-lic.png", make_png(11));
  dir_.write("scans/h2-lic.pdf", "%PDF-1.7\n");
  std::string csv = dir_.write(
      "ledger.csv", header_ +
                        "豫H11111,yellow,transport,,6,B,scans/h1-list.jpg,scans\\h1-lic.png,,,0\n"
                        "豫H22222,yellow,transport,,6,B,,scans/h2-lic.pdf,,,0\n");
  CtlRun r = gatectl({"ledger", "import", "--db", db_, "--skip-invalid", "--operator", "赵六",
                      "--docs-dir", dir_.file("docs"), csv});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("imported 1 ledger entries"));
  EXPECT_THAT(r.out, HasSubstr("with 2 document image(s) stored in " + dir_.file("docs")));
  EXPECT_THAT(r.err, HasSubstr("ledger.csv:3: doc_license:"));
  ASSERT_EQ(ledger().size(), 1u);
  auto docs = documents();
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].ledger_key, "plate:豫H11111");
  EXPECT_EQ(docs[0].kind, rules::DocumentKind::kDrivingLicence);
  EXPECT_EQ(docs[0].original_name, "h1-lic.png");
  EXPECT_EQ(docs[0].added_by, "赵六");
  EXPECT_EQ(docs[1].kind, rules::DocumentKind::kConformityList);
  EXPECT_EQ(read_file(host::PhotoStore(dir_.file("docs")).path_of(docs[1].sha256)), make_jpeg(10));
  CtlRun h = gatectl({"ledger", "history", "--db", db_, "--plate", "豫H11111"});
  EXPECT_THAT(h.out, HasSubstr("3 change(s)"));  // create + two attachments
  EXPECT_THAT(h.out, HasSubstr("attach by 赵六"));
  // Importing the same file again changes nothing.
  ASSERT_EQ(gatectl({"ledger", "import", "--db", db_, "--skip-invalid", "--docs-dir",
                     dir_.file("docs"), csv})
                .rc,
            0);
  EXPECT_EQ(documents().size(), 2u);
  EXPECT_THAT(gatectl({"ledger", "history", "--db", db_, "--plate", "豫H11111"}).out,
              HasSubstr("3 change(s)"));
}

}  // namespace
}  // namespace gate::ctl
