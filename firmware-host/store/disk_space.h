// How full the gate's disks are, and what that means for recording (audit.disk_* settings).
#pragma once

#include <cstdint>
#include <string>

#include "rules/result.h"

namespace gate::host {

struct DiskSpace {
  uint64_t free_bytes = 0;  // available to this (unprivileged) process
  uint64_t total_bytes = 0;
};

// statvfs of the file system holding `path`.
Result<DiskSpace> disk_space(const std::string& path);

enum class StorageLevel {
  kOk,
  kLow,       // below the warning share: warn, keep everything
  kCritical,  // below the reserve: stop storing photos, keep recording passages
};

// Pure.
StorageLevel storage_level(const DiskSpace& d, int warn_free_percent, uint64_t reserve_bytes);

// "1.2 GiB free of 100.0 GiB (1.2 %)"
std::string describe_space(const DiskSpace& d);

}  // namespace gate::host
