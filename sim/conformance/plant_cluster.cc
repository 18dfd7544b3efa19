#include "sim/conformance/plant_cluster.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "sim/conformance/child_process.h"

namespace gate::sim {
namespace {

namespace fs = std::filesystem;

constexpr int kInitdbTimeoutMs = 60000;
constexpr int kPgCtlTimeoutMs = 40000;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string find_bindir() {
  std::string out;
  auto rc = run_to_end({"/bin/sh", "-c", "pg_config --bindir"}, &out, 10000);
  if (rc.ok() && rc.value() == 0 && fs::exists(trimmed(out) + "/initdb")) return trimmed(out);
  std::string best;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string bin = e.path().string() + "/bin";
    if (fs::exists(bin + "/initdb") && bin > best) best = bin;
  }
  return best;
}

// argv run as the postgres user when we are root (initdb and postgres refuse root).
std::vector<std::string> as_server_user(std::vector<std::string> argv) {
  if (::geteuid() != 0) return argv;
  const char* runuser = fs::exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser";
  std::vector<std::string> out = {runuser, "-u", "postgres", "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

Status hand_to_server_user(const std::string& dir) {
  if (::geteuid() != 0) return Status::Ok();
  const passwd* pw = ::getpwnam("postgres");
  if (pw == nullptr) {
    return Error{
        "gate-sim runs as root, so the plant's PostgreSQL server must run as the "
        "postgres user, which does not exist (apt-get install postgresql)"};
  }
  if (::chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) return Error{"cannot chown " + dir};
  return Status::Ok();
}

// A password for the run's role: the cluster lives for one run on 127.0.0.1.
std::string fresh_password() {
  std::random_device rd;
  std::ostringstream out;
  out << "sim-plant-" << std::hex << rd() << rd();
  return out.str();
}

}  // namespace

Result<std::unique_ptr<PlantCluster>> PlantCluster::Start() {
  std::unique_ptr<PlantCluster> c(new PlantCluster());
  c->bindir_ = find_bindir();
  if (c->bindir_.empty()) {
    return Error{
        "the scenario has a plant, but no PostgreSQL server binaries were found "
        "(pg_config --bindir, /usr/lib/postgresql/*/bin): apt-get install postgresql"};
  }
  char tmpl[] = "/tmp/gate-sim-plant-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return Error{"cannot create a directory under /tmp"};
  c->dir_ = tmpl;
  auto port = free_loopback_port();
  if (!port.ok()) return Error{port.error()};
  c->port_ = port.value();
  c->password_ = fresh_password();
  if (Status st = hand_to_server_user(c->dir_); !st.ok()) return Error{st.message()};
  std::string out;
  auto rc =
      run_to_end(as_server_user({c->bindir_ + "/initdb", "-D", c->dir_ + "/data", "-U", "postgres",
                                 "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
                                 "--encoding=UTF8", "--locale=C"}),
                 &out, kInitdbTimeoutMs);
  if (!rc.ok()) return Error{"initdb: " + rc.error()};
  if (rc.value() != 0) return Error{"initdb failed (" + std::to_string(rc.value()) + "): " + out};
  if (Status st = c->pg_ctl("start", &out); !st.ok()) return Error{st.message()};
  c->running_ = true;
  auto admin = drivers::pg::Connection::Connect(c->admin_conninfo());
  if (!admin.ok()) return Error{"cannot reach the plant's cluster: " + admin.error()};
  for (const std::string& sql :
       {std::string("CREATE ROLE ") + kRole + " LOGIN PASSWORD '" + c->password_ + "'",
        std::string("CREATE DATABASE ") + kDatabase + " OWNER " + kRole}) {
    if (Status st = admin.value()->exec_script(sql); !st.ok()) {
      return Error{"the plant's cluster: " + sql.substr(0, sql.find(" PASSWORD")) + ": " +
                   st.message()};
    }
  }
  return c;
}

PlantCluster::~PlantCluster() {
  if (running_) {
    std::string out;
    (void)run_to_end(as_server_user({bindir_ + "/pg_ctl", "stop", "-D", dir_ + "/data", "-m",
                                     "immediate", "-w", "-t", "20"}),
                     &out, 30000);
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string PlantCluster::conninfo() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + kDatabase +
         " user=" + kRole + " password=" + password_;
}

std::string PlantCluster::admin_conninfo() const {
  return "host=" + dir_ + " port=" + std::to_string(port_) + " dbname=postgres user=postgres";
}

Result<std::string> PlantCluster::create_database(const std::string& name) {
  auto admin = drivers::pg::Connection::Connect(admin_conninfo());
  if (!admin.ok()) return Error{admin.error()};
  Status st = admin.value()->exec_script("CREATE DATABASE " + name + " OWNER " + kRole);
  if (!st.ok()) return Error{"CREATE DATABASE " + name + ": " + st.message()};
  return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + name + " user=" + kRole +
         " password=" + password_;
}

Status PlantCluster::pg_ctl(const std::string& action, std::string* output) {
  std::vector<std::string> argv = {
      bindir_ + "/pg_ctl", action, "-D", dir_ + "/data", "-w", "-t", "30"};
  if (action == "start") {
    // fsync off: the run's plant data does not need to survive a power cut.
    argv.insert(argv.end(), {"-l", dir_ + "/server.log", "-o",
                             "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                                 dir_ + " -c fsync=off -c full_page_writes=off"});
  } else {
    argv.insert(argv.end(), {"-m", "fast"});
  }
  auto rc = run_to_end(as_server_user(argv), output, kPgCtlTimeoutMs);
  if (!rc.ok() || rc.value() != 0) {
    return Error{"pg_ctl " + action + " failed (" +
                 (rc.ok() ? std::to_string(rc.value()) : rc.error()) + "): " + *output +
                 "\nserver log:\n" + log()};
  }
  return Status::Ok();
}

Status PlantCluster::stop() {
  std::string out;
  Status st = pg_ctl("stop", &out);
  if (st.ok()) running_ = false;
  return st;
}

Status PlantCluster::restart() {
  std::string out;
  Status st = pg_ctl("start", &out);
  if (st.ok()) running_ = true;
  return st;
}

std::string PlantCluster::log() const {
  std::ifstream in(dir_ + "/server.log");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace gate::sim
