// A POSIX ustar archive written in memory: how the auditor API hands over an export package
// in one download (tar reads it everywhere, and it needs no compression library). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::host {

struct TarEntry {
  std::string name;  // relative path with '/', at most 100 bytes
  std::string data;
  int64_t mtime_unix_s = 0;
};

// Errors name the entry whose path does not fit the format or is not a plain relative path.
Result<std::string> tar_archive(const std::vector<TarEntry>& entries);

}  // namespace gate::host
