// Which configured token a request carries, and its role.
#include "firmware-host/api/api_tokens.h"

#include <gtest/gtest.h>

namespace gate::host {
namespace {

TEST(ApiTokensTest, OperatorTokenAndNamedTokensAreBothCredentials) {
  gate::v1::ApiConfig cfg;
  cfg.set_operator_token("operator-secret");
  auto* t = cfg.add_tokens();
  t->set_name("bureau");
  t->set_role(gate::v1::API_ROLE_AUDITOR);
  t->set_token("auditor-secret-0123");
  const auto creds = api_credentials(cfg);
  ASSERT_EQ(creds.size(), 2u);

  const ApiCredential* op = authenticate(creds, "Bearer operator-secret");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->name, "operator");
  EXPECT_EQ(op->role, gate::v1::API_ROLE_OPERATOR);
  const ApiCredential* au = authenticate(creds, "Bearer auditor-secret-0123");
  ASSERT_NE(au, nullptr);
  EXPECT_EQ(au->name, "bureau");
  EXPECT_EQ(role_name(au->role), "auditor");
}

TEST(ApiTokensTest, AnythingElseIsNobody) {
  gate::v1::ApiConfig cfg;
  cfg.set_operator_token("operator-secret");
  const auto creds = api_credentials(cfg);
  for (const char* h :
       {"", "Bearer ", "operator-secret", "Bearer operator-secre", "Bearer operator-secretX",
        "Basic operator-secret", "bearer operator-secret"}) {
    EXPECT_EQ(authenticate(creds, h), nullptr) << h;
  }
  EXPECT_EQ(authenticate({}, "Bearer "), nullptr) << "no tokens: nobody, even with an empty one";
}

}  // namespace
}  // namespace gate::host
