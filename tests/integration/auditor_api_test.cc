// The auditor API in a real gated on 127.0.0.1: token roles (an auditor reads and exports but
// changes nothing), passages, days, verification, photos by hash and an export that unpacks with
// tar and matches its manifest; every request and every refusal is in the log.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "drivers/camera/plate_event.h"
#include "drivers/http/http_client.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;
const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;
const std::string kOperator = "operator-token-0123456789";
const std::string kAuditor = "auditor-token-abcdefghijklmnop";

int count_passages(const std::string& db_path) {
  sqlite3* db = nullptr;
  int n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM passages", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

// Plates of the first `n` entries of the demo ledger.
std::vector<std::string> ledger_plates(std::size_t n) {
  const std::string csv = read_file(kSource + "/sim/scenarios/demo/ledger.csv");
  std::vector<std::string> out;
  std::size_t pos = csv.find('\n') + 1;
  while (pos < csv.size() && out.size() < n) {
    const std::size_t end = csv.find('\n', pos);
    out.push_back(csv.substr(pos, csv.find(',', pos) - pos));
    pos = end + 1;
  }
  return out;
}

class AuditorApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    api_port_ = free_port();
  }
  void TearDown() override {
    if (HasFailure())
      std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err") << "\n";
    remove_tree(dir_);
  }
  std::string config(const std::string& extra = "") const {
    return extra +
           "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(camera_port_) +
           " }\n"
           "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 500\n"
           "  barrier { tcp { host: \"127.0.0.1\" port: " +
           std::to_string(free_port()) +
           " } pulse_ms: 100 response_timeout_ms: 200 reconnect_interval_ms: 200 } }\n"
           "policy { version: \"audit-test\" }\n"
           "api { port: " +
           std::to_string(api_port_) + " operator_token: \"" + kOperator +
           "\"\n"
           "  tokens { name: \"bureau-auditor\" role: API_ROLE_AUDITOR token_file: "
           "\"auditor.token\" } }\n";
  }
  drivers::HttpReply call(const std::string& method, const std::string& target,
                          const std::string& token, const std::string& body = "") {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(api_port_), "/"};
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    auto r = drivers::http_request(url, method, target, body, "application/json", 20000, headers);
    EXPECT_TRUE(r.ok()) << method << " " << target << ": " << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : drivers::HttpReply{};
  }
  bool push(const std::string& plate, int expect_rows) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(
        url, "POST", "/camera/generic",
        R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95,"color":"yellow"})",
        "application/json", 2000);
    if (!r.ok() || r.value().status != 200) return false;
    return wait_until([&] { return count_passages(dir_ + "/gate.db") >= expect_rows; }, 10000);
  }
  bool log_has(const std::string& text) {
    return wait_until(
        [&] { return read_file(dir_ + "/gated.err").find(text) != std::string::npos; }, 5000);
  }

  std::string dir_;
  int camera_port_ = 0, api_port_ = 0;
};

