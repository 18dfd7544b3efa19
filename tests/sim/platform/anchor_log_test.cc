// The mock platform's anchors (sim/platform/anchor_log.h): the first seal per gate and day is
// kept and acknowledged, an identical repeat is acknowledged again, a different seal for a held
// day is a conflict (not kept, not acknowledged); heads are written when they change; the file
// is read back at start so held seals stay held.
#include "sim/platform/anchor_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace gate::sim {
namespace {

gate::v1::Heartbeat heartbeat(const std::string& date, const std::string& last_hash,
                              int64_t head_id) {
  gate::v1::Heartbeat hb;
  hb.set_gate_id("G1");
  hb.mutable_chain_head()->set_chain_id(head_id);
  hb.mutable_chain_head()->set_hash(std::string(64, 'c'));
  auto* s = hb.add_seals();
  s->set_date(date);
  s->set_first_chain_id(1);
  s->set_last_chain_id(4);
  s->set_last_hash(last_hash);
  s->set_passages(4);
  s->set_key_id("k1");
  s->set_signature("abcd");
  return hb;
}

std::string temp_file() {
  char name[] = "/tmp/anchor-log-XXXXXX";
  const int fd = ::mkstemp(name);
  ::close(fd);
  std::remove(name);
  return name;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(AnchorLogTest, KeepsTheFirstSealOfADayAndRefusesADifferentOne) {
  auto log = AnchorLog::Open("");
  ASSERT_TRUE(log.ok());
  auto first = log.value()->take(heartbeat("2026-11-22", std::string(64, 'a'), 4), 0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].date(), "2026-11-22");
  EXPECT_EQ(first[0].last_chain_id(), 4);
  EXPECT_EQ(first[0].receipt(), "anchor-1");
  auto repeat = log.value()->take(heartbeat("2026-11-22", std::string(64, 'a'), 4), 0);
  ASSERT_EQ(repeat.size(), 1u);
  EXPECT_EQ(repeat[0].receipt(), "anchor-1");
  auto rewritten = log.value()->take(heartbeat("2026-11-22", std::string(64, 'b'), 4), 0);
  EXPECT_TRUE(rewritten.empty());
  EXPECT_EQ(log.value()->seals(), 1);
  EXPECT_EQ(log.value()->conflicts(), 1);
  EXPECT_EQ(log.value()->heads(), 1);  // the same head three times
  EXPECT_EQ(log.value()->json_lines().find("bbbb"), std::string::npos);
}

TEST(AnchorLogTest, MalformedAnchorsAreCountedAndNotAcknowledged) {
  auto log = AnchorLog::Open("");
  ASSERT_TRUE(log.ok());
  auto hb = heartbeat("22/11/2026", "not a hash", 0);
  EXPECT_TRUE(log.value()->take(hb, 0).empty());
  EXPECT_EQ(log.value()->invalid(), 2);  // the seal and the head
  EXPECT_EQ(log.value()->json_lines(), "");
}

TEST(AnchorLogTest, TheFileIsWrittenAsAnchorsArriveAndReadBackAtStart) {
  const std::string path = temp_file();
  {
    auto log = AnchorLog::Open(path);
    ASSERT_TRUE(log.ok()) << log.error();
    (void)log.value()->take(heartbeat("2026-11-22", std::string(64, 'a'), 4), 0);
    const std::string text = read(path);  // flushed before the next heartbeat
    EXPECT_NE(text.find("\"anchor\":\"seal\""), std::string::npos);
    EXPECT_NE(text.find("\"anchor\":\"head\""), std::string::npos);
  }
  auto restarted = AnchorLog::Open(path);
  ASSERT_TRUE(restarted.ok());
  EXPECT_EQ(restarted.value()->seals(), 1);
  EXPECT_TRUE(restarted.value()->take(heartbeat("2026-11-22", std::string(64, 'b'), 4), 0).empty());
  EXPECT_EQ(restarted.value()->conflicts(), 1);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace gate::sim
