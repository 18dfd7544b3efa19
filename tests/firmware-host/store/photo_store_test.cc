#include "firmware-host/store/photo_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using test_support::read_file;
using ::testing::HasSubstr;

constexpr const char* kShaAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kShaEmpty =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(PhotoStoreTest, Sha256HexMatchesKnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), kShaAbc);
  EXPECT_EQ(sha256_hex(""), kShaEmpty);
}

TEST(PhotoStoreTest, PutStoresTheBytesUnderTheirDigest) {
  test_support::TempDir dir;
  PhotoStore store(dir.file("photos"));
  auto r = store.put("abc");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value(), kShaAbc);
  const std::string expected = dir.file("photos") + "/ba/" + kShaAbc + ".jpg";
  EXPECT_EQ(store.path_of(kShaAbc), expected);
  ASSERT_TRUE(std::filesystem::is_regular_file(expected));
  EXPECT_EQ(read_file(expected), "abc");
  // Nothing else in the directory: no temporary file left behind.
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.file("photos"))) {
    if (e.is_regular_file()) ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(PhotoStoreTest, BinaryBytesRoundTrip) {
  test_support::TempDir dir;
  PhotoStore store(dir.path());
  const std::string jpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\xFF\xD9", 15);
  auto r = store.put(jpeg);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value(), sha256_hex(jpeg));
  EXPECT_EQ(read_file(store.path_of(r.value())), jpeg);
}

TEST(PhotoStoreTest, SecondPutOfTheSameBytesIsANoOp) {
  test_support::TempDir dir;
  PhotoStore store(dir.path());
  auto first = store.put("abc");
  ASSERT_TRUE(first.ok()) << first.error();
  // Mark the stored file: if the second put rewrote it, the mark would be gone.
  const std::string path = store.path_of(first.value());
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << "marker"; }
  auto second = store.put("abc");
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_EQ(second.value(), first.value());
  EXPECT_EQ(read_file(path), "marker");
}

TEST(PhotoStoreTest, DifferentBytesGetDifferentFiles) {
  test_support::TempDir dir;
  PhotoStore store(dir.path());
  auto a = store.put("abc");
  auto b = store.put("abd");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a.value(), b.value());
  EXPECT_EQ(read_file(store.path_of(a.value())), "abc");
  EXPECT_EQ(read_file(store.path_of(b.value())), "abd");
}

TEST(PhotoStoreTest, UnwritableDirectoryGivesAnError) {
  test_support::TempDir dir;
  // A regular file where the store's directory should be: no one, root included, can create
  // directories below it.
  const std::string blocker = dir.write("not-a-dir", "x");
  PhotoStore store(blocker + "/photos");
  auto r = store.put("abc");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr(blocker + "/photos"));
}

}  // namespace
}  // namespace gate::host
