#include "firmware-host/api/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <vector>

namespace gate::host {
namespace {

constexpr const char* kScheme = "pbkdf2-sha256";
constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;

std::string to_hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[p[i] >> 4];
    out[2 * i + 1] = digits[p[i] & 15];
  }
  return out;
}

bool from_hex(const std::string& s, std::vector<unsigned char>& out) {
  if (s.empty() || s.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return true;
}

bool derive(const std::string& password, const std::vector<unsigned char>& salt, int iterations,
            std::vector<unsigned char>& key) {
  key.assign(kKeyBytes, 0);
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                           static_cast<int>(salt.size()), iterations, EVP_sha256(), kKeyBytes,
                           key.data()) == 1;
}

}  // namespace

std::string random_hex(int bytes) {
  std::vector<unsigned char> buf(static_cast<std::size_t>(bytes));
  if (RAND_bytes(buf.data(), bytes) != 1) return "";
  return to_hex(buf.data(), buf.size());
}

Result<std::string> hash_password(const std::string& password, int iterations) {
  if (password.size() < static_cast<std::size_t>(kPasswordMinLength)) {
    return Error{"the password must be at least " + std::to_string(kPasswordMinLength) +
                 " characters"};
  }
  std::vector<unsigned char> salt(kSaltBytes), key;
  if (RAND_bytes(salt.data(), kSaltBytes) != 1 || !derive(password, salt, iterations, key)) {
    return Error{"OpenSSL could not derive the password hash (random source or PBKDF2 failed)"};
  }
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" +
         to_hex(salt.data(), salt.size()) + "$" + to_hex(key.data(), key.size());
}

bool password_matches(const std::string& password, const std::string& stored) {
  const auto a = stored.find('$');
  const auto b = a == std::string::npos ? a : stored.find('$', a + 1);
  const auto c = b == std::string::npos ? b : stored.find('$', b + 1);
  if (c == std::string::npos || stored.substr(0, a) != kScheme) return false;
  const std::string iter_text = stored.substr(a + 1, b - a - 1);
  char* end = nullptr;
  const long iterations = std::strtol(iter_text.c_str(), &end, 10);
  if (iter_text.empty() || *end != '\0' || iterations < 1 || iterations > 10000000) return false;
  std::vector<unsigned char> salt, expected, key;
  if (!from_hex(stored.substr(b + 1, c - b - 1), salt) ||
      !from_hex(stored.substr(c + 1), expected) ||
      expected.size() != static_cast<std::size_t>(kKeyBytes)) {
    return false;
  }
  if (!derive(password, salt, static_cast<int>(iterations), key)) return false;
  return CRYPTO_memcmp(key.data(), expected.data(), kKeyBytes) == 0;
}

}  // namespace gate::host
