// The in-memory tar writer against the system's tar: what it writes, tar reads back unchanged.
#include "firmware-host/audit/tar_archive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(TarArchiveTest, SystemTarExtractsEveryFileByteForByte) {
  std::string big(1500, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
  auto tar = tar_archive({{"export/README.txt", "核验说明\n", 1700000000},
                          {"export/empty.csv", "", 0},
                          {"export/photos/ab/blob.bin", big, 0},
                          {"export/exact.bin", std::string(512, 'x'), 0}});
  ASSERT_TRUE(tar.ok()) << tar.error();
  EXPECT_EQ(tar.value().size() % 512, 0u);
  test_support::TempDir dir;
  {
    std::ofstream out(dir.file("a.tar"), std::ios::binary);
    out << tar.value();
  }
  const std::string cmd = "tar -xf " + dir.file("a.tar") + " -C " + dir.path() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(slurp(dir.file("export/README.txt")), "核验说明\n");
  EXPECT_EQ(slurp(dir.file("export/empty.csv")), "");
  EXPECT_EQ(slurp(dir.file("export/photos/ab/blob.bin")), big);
  EXPECT_EQ(slurp(dir.file("export/exact.bin")), std::string(512, 'x'));
}

TEST(TarArchiveTest, NamesThatEscapeOrDoNotFitAreRefused) {
  const std::vector<std::string> bad_names = {"/etc/passwd", "../up", "a/../../b",
                                              std::string(101, 'n'), ""};
  for (const std::string& bad : bad_names) {
    auto tar = tar_archive({{bad, "x", 0}});
    ASSERT_FALSE(tar.ok()) << bad;
    EXPECT_THAT(tar.error(), ::testing::HasSubstr("relative")) << tar.error();
  }
}

}  // namespace
}  // namespace gate::host
