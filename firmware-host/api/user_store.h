// Dashboard users, kept in the table `web_users` of gated's SQLite file (beside the passages, so
// that a backup of the gate database carries them and a restore brings them back). The table is
// created by the gate database's versioned schema migrations (gate_store.cc, version 2), which
// opening a UserStore applies. Passwords are
// stored only as PBKDF2 hashes (password_hash.h). Its own connection: `gatectl user` writes,
// gated's API thread reads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firmware-host/api/user_roles.h"
#include "firmware-host/store/gate_store.h"
#include "rules/result.h"

namespace gate::host {

struct WebUser {
  std::string name;
  UserRole role = UserRole::kAuditor;
  bool enabled = true;
  std::string password_hash;
  int64_t created_unix_ms = 0;
  int64_t changed_unix_ms = 0;
};

class UserStore {
 public:
  static Result<std::unique_ptr<UserStore>> Open(const std::string& database_path);

  // A new user; fails when the name is taken, empty or has spaces, or the password is too short.
  Status add(const std::string& name, UserRole role, const std::string& password, int64_t now);
  Status set_password(const std::string& name, const std::string& password, int64_t now);
  Status set_enabled(const std::string& name, bool enabled, int64_t now);
  Result<std::vector<WebUser>> list();
  Result<std::optional<WebUser>> find(const std::string& name);

  // The user when the name exists, is enabled and the password matches; nullopt otherwise (one
  // answer for all three, so a caller cannot tell which names exist).
  Result<std::optional<WebUser>> check_login(const std::string& name, const std::string& password);

 private:
  explicit UserStore(std::unique_ptr<GateStore> store) : store_(std::move(store)) {}
  SqliteDb& db() { return store_->db(); }
  std::unique_ptr<GateStore> store_;
};

}  // namespace gate::host
