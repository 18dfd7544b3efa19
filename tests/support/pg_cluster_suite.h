// A test suite over one private PostgreSQL cluster (pg_cluster.h): started before the suite's
// first test, removed after its last, with a new empty database per test where a test wants one.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "drivers/postgres/pg_connection.h"
#include "tests/support/pg_cluster.h"

namespace gate::testing {

class PgClusterSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto c = PgCluster::Start();
    ASSERT_TRUE(c.ok()) << c.error();
    cluster() = std::move(c).value();
  }
  static void TearDownTestSuite() { cluster().reset(); }
  // The suite's cluster; null where it did not start (the suite's tests then fail).
  static std::unique_ptr<PgCluster>& cluster() {
    static std::unique_ptr<PgCluster> c;
    return c;
  }
  // A connection as the test role to a new, empty database named `<prefix>_<n>`; null (with
  // the test failed) where the cluster or the database is missing.
  static std::unique_ptr<drivers::pg::Connection> fresh_database(const std::string& prefix) {
    if (!cluster()) {
      ADD_FAILURE() << "no cluster";
      return nullptr;
    }
    static int n = 0;
    auto info = cluster()->create_database(prefix + "_" + std::to_string(++n));
    if (!info.ok()) {
      ADD_FAILURE() << info.error();
      return nullptr;
    }
    auto db = drivers::pg::Connection::Connect(info.value());
    if (!db.ok()) ADD_FAILURE() << db.error();
    return db.ok() ? std::move(db).value() : nullptr;
  }
};

}  // namespace gate::testing
