// Dates and times written by people and peers: ledger dates (rules/local_date.h), local times
// of the CLI (rules/local_time.h), the platform's wire times (drivers/uplink/wire_time.h),
// scenario times (sim/scenario/scenario_time.h), Excel date serials and number formats
// (firmware-host/ledger/excel_date.h). What parses formats back to text that parses to the same.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "drivers/uplink/wire_time.h"
#include "firmware-host/ledger/excel_date.h"
#include "rules/local_date.h"
#include "rules/local_time.h"
#include "sim/scenario/scenario_time.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const auto text = gate::fuzz::text_of(data, size);
  if (auto day = gate::rules::parse_date(text)) {
    if (gate::rules::parse_date(gate::rules::format_date(*day)) != day) __builtin_trap();
  }
  (void)gate::rules::normalise_date_text(text);
  if (auto t = gate::rules::parse_local_time(std::string(text), 480); t.ok()) {
    (void)gate::rules::local_date(t.value(), 480);
    (void)gate::rules::local_time(t.value(), 480);
  }
  if (auto t = gate::drivers::uplink::parse_wire_time(text); t.ok()) {
    const std::string back = gate::drivers::uplink::format_wire_time(t.value(), 480);
    auto again = gate::drivers::uplink::parse_wire_time(back);
    if (!again.ok() || again.value() != t.value()) __builtin_trap();
  }
  if (auto s = gate::sim::parse_scenario_time(text)) {
    if (gate::sim::parse_scenario_time(gate::sim::format_scenario_time(*s)) != s) __builtin_trap();
  }
  if (size >= sizeof(double) + 1) {
    double serial;
    std::memcpy(&serial, data, sizeof serial);
    (void)gate::host::excel_serial_to_text(serial, data[sizeof serial] & 1);
    (void)gate::host::is_date_format(data[sizeof serial], text.substr(sizeof serial + 1));
  }
  return 0;
}
