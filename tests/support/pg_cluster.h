// A private PostgreSQL cluster for tests: the one gate-sim starts for a scenario's plant
// (sim/conformance/plant_cluster.h): initdb in a fresh temp directory, postgres listening on
// 127.0.0.1 on a free port with its unix socket in that directory, a role and a database
// (password over TCP, trust only on the socket), stop/restart for a plant network cut, removed
// when the object goes away, also when the test failed. Under root (CI, this VM) initdb and
// postgres run as the `postgres` user.
#pragma once

#include "sim/conformance/plant_cluster.h"

namespace gate::testing {

using PgCluster = sim::PlantCluster;

}  // namespace gate::testing
