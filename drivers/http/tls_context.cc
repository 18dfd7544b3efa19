#include "drivers/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace gate::drivers {

namespace ssl = boost::asio::ssl;

std::string ssl_error_text() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

Result<TlsContext> make_client_tls(const std::string& ca_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  if (ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
    if (ec) return Error{"cannot load the system's CA certificates: " + ec.message()};
  } else {
    ctx->load_verify_file(ca_file, ec);
    if (ec) {
      return Error{"cannot load CA file " + ca_file + " (PEM expected): " + ssl_error_text()};
    }
  }
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

Result<TlsContext> make_server_tls(const std::string& cert_file, const std::string& key_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) return Error{"cannot load certificate " + cert_file + ": " + ssl_error_text()};
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) {
    return Error{"cannot load private key " + key_file + " (PEM, the key of " + cert_file +
                 "): " + ssl_error_text()};
  }
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    return Error{"private key " + key_file + " does not match certificate " + cert_file};
  }
  return ctx;
}

}  // namespace gate::drivers
