// The plant's PostgreSQL database of a scenario run (Scenario.plant): a private cluster that
// gate-sim starts for the run, with initdb in a fresh directory under /tmp, postgres listening
// on 127.0.0.1 on a free port (its unix socket in that directory), and one role and database
// that every gate's plant.conninfo names (password over TCP, trust only on the socket). A plant
// network cut is the server stopped (fast shutdown: the gates' connections break) and started
// again on the same port with the same data. Stopped and removed when the object goes away.
//
// The server binaries come from pg_config --bindir, else the newest
// /usr/lib/postgresql/<n>/bin (Debian keeps initdb off PATH). initdb and postgres refuse to run
// as root: under root they run as the `postgres` user (runuser) in a directory handed to it.
#pragma once

#include <memory>
#include <string>

#include "rules/result.h"

namespace gate::sim {

class PlantCluster {
 public:
  static constexpr const char* kRole = "plant";
  static constexpr const char* kDatabase = "plant";

  // Creates and starts the cluster with its role and database; the error carries initdb's or
  // postgres's output and says what to install.
  static Result<std::unique_ptr<PlantCluster>> Start();
  ~PlantCluster();
  PlantCluster(const PlantCluster&) = delete;
  PlantCluster& operator=(const PlantCluster&) = delete;

  int port() const { return port_; }
  // The role's password (random for each cluster).
  const std::string& password() const { return password_; }
  // The role's conninfo over TCP: what each gate's plant.conninfo holds.
  std::string conninfo() const;
  // The superuser over the unix socket (no password).
  std::string admin_conninfo() const;
  // A new, empty database owned by the role; returns its conninfo (like conninfo()).
  Result<std::string> create_database(const std::string& name);

  // The plant network cut and its end: fast shutdown, then a start on the same port and data.
  Status stop();
  Status restart();
  bool running() const { return running_; }
  // The server's log so far.
  std::string log() const;

 private:
  PlantCluster() = default;
  Status pg_ctl(const std::string& action, std::string* output);

  std::string dir_;
  std::string bindir_;
  std::string password_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace gate::sim
