#include "rules/text_format_errors.h"

namespace gate::rules {

void FirstTextFormatError::AddError(int line, google::protobuf::io::ColumnNumber column,
                                    const std::string& message) {
  if (seen_) return;
  seen_ = true;
  line_ = line;
  column_ = column;
  message_ = message;
}

std::string FirstTextFormatError::located(const std::string& file) const {
  if (!seen_) return "";
  return file + ":" + std::to_string(line_ + 1) + ":" + std::to_string(column_ + 1) + ": " +
         message_;
}

}  // namespace gate::rules
