#include "firmware-host/audit/signing_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "firmware-host/store/photo_store.h"

namespace gate::host {
namespace {

std::string to_hex(const unsigned char* p, std::size_t n) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += hex[p[i] >> 4];
    out += hex[p[i] & 15];
  }
  return out;
}

bool from_hex(const std::string& s, std::string* out) {
  if (s.size() % 2) return false;
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out->clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    int hi = val(s[i]), lo = val(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string public_pem_of(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return pem;
}

std::string key_id_of(EVP_PKEY* key) {
  unsigned char raw[64];
  std::size_t len = sizeof raw;
  EVP_PKEY_get_raw_public_key(key, raw, &len);
  return sha256_hex(std::string(reinterpret_cast<char*>(raw), len)).substr(0, 16);
}

EVP_PKEY* read_public(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return key;
}

}  // namespace

Result<SigningKey> SigningKey::LoadOrCreate(const std::string& path) {
  SigningKey k;
  EVP_PKEY* key = nullptr;
  if (FILE* f = std::fopen(path.c_str(), "r")) {
    key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (key == nullptr || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
      EVP_PKEY_free(key);
      return Error{path +
                   " is not an Ed25519 private key in PEM form; restore the gate's key "
                   "or move the file away to create a new one"};
    }
  } else {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    if (ctx == nullptr || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_keygen(ctx, &key) <= 0) {
      EVP_PKEY_CTX_free(ctx);
      return Error{"cannot generate an Ed25519 key"};
    }
    EVP_PKEY_CTX_free(ctx);
    mode_t old = umask(077);
    FILE* out = std::fopen(path.c_str(), "w");
    umask(old);
    if (out == nullptr || !PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr)) {
      if (out) std::fclose(out);
      EVP_PKEY_free(key);
      return Error{"cannot write the gate's signing key to " + path +
                   " (check the directory is writable)"};
    }
    std::fclose(out);
    std::ofstream pub(path + ".pub");
    pub << public_pem_of(key);
  }
  k.pkey_ = key;
  k.public_pem_ = public_pem_of(key);
  k.key_id_ = key_id_of(key);
  return k;
}

SigningKey::SigningKey(SigningKey&& o) noexcept
    : pkey_(o.pkey_), public_pem_(std::move(o.public_pem_)), key_id_(std::move(o.key_id_)) {
  o.pkey_ = nullptr;
}

SigningKey& SigningKey::operator=(SigningKey&& o) noexcept {
  std::swap(pkey_, o.pkey_);
  public_pem_ = std::move(o.public_pem_);
  key_id_ = std::move(o.key_id_);
  return *this;
}

SigningKey::~SigningKey() {
  EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_));
}

std::string SigningKey::sign_hex(const std::string& message) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char sig[64];
  std::size_t len = sizeof sig;
  EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, static_cast<EVP_PKEY*>(pkey_));
  EVP_DigestSign(ctx, sig, &len, reinterpret_cast<const unsigned char*>(message.data()),
                 message.size());
  EVP_MD_CTX_free(ctx);
  return to_hex(sig, len);
}

Result<bool> verify_signature(const std::string& public_pem, const std::string& message,
                              const std::string& signature_hex) {
  EVP_PKEY* key = read_public(public_pem);
  if (key == nullptr) return Error{"the public key is not a PEM public key"};
  std::string sig;
  if (!from_hex(signature_hex, &sig)) {
    EVP_PKEY_free(key);
    return false;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) > 0 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

Result<std::string> public_key_id(const std::string& public_pem) {
  EVP_PKEY* key = read_public(public_pem);
  if (key == nullptr) return Error{"the public key is not a PEM public key"};
  std::string id = key_id_of(key);
  EVP_PKEY_free(key);
  return id;
}

}  // namespace gate::host
