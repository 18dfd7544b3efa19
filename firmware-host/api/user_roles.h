// Who may do what on the dashboard and the local API. Users (user_store.h) have one of four
// roles; API tokens map onto them (an operator token acts as an operator, an auditor token as an
// auditor). Pure.
//
//   action            operator  manager  auditor  admin
//   read, export         x         x        x       x
//   manual release       x         x                x
//   acknowledge alarm    x         x                x
//   set alert level      x         x                x
//   edit the ledger                x                x
//   enter cargo          x         x                x
// Users themselves are managed with `gatectl user` on the gate PC (admin work, not over HTTP).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gate::host {

enum class UserRole { kOperator, kManager, kAuditor, kAdmin };
enum class UserAction { kRelease, kAcknowledgeAlarm, kSetAlertLevel, kEditLedger, kEnterCargo };

std::string_view user_role_name(UserRole r);  // "operator", "manager", "auditor", "admin"
std::optional<UserRole> parse_user_role(std::string_view name);
bool role_may(UserRole r, UserAction a);
std::string_view action_name(UserAction a);  // "release a truck", …

}  // namespace gate::host
