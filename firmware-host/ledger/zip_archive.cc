#include "firmware-host/ledger/zip_archive.h"

#include <unzip.h>

namespace gate::host {

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(const std::string& path) {
  unzFile zip = unzOpen64(path.c_str());
  if (zip == nullptr) return Error{path + " cannot be opened as a zip archive"};
  return std::unique_ptr<ZipArchive>(new ZipArchive(zip, path));
}

ZipArchive::~ZipArchive() {
  unzClose(static_cast<unzFile>(zip_));
}

Result<std::optional<std::string>> ZipArchive::read(const std::string& name,
                                                    std::size_t max_bytes) {
  unzFile zip = static_cast<unzFile>(zip_);
  if (unzLocateFile(zip, name.c_str(), 1) != UNZ_OK) return std::optional<std::string>{};
  unz_file_info64 info{};
  if (unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
    return Error{path_ + ": cannot read the directory entry of " + name + " (damaged file?)"};
  }
  if (info.uncompressed_size > max_bytes) {
    return Error{path_ + ": " + name + " unpacks to " +
                 std::to_string(info.uncompressed_size >> 20) + " MiB, more than the " +
                 std::to_string(max_bytes >> 20) + " MiB allowed; split the workbook"};
  }
  if (unzOpenCurrentFile(zip) != UNZ_OK) {
    return Error{path_ + ": cannot unpack " + name + " (damaged or encrypted file?)"};
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(info.uncompressed_size));
  char buf[64 * 1024];
  for (;;) {
    int n = unzReadCurrentFile(zip, buf, sizeof buf);
    if (n < 0) {
      unzCloseCurrentFile(zip);
      return Error{path_ + ": cannot unpack " + name + " (damaged file, zip error " +
                   std::to_string(n) + ")"};
    }
    if (n == 0) break;
    // The directory's size may lie; the cap holds for what is actually unpacked.
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      unzCloseCurrentFile(zip);
      return Error{path_ + ": " + name + " unpacks to more than the " +
                   std::to_string(max_bytes >> 20) + " MiB allowed; split the workbook"};
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  if (unzCloseCurrentFile(zip) == UNZ_CRCERROR) {
    return Error{path_ + ": " + name + " fails its CRC check (damaged file)"};
  }
  return std::optional<std::string>(std::move(out));
}

}  // namespace gate::host
