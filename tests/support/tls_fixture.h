// Throwaway TLS material for tests, made with OpenSSL's C API at test time (nothing is
// committed): a CA, and a server certificate for 127.0.0.1 signed by it. Keys are EC P-256.
#pragma once

#include <string>

namespace gate::testing {

struct TlsFiles {
  std::string ca_cert;      // PEM: the CA the gate trusts (uplink.ca_file)
  std::string server_cert;  // PEM: certificate for IP 127.0.0.1 and DNS localhost
  std::string server_key;   // PEM: its private key
};

// Writes ca.pem, server.pem and server.key into `dir` (with `prefix` before each name).
// Throws std::runtime_error when OpenSSL fails (a broken test environment).
TlsFiles make_tls_files(const std::string& dir, const std::string& prefix = "");

}  // namespace gate::testing
