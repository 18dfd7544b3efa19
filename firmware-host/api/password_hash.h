// Passwords of dashboard users, stored as "pbkdf2-sha256$<iterations>$<salt hex>$<key hex>":
// PBKDF2-HMAC-SHA256 (OpenSSL PKCS5_PBKDF2_HMAC) with a random 16-byte salt and a 32-byte key.
// Checking compares in constant time (CRYPTO_memcmp), so the time taken says nothing about how
// much of a guess was right.
#pragma once

#include <string>

#include "rules/result.h"

namespace gate::host {

// At least 100 000 (OWASP's floor for PBKDF2-HMAC-SHA256 is higher; this is what a gate PC
// without a GPU can do in about 0.1 s per login).
inline constexpr int kPasswordIterations = 120000;
inline constexpr int kPasswordMinLength = 8;

// Fails when the password is shorter than kPasswordMinLength or the random source fails.
Result<std::string> hash_password(const std::string& password,
                                  int iterations = kPasswordIterations);

// False for a wrong password and for a stored value that is not of the form above.
bool password_matches(const std::string& password, const std::string& stored);

// `bytes` random bytes from OpenSSL's CSPRNG as lower-case hex; "" when it fails.
std::string random_hex(int bytes);

}  // namespace gate::host
