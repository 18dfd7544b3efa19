// Result types used at module edges: a value or an error message that tells the user what was
// wrong and what to do. Exceptions are reserved for programming errors and start-up.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace gate {

struct Error {
  std::string message;
};

class [[nodiscard]] Status {
 public:
  static Status Ok() { return Status(); }
  Status() = default;
  Status(Error e) : ok_(false), message_(std::move(e.message)) {}  // NOLINT: implicit by design
  bool ok() const { return ok_; }
  const std::string& message() const { return message_; }

 private:
  bool ok_ = true;
  std::string message_;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error e) : v_(std::move(e)) {}      // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const std::string& error() const { return std::get<Error>(v_).message; }

 private:
  std::variant<T, Error> v_;
};

}  // namespace gate
