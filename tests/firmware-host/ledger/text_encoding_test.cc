#include "firmware-host/ledger/text_encoding.h"

#include <gtest/gtest.h>

namespace gate::host {
namespace {

// "豫H12345,黄" in GB18030: 豫 = D4 A5, 黄 = BB C6.
const std::string kGbk = "\xD4\xA5H12345,\xBB\xC6";

TEST(TextEncoding, RecognisesUtf8) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("豫H12345,黄"));
  EXPECT_FALSE(is_valid_utf8(kGbk));
  EXPECT_FALSE(is_valid_utf8("\xE8\xB1"));  // truncated sequence
}

TEST(TextEncoding, ConvertsGbkToUtf8) {
  bool converted = false;
  auto r = ledger_text_to_utf8(kGbk, &converted);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(converted);
  EXPECT_EQ(r.value(), "豫H12345,黄");
  r = ledger_text_to_utf8("豫H12345", &converted);
  EXPECT_FALSE(converted);
  EXPECT_EQ(r.value(), "豫H12345");
}

TEST(TextEncoding, RefusesBytesThatAreNeitherAndGivesTheOffset) {
  auto r = gb18030_to_utf8("ok,\xFF\xFF");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("offset 3"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace gate::host
