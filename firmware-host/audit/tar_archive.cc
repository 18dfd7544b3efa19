#include "firmware-host/audit/tar_archive.h"

#include <cstdio>
#include <cstring>

namespace gate::host {
namespace {

constexpr std::size_t kBlock = 512;

// An octal number in width-1 zero-padded digits and a NUL, as ustar expects; `v` must fit.
void put_octal(char* field, std::size_t width, uint64_t v) {
  field[width - 1] = '\0';
  for (std::size_t i = width - 1; i-- > 0;) {
    field[i] = static_cast<char>('0' + (v & 7));
    v >>= 3;
  }
}

}  // namespace

Result<std::string> tar_archive(const std::vector<TarEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    if (e.data.size() >= (uint64_t{1} << 33)) {
      return Error{"cannot put '" + e.name + "' in a tar archive: larger than 8 GiB"};
    }
    if (e.name.empty() || e.name.size() > 100 || e.name.front() == '/' ||
        e.name.find("..") != std::string::npos) {
      return Error{"cannot put '" + e.name +
                   "' in a tar archive: names must be relative, without '..', at most 100 bytes"};
    }
    char h[kBlock];
    std::memset(h, 0, sizeof h);
    std::memcpy(h, e.name.data(), e.name.size());
    put_octal(h + 100, 8, 0644);
    put_octal(h + 108, 8, 0);
    put_octal(h + 116, 8, 0);
    put_octal(h + 124, 12, e.data.size());
    put_octal(h + 136, 12, static_cast<uint64_t>(e.mtime_unix_s < 0 ? 0 : e.mtime_unix_s));
    h[156] = '0';  // regular file
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    // The checksum is taken with its own field as spaces.
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    put_octal(h + 148, 7, sum);  // six digits and a NUL, then the space already there
    h[155] = ' ';
    out.append(h, kBlock);
    out.append(e.data);
    out.append((kBlock - e.data.size() % kBlock) % kBlock, '\0');
  }
  out.append(2 * kBlock, '\0');
  return out;
}

}  // namespace gate::host
