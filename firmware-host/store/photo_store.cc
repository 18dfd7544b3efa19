#include "firmware-host/store/photo_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gate::host {

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

std::string PhotoStore::path_of(const std::string& sha256) const {
  return dir_ + "/" + sha256.substr(0, 2) + "/" + sha256 + ".jpg";
}

Result<std::string> PhotoStore::read(const std::string& sha256) const {
  const std::string path = path_of(sha256);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  if (!in || !(bytes << in.rdbuf())) {
    return Error{"photo " + sha256 + " is missing (" + path +
                 "); restore it from a backup and run `gatectl sync requeue`"};
  }
  if (sha256_hex(bytes.str()) != sha256) {
    return Error{"photo " + path + " does not match its SHA-256: the file was altered"};
  }
  return bytes.str();
}

Result<std::string> PhotoStore::put(const std::string& jpeg) {
  std::string digest = sha256_hex(jpeg);
  std::string path = path_of(digest);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return digest;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Error{"cannot create photo directory for " + path + ": " + ec.message()};
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return Error{"cannot write photo " + tmp + ": " + std::strerror(errno)};
  std::size_t off = 0;
  while (off < jpeg.size()) {
    ssize_t n = ::write(fd, jpeg.data() + off, jpeg.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error{"cannot write photo " + tmp + ": " + err + " (disk full?)"};
    }
    off += static_cast<std::size_t>(n);
  }
  // Close even when fsync failed (no descriptor leak); report the first failure's errno.
  int err = ::fsync(fd) != 0 ? errno : 0;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return Error{"cannot flush photo " + tmp + ": " + std::strerror(err)};
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Error{"cannot store photo " + path + ": " + std::strerror(errno)};
  }
  return digest;
}

}  // namespace gate::host
