// The platform's anchor file (firmware-host/audit/anchor_file.h), as `gatectl verify --anchors`
// reads it: every line parses or is reported with its number, and what parses is well-formed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "firmware-host/audit/anchor_file.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(gate::fuzz::text_of(data, size));
  auto file = gate::host::parse_anchor_file(text, "anchors.jsonl");
  if (!file.ok()) {
    if (file.error().find("anchors.jsonl:") == std::string::npos) __builtin_trap();
    return 0;
  }
  for (const auto& s : file.value().seals) {
    if (s.line < 1 || s.seal.first_chain_id > s.seal.last_chain_id) __builtin_trap();
  }
  for (const auto& h : file.value().heads) {
    if (h.line < 1) __builtin_trap();
  }
  return 0;
}
