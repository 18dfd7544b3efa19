// Checks of the replies the barrier module sends (Modbus TCP or RTU, as libmodbus received them).
// Pure: the reply's bytes in, what it says or why it is not the answer out. libmodbus frames a
// reply by its own function code and takes a Modbus TCP reply from any unit id, so the driver
// (barrier.cc) checks here that it answers the request: same unit, same function, the right
// length, the echo of a write, the input bits asked for.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::drivers {

// A reply that is an answer to the request, or why not.
struct ModbusReply {
  int pdu = 0;        // where the reply's function code is in the ADU
  int exception = 0;  // the module's exception code (1..255) when it answered with one, else 0
  std::string error;  // why the reply is not an answer; empty when it is one (or an exception)
  bool ok() const { return error.empty() && exception == 0; }
};

// `adu`: the reply as received (header of `header_length` bytes ending with the unit id, then the
// PDU; RTU's CRC already checked and removed by libmodbus). `unit` and `function` are the
// request's.
ModbusReply check_modbus_reply(std::span<const uint8_t> adu, int header_length, uint8_t unit,
                               uint8_t function);

// A single-coil write is answered with the request itself (function, address, value).
Status check_modbus_write_echo(std::span<const uint8_t> adu, int pdu,
                               std::span<const uint8_t> request);

// The `n` bits (1..2000) of a read-discrete-inputs reply, one byte (0 or 1) each.
Result<std::vector<uint8_t>> modbus_reply_bits(std::span<const uint8_t> adu, int pdu, int n);

}  // namespace gate::drivers
