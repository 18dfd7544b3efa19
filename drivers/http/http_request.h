// How the server turns a request Beast has parsed into the HttpRequest its handlers get: the
// target split into path and query (application/x-www-form-urlencoded, a malformed escape kept as
// it is), header names in lower case, a repeated header's values joined with ", ". Pure; kept
// apart from the server so that it can be fed bytes without a socket (tests/fuzz).
#pragma once

#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "drivers/http/http_server.h"

namespace gate::drivers {

HttpRequest to_http_request(boost::beast::http::request<boost::beast::http::string_body>&& in,
                            std::string remote);

// Sets req.path and req.query from `target`.
void split_target(std::string_view target, HttpRequest& req);

// %XX and '+' decoded; a malformed escape is kept as it is.
std::string percent_decode(std::string_view s);

}  // namespace gate::drivers
