#include "drivers/uplink/request_signing.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace gate::drivers::uplink {

std::string hex_lower(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string md5_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), md, &n, EVP_md5(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(MD5) failed");
  }
  return hex_lower(std::string_view(reinterpret_cast<const char*>(md), n));
}

std::string md5_header_signature(std::string_view app_key, int64_t timestamp_s,
                                 std::string_view app_secret) {
  return md5_hex(std::string(app_key) + "|" + std::to_string(timestamp_s) + "|" +
                 md5_hex(app_secret));
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return hex_lower(std::string_view(reinterpret_cast<const char*>(md), sizeof md));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return hex_lower(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string string_to_sign(std::string_view app_key, int64_t timestamp_s, std::string_view nonce,
                           std::string_view method, std::string_view path_and_query,
                           std::string_view body) {
  std::string s = kSignatureScheme;
  s += '\n';
  s += app_key;
  s += '\n';
  s += std::to_string(timestamp_s);
  s += '\n';
  s += nonce;
  s += '\n';
  s += method;
  s += '\n';
  s += path_and_query;
  s += '\n';
  s += sha256_hex(body);
  return s;
}

std::string random_nonce() {
  unsigned char bytes[16];
  // A CSPRNG failure is not something the gate can work around; it is a broken system.
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return hex_lower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

Signature sign_request(std::string_view app_key, std::string_view secret, int64_t timestamp_s,
                       std::string_view method, std::string_view path_and_query,
                       std::string_view body) {
  Signature sig;
  sig.app_key = std::string(app_key);
  sig.timestamp_s = timestamp_s;
  sig.nonce = random_nonce();
  sig.signature = hmac_sha256_hex(
      secret, string_to_sign(app_key, timestamp_s, sig.nonce, method, path_and_query, body));
  return sig;
}

void SignatureVerifier::add_key(std::string app_key, std::string secret) {
  secrets_[std::move(app_key)] = std::move(secret);
}

Status SignatureVerifier::verify(const Signature& sig, std::string_view method,
                                 std::string_view path_and_query, std::string_view body,
                                 int64_t now_s) {
  auto it = secrets_.find(sig.app_key);
  if (it == secrets_.end()) {
    return Error{"signature: unknown app key \"" + sig.app_key + "\""};
  }
  if (sig.nonce.size() < 16 || sig.nonce.size() > 64) {
    return Error{"signature: nonce must be 16..64 characters"};
  }
  const std::string expected = hmac_sha256_hex(
      it->second,
      string_to_sign(sig.app_key, sig.timestamp_s, sig.nonce, method, path_and_query, body));
  if (sig.signature.size() != expected.size() ||
      CRYPTO_memcmp(sig.signature.data(), expected.data(), expected.size()) != 0) {
    return Error{"signature: does not match (wrong secret, or the request was altered)"};
  }
  if (sig.timestamp_s < now_s - max_skew_s_ || sig.timestamp_s > now_s + max_skew_s_) {
    return Error{"stale: timestamp " + std::to_string(sig.timestamp_s) + " is more than " +
                 std::to_string(max_skew_s_) + " s from the platform's clock " +
                 std::to_string(now_s)};
  }
  // Forget nonces older than the window: their timestamps are refused as stale anyway.
  while (!seen_order_.empty() && seen_order_.front().first < now_s - 2 * max_skew_s_) {
    seen_.erase(seen_order_.front().second);
    seen_order_.pop_front();
  }
  auto id = std::make_pair(sig.app_key, sig.nonce);
  if (!seen_.insert(id).second) {
    return Error{"replayed: nonce " + sig.nonce + " was already used"};
  }
  seen_order_.emplace_back(now_s, std::move(id));
  return Status::Ok();
}

}  // namespace gate::drivers::uplink
