#include "firmware-host/audit/key_location.h"

#include <sys/stat.h>

#include <filesystem>

namespace gate::host {
namespace {

namespace fs = std::filesystem;

// The file's mode problem, or "" when only its owner (and at most its group, to read) has it.
std::string mode_problem(const std::string& key_path) {
  struct stat st {};
  if (::stat(key_path.c_str(), &st) != 0) return "";  // not there yet: created 0600
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    return "the seal key " + key_path +
           " is writable by its group or by others: anyone who can replace it can sign seals "
           "of their own. Make it writable by its owner only (chmod 0640 or 0600)";
  }
  if (st.st_mode & S_IROTH) {
    return "the seal key " + key_path +
           " is readable by every user of this PC. Restrict it (chmod 0640 or 0600)";
  }
  return "";
}

bool lies_inside(const fs::path& file, const fs::path& folder) {
  auto f = file.begin();
  for (auto d = folder.begin(); d != folder.end(); ++d, ++f) {
    if (d->empty()) continue;  // a trailing separator
    if (f == file.end() || *f != *d) return false;
  }
  return true;
}

}  // namespace

Result<std::string> check_signing_key_location(const std::string& key_path,
                                               const std::string& database_path,
                                               bool require_outside_data) {
  if (std::string problem = mode_problem(key_path); !problem.empty()) return Error{problem};
  std::error_code ec;
  const fs::path key = fs::weakly_canonical(fs::absolute(key_path, ec), ec);
  const fs::path data = fs::weakly_canonical(fs::absolute(database_path, ec), ec).parent_path();
  if (ec || !lies_inside(key, data)) return std::string();
  if (require_outside_data) {
    return Error{"the seal key " + key_path + " lies in the database's folder " + data.string() +
                 ", and audit.require_key_outside_data is set: move the key (and its .pub) to a "
                 "root-owned place such as /etc/gate/seal.key (root:gate, mode 0640) and set "
                 "audit.signing_key_file to it"};
  }
  return "the seal key " + key_path + " lies beside the data in " + data.string() +
         ": whoever copies the data also gets the key. Outside a demo, keep it outside the "
         "data folder (audit.signing_key_file, e.g. /etc/gate/seal.key; docs/security.md)";
}

}  // namespace gate::host
