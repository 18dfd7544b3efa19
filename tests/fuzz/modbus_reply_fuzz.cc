// Replies of the barrier's Modbus module (drivers/barrier/modbus_reply.h), received the way the
// driver receives them: libmodbus sends the request and reads the reply over one end of a
// socketpair whose other end holds the fuzzed bytes (no network), then the driver's checks run:
// unit, function, exception, the echo of a coil write, the input bits of a read.
//   byte 0: bit 0 RTU (else TCP); bit 1 keep the TCP transaction id as given (else the one
//           libmodbus expects is written in, so that the checks behind it are reached)
//   byte 1: unit id; byte 2: bit 0 selects read discrete inputs (else write coil), then the
//   number of inputs asked for (1..16); the rest: what the module sends.
#include <modbus/modbus.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "drivers/barrier/modbus_reply.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const bool rtu = data[0] & 1;
  const bool keep_tid = data[0] & 2;
  const uint8_t unit = data[1] == 0 ? 1 : data[1];
  const bool read_inputs = data[2] & 1;
  const int n = 1 + (data[2] >> 1) % 16;
  std::string module(gate::fuzz::text_of(data + 3, size - 3));
  if (!rtu && !keep_tid && module.size() >= 4) {
    module[0] = 0;  // libmodbus's first transaction id is 1, protocol id 0
    module[1] = 1;
    module[2] = 0;
    module[3] = 0;
  }

  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) __builtin_trap();
  if (write(sv[1], module.data(), module.size()) != static_cast<ssize_t>(module.size())) {
    __builtin_trap();
  }
  shutdown(sv[1], SHUT_WR);  // the module says nothing more: a short reply fails at once

  modbus_t* ctx =
      rtu ? modbus_new_rtu("/dev/null", 9600, 'N', 8, 1) : modbus_new_tcp("127.0.0.1", 502);
  if (ctx == nullptr) __builtin_trap();
  modbus_set_slave(ctx, unit);
  modbus_set_socket(ctx, sv[0]);
  modbus_set_response_timeout(ctx, 0, 200000);
  modbus_set_byte_timeout(ctx, 0, 200000);

  const uint8_t coil_request[] = {MODBUS_FC_WRITE_SINGLE_COIL, 0x00, 0x00, 0xFF, 0x00};
  const uint8_t bits_request[] = {MODBUS_FC_READ_DISCRETE_INPUTS, 0x00, 0x00, 0x00,
                                  static_cast<uint8_t>(n)};
  const uint8_t* request = read_inputs ? bits_request : coil_request;
  uint8_t raw[6] = {unit};
  std::copy(request, request + 5, raw + 1);
  if (modbus_send_raw_request(ctx, raw, sizeof raw) != -1) {
    uint8_t rsp[MODBUS_MAX_ADU_LENGTH];
    const int length = modbus_receive_confirmation(ctx, rsp);
    if (length > MODBUS_MAX_ADU_LENGTH) __builtin_trap();
    if (length != -1) {
      const std::span<const uint8_t> adu(rsp, static_cast<std::size_t>(length));
      const gate::drivers::ModbusReply r =
          gate::drivers::check_modbus_reply(adu, modbus_get_header_length(ctx), unit, request[0]);
      if (r.ok() && read_inputs) {
        auto bits = gate::drivers::modbus_reply_bits(adu, r.pdu, n);
        if (bits.ok() && bits.value().size() != static_cast<std::size_t>(n)) __builtin_trap();
      } else if (r.ok()) {
        (void)gate::drivers::check_modbus_write_echo(adu, r.pdu, std::span(coil_request));
      }
    }
  }
  modbus_free(ctx);
  close(sv[0]);
  close(sv[1]);
  return 0;
}
