// CSV splitting (rules/csv.h) that the ledger import and the simulator share: both readers on
// any text, and the writer's fields read back unchanged, with and without the formula guard.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/csv.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const auto text = gate::fuzz::text_of(data, size);
  std::vector<int> lines;
  const auto records = gate::rules::split_csv(text, &lines);
  if (lines.size() != records.size()) __builtin_trap();
  (void)gate::rules::read_csv_lines(text);
  // Each record of the input written after a header line and read back (after the header, so
  // that a first field beginning with a byte order mark is not read as the file's BOM).
  for (const auto& rec : records) {
    std::string line;
    for (std::size_t i = 0; i < rec.size(); ++i) {
      line += (i ? "," : "") + gate::rules::csv_field(rec[i]);
    }
    const auto back = gate::rules::split_csv("h\n" + line + "\n", nullptr);
    const bool blank = rec.size() == 1 && rec[0].empty();  // a blank line is skipped
    if (!blank && (back.size() != 2 || back[1] != rec)) __builtin_trap();
    for (const auto& field : rec) {
      if (gate::rules::without_formula_guard(gate::rules::spreadsheet_text(field)) != field) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
