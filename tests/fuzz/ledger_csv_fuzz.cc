// Vehicle ledger CSV as `gatectl ledger import` reads it
// (firmware-host/gatectl/ledger_commands.cc): UTF-8 or GB18030 text to UTF-8, then the strict
// ledger parser, then its error lines.
#include <cstddef>
#include <cstdint>

#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/ledger/text_encoding.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  bool converted = false;
  auto text = gate::host::ledger_text_to_utf8(gate::fuzz::text_of(data, size), &converted);
  if (!text.ok()) return 0;
  if (!gate::host::is_valid_utf8(text.value())) __builtin_trap();
  const gate::host::LedgerParse parsed = gate::host::parse_ledger_csv(text.value());
  if (parsed.vehicles.size() != parsed.lines.size() ||
      parsed.vehicles.size() != parsed.documents.size()) {
    __builtin_trap();
  }
  for (const auto& e : parsed.errors) (void)gate::host::format_row_error("ledger.csv", e);
  return 0;
}
