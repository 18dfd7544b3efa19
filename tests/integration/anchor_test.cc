// Anchoring with real processes on 127.0.0.1 (docs/security.md): gated, with its seal key
// outside the data folder, seals yesterday and sends the seal and its chain head with the
// heartbeat to `gate-sim platform`, which acknowledges it and writes its anchor file. A copy of
// the database verifies against that file; a copy in which the plant rewrote a passage,
// re-chained and re-sealed the day with the same key still passes plain `gatectl verify`, and
// fails `gatectl verify --anchors`. Both uplink profiles carry the anchors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "firmware-host/store/gate_store.h"
#include "rules/local_time.h"
#include "tests/firmware-host/audit/reseal_attack.h"
#include "tests/support/passages.h"
#include "tests/support/process.h"
#include "tests/support/tls_fixture.h"

namespace gate::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const std::string kBin = GATE_BIN_DIR;
constexpr const char* kSecret = "anchor-test-secret-0123456789abcdef";
constexpr int kOffset = 480;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class AnchorTest : public ::testing::TestWithParam<bool> {  // true: TCP profile
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    fs::create_directories(dir_ + "/data");
    fs::create_directories(dir_ + "/keys");
    platform_port_ = free_port();
    control_port_ = free_port();
    camera_port_ = free_port();
    tls_ = make_tls_files(dir_);
    write_file(dir_ + "/secret", std::string(kSecret) + "\n");
    ::chmod((dir_ + "/secret").c_str(), 0600);
  }
  void TearDown() override {
    gated_.reset();
    platform_.reset();
    if (HasFailure()) {
      std::cerr << "--- gated stderr ---\n"
                << read_file(dir_ + "/gated.err") << "\n"
                << "--- platform stderr ---\n"
                << read_file(dir_ + "/platform.err") << "\n";
    }
    remove_tree(dir_);
  }

  // Three passages recorded yesterday (a closed day), as a previous run of gated left them.
  void record_yesterday() {
    auto store = host::GateStore::Open(db());
    ASSERT_TRUE(store.ok()) << store.error();
    const int64_t t = now_ms() - 86400000;
    yesterday_ = rules::local_date(t, kOffset);
    for (int i = 0; i < 3; ++i) {
      auto p = host::sync_test::passage("豫H3000" + std::to_string(i), t - i * 1000, false);
      p.set_gate_id("TEST-G1");
      ASSERT_TRUE(store.value()->commit_passage(p, t - i * 1000).ok());
    }
  }

  void start_platform() {
    platform_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            kBin + "/gate-sim", "platform", GetParam() ? "--tcp-port" : "--port",
            std::to_string(platform_port_), "--tls-cert", tls_.server_cert, "--tls-key",
            tls_.server_key, "--app-key", "gate-TEST-G1", "--secret-file", dir_ + "/secret",
            "--anchors-out", anchors(), "--control-port", std::to_string(control_port_)},
        dir_ + "/platform.out", dir_ + "/platform.err");
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(control_port_), "/"};
    ASSERT_TRUE(wait_until(
        [&] { return drivers::http_request(url, "GET", "/mock/report", "", "", 500).ok(); }, 10000))
        << "the mock platform did not start";
  }

  std::string config(const std::string& key_file) const {
    const std::string port = std::to_string(platform_port_);
    const std::string url =
        GetParam() ? "tls://127.0.0.1:" + port : "https://127.0.0.1:" + port + "/api/v1";
    return "gate_id: \"TEST-G1\"\ndatabase_path: \"data/gate.db\"\nutc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(camera_port_) +
           " }\n"
           "lanes { lane_id: \"L1\" barrier { tcp { host: \"127.0.0.1\" port: " +
           std::to_string(free_port()) +
           " } } }\n"
           "audit { signing_key_file: \"" +
           key_file +
           "\" require_key_outside_data: true }\n"
           "uplink {\n  profile: " +
           (GetParam() ? "UPLINK_PROFILE_TCP_JSON" : "UPLINK_PROFILE_HTTP_JSON") + "\n  url: \"" +
           url +
           "\"\n"
           "  app_key: \"gate-TEST-G1\" app_secret_file: \"secret\" ca_file: \"ca.pem\"\n"
           "  interval_ms: 50 heartbeat_interval_ms: 200 max_backoff_ms: 400\n}\n"
           "policy { version: \"test-1\" min_confidence: 0.8 }\n";
  }

  std::string db() const { return dir_ + "/data/gate.db"; }
  std::string anchors() const { return dir_ + "/anchors.jsonl"; }
  std::string key() const { return dir_ + "/keys/seal.key"; }

  int64_t count(const std::string& sql) const {
    sqlite3* h = nullptr;
    int64_t n = -1;
    if (sqlite3_open_v2(db().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(h, 2000);
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
  }

  std::string copy_of_db(const std::string& name) {
    const std::string copy = dir_ + "/" + name;
    fs::copy_file(db(), copy);
    for (const char* ext : {"-wal", "-shm"}) {
      if (fs::exists(db() + ext)) fs::copy_file(db() + ext, copy + ext);
    }
    return copy;
  }

  int verify(const std::string& copy, const std::string& anchor_file, std::string* out) {
    std::vector<std::string> argv = {kBin + "/gatectl", "verify",      "--db", copy,
                                     "--pubkey",        key() + ".pub"};
    if (!anchor_file.empty()) {
      argv.push_back("--anchors");
      argv.push_back(anchor_file);
    }
    return run_command(argv, out, 30000);
  }

  std::string dir_;
  int platform_port_ = 0, control_port_ = 0, camera_port_ = 0;
  TlsFiles tls_;
  std::string yesterday_;
  std::unique_ptr<ChildProcess> platform_, gated_;
};

TEST_P(AnchorTest, ARewrittenAndResealedDayFailsAgainstThePlatformsAnchors) {
  record_yesterday();
  start_platform();
  write_file(dir_ + "/gated.textproto", config("keys/seal.key"));
  gated_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
      dir_ + "/gated.out", dir_ + "/gated.err");
  // Sealed at start, anchored with a heartbeat, acknowledged and recorded by the gate.
  ASSERT_TRUE(wait_until([&] { return count("SELECT COUNT(*) FROM seal_anchors") == 1; }, 20000))
      << read_file(anchors());
  const std::string head = "\"chain_id\":" + std::to_string(count("SELECT MAX(id) FROM chain"));
  ASSERT_TRUE(
      wait_until([&] { return read_file(anchors()).find(head) != std::string::npos; }, 10000))
      << read_file(anchors());
  ASSERT_EQ(gated_->stop(10000), 0);
  gated_.reset();
  const std::string file = read_file(anchors());
  EXPECT_THAT(file, HasSubstr("\"date\":\"" + yesterday_ + "\""));
  EXPECT_THAT(file, HasSubstr("\"anchor\":\"seal\""));

  std::string out;
  const std::string honest = copy_of_db("honest.db");
  EXPECT_EQ(verify(honest, anchors(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("anchors checked:       1 seal(s), 1 chain head(s) of gate TEST-G1"));
  EXPECT_THAT(out, HasSubstr("OK: chain, seals and the platform's anchors verify"));

  const std::string rewritten = copy_of_db("rewritten.db");
  host::attack::rewrite_and_reseal(rewritten, key(), 2, "豫H88888",
                                   rules::local_date(now_ms(), kOffset), kOffset);
  EXPECT_EQ(verify(rewritten, "", &out), 0) << "the attack should pass on its own: " << out;
  EXPECT_EQ(verify(rewritten, anchors(), &out), 1) << out;
  EXPECT_THAT(out, HasSubstr("FAILED: seal of " + yesterday_));
  EXPECT_THAT(out, HasSubstr("the platform's anchor disagrees"));

  write_file(dir_ + "/bad.jsonl", "{\"anchor\":\"seal\"}\n");
  EXPECT_NE(verify(honest, dir_ + "/bad.jsonl", &out), 0);
  EXPECT_THAT(out, HasSubstr("bad.jsonl:1: gate_id is missing"));
}

TEST_P(AnchorTest, GatedRefusesAKeyInTheDataFolderWhenTheConfigRequiresOutside) {
  write_file(dir_ + "/gated.textproto", config("data/seal.key"));
  std::string out;
  EXPECT_NE(run_command({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, &out, 20000), 0);
  EXPECT_THAT(out, HasSubstr("lies in the database's folder"));
  EXPECT_FALSE(fs::exists(dir_ + "/data/seal.key"));
}

TEST_P(AnchorTest, GatedRefusesAKeyWritableByOthers) {
  write_file(key(), "not yet a key\n");
  ::chmod(key().c_str(), 0666);
  write_file(dir_ + "/gated.textproto", config("keys/seal.key"));
  std::string out;
  EXPECT_NE(run_command({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, &out, 20000), 0);
  EXPECT_THAT(out, HasSubstr("is writable by its group or by others"));
}

INSTANTIATE_TEST_SUITE_P(Profiles, AnchorTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Tcp" : "Http"; });

}  // namespace
}  // namespace gate::testing
