// Vehicle ledgers saved as XLSX (firmware-host/ledger/ledger_xlsx.h): the workbook is written to
// the scratch folder and read as `gatectl ledger import` does. An input that begins with "PK" is
// taken as the whole file (the zip itself is fuzzed); any other input is a list of parts,
//   <part name>\n<bytes>\x00<part name>\n<bytes>…
// zipped here (stored or deflated by the first byte), so that the XML parts themselves are fuzzed.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "firmware-host/ledger/ledger_xlsx.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

bool write_parts(const std::string& path, std::string_view input) {
  if (input.empty()) return false;
  const int method = (input[0] & 1) ? Z_DEFLATED : 0;
  input.remove_prefix(1);
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (zf == nullptr) return false;
  bool ok = true;
  while (!input.empty() && ok) {
    const auto end = input.find('\0');
    std::string_view part = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    const auto nl = part.find('\n');
    if (nl == std::string_view::npos || nl == 0) continue;
    const std::string name(part.substr(0, nl));
    part.remove_prefix(nl + 1);
    ok = zipOpenNewFileInZip64(zf, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, method,
                               Z_DEFAULT_COMPRESSION, 0) == ZIP_OK &&
         zipWriteInFileInZip(zf, part.data(), static_cast<unsigned>(part.size())) == ZIP_OK &&
         zipCloseFileInZip(zf) == ZIP_OK;
  }
  return zipClose(zf, nullptr) == ZIP_OK && ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const auto input = gate::fuzz::text_of(data, size);
  const std::string path = (gate::fuzz::scratch_dir() / "ledger.xlsx").string();
  if (input.starts_with("PK")) {
    gate::fuzz::write_file(path, input);
  } else if (!write_parts(path, input)) {
    return 0;
  }
  auto parsed = gate::host::read_ledger_xlsx(path);
  if (parsed.ok()) {
    for (const auto& e : parsed.value().errors) (void)gate::host::format_row_error("l.xlsx", e);
  }
  return 0;
}
