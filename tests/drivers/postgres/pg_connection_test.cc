// drivers/postgres against a real private cluster on 127.0.0.1: statements with parameters and
// NULLs, affected counts, transactions, and the errors of a bad conninfo, wrong credentials, a
// port with no server and a server that went away.
#include "drivers/postgres/pg_connection.h"

#include <gtest/gtest.h>

#include "tests/support/pg_cluster_suite.h"
#include "tests/support/process.h"

namespace gate::drivers::pg {
namespace {

class PgConnectionTest : public testing::PgClusterSuite {
 protected:
  std::unique_ptr<Connection> connect() {
    if (!cluster()) return nullptr;
    auto c = Connection::Connect(cluster()->conninfo());
    EXPECT_TRUE(c.ok()) << c.error();
    return c.ok() ? std::move(c).value() : nullptr;
  }
};

TEST_F(PgConnectionTest, RunsStatementsWithParametersNullsAndCounts) {
  auto c = connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(
      c->exec_script("DROP TABLE IF EXISTS t; CREATE TABLE t (k int PRIMARY KEY, v text)").ok());
  auto ins = c->exec("INSERT INTO t VALUES ($1, $2), ($3, $4)", {"1", "一", "2", std::nullopt});
  ASSERT_TRUE(ins.ok()) << ins.error();
  EXPECT_EQ(ins.value().affected, 2);
  auto again = c->exec("INSERT INTO t VALUES ($1, $2) ON CONFLICT (k) DO NOTHING", {"1", "x"});
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again.value().affected, 0);
  auto rows = c->exec("SELECT k, v FROM t ORDER BY k");
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows.value().rows.size(), 2u);
  EXPECT_EQ(rows.value().columns, (std::vector<std::string>{"k", "v"}));
  EXPECT_EQ(rows.value().text(0, 1), "一");
  EXPECT_FALSE(rows.value().rows[1][1].has_value());
  auto bad = c->exec("SELECT * FROM no_such_table");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("no_such_table"), std::string::npos) << bad.error();
  EXPECT_EQ(bad.error().find('\n'), std::string::npos) << bad.error();
}

TEST_F(PgConnectionTest, TransactionRollsBackUnlessCommittedAndReportsAnAbortedOne) {
  auto c = connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->exec_script("DROP TABLE IF EXISTS u; CREATE TABLE u (k int PRIMARY KEY)").ok());
  {
    auto tx = Transaction::Begin(*c);
    ASSERT_TRUE(tx.ok()) << tx.error();
    ASSERT_TRUE(c->exec("INSERT INTO u VALUES (1)").ok());
  }  // not committed
  EXPECT_EQ(c->exec("SELECT count(*) FROM u").value().text(0, 0), "0");
  {
    auto tx = Transaction::Begin(*c);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(c->exec("INSERT INTO u VALUES (1)").ok());
    ASSERT_TRUE(tx.value()->commit().ok());
  }
  {
    auto tx = Transaction::Begin(*c);
    ASSERT_TRUE(tx.ok());
    EXPECT_FALSE(c->exec("INSERT INTO u VALUES (1)").ok());  // duplicate key aborts it
    Status st = tx.value()->commit();
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("rolled back"), std::string::npos) << st.message();
  }
  EXPECT_EQ(c->exec("SELECT count(*) FROM u").value().text(0, 0), "1");
}

TEST_F(PgConnectionTest, WrongPasswordIsRefusedWithTheServersReason) {
  const std::string info = "host=127.0.0.1 port=" + std::to_string(cluster()->port()) +
                           " dbname=plant user=plant password=wrong";
  auto c = Connection::Connect(info);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().find("password authentication failed"), std::string::npos) << c.error();
  EXPECT_EQ(c.error().find("wrong"), std::string::npos) << "the password is not repeated";
  // The password option wins over the conninfo's.
  ConnectOptions o;
  o.password = cluster()->password();
  EXPECT_TRUE(Connection::Connect(info, o).ok());
}

TEST_F(PgConnectionTest, NoServerAndBadConninfoAreErrors) {
  const int port = testing::free_port();
  auto c = Connection::Connect("host=127.0.0.1 port=" + std::to_string(port) + " dbname=x");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().find("refused"), std::string::npos) << c.error();
  EXPECT_NE(conninfo_syntax_error("host=127.0.0.1 bogus_key=1"), "");
  EXPECT_NE(conninfo_syntax_error("host='unterminated"), "");
  EXPECT_EQ(conninfo_syntax_error("host=127.0.0.1 port=5432 dbname=plant"), "");
  EXPECT_FALSE(Connection::Connect("host=127.0.0.1 bogus_key=1").ok());
}

// Last: it stops the suite's server and starts it again.
TEST_F(PgConnectionTest, ServerGoneMakesTheConnectionUnusable) {
  auto c = connect();
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->usable());
  ASSERT_TRUE(cluster()->stop().ok());
  EXPECT_FALSE(c->exec("SELECT 1").ok());
  EXPECT_FALSE(c->usable());
  ASSERT_TRUE(cluster()->restart().ok()) << cluster()->log();
  EXPECT_TRUE(connect() != nullptr);
}

}  // namespace
}  // namespace gate::drivers::pg
