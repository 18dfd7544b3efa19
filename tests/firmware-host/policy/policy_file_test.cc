// Policy files: a malformed file is rejected with file:line:column and the reason; the shipped
// files load.
#include "firmware-host/policy/policy_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

constexpr const char* kFile = "henan-test.textproto";

std::string lines(std::initializer_list<std::string> ls) {
  std::string out;
  for (const auto& l : ls) out += l + "\n";
  return out;
}

// Every line of a multi-line error.
std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1) {
    out.push_back(s.substr(start, nl - start));
  }
  out.push_back(s.substr(start));
  return out;
}

const std::string kHead = lines({
    R"(id: "henan-test")",     // 1
    R"(version: "2025.1")",    // 2
    R"(source: "test plan")",  // 3
});

TEST(PolicyFileTest, ShippedFilesLoad) {
  for (const char* name : {"henan-jiaozuo-2025.textproto", "henan-kaifeng-2025.textproto"}) {
    auto r = load_policy_file(std::string(GATE_SOURCE_DIR) + "/rules/policies/" + name);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_GT(r.value().rule_sets_size(), 5) << name;
  }
}

TEST(PolicyFileTest, SyntaxErrorNamesLineAndColumn) {
  const std::string text = kHead + lines({
                                       R"(rule_sets {)",                       // 4
                                       R"(  id: "a" source: "s")",             // 5
                                       R"(  effective { from: 2025-01-01 })",  // 6
                                       R"(})",                                 // 7
                                   });
  auto r = parse_policy_text(text, kFile);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), MatchesRegex("henan-test\\.textproto:6:[0-9]+: .*")) << r.error();
}

TEST(PolicyFileTest, UnknownEnumValueNamesItsLine) {
  const std::string text = kHead + lines({
                                       R"(rule_sets { id: "a" source: "s")",  // 4
                                       R"(  share_rules {)",                  // 5
                                       R"(    counter: "green")",             // 6
                                       R"(    mode: SHARE_MODE_SOMETIMES)",   // 7
                                       R"(  })",                              // 8
                                       R"(})",                                // 9
                                   });
  auto r = parse_policy_text(text, kFile);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(std::string(kFile) + ":7:")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr("SHARE_MODE_SOMETIMES"));
}

TEST(PolicyFileTest, EverySemanticErrorNamesItsOwnLine) {
  const std::string text =
      kHead + lines({
                  R"(rule_sets {)",                                             // 4
                  R"(  id: "green")",                                           // 5
                  R"(  source: "draft")",                                       // 6
                  R"(  effective { from: "2025-12-01" until: "2025-11-30" })",  // 7
                  R"(  share_rules {)",                                         // 8
                  R"(    counter: "green")",                                    // 9
                  R"(    target_percent: 120)",                                 // 10
                  R"(    mode: SHARE_MODE_BUDGET)",                             // 11
                  R"(    counts_as { min_stage: EMISSION_STAGE_ELECTRIC })",    // 12
                  R"(  })",                                                     // 13
                  R"(})",                                                       // 14
                  R"(rule_sets {)",                                             // 15
                  R"(  id: "green")",                                           // 16
                  R"(})",                                                       // 17
              });
  auto r = parse_policy_text(text, kFile);
  ASSERT_FALSE(r.ok());
  auto errs = split(r.error());
  ASSERT_EQ(errs.size(), 4u) << r.error();
  EXPECT_THAT(errs[0], StartsWith(std::string(kFile) + ":7:"));
  EXPECT_THAT(errs[0], HasSubstr("rule_sets[0].effective.until: until 2025-11-30 is before from"));
  EXPECT_THAT(errs[1], StartsWith(std::string(kFile) + ":10:"));
  EXPECT_THAT(errs[1], HasSubstr("target_percent must be 0..100"));
  EXPECT_THAT(errs[2], StartsWith(std::string(kFile) + ":16:"));
  EXPECT_THAT(errs[2], HasSubstr("\"green\" is used twice"));
  // A field that was not written points at the block that lacks it.
  EXPECT_THAT(errs[3], StartsWith(std::string(kFile) + ":15:"));
  EXPECT_THAT(errs[3], HasSubstr("source is required"));
}

TEST(PolicyFileTest, FileLevelFieldsMissing) {
  auto r = parse_policy_text(lines({R"(rule_sets { id: "a" source: "s" })"}), kFile);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr(std::string(kFile) + ": id: id is required"));
  EXPECT_THAT(r.error(), HasSubstr(std::string(kFile) + ": version: version is required"));
}

TEST(PolicyFileTest, MissingFileNamesThePath) {
  test_support::TempDir dir;
  auto r = load_policy_file(dir.file("nope.textproto"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(dir.file("nope.textproto") + ": cannot open policy file"));
}

TEST(PolicyFileTest, LoadEngineCompilesForTheEnterprise) {
  test_support::TempDir dir;
  const std::string path =
      dir.write("p.textproto", kHead + lines({R"(rule_sets { id: "steel-only" source: "s")",
                                              R"(  applies_to { industries: "steel" } })"}));
  gate::v1::EnterpriseProfile steel, coking;
  steel.set_industry("steel");
  coking.set_industry("coking");
  auto a = load_policy_engine(path, steel);
  auto b = load_policy_engine(path, coking);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value()->applicable().size(), 1u);
  EXPECT_EQ(b.value()->applicable().size(), 0u);
  EXPECT_EQ(a.value()->label(), "henan-test 2025.1");
}

}  // namespace
}  // namespace gate::host
