#include "firmware-host/api/web_sessions.h"

#include <string_view>

#include "firmware-host/api/password_hash.h"

namespace gate::host {

std::optional<WebSession> WebSessions::open(const std::string& user, UserRole role, int64_t now) {
  WebSession s;
  s.id = random_hex(32);
  if (s.id.empty()) return std::nullopt;
  s.user = user;
  s.role = role;
  s.created_unix_ms = now;
  s.last_seen_unix_ms = now;
  std::lock_guard lock(mu_);
  // Expired sessions are dropped here, so the map stays as small as the number of live ones.
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const auto& o = it->second;
    const bool dead =
        now - o.last_seen_unix_ms > idle_ms_ || now - o.created_unix_ms > absolute_ms_;
    it = dead ? sessions_.erase(it) : std::next(it);
  }
  sessions_[s.id] = s;
  return s;
}

std::optional<WebSession> WebSessions::touch(const std::string& id, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  auto& s = it->second;
  if (now - s.last_seen_unix_ms > idle_ms_ || now - s.created_unix_ms > absolute_ms_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.last_seen_unix_ms = now;
  return s;
}

void WebSessions::close(const std::string& id) {
  std::lock_guard lock(mu_);
  sessions_.erase(id);
}

void WebSessions::close_user(const std::string& user) {
  std::lock_guard lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.user == user ? sessions_.erase(it) : std::next(it);
  }
}

std::string WebSessions::set_cookie(const WebSession& s, bool secure) const {
  return std::string(kCookieName) + "=" + s.id +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(absolute_ms_ / 1000) +
         (secure ? "; Secure" : "");
}

std::string WebSessions::clear_cookie(bool secure) {
  return std::string(kCookieName) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
         (secure ? "; Secure" : "");
}

std::string WebSessions::id_from_cookie_header(const std::string& header) {
  const std::string key = std::string(kCookieName) + "=";
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.starts_with(key)) return std::string(part.substr(key.size()));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return "";
}

}  // namespace gate::host
