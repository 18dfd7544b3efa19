#include "firmware-host/api/query_params.h"

#include "rules/local_time.h"

namespace gate::host {

std::string query(const drivers::HttpRequest& req, const std::string& key) {
  auto it = req.query.find(key);
  return it == req.query.end() ? "" : it->second;
}

Status read_query_period(const drivers::HttpRequest& req, int offset, std::optional<int64_t>* from,
                         std::optional<int64_t>* to) {
  for (const char* k : {"from", "to"}) {
    const std::string v = query(req, k);
    if (v.empty()) continue;
    auto t = rules::parse_local_time(v, offset);
    if (!t.ok()) return Error{std::string(k) + ": " + t.error()};
    *(std::string(k) == "from" ? from : to) = t.value();
  }
  return Status::Ok();
}

}  // namespace gate::host
