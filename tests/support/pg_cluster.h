// A private PostgreSQL cluster for tests: initdb in a fresh temp directory, postgres listening on
// 127.0.0.1 on a free port with its unix socket in that directory, a role and a database for the
// test (password authentication over TCP, trust only on the socket). Stopped and removed when
// the object goes away, also when the test failed.
//
// initdb and postgres refuse to run as root: when the test runs as root (CI, this VM), they run
// as the `postgres` user (runuser) in a directory handed to it (chown).
#pragma once

#include <memory>
#include <string>

#include "rules/result.h"

namespace gate::testing {

class PgCluster {
 public:
  static constexpr const char* kRole = "plant";
  static constexpr const char* kPassword = "plant-test-password";
  static constexpr const char* kDatabase = "plant";

  // Creates and starts the cluster and the role/database; the error carries initdb's or
  // postgres's log.
  static Result<std::unique_ptr<PgCluster>> Start();
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  int port() const { return port_; }
  // The test role's conninfo over TCP (what a gate's plant.conninfo holds).
  std::string conninfo() const;
  // The superuser over the unix socket (no password).
  std::string admin_conninfo() const;
  // A new, empty database owned by the test role; returns its conninfo (like conninfo()).
  Result<std::string> create_database(const std::string& name);

  // Stops the server (fast shutdown: connections are closed) and starts it again on the same
  // port with the same data: a plant network cut as the gate sees it.
  Status stop();
  Status restart();
  // The server's log, for failure messages.
  std::string log() const;

 private:
  PgCluster() = default;
  Status pg_ctl(const std::string& action, std::string* output);

  std::string dir_;
  std::string bindir_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace gate::testing
