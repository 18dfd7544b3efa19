#include "firmware-host/api/user_roles.h"

namespace gate::host {

std::string_view user_role_name(UserRole r) {
  switch (r) {
    case UserRole::kOperator:
      return "operator";
    case UserRole::kManager:
      return "manager";
    case UserRole::kAuditor:
      return "auditor";
    case UserRole::kAdmin:
      return "admin";
  }
  return "auditor";
}

std::optional<UserRole> parse_user_role(std::string_view name) {
  for (UserRole r :
       {UserRole::kOperator, UserRole::kManager, UserRole::kAuditor, UserRole::kAdmin}) {
    if (user_role_name(r) == name) return r;
  }
  return std::nullopt;
}

bool role_may(UserRole r, UserAction a) {
  switch (r) {
    case UserRole::kAuditor:
      return false;  // reads and exports only
    case UserRole::kOperator:
      return a != UserAction::kEditLedger;
    case UserRole::kManager:
    case UserRole::kAdmin:
      return true;
  }
  return false;
}

std::string_view action_name(UserAction a) {
  switch (a) {
    case UserAction::kRelease:
      return "release a truck";
    case UserAction::kAcknowledgeAlarm:
      return "acknowledge an alarm";
    case UserAction::kSetAlertLevel:
      return "set the alert level";
    case UserAction::kEditLedger:
      return "edit the ledger";
    case UserAction::kEnterCargo:
      return "enter a passage's cargo";
  }
  return "change anything";
}

}  // namespace gate::host
