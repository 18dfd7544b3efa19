// TLS contexts for our sockets (OpenSSL through Boost.Asio): TLS 1.2 or newer on both sides.
// The platform uplink uses the client side; the local API and the mock platform the server side.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "rules/result.h"

namespace gate::drivers {

using TlsContext = std::shared_ptr<boost::asio::ssl::context>;

// Client side: the peer's certificate must chain to `ca_file` (PEM) or, when it is empty, to
// the system's CAs.
Result<TlsContext> make_client_tls(const std::string& ca_file);
// Server side: certificate chain and private key, PEM files.
Result<TlsContext> make_server_tls(const std::string& cert_file, const std::string& key_file);

// The oldest OpenSSL error queued on this thread as text (and the queue cleared).
std::string ssl_error_text();

}  // namespace gate::drivers
