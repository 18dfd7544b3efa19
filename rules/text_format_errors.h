// The first error protobuf's text-format parser reports while reading a configuration, policy or
// scenario file, kept with its place so that every file error reads "file:line:col: message".
#pragma once

#include <google/protobuf/io/tokenizer.h>

#include <string>

namespace gate::rules {

// Keeps the first error only: later ones are usually consequences of it.
class FirstTextFormatError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override;
  void AddWarning(int, google::protobuf::io::ColumnNumber, const std::string&) override {}

  bool seen() const { return seen_; }
  // Zero-based, as the parser counts.
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

  // "file:line:col: message" with one-based line and column; "" when no error was seen.
  std::string located(const std::string& file) const;

 private:
  bool seen_ = false;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

}  // namespace gate::rules
