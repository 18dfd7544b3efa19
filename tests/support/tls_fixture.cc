#include "tests/support/tls_fixture.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace gate::testing {
namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("tls fixture: ") + what + " failed");
}

EVP_PKEY* new_key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  check(key != nullptr, "EVP_EC_gen");
  return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(ext != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509* new_cert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, long serial) {
  X509* cert = X509_new();
  check(cert != nullptr, "X509_new");
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3 * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  X509* ext_issuer = issuer ? issuer : cert;
  if (issuer == nullptr) {
    add_ext(cert, ext_issuer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert, ext_issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(cert, ext_issuer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert, ext_issuer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    add_ext(cert, ext_issuer, NID_ext_key_usage, "serverAuth");
  }
  check(X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

void write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "w");
  check(f != nullptr, "fopen");
  const bool ok = cert ? PEM_write_X509(f, cert) == 1
                       : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  std::fclose(f);
  check(ok, "PEM_write");
}

}  // namespace

TlsFiles make_tls_files(const std::string& dir, const std::string& prefix) {
  EVP_PKEY* ca_key = new_key();
  X509* ca = new_cert(ca_key, "gate test CA", nullptr, nullptr, 1);
  EVP_PKEY* srv_key = new_key();
  X509* srv = new_cert(srv_key, "127.0.0.1", ca, ca_key, 2);
  TlsFiles files{dir + "/" + prefix + "ca.pem", dir + "/" + prefix + "server.pem",
                 dir + "/" + prefix + "server.key"};
  write_pem(files.ca_cert, ca, nullptr);
  write_pem(files.server_cert, srv, nullptr);
  write_pem(files.server_key, nullptr, srv_key);
  X509_free(srv);
  EVP_PKEY_free(srv_key);
  X509_free(ca);
  EVP_PKEY_free(ca_key);
  return files;
}

}  // namespace gate::testing
