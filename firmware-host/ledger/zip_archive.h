// Reading entries of a zip archive (an XLSX workbook is one) through minizip. Entries are read
// whole into memory, with a size cap so that a crafted archive cannot exhaust memory, and their
// CRC is checked.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "rules/result.h"

namespace gate::host {

class ZipArchive {
 public:
  // Errors say the file is not a zip archive (for an .xlsx: not saved as an Excel workbook).
  static Result<std::unique_ptr<ZipArchive>> Open(const std::string& path);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // The bytes of the entry `name` (exact, case-sensitive path inside the archive); nullopt
  // when there is none. An entry larger than `max_bytes` or failing its CRC is an error.
  Result<std::optional<std::string>> read(const std::string& name, std::size_t max_bytes);

 private:
  ZipArchive(void* zip, std::string path) : zip_(zip), path_(std::move(path)) {}
  void* zip_;  // unzFile
  std::string path_;
};

}  // namespace gate::host
