// The gate's Ed25519 key for daily seals (OpenSSL). The private key lives in a PEM file
// readable only by gated's user; the public key (PEM) is what auditors get.
#pragma once

#include <string>

#include "rules/result.h"

namespace gate::host {

class SigningKey {
 public:
  // Loads the PEM private key at `path`, or creates one (mode 0600) with `path`.pub beside it.
  static Result<SigningKey> LoadOrCreate(const std::string& path);
  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  std::string sign_hex(const std::string& message) const;
  const std::string& public_pem() const { return public_pem_; }
  // First 16 hex characters of the SHA-256 of the raw public key.
  const std::string& key_id() const { return key_id_; }

 private:
  SigningKey() = default;
  void* pkey_ = nullptr;  // EVP_PKEY*
  std::string public_pem_;
  std::string key_id_;
};

// Checks an Ed25519 signature (hex) over `message` with a PEM public key.
Result<bool> verify_signature(const std::string& public_pem, const std::string& message,
                              const std::string& signature_hex);
// Key id of a PEM public key (as SigningKey::key_id), or an error for an unreadable key.
Result<std::string> public_key_id(const std::string& public_pem);

}  // namespace gate::host