TEST_F(AuditorApiTest, AuditorsReadVerifyAndExportButChangeNothing) {
  write_file(dir_ + "/gated.textproto", config());
  write_file(dir_ + "/auditor.token", kAuditor + "\n");
  std::string out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db",
                         kSource + "/sim/scenarios/demo/ledger.csv"},
                        &out),
            0)
      << out;
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  drivers::HttpUrl cam{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  ASSERT_TRUE(wait_until(
      [&] { return drivers::http_request(cam, "GET", "/", "", "text/plain", 300).ok(); }, 15000));
  ASSERT_TRUE(log_has("bureau-auditor (auditor)"));
  const auto plates = ledger_plates(3);
  ASSERT_EQ(plates.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(push(plates[i], i + 1)) << plates[i];
    usleep(120 * 1000);  // past the lane's debounce window
  }

  // No token, a wrong token: 401, and logged.
  EXPECT_EQ(call("GET", "/api/v1/audit/passages", "").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/audit/passages", "not-a-token-of-this-gate").status, 401);
  // The auditor cannot release a truck nor write through the audit routes.
  auto rel = call("POST", "/api/v1/lanes/L1/manual-release", kAuditor,
                  R"({"operator":"x","reason":"try"})");
  EXPECT_EQ(rel.status, 403);
  EXPECT_NE(rel.body.find("change nothing"), std::string::npos) << rel.body;
  EXPECT_EQ(call("POST", "/api/v1/audit/passages", kAuditor, "{}").status, 405);
  EXPECT_EQ(count_passages(dir_ + "/gate.db"), 3) << "a refused request changed nothing";

  // Passages, with a limit that says there is more.
  auto ps = call("GET", "/api/v1/audit/passages?limit=2", kAuditor);
  ASSERT_EQ(ps.status, 200) << ps.body;
  json j = json::parse(ps.body);
  EXPECT_EQ(j["count"], 2);
  EXPECT_TRUE(j["more"].get<bool>());
  EXPECT_EQ(j["passages"][0]["plate"], plates[0]);
  EXPECT_EQ(j["passages"][0]["policy_version"], "audit-test");
  auto one = call("GET", "/api/v1/audit/passages?plate=" + plates[2], kAuditor);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(json::parse(one.body)["count"], 1);
  auto bad = call("GET", "/api/v1/audit/passages?from=yesterday", kAuditor);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("YYYY-MM-DD"), std::string::npos) << bad.body;
  auto csv = call("GET", "/api/v1/audit/passages.csv", kAuditor);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(plates[1]), std::string::npos);

  // Ledger, days, verification.
  auto ledger = call("GET", "/api/v1/audit/ledger", kAuditor);
  ASSERT_EQ(ledger.status, 200);
  EXPECT_GT(json::parse(ledger.body)["count"].get<int>(), 100);
  auto days = call("GET", "/api/v1/audit/days", kAuditor);
  ASSERT_EQ(days.status, 200);
  j = json::parse(days.body);
  ASSERT_EQ(j["days"].size(), 1u);
  EXPECT_EQ(j["days"][0]["passages"], 3);
  auto svg = call("GET", "/api/v1/audit/days.svg", kAuditor);
  EXPECT_EQ(svg.status, 200);
  EXPECT_NE(svg.body.find("<svg"), std::string::npos);
  auto verify = call("GET", "/api/v1/audit/verify", kAuditor);
  ASSERT_EQ(verify.status, 200) << verify.body;
  j = json::parse(verify.body);
  EXPECT_TRUE(j["ok"].get<bool>()) << verify.body;
  EXPECT_GE(j["chain_entries"].get<int>(), 3);
  auto key = call("GET", "/api/v1/audit/public-key", kAuditor);
  EXPECT_NE(key.body.find("BEGIN PUBLIC KEY"), std::string::npos);

  // Photos by hash only.
  EXPECT_EQ(call("GET", "/api/v1/audit/photos/../../etc/passwd", kAuditor).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/audit/photos/" + std::string(64, '0'), kAuditor).status, 404);

  // The export unpacks with tar and every file matches the manifest.
  auto tar = call("GET", "/api/v1/audit/export", kAuditor);
  ASSERT_EQ(tar.status, 200) << tar.body.substr(0, 300);
  write_file(dir_ + "/export.tar", tar.body);
  ASSERT_EQ(run_command({"/usr/bin/tar", "-xf", dir_ + "/export.tar", "-C", dir_}, &out), 0) << out;
  json manifest = json::parse(read_file(dir_ + "/export/manifest.json"));
  EXPECT_EQ(manifest["passages"], 3);
  ASSERT_FALSE(manifest["files"].empty());
  for (const auto& f : manifest["files"]) {
    const std::string bytes = read_file(dir_ + "/export/" + f["path"].get<std::string>());
    EXPECT_EQ(host::sha256_hex(bytes), f["sha256"].get<std::string>()) << f["path"];
  }

  // Operators may read too; every request and refusal is logged with who asked.
  EXPECT_EQ(call("GET", "/api/v1/audit/ledger", kOperator).status, 200);
  EXPECT_TRUE(log_has("bureau-auditor/auditor GET /api/v1/audit/passages?limit=2 -> 200"));
  EXPECT_TRUE(log_has("(no valid token) GET /api/v1/audit/passages -> 401"));
  EXPECT_TRUE(log_has("bureau-auditor/auditor POST /api/v1/lanes/L1/manual-release -> 403"));
  EXPECT_TRUE(log_has("operator/operator GET /api/v1/audit/ledger -> 200"));
  EXPECT_EQ(count_passages(dir_ + "/gate.db"), 3);
}

TEST_F(AuditorApiTest, AMissingTokenFileIsRefusedWithTheConfigLine) {
  write_file(dir_ + "/gated.textproto", config());
  std::string out;
  const int rc =
      run_command({kBin + "/gatectl", "config", "check", dir_ + "/gated.textproto"}, &out);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("gated.textproto:9:"), std::string::npos) << out;
  EXPECT_NE(out.find("cannot read token_file"), std::string::npos) << out;
}

// A gate whose disk is below the reserve (set absurdly high here, so any disk is "nearly full"):
// an alarm at start, photos are not stored, passages are still recorded and decided.
TEST_F(AuditorApiTest, BelowTheDiskReservePhotosStopAndPassagesGoOn) {
  write_file(dir_ + "/gated.textproto", config("audit { disk_reserve_mib: 1000000000 }\n"));
  write_file(dir_ + "/auditor.token", kAuditor + "\n");
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(log_has("ALARM disk nearly full"));
  EXPECT_TRUE(log_has("photos are no longer stored, passages are still recorded"));
  std::vector<uchar> jpeg;
  ASSERT_TRUE(cv::imencode(".jpg", cv::Mat(48, 64, CV_8UC3, cv::Scalar(40, 120, 200)), jpeg));
  drivers::HttpUrl cam{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  const std::string body =
      R"({"plate":"豫H12345","lane":"L1","confidence":0.95,"color":"yellow","image_jpeg_base64":")" +
      drivers::base64_encode(std::string(jpeg.begin(), jpeg.end())) + R"("})";
  ASSERT_TRUE(wait_until(
      [&] {
        auto r =
            drivers::http_request(cam, "POST", "/camera/generic", body, "application/json", 1000);
        return r.ok() && r.value().status == 200;
      },
      15000));
  ASSERT_TRUE(wait_until([&] { return count_passages(dir_ + "/gate.db") == 1; }, 10000));
  auto ps = call("GET", "/api/v1/audit/passages", kAuditor);
  ASSERT_EQ(ps.status, 200) << ps.body;
  json j = json::parse(ps.body);
  ASSERT_EQ(j["count"], 1);
  EXPECT_EQ(j["passages"][0]["image_sha256"], "") << "no photo written below the reserve";
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/gate.db.photos") &&
               !std::filesystem::is_empty(dir_ + "/gate.db.photos"));
}

}  // namespace
}  // namespace gate::testing
