// The driver's checks of the module's replies (drivers/barrier/modbus_reply.h), on bytes: every
// way a reply can fail to answer the request gives an error, never a read past the reply.
#include "drivers/barrier/modbus_reply.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace gate::drivers {
namespace {

using ::testing::HasSubstr;
using Bytes = std::vector<uint8_t>;

// A Modbus TCP reply: MBAP header (transaction 1, protocol 0, length, unit), then the PDU.
Bytes tcp(uint8_t unit, const Bytes& pdu) {
  Bytes adu = {0, 1, 0, 0, 0, static_cast<uint8_t>(pdu.size() + 1), unit};
  for (uint8_t b : pdu) adu.push_back(b);
  return adu;
}

constexpr int kTcpHeader = 7;

TEST(ModbusReplyTest, AnswerToTheRequest) {
  const Bytes adu = tcp(1, {0x05, 0x00, 0x02, 0xFF, 0x00});
  const ModbusReply r = check_modbus_reply(adu, kTcpHeader, 1, 0x05);
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.pdu, kTcpHeader);
  const uint8_t request[] = {0x05, 0x00, 0x02, 0xFF, 0x00};
  EXPECT_TRUE(check_modbus_write_echo(adu, r.pdu, request).ok());
}

TEST(ModbusReplyTest, ReplyFromAnotherUnitOrFunction) {
  EXPECT_THAT(check_modbus_reply(tcp(2, {0x05, 0, 0}), kTcpHeader, 1, 0x05).error,
              HasSubstr("came from unit 2, not from unit 1"));
  EXPECT_THAT(check_modbus_reply(tcp(1, {0x02, 1, 0}), kTcpHeader, 1, 0x05).error,
              HasSubstr("is to function 2, not 5"));
}

TEST(ModbusReplyTest, ExceptionGivesItsCode) {
  const ModbusReply r = check_modbus_reply(tcp(1, {0x82, 0x02}), kTcpHeader, 1, 0x02);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.error.empty());
  EXPECT_EQ(r.exception, 2);
  EXPECT_THAT(check_modbus_reply(tcp(1, {0x82, 0x00}), kTcpHeader, 1, 0x02).error,
              HasSubstr("exception with code 0"));
}

TEST(ModbusReplyTest, ShortRepliesAreErrors) {
  EXPECT_THAT(check_modbus_reply(tcp(1, {0x05}), kTcpHeader, 1, 0x05).error,
              HasSubstr("too short"));
  EXPECT_THAT(check_modbus_reply(Bytes{}, kTcpHeader, 1, 0x05).error, HasSubstr("too short"));
  EXPECT_THAT(check_modbus_reply(Bytes{1, 5}, 0, 1, 0x05).error, HasSubstr("too short"));
  // A write reply that stops before the end of the echo.
  const Bytes cut = tcp(1, {0x05, 0x00, 0x02});
  const uint8_t request[] = {0x05, 0x00, 0x02, 0xFF, 0x00};
  EXPECT_THAT(check_modbus_write_echo(cut, kTcpHeader, request).message(),
              HasSubstr("does not echo the write"));
}

TEST(ModbusReplyTest, InputBits) {
  // 10 inputs: 2 bytes, LSB first.
  const Bytes adu = tcp(1, {0x02, 0x02, 0b0000'0101, 0b0000'0010});
  auto bits = modbus_reply_bits(adu, kTcpHeader, 10);
  ASSERT_TRUE(bits.ok()) << bits.error();
  EXPECT_EQ(bits.value(), (std::vector<uint8_t>{1, 0, 1, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_THAT(modbus_reply_bits(adu, kTcpHeader, 3).error(),
              HasSubstr("carries 2 bytes of inputs, 1 asked for"));
  // The byte count promises more than the reply holds.
  EXPECT_THAT(modbus_reply_bits(tcp(1, {0x02, 0x02, 0x01}), kTcpHeader, 16).error(),
              HasSubstr("carries 2 bytes of inputs, 2 asked for"));
  EXPECT_THAT(modbus_reply_bits(tcp(1, {0x02}), kTcpHeader, 1).error(), HasSubstr("too short"));
  EXPECT_FALSE(modbus_reply_bits(adu, kTcpHeader, 0).ok());
}

}  // namespace
}  // namespace gate::drivers
