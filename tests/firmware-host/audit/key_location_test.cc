// Where the seal key may live (firmware-host/audit/key_location.h): its mode, and its place
// relative to the database's folder.
#include "firmware-host/audit/key_location.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;

class KeyLocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.file("data"));
    std::filesystem::create_directories(dir_.file("data2"));
    std::filesystem::create_directories(dir_.file("etc"));
  }
  std::string key_with_mode(const std::string& name, mode_t mode) {
    const std::string path = dir_.file(name);
    std::ofstream(path) << "key\n";
    ::chmod(path.c_str(), mode);
    return path;
  }
  std::string db() const { return dir_.file("data/gate.db"); }
  test_support::TempDir dir_;
};

TEST_F(KeyLocationTest, AKeyOutsideTheDataFolderIsFine) {
  auto r = check_signing_key_location(key_with_mode("etc/seal.key", 0640), db(), true);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value(), "");
  // A folder whose name only starts like the data folder's is outside it.
  r = check_signing_key_location(key_with_mode("data2/seal.key", 0600), db(), true);
  ASSERT_TRUE(r.ok()) << r.error();
}

TEST_F(KeyLocationTest, AKeyInTheDataFolderIsRefusedWhenRequiredAndAWarningOtherwise) {
  const std::string key = dir_.file("data/sub/../gate.db.key");  // not created yet
  auto refused = check_signing_key_location(key, db(), true);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("lies in the database's folder"));
  EXPECT_THAT(refused.error(), HasSubstr("/etc/gate/seal.key"));
  auto warned = check_signing_key_location(key, db(), false);
  ASSERT_TRUE(warned.ok());
  EXPECT_THAT(warned.value(), HasSubstr("lies beside the data"));
}

TEST_F(KeyLocationTest, AKeyOthersCanWriteOrEveryoneCanReadIsRefused) {
  for (mode_t mode : {0660, 0602, 0644}) {
    auto r = check_signing_key_location(key_with_mode("etc/k" + std::to_string(mode), mode), db(),
                                        false);
    ASSERT_FALSE(r.ok()) << std::oct << mode;
    EXPECT_THAT(r.error(), HasSubstr("chmod"));
  }
}

}  // namespace
}  // namespace gate::host
