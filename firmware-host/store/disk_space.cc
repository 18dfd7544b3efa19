#include "firmware-host/store/disk_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace gate::host {

Result<DiskSpace> disk_space(const std::string& path) {
  struct statvfs s {};
  if (::statvfs(path.c_str(), &s) != 0) {
    return Error{"cannot read the free space of " + path + ": " + std::strerror(errno)};
  }
  return DiskSpace{static_cast<uint64_t>(s.f_bavail) * s.f_frsize,
                   static_cast<uint64_t>(s.f_blocks) * s.f_frsize};
}

StorageLevel storage_level(const DiskSpace& d, int warn_free_percent, uint64_t reserve_bytes) {
  if (d.free_bytes < reserve_bytes) return StorageLevel::kCritical;
  if (d.total_bytes > 0 &&
      d.free_bytes * 100 < d.total_bytes * static_cast<uint64_t>(warn_free_percent)) {
    return StorageLevel::kLow;
  }
  return StorageLevel::kOk;
}

std::string describe_space(const DiskSpace& d) {
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.1f GiB free of %.1f GiB (%.1f %%)", d.free_bytes / kGiB,
                d.total_bytes / kGiB,
                d.total_bytes ? 100.0 * static_cast<double>(d.free_bytes) / d.total_bytes : 0.0);
  return buf;
}

}  // namespace gate::host
