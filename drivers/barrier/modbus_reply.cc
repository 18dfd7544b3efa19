#include "drivers/barrier/modbus_reply.h"

#include <algorithm>

namespace gate::drivers {

ModbusReply check_modbus_reply(std::span<const uint8_t> adu, int header_length, uint8_t unit,
                               uint8_t function) {
  ModbusReply r;
  r.pdu = header_length;
  if (header_length < 1 || adu.size() < static_cast<std::size_t>(header_length) + 2) {
    r.error = "the reply is too short";
    return r;
  }
  const uint8_t from = adu[header_length - 1];
  if (from != unit) {
    r.error = "the reply came from unit " + std::to_string(from) + ", not from unit " +
              std::to_string(unit);
    return r;
  }
  const uint8_t answered = adu[header_length];
  if (answered == (function | 0x80)) {
    r.exception = adu[header_length + 1];
    if (r.exception == 0) r.error = "the reply is an exception with code 0";
    return r;
  }
  if (answered != function) {
    r.error = "the reply is to function " + std::to_string(answered) + ", not " +
              std::to_string(function);
  }
  return r;
}

Status check_modbus_write_echo(std::span<const uint8_t> adu, int pdu,
                               std::span<const uint8_t> request) {
  if (pdu < 0 || adu.size() < static_cast<std::size_t>(pdu) + request.size() ||
      !std::equal(request.begin(), request.end(), adu.begin() + pdu)) {
    return Error{"the reply does not echo the write"};
  }
  return Status::Ok();
}

Result<std::vector<uint8_t>> modbus_reply_bits(std::span<const uint8_t> adu, int pdu, int n) {
  if (n < 1 || n > 2000) return Error{std::to_string(n) + " inputs asked for, not 1..2000"};
  const int bytes = (n + 7) / 8;
  if (pdu < 0 || adu.size() < static_cast<std::size_t>(pdu) + 2) {
    return Error{"the reply is too short"};
  }
  const int count = adu[pdu + 1];
  if (count != bytes || adu.size() < static_cast<std::size_t>(pdu) + 2 + bytes) {
    return Error{"the reply carries " + std::to_string(count) + " bytes of inputs, " +
                 std::to_string(bytes) + " asked for"};
  }
  std::vector<uint8_t> bits(n);
  for (int i = 0; i < n; ++i) bits[i] = (adu[pdu + 2 + i / 8] >> (i % 8)) & 1;
  return bits;
}

}  // namespace gate::drivers
