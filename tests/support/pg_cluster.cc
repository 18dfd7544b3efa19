#include "tests/support/pg_cluster.h"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

// pg_config's bindir, else the newest /usr/lib/postgresql/<n>/bin (Debian puts initdb there,
// off PATH).
std::string find_bindir() {
  std::string out;
  if (run_command({"/bin/sh", "-c", "pg_config --bindir"}, &out, 10000) == 0) {
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    if (std::filesystem::exists(out + "/initdb")) return out;
  }
  std::string best;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string bin = e.path().string() + "/bin";
    if (std::filesystem::exists(bin + "/initdb") && bin > best) best = bin;
  }
  return best;
}

// argv run as the postgres user when we are root (initdb and postgres refuse root).
std::vector<std::string> as_server_user(std::vector<std::string> argv) {
  if (::geteuid() != 0) return argv;
  // ChildProcess runs argv[0] by path (execv).
  const char* runuser =
      std::filesystem::exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser";
  std::vector<std::string> out = {runuser, "-u", "postgres", "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

Status hand_to_server_user(const std::string& dir) {
  if (::geteuid() != 0) return Status::Ok();
  const passwd* pw = ::getpwnam("postgres");
  if (pw == nullptr)
    return Error{"running as root needs the postgres user (apt-get install postgresql)"};
  if (::chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) return Error{"cannot chown " + dir};
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<PgCluster>> PgCluster::Start() {
  std::unique_ptr<PgCluster> c(new PgCluster());
  c->bindir_ = find_bindir();
  if (c->bindir_.empty())
    return Error{"no PostgreSQL server binaries (apt-get install postgresql)"};
  c->dir_ = make_temp_dir();
  c->port_ = free_port();
  if (Status st = hand_to_server_user(c->dir_); !st.ok()) return Error{st.message()};
  std::string out;
  const int rc =
      run_command(as_server_user({c->bindir_ + "/initdb", "-D", c->dir_ + "/data", "-U", "postgres",
                                  "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
                                  "--encoding=UTF8", "--locale=C"}),
                  &out, 60000);
  if (rc != 0) return Error{"initdb failed (" + std::to_string(rc) + "): " + out};
  if (Status st = c->pg_ctl("start", &out); !st.ok()) return Error{st.message()};
  c->running_ = true;
  auto admin = drivers::pg::Connection::Connect(c->admin_conninfo());
  if (!admin.ok()) return Error{"cannot reach the test cluster: " + admin.error()};
  for (const std::string& sql :
       {std::string("CREATE ROLE ") + kRole + " LOGIN PASSWORD '" + kPassword + "'",
        std::string("CREATE DATABASE ") + kDatabase + " OWNER " + kRole}) {
    if (Status st = admin.value()->exec_script(sql); !st.ok())
      return Error{sql + ": " + st.message()};
  }
  return c;
}

PgCluster::~PgCluster() {
  if (running_) {
    std::string out;
    (void)run_command(as_server_user({bindir_ + "/pg_ctl", "stop", "-D", dir_ + "/data", "-m",
                                      "immediate", "-w", "-t", "20"}),
                      &out, 30000);
  }
  if (!dir_.empty()) remove_tree(dir_);
}

std::string PgCluster::conninfo() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + kDatabase +
         " user=" + kRole + " password=" + kPassword;
}

Result<std::string> PgCluster::create_database(const std::string& name) {
  auto admin = drivers::pg::Connection::Connect(admin_conninfo());
  if (!admin.ok()) return Error{admin.error()};
  Status st = admin.value()->exec_script("CREATE DATABASE " + name + " OWNER " + kRole);
  if (!st.ok()) return Error{"CREATE DATABASE " + name + ": " + st.message()};
  return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + name + " user=" + kRole +
         " password=" + kPassword;
}

std::string PgCluster::admin_conninfo() const {
  return "host=" + dir_ + " port=" + std::to_string(port_) + " dbname=postgres user=postgres";
}

Status PgCluster::pg_ctl(const std::string& action, std::string* output) {
  std::vector<std::string> argv = {
      bindir_ + "/pg_ctl", action, "-D", dir_ + "/data", "-w", "-t", "30"};
  if (action == "start") {
    // fsync off: a test cluster's data does not need to survive a power cut.
    argv.insert(argv.end(), {"-l", dir_ + "/server.log", "-o",
                             "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                                 dir_ + " -c fsync=off -c full_page_writes=off"});
  } else {
    argv.insert(argv.end(), {"-m", "fast"});
  }
  const int rc = run_command(as_server_user(argv), output, 40000);
  if (rc != 0) {
    return Error{"pg_ctl " + action + " failed (" + std::to_string(rc) + "): " + *output +
                 "\nserver log:\n" + log()};
  }
  return Status::Ok();
}

Status PgCluster::stop() {
  std::string out;
  Status st = pg_ctl("stop", &out);
  if (st.ok()) running_ = false;
  return st;
}

Status PgCluster::restart() {
  std::string out;
  Status st = pg_ctl("start", &out);
  if (st.ok()) running_ = true;
  return st;
}

std::string PgCluster::log() const {
  return read_file(dir_ + "/server.log");
}

}  // namespace gate::testing
