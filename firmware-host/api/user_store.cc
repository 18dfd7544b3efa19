#include "firmware-host/api/user_store.h"

#include "firmware-host/api/password_hash.h"
#include "firmware-host/store/gate_store.h"

namespace gate::host {
namespace {

Status check_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return Error{"a user name must be 1 to 64 characters"};
  for (unsigned char c : name) {
    if (c <= ' ' || c == '"' || c == '\\' || c == 0x7f) {
      return Error{"user name '" + name + "' has a space, quote or control character"};
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<UserStore>> UserStore::Open(const std::string& database_path) {
  // The table is made by the gate database's versioned migrations (gate_store.cc, version 2).
  auto store = GateStore::Open(database_path);
  if (!store.ok()) return Error{"cannot open the dashboard users: " + store.error()};
  return std::unique_ptr<UserStore>(new UserStore(std::move(store).value()));
}

Status UserStore::add(const std::string& name, UserRole role, const std::string& password,
                      int64_t now) {
  if (Status st = check_name(name); !st.ok()) return st;
  auto existing = find(name);
  if (!existing.ok()) return Error{existing.error()};
  if (existing.value()) {
    return Error{"user '" + name + "' exists already; use `gatectl user passwd` to change the " +
                 "password"};
  }
  auto hash = hash_password(password);
  if (!hash.ok()) return Error{hash.error()};
  return db().run(
      "INSERT INTO web_users(name, role, password_hash, enabled, created_unix_ms, "
      "changed_unix_ms) VALUES(?, ?, ?, 1, ?, ?)",
      {name, std::string(user_role_name(role)), hash.value(), now, now});
}

Status UserStore::set_password(const std::string& name, const std::string& password, int64_t now) {
  auto hash = hash_password(password);
  if (!hash.ok()) return Error{hash.error()};
  if (Status st = db().run("UPDATE web_users SET password_hash=?, changed_unix_ms=? WHERE name=?",
                           {hash.value(), now, name});
      !st.ok()) {
    return st;
  }
  if (db().changes() == 0) return Error{"no user '" + name + "' (see `gatectl user list`)"};
  return Status::Ok();
}

Status UserStore::set_enabled(const std::string& name, bool enabled, int64_t now) {
  if (Status st = db().run("UPDATE web_users SET enabled=?, changed_unix_ms=? WHERE name=?",
                           {int64_t{enabled ? 1 : 0}, now, name});
      !st.ok()) {
    return st;
  }
  if (db().changes() == 0) return Error{"no user '" + name + "' (see `gatectl user list`)"};
  return Status::Ok();
}

Result<std::vector<WebUser>> UserStore::list() {
  auto q = db().prepare(
      "SELECT name, role, enabled, password_hash, created_unix_ms, changed_unix_ms "
      "FROM web_users ORDER BY name");
  if (!q.ok()) return Error{q.error()};
  std::vector<WebUser> out;
  while (true) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    WebUser u;
    u.name = q.value().text(0);
    u.role = parse_user_role(q.value().text(1)).value_or(UserRole::kAuditor);
    u.enabled = q.value().int64(2) != 0;
    u.password_hash = q.value().text(3);
    u.created_unix_ms = q.value().int64(4);
    u.changed_unix_ms = q.value().int64(5);
    out.push_back(std::move(u));
  }
  return out;
}

Result<std::optional<WebUser>> UserStore::find(const std::string& name) {
  auto all = list();
  if (!all.ok()) return Error{all.error()};
  for (auto& u : all.value()) {
    if (u.name == name) return std::optional<WebUser>(std::move(u));
  }
  return std::optional<WebUser>();
}

Result<std::optional<WebUser>> UserStore::check_login(const std::string& name,
                                                      const std::string& password) {
  auto u = find(name);
  if (!u.ok()) return Error{u.error()};
  // An unknown name still costs one derivation, so that timing does not reveal which names exist.
  static const std::string kDummy = hash_password("not-a-real-password").value();
  const std::string& stored = u.value() ? u.value()->password_hash : kDummy;
  const bool match = password_matches(password, stored);
  if (!u.value() || !u.value()->enabled || !match) return std::optional<WebUser>();
  return u;
}

}  // namespace gate::host
