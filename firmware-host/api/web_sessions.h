// Dashboard login sessions, in memory (a restart of gated logs everyone out). A session id is 256
// random bits (OpenSSL's CSPRNG) sent as an HttpOnly, SameSite=Strict cookie. A session ends
// after `idle_ms` without a request, `absolute_ms` after login whatever happens, or at logout.
// Thread-safe; the time is passed in.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "firmware-host/api/user_roles.h"

namespace gate::host {

struct WebSession {
  std::string id;
  std::string user;
  UserRole role = UserRole::kAuditor;
  int64_t created_unix_ms = 0;
  int64_t last_seen_unix_ms = 0;
};

class WebSessions {
 public:
  static constexpr int64_t kDefaultIdleMs = 30 * 60 * 1000;           // 30 min
  static constexpr int64_t kDefaultAbsoluteMs = 12 * 60 * 60 * 1000;  // one shift
  static constexpr const char* kCookieName = "gate_session";

  explicit WebSessions(int64_t idle_ms = kDefaultIdleMs, int64_t absolute_ms = kDefaultAbsoluteMs)
      : idle_ms_(idle_ms), absolute_ms_(absolute_ms) {}

  // A new session; nullopt only when the random source fails.
  std::optional<WebSession> open(const std::string& user, UserRole role, int64_t now);
  // The live session with this id (its idle time restarts); nullopt when unknown or expired.
  std::optional<WebSession> touch(const std::string& id, int64_t now);
  void close(const std::string& id);
  // Ends every session of `user` (disabled, password changed).
  void close_user(const std::string& user);

  // "gate_session=<id>; Path=/; HttpOnly; SameSite=Strict; Max-Age=<absolute>"
  // Set-Cookie values; `secure` (the dashboard is served over TLS) adds the Secure attribute so
  // that the browser never sends the session over plain HTTP.
  std::string set_cookie(const WebSession& s, bool secure) const;
  static std::string clear_cookie(bool secure);
  // The session id in a Cookie header; "" when absent.
  static std::string id_from_cookie_header(const std::string& header);

 private:
  int64_t idle_ms_;
  int64_t absolute_ms_;
  std::mutex mu_;
  std::map<std::string, WebSession> sessions_;
};

}  // namespace gate::host
