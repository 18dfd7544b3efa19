// Dotted JSON paths: reading through objects only, text of non-strings as JSON, writing makes
// the objects on the way.
#include "drivers/uplink/json_path.h"

#include <gtest/gtest.h>

namespace gate::drivers::uplink {
namespace {

using json = nlohmann::json;

TEST(JsonPath, ReadsThroughObjectsOnly) {
  const json body = json::parse(R"({"result":{"ok":true,"code":200,"why":"x"},"list":[1]})");
  ASSERT_NE(find_at(body, "result.ok"), nullptr);
  EXPECT_EQ(text_at(body, "result.ok"), "true");
  EXPECT_EQ(text_at(body, "result.code"), "200");
  EXPECT_EQ(text_at(body, "result.why"), "x");
  EXPECT_EQ(find_at(body, "result.missing"), nullptr);
  EXPECT_EQ(find_at(body, "list.0"), nullptr);
  EXPECT_EQ(text_at(body, "result.why.deeper"), std::nullopt);
}

TEST(JsonPath, WritingMakesTheObjectsOnTheWay) {
  json out = json::object();
  put_at(out, "value.car.no", "豫H1");
  put_at(out, "value.seq", 7);
  put_at(out, "top", "t");
  EXPECT_EQ(out, json::parse(R"({"value":{"car":{"no":"豫H1"},"seq":7},"top":"t"})"));
  put_at(out, "top.inner", 1);  // a string in the way becomes an object
  EXPECT_EQ(out.at("top"), json::parse(R"({"inner":1})"));
}

}  // namespace
}  // namespace gate::drivers::uplink
