#include "firmware-host/gatectl/user_commands.h"

#include <fstream>
#include <iomanip>

#include "firmware-host/api/user_store.h"
#include "rules/local_time.h"

namespace gate::ctl {
namespace {

Result<std::string> read_password(const Args& a, std::istream& in) {
  std::string line;
  const std::string file = option(a, "--password-file");
  if (!file.empty()) {
    std::ifstream f(file);
    if (!f) return Error{"cannot read --password-file " + file};
    std::getline(f, line);
  } else if (!std::getline(in, line)) {
    return Error{"give the password as the first line of standard input or with --password-file"};
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int list_users(host::UserStore& users, std::ostream& out, std::ostream& err) {
  auto all = users.list();
  if (!all.ok()) return failure(err, all.error());
  out << std::left << std::setw(20) << "user" << std::setw(10) << "role" << std::setw(10) << "state"
      << "changed (UTC)\n";
  for (const auto& u : all.value()) {
    out << std::setw(20) << u.name << std::setw(10) << host::user_role_name(u.role) << std::setw(10)
        << (u.enabled ? "enabled" : "disabled") << rules::local_time(u.changed_unix_ms, 0) << "\n";
  }
  if (all.value().empty()) out << "(no users: gatectl user add --name N --role admin)\n";
  return 0;
}

}  // namespace

int user_command(const Args& a, std::istream& in, std::ostream& out, std::ostream& err) {
  const std::string verb = a.words.size() >= 2 ? a.words[1] : "";
  if (verb != "add" && verb != "passwd" && verb != "list" && verb != "disable" &&
      verb != "enable") {
    return usage_error(err, a, "which command? add, passwd, list, disable, enable");
  }
  auto db = database_path(a);
  if (!db.ok()) return usage_error(err, a, db.error());
  const std::string name = option(a, "--name");
  if (verb != "list" && name.empty()) return usage_error(err, a, "--name N is required");
  auto store = host::UserStore::Open(db.value());
  if (!store.ok()) return failure(err, store.error());
  auto& users = *store.value();

  if (verb == "list") return list_users(users, out, err);
  Status st;
  if (verb == "add") {
    const auto role = host::parse_user_role(option(a, "--role"));
    if (!role) {
      return usage_error(err, a, "--role must be operator, manager, auditor or admin");
    }
    auto pw = read_password(a, in);
    if (!pw.ok()) return usage_error(err, a, pw.error());
    st = users.add(name, *role, pw.value(), now_ms());
  } else if (verb == "passwd") {
    auto pw = read_password(a, in);
    if (!pw.ok()) return usage_error(err, a, pw.error());
    st = users.set_password(name, pw.value(), now_ms());
  } else {
    st = users.set_enabled(name, verb == "enable", now_ms());
  }
  if (!st.ok()) {
    err << "gatectl: user " << verb << " " << name << ": " << st.message() << "\n";
    return 1;
  }
  out << "user " << name << ": "
      << (verb == "add"      ? "added"
          : verb == "passwd" ? "password changed"
                             : verb + "d")
      << (verb == "disable" ? " (a running gated ends the user's sessions at the next request)"
                            : "")
      << "\n";
  return 0;
}

}  // namespace gate::ctl
