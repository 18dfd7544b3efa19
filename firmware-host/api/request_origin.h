// Cross-site request forgery: a browser sends the dashboard's session cookie with any request to
// this server, even one that another site's page makes it send. A cookie-authenticated request
// that changes something (any method but GET and HEAD) is therefore taken only when its Origin
// header names this server, as the Host header does, with the scheme the request came by
// ("http://127.0.0.1:8080" for Host "127.0.0.1:8080", "https://…" over TLS). Browsers send Origin
// with every such request (fetch and form posts alike), so the dashboard's own page is unaffected;
// a request without Origin is refused, because a browser that leaves it out cannot be told from a
// forged one. Bearer-token clients (gatectl, scripts) send no cookie and are not checked. Pure.
#pragma once

#include <optional>
#include <string>

#include "drivers/http/http_server.h"

namespace gate::host {

// Whether the request carries a session cookie (WebSessions::kCookieName).
bool has_session_cookie(const drivers::HttpRequest& req);

// Why a cookie-authenticated request may not change anything (what was wrong and what to do);
// nullopt for GET and HEAD, for requests without a session cookie, and when Origin names this
// server.
std::optional<std::string> cross_site_refusal(const drivers::HttpRequest& req);

}  // namespace gate::host
