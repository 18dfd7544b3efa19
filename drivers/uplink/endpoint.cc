#include "drivers/uplink/endpoint.h"

#include <cctype>
#include <string_view>

namespace gate::drivers::uplink {
namespace {

struct SchemeInfo {
  std::string_view prefix;
  Endpoint::Scheme scheme;
  uint16_t default_port;  // 0: a port is required
};

constexpr SchemeInfo kSchemes[] = {
    {"https://", Endpoint::Scheme::kHttps, 443},
    {"http://", Endpoint::Scheme::kHttp, 80},
    {"tcp://", Endpoint::Scheme::kTcp, 0},
    {"tls://", Endpoint::Scheme::kTls, 0},
};

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string Endpoint::to_string() const {
  std::string s;
  for (const auto& info : kSchemes) {
    if (info.scheme == scheme) s = std::string(info.prefix);
  }
  const bool v6 = host.find(':') != std::string::npos;
  s += v6 ? "[" + host + "]" : host;
  s += ":" + std::to_string(port) + base_path;
  return s;
}

Result<Endpoint> parse_endpoint(const std::string& url) {
  const SchemeInfo* info = nullptr;
  for (const auto& i : kSchemes) {
    if (starts_with_nocase(url, i.prefix)) info = &i;
  }
  if (info == nullptr) {
    return Error{"URL must start with https://, http://, tcp:// or tls://, got \"" + url + "\""};
  }
  Endpoint ep;
  ep.scheme = info->scheme;
  std::string_view rest = std::string_view(url).substr(info->prefix.size());
  const auto slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) {
    return Error{"user info in URLs is not supported (use app_key): \"" + url + "\""};
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Error{"unclosed '[' in URL \"" + url + "\""};
    ep.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Error{"unexpected text after ']' in URL \"" + url + "\""};
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    ep.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (ep.host.empty()) return Error{"no host in URL \"" + url + "\""};
  if (port_text.empty()) {
    if (info->default_port == 0) {
      return Error{std::string(info->prefix) + " needs a port: \"" + url + "\""};
    }
    ep.port = info->default_port;
  } else {
    unsigned long port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) {
        return Error{"bad port \"" + std::string(port_text) + "\" in URL \"" + url + "\""};
      }
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port == 0 || port > 65535) return Error{"port must be 1..65535 in URL \"" + url + "\""};
    ep.port = static_cast<uint16_t>(port);
  }
  if (ep.http()) {
    if (path.find_first_of("?#") != std::string_view::npos) {
      return Error{"the platform's base URL takes no query or fragment: \"" + url + "\""};
    }
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    ep.base_path = std::string(path);
  } else if (!path.empty() && path != "/") {
    return Error{std::string(info->prefix) + " URLs take no path: \"" + url + "\""};
  }
  return ep;
}

std::string url_encode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace gate::drivers::uplink
