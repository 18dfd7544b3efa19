#include "rules/policy_text.h"

#include "rules/policy_validate.h"
#include "rules/text_document.h"

namespace gate::rules {

Result<gate::v1::PolicySet> parse_policy_text(const std::string& text,
                                              const std::string& file_name) {
  gate::v1::PolicySet set;
  Status st = parse_text_document(text, file_name, &set, [&] { return validate_policy_set(set); });
  if (!st.ok()) return Error{st.message()};
  return set;
}

}  // namespace gate::rules
