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

}  // namespace

int user_command(const Args& a, std::istream& in, std::ostream& out, std::ostream& err) {
  const std::string verb = a.words.size() >= 2 ? a.words[1] : "";
  if (verb != "add" && verb != "passwd" && verb != "list" && verb != "disable" &&
      verb != "enable") {
    err << "gatectl: user add|passwd|list|disable|enable (gatectl --help)\n";
    return 2;
  }
  auto db = database_path(a);
  if (!db.ok()) {
    err << "gatectl: " << db.error() << "\n";
    return 2;
  }
  const std::string name = option(a, "--name");
  if (verb != "list" && name.empty()) {
    err << "gatectl: user " << verb << " needs --name\n";
    return 2;
  }
  auto store = host::UserStore::Open(db.value());
  if (!store.ok()) {
    err << "gatectl: " << store.error() << "\n";
    return 1;
  }
  auto& users = *store.value();

  if (verb == "list") {
    auto all = users.list();
    if (!all.ok()) {
      err << "gatectl: " << all.error() << "\n";
      return 1;
    }
    out << std::left << std::setw(20) << "user" << std::setw(10) << "role" << std::setw(10)
        << "state"
        << "changed (UTC)\n";
    for (const auto& u : all.value()) {
      out << std::setw(20) << u.name << std::setw(10) << host::user_role_name(u.role)
          << std::setw(10) << (u.enabled ? "enabled" : "disabled")
          << rules::local_time(u.changed_unix_ms, 0) << "\n";
    }
    if (all.value().empty()) out << "(no users: gatectl user add --name N --role admin)\n";
    return 0;
  }
  Status st;
  if (verb == "add") {
    const auto role = host::parse_user_role(option(a, "--role"));
    if (!role) {
      err << "gatectl: --role must be operator, manager, auditor or admin\n";
      return 2;
    }
    auto pw = read_password(a, in);
    if (!pw.ok()) {
      err << "gatectl: " << pw.error() << "\n";
      return 2;
    }
    st = users.add(name, *role, pw.value(), now_ms());
  } else if (verb == "passwd") {
    auto pw = read_password(a, in);
    if (!pw.ok()) {
      err << "gatectl: " << pw.error() << "\n";
      return 2;
    }
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
