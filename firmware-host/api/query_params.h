// The query parameters the read-only routes take (auditor API, plant routes): a parameter's
// text, and a from/to period in local time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "drivers/http/http_server.h"
#include "rules/result.h"

namespace gate::host {

// The value of `key`, "" when absent.
std::string query(const drivers::HttpRequest& req, const std::string& key);

// from and to ("YYYY-MM-DD[ HH:MM[:SS]]", local time in `offset`) as unix ms; parameters not
// given leave theirs unset. The error names the parameter.
Status read_query_period(const drivers::HttpRequest& req, int offset, std::optional<int64_t>* from,
                         std::optional<int64_t>* to);

}  // namespace gate::host
