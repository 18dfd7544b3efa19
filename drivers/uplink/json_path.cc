// Dotted JSON paths: see json_path.h.
#include "drivers/uplink/json_path.h"

namespace gate::drivers::uplink {

const nlohmann::json* find_at(const nlohmann::json& body, std::string_view path) {
  const nlohmann::json* at = &body;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string part(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (!at->is_object()) return nullptr;
    const auto it = at->find(part);
    if (it == at->end()) return nullptr;
    at = &*it;
    if (dot == std::string_view::npos) return at;
    start = dot + 1;
  }
}

std::optional<std::string> text_at(const nlohmann::json& body, std::string_view path) {
  const nlohmann::json* v = find_at(body, path);
  if (v == nullptr) return std::nullopt;
  return v->is_string() ? v->get<std::string>() : v->dump();
}

void put_at(nlohmann::json& out, std::string_view path, nlohmann::json value) {
  nlohmann::json* at = &out;
  std::size_t start = 0;
  for (std::size_t dot; (dot = path.find('.', start)) != std::string_view::npos; start = dot + 1) {
    nlohmann::json& next = (*at)[std::string(path.substr(start, dot - start))];
    if (!next.is_object()) next = nlohmann::json::object();
    at = &next;
  }
  if (!at->is_object()) *at = nlohmann::json::object();
  (*at)[std::string(path.substr(start))] = std::move(value);
}

}  // namespace gate::drivers::uplink
