#include "rules/cargo.h"

#include "rules/control_characters.h"
#include "rules/utf8.h"

namespace gate::rules {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

bool is_cargo_unit(std::string_view unit) {
  return unit == "t" || unit == "L";
}

Result<std::string> check_cargo_name(std::string_view name) {
  const std::string_view n = trimmed(name);
  if (n.empty())
    return Error{"the cargo name is empty; give what the truck carries, e.g. \"coal\""};
  const auto cps = decode_utf8(n);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (!cps[i].valid) {
      return Error{"the cargo name is not valid UTF-8 (byte " + std::to_string(i + 1) +
                   "); type it again in a UTF-8 terminal or form"};
    }
  }
  if (auto bad = find_control_character(n)) {
    return Error{"the cargo name holds a control character, " + *bad +
                 "; write it as plain text on one line"};
  }
  if (cps.size() > kCargoNameMaxChars) {
    return Error{"the cargo name has " + std::to_string(cps.size()) + " characters; at most " +
                 std::to_string(kCargoNameMaxChars) + " are kept, shorten it"};
  }
  return std::string(n);
}

Result<int64_t> parse_cargo_quantity(std::string_view text) {
  const std::string shown(text);
  const std::string_view t = trimmed(text);
  const std::size_t dot = t.find('.');
  const std::string_view whole = t.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  bool digits = !whole.empty() && (dot == std::string_view::npos || !frac.empty());
  for (char c : whole) digits = digits && is_digit(c);
  for (char c : frac) digits = digits && is_digit(c);
  if (!digits) {
    return Error{"the quantity \"" + shown +
                 "\" is not a decimal number; write digits with at most one '.', e.g. 31.25"};
  }
  if (frac.size() > 3) {
    return Error{"the quantity \"" + shown +
                 "\" has more than 3 decimals; round it to kilograms (or millilitres)"};
  }
  const std::size_t lead = whole.find_first_not_of('0');
  if (lead != std::string_view::npos && whole.size() - lead > 7) {
    return Error{"the quantity \"" + shown + "\" is over the largest the gate takes (" +
                 cargo_quantity_text(kCargoMaxMilli) + "); check the figure and its unit"};
  }
  int64_t milli = 0;
  for (char c : whole) milli = milli * 10 + (c - '0');
  for (std::size_t i = 0; i < 3; ++i) milli = milli * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  if (milli <= 0) return Error{"the quantity must be greater than 0, got \"" + shown + "\""};
  if (milli > kCargoMaxMilli) {
    return Error{"the quantity \"" + shown + "\" is over the largest the gate takes (" +
                 cargo_quantity_text(kCargoMaxMilli) + "); check the figure and its unit"};
  }
  return milli;
}

std::string cargo_quantity_text(int64_t milli) {
  std::string out = std::to_string(milli / 1000);
  int64_t frac = milli % 1000;
  if (frac == 0) return out;
  std::string digits = std::to_string(1000 + frac).substr(1);
  while (digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

}  // namespace gate::rules
