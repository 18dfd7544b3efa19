// The strict multipart reader: well-formed bodies, and every way a body can be cut or bloated.
#include "drivers/camera/multipart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::drivers {
namespace {

using ::testing::HasSubstr;

const std::string kBody =
    "preamble to ignore\r\n"
    "--b1\r\n"
    "Content-Disposition: form-data; name=\"anpr.xml\"; filename=\"anpr.xml\"\r\n"
    "Content-Type: text/xml; charset=UTF-8\r\n"
    "\r\n"
    "<a>x</a>\r\n"
    "--b1\r\n"
    "Content-Disposition: form-data; name=pic; filename=\"p.jpg\"\r\n"
    "Content-Type: image/jpeg\r\n"
    "\r\n"
    "\xff\xd8--b1 inside is not a delimiter\r\n\r\n"
    "--b1--\r\n"
    "epilogue";

TEST(MultipartBoundary, ReadsQuotedAndPlainBoundaries) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=boundary").value(), "boundary");
  EXPECT_EQ(multipart_boundary("Multipart/Mixed; charset=x; boundary=\"a b:c\"").value(), "a b:c");
}

TEST(MultipartBoundary, RefusesMissingOrMalformedBoundaries) {
  EXPECT_THAT(multipart_boundary("application/json").error(), HasSubstr("not multipart"));
  EXPECT_THAT(multipart_boundary("multipart/form-data").error(), HasSubstr("no boundary"));
  EXPECT_THAT(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')).error(),
              HasSubstr("1..70"));
  EXPECT_THAT(multipart_boundary("multipart/form-data; boundary=a\x01").error(),
              HasSubstr("1..70"));
}

TEST(ParseMultipart, ReadsPartsHeadersAndBodies) {
  auto parts = parse_multipart(kBody, "b1");
  ASSERT_TRUE(parts.ok()) << parts.error();
  ASSERT_EQ(parts.value().size(), 2u);
  EXPECT_EQ(parts.value()[0].name, "anpr.xml");
  EXPECT_EQ(parts.value()[0].filename, "anpr.xml");
  EXPECT_EQ(parts.value()[0].content_type, "text/xml");
  EXPECT_EQ(parts.value()[0].body, "<a>x</a>");
  EXPECT_EQ(parts.value()[1].name, "pic");
  EXPECT_EQ(parts.value()[1].body, "\xff\xd8--b1 inside is not a delimiter\r\n");
}

TEST(ParseMultipart, EveryTruncationIsAnError) {
  const std::size_t closing = std::string(kBody).find("--b1--");
  for (std::size_t n = 0; n < closing + 5; ++n) {
    auto parts = parse_multipart(std::string_view(kBody).substr(0, n), "b1");
    EXPECT_FALSE(parts.ok()) << "cut at " << n;
  }
}

TEST(ParseMultipart, BoundsPartsAndHeaders) {
  std::string many;
  for (int i = 0; i < 17; ++i) many += "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n";
  many += "--b--";
  EXPECT_THAT(parse_multipart(many, "b").error(), HasSubstr("more than 16 parts"));

  const std::string long_header = "--b\r\nX-Pad: " + std::string(5000, 'a') + "\r\n\r\nx\r\n--b--";
  EXPECT_THAT(parse_multipart(long_header, "b").error(), HasSubstr("longer than 4096 bytes"));

  std::string lines = "--b\r\n";
  for (int i = 0; i < 17; ++i) lines += "X-A: 1\r\n";
  lines += "\r\nx\r\n--b--";
  EXPECT_THAT(parse_multipart(lines, "b").error(), HasSubstr("more than 16 header lines"));
}

TEST(ParseMultipart, RefusesMalformedFraming) {
  EXPECT_THAT(parse_multipart("no boundary here", "b").error(), HasSubstr("no multipart boundary"));
  EXPECT_THAT(parse_multipart("--b--", "b").error(), HasSubstr("no parts"));
  EXPECT_THAT(parse_multipart("--bjunk\r\n\r\nx\r\n--b--", "b").error(), HasSubstr("line end"));
  EXPECT_THAT(parse_multipart("--b\r\nno colon\r\n\r\nx\r\n--b--", "b").error(),
              HasSubstr("without a name"));
  EXPECT_THAT(parse_multipart("--b\r\n\r\nbody without end", "b").error(),
              HasSubstr("no closing boundary"));
}

TEST(MediaType, LowerCaseWithoutParameters) {
  EXPECT_EQ(media_type(" Text/XML ; charset=UTF-8"), "text/xml");
  EXPECT_TRUE(is_multipart("multipart/mixed; boundary=x"));
  EXPECT_FALSE(is_multipart("text/xml"));
}

}  // namespace
}  // namespace gate::drivers
