#include "firmware-host/api/request_origin.h"

#include "firmware-host/api/web_sessions.h"

namespace gate::host {
namespace {

std::string header(const drivers::HttpRequest& req, const std::string& name) {
  auto it = req.headers.find(name);
  return it == req.headers.end() ? "" : it->second;
}

}  // namespace

bool has_session_cookie(const drivers::HttpRequest& req) {
  return !WebSessions::id_from_cookie_header(header(req, "cookie")).empty();
}

std::optional<std::string> cross_site_refusal(const drivers::HttpRequest& req) {
  if (req.method == "GET" || req.method == "HEAD" || !has_session_cookie(req)) return std::nullopt;
  const std::string host = header(req, "host");
  const std::string origin = header(req, "origin");
  // The scheme must be the one the request came by: an https page never posts over plain http.
  const std::string scheme = req.tls ? "https://" : "http://";
  if (!host.empty() && origin == scheme + host) return std::nullopt;
  const std::string expected = scheme + (host.empty() ? std::string("<host>") : host);
  if (origin.empty()) {
    return req.method + " " + req.path +
           " with a dashboard session needs an Origin header naming this server (" + expected +
           "); browsers send it from the dashboard's page. Scripts should use an API token "
           "(\"Authorization: Bearer …\") instead of the session cookie";
  }
  return req.method + " " + req.path + " with a dashboard session came from " + origin +
         ", not from this server (" + expected +
         "); a change is only taken from the dashboard's own page";
}

}  // namespace gate::host
