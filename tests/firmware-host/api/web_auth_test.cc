// The dashboard's login pieces without a daemon: password hashes, roles, sessions (idle and
// absolute expiry, cookies), the users table, `gatectl user`, and the embedded assets.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "drivers/http/http_server.h"
#include "firmware-host/api/dashboard_routes.h"
#include "firmware-host/api/password_hash.h"
#include "firmware-host/api/user_roles.h"
#include "firmware-host/api/user_store.h"
#include "firmware-host/api/web_assets.h"
#include "firmware-host/api/web_sessions.h"
#include "firmware-host/gatectl/user_commands.h"
#include "tests/support/process.h"

namespace gate::host {
namespace {

TEST(PasswordHash, MatchesOnlyTheRightPasswordAndSaltsEachHash) {
  auto h = hash_password("correct horse", 1000);
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_TRUE(h.value().starts_with("pbkdf2-sha256$1000$"));
  EXPECT_TRUE(password_matches("correct horse", h.value()));
  EXPECT_FALSE(password_matches("correct hors", h.value()));
  EXPECT_FALSE(password_matches("", h.value()));
  auto again = hash_password("correct horse", 1000);
  EXPECT_NE(h.value(), again.value());  // random salt
  EXPECT_TRUE(password_matches("correct horse", again.value()));
}

TEST(PasswordHash, DefaultIsAtLeast100kIterationsAndShortPasswordsAreRefused) {
  EXPECT_GE(kPasswordIterations, 100000);
  auto h = hash_password("longenough");
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h.value().starts_with("pbkdf2-sha256$" + std::to_string(kPasswordIterations) + "$"));
  EXPECT_FALSE(hash_password("short").ok());
}

TEST(PasswordHash, MalformedStoredValuesNeverMatch) {
  for (const char* bad : {"", "pbkdf2-sha256", "pbkdf2-sha256$x$00$00", "md5$1000$00$00",
                          "pbkdf2-sha256$1000$zz$00", "pbkdf2-sha256$1000$00$0011"}) {
    EXPECT_FALSE(password_matches("anything", bad)) << bad;
  }
}

TEST(UserRoles, AuditorChangesNothingOperatorCannotEditTheLedger) {
  for (auto a : {UserAction::kRelease, UserAction::kAcknowledgeAlarm, UserAction::kSetAlertLevel,
                 UserAction::kEditLedger, UserAction::kEnterCargo}) {
    EXPECT_FALSE(role_may(UserRole::kAuditor, a));
    EXPECT_TRUE(role_may(UserRole::kManager, a));
    EXPECT_TRUE(role_may(UserRole::kAdmin, a));
  }
  EXPECT_TRUE(role_may(UserRole::kOperator, UserAction::kRelease));
  EXPECT_FALSE(role_may(UserRole::kOperator, UserAction::kEditLedger));
  EXPECT_TRUE(role_may(UserRole::kOperator, UserAction::kEnterCargo)) << "the gate operator's job";
  EXPECT_EQ(parse_user_role("manager"), UserRole::kManager);
  EXPECT_FALSE(parse_user_role("root").has_value());
}

TEST(WebSessions, IdleAndAbsoluteExpiryAndLogout) {
  WebSessions s(/*idle_ms=*/1000, /*absolute_ms=*/5000);
  auto a = s.open("wang", UserRole::kOperator, 0);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->id.size(), 64u);  // 256 bits as hex
  EXPECT_TRUE(s.touch(a->id, 900).has_value());
  EXPECT_TRUE(s.touch(a->id, 1800).has_value());   // idle restarts at each request
  EXPECT_FALSE(s.touch(a->id, 2801).has_value());  // idle for more than 1 s
  EXPECT_FALSE(s.touch(a->id, 1000).has_value());  // and it stays gone

  auto b = s.open("li", UserRole::kAuditor, 0);
  for (int t = 900; t <= 4900; t += 900) EXPECT_TRUE(s.touch(b->id, t).has_value()) << t;
  EXPECT_FALSE(s.touch(b->id, 5001).has_value());  // absolute limit despite activity

  auto c = s.open("zhao", UserRole::kManager, 0);
  s.close(c->id);
  EXPECT_FALSE(s.touch(c->id, 1).has_value());
  EXPECT_FALSE(s.touch("", 1).has_value());
  EXPECT_FALSE(s.touch("not-a-session", 1).has_value());
}

TEST(WebSessions, IdsAreUniqueAndCookiesAreStrict) {
  WebSessions s;
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(s.open("u", UserRole::kOperator, 0)->id);
  EXPECT_EQ(ids.size(), 100u);
  auto x = s.open("u", UserRole::kOperator, 0);
  const std::string cookie = s.set_cookie(*x, false);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  // Over TLS the browser must never send the session over plain HTTP.
  EXPECT_NE(s.set_cookie(*x, true).find("; Secure"), std::string::npos);
  EXPECT_NE(WebSessions::clear_cookie(true).find("; Secure"), std::string::npos);
  EXPECT_EQ(WebSessions::id_from_cookie_header("a=b; gate_session=" + x->id + "; c=d"), x->id);
  EXPECT_EQ(WebSessions::id_from_cookie_header("xgate_session=1"), "");
  s.close_user("u");
  EXPECT_FALSE(s.touch(x->id, 1).has_value());
}

class UserStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::make_temp_dir(); }
  void TearDown() override { testing::remove_tree(dir_); }
  std::string db() const { return dir_ + "/gate.db"; }
  std::string dir_;
};

TEST_F(UserStoreTest, AddLoginDisablePasswd) {
  auto s = UserStore::Open(db());
  ASSERT_TRUE(s.ok()) << s.error();
  auto& u = *s.value();
  ASSERT_TRUE(u.add("wang", UserRole::kOperator, "gate-pass-1", 1).ok());
  EXPECT_FALSE(u.add("wang", UserRole::kAdmin, "gate-pass-2", 2).ok());  // taken
  EXPECT_FALSE(u.add("has space", UserRole::kAdmin, "gate-pass-2", 2).ok());
  EXPECT_FALSE(u.add("li", UserRole::kAdmin, "short", 2).ok());

  auto ok = u.check_login("wang", "gate-pass-1");
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok.value().has_value());
  EXPECT_EQ(ok.value()->role, UserRole::kOperator);
  EXPECT_FALSE(u.check_login("wang", "gate-pass-2").value().has_value());
  EXPECT_FALSE(u.check_login("nobody", "gate-pass-1").value().has_value());
  // The hash, not the password, is stored.
  EXPECT_EQ(u.find("wang").value()->password_hash.find("gate-pass-1"), std::string::npos);

  ASSERT_TRUE(u.set_enabled("wang", false, 3).ok());
  EXPECT_FALSE(u.check_login("wang", "gate-pass-1").value().has_value());
  ASSERT_TRUE(u.set_enabled("wang", true, 4).ok());
  ASSERT_TRUE(u.set_password("wang", "new-password", 5).ok());
  EXPECT_FALSE(u.check_login("wang", "gate-pass-1").value().has_value());
  EXPECT_TRUE(u.check_login("wang", "new-password").value().has_value());
  EXPECT_FALSE(u.set_password("ghost", "new-password", 5).ok());
}

TEST_F(UserStoreTest, GatectlUserCommands) {
  auto run = [&](std::vector<std::string> argv, const std::string& stdin_text, std::string& out) {
    auto a = ctl::parse_args(argv);
    EXPECT_TRUE(a.ok()) << a.error();
    std::istringstream in(stdin_text);
    std::ostringstream o, e;
    const int rc = ctl::user_command(a.value(), in, o, e);
    out = o.str() + e.str();
    return rc;
  };
  std::string out;
  EXPECT_EQ(run({"user", "add", "--db", db(), "--name", "chen", "--role", "manager"},
                "manager-pass\n", out),
            0)
      << out;
  EXPECT_EQ(run({"user", "add", "--db", db(), "--name", "x", "--role", "king"}, "pw-pw-pw\n", out),
            2);
  EXPECT_EQ(run({"user", "list", "--db", db()}, "", out), 0);
  EXPECT_NE(out.find("chen"), std::string::npos);
  EXPECT_NE(out.find("manager"), std::string::npos);
  EXPECT_EQ(run({"user", "disable", "--db", db(), "--name", "chen"}, "", out), 0) << out;
  EXPECT_EQ(run({"user", "list", "--db", db()}, "", out), 0);
  EXPECT_NE(out.find("disabled"), std::string::npos);
  EXPECT_EQ(run({"user", "passwd", "--db", db(), "--name", "nobody"}, "new-pass-word\n", out), 1);
  auto s = UserStore::Open(db());
  EXPECT_FALSE(s.value()->check_login("chen", "manager-pass").value().has_value());  // disabled
}

TEST(WebAssets, EmbeddedWithTypesAndServedWithETag) {
  std::set<std::string> paths;
  for (const auto& a : web_assets()) {
    paths.insert(std::string(a.path));
    EXPECT_GT(a.size, 100u) << a.path;
    EXPECT_EQ(a.etag.size(), 18u);  // quoted 16 hex
  }
  EXPECT_EQ(paths, (std::set<std::string>{"/index.html", "/app.js", "/app.css"}));

  drivers::HttpRequest req;
  req.method = "GET";
  req.path = "/";
  auto res = serve_web_asset(req);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->content_type, "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("app.js"), std::string::npos);
  std::string etag;
  for (const auto& [k, v] : res->headers) {
    if (k == "ETag") etag = v;
  }
  ASSERT_FALSE(etag.empty());
  req.headers["if-none-match"] = etag;
  EXPECT_EQ(serve_web_asset(req)->status, 304);
  req.path = "/app.js";
  EXPECT_EQ(serve_web_asset(req)->content_type, "text/javascript; charset=utf-8");
  req.path = "/nope.txt";
  EXPECT_FALSE(serve_web_asset(req).has_value());
}

}  // namespace
}  // namespace gate::host
