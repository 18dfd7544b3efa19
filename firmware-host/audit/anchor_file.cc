#include "firmware-host/audit/anchor_file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace gate::host {
namespace {

using Json = nlohmann::json;

// Bad lines reported at most; the rest are counted.
constexpr int kMaxReportedErrors = 20;

// Reads one field of a line; the first problem is kept in `problem`.
class FieldReader {
 public:
  explicit FieldReader(const Json& j) : j_(j) {}

  std::string text(const char* key, bool required = true) {
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) fail(std::string(key) + " is missing");
      return "";
    }
    if (!it->is_string()) fail(std::string(key) + " must be a string");
    return it->is_string() ? it->get<std::string>() : "";
  }
  int64_t number(const char* key, int64_t min) {
    auto it = j_.find(key);
    if (it == j_.end() || !it->is_number_integer()) {
      fail(std::string(key) + (it == j_.end() ? " is missing" : " must be a whole number"));
      return 0;
    }
    const int64_t v = it->get<int64_t>();
    if (v < min) fail(std::string(key) + " must be at least " + std::to_string(min));
    return v;
  }
  std::string hex(const char* key, std::size_t size) {
    std::string v = text(key);
    const bool digits = v.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!v.empty() && (!digits || (size > 0 && v.size() != size))) {
      fail(std::string(key) + " must be " + (size ? std::to_string(size) + " " : "") +
           "lowercase hex digits");
    }
    return v;
  }
  std::string date(const char* key) {
    std::string v = text(key);
    if (!v.empty() && (v.size() != 10 || v[4] != '-' || v[7] != '-' ||
                       v.find_first_not_of("0123456789-") != std::string::npos)) {
      fail(std::string(key) + " must be a date YYYY-MM-DD, got \"" + v + "\"");
    }
    return v;
  }
  void fail(const std::string& why) {
    if (problem.empty()) problem = why;
  }
  std::string problem;

 private:
  const Json& j_;
};

std::string parse_seal(FieldReader& f, int line, AnchorFile& out) {
  SealAnchorLine s;
  s.line = line;
  s.seal.gate_id = f.text("gate_id");
  s.seal.date = f.date("date");
  s.seal.first_chain_id = f.number("first_chain_id", 1);
  s.seal.last_chain_id = f.number("last_chain_id", 1);
  s.seal.last_hash = f.hex("last_hash", 64);
  s.seal.passages = f.number("passages", 0);
  s.seal.outcomes = f.number("outcomes", 0);
  s.seal.key_id = f.text("key_id");
  s.seal.signature = f.hex("signature", 0);
  s.received_at = f.text("received_at", /*required=*/false);
  if (f.problem.empty() && s.seal.last_chain_id < s.seal.first_chain_id) {
    f.fail("last_chain_id is before first_chain_id");
  }
  if (f.problem.empty()) out.seals.push_back(std::move(s));
  return f.problem;
}

std::string parse_head(FieldReader& f, int line, AnchorFile& out) {
  HeadAnchorLine h;
  h.line = line;
  h.gate_id = f.text("gate_id");
  h.chain_id = f.number("chain_id", 1);
  h.hash = f.hex("hash", 64);
  h.received_at = f.text("received_at", /*required=*/false);
  if (f.problem.empty()) out.heads.push_back(std::move(h));
  return f.problem;
}

// The problem with one line, or "" when it was taken.
std::string parse_line(const std::string& line, int number, AnchorFile& out) {
  Json j = Json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "not a JSON object";
  FieldReader f(j);
  const std::string kind = f.text("anchor");
  if (!f.problem.empty()) return f.problem;
  if (kind == "seal") return parse_seal(f, number, out);
  if (kind == "head") return parse_head(f, number, out);
  return "anchor must be \"seal\" or \"head\", got \"" + kind + "\"";
}

}  // namespace

Result<AnchorFile> parse_anchor_file(const std::string& text, const std::string& name) {
  AnchorFile out;
  out.name = name;
  std::istringstream in(text);
  std::string line, errors;
  int number = 0, bad = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    std::string why = parse_line(line, number, out);
    if (why.empty()) continue;
    if (++bad <= kMaxReportedErrors) {
      errors += (errors.empty() ? "" : "\n") + name + ":" + std::to_string(number) + ": " + why;
    }
  }
  if (bad > kMaxReportedErrors) {
    errors += "\n" + name + ": " + std::to_string(bad - kMaxReportedErrors) + " more bad line(s)";
  }
  if (bad > 0) {
    return Error{errors +
                 "\n(the anchor file must hold one JSON object per line, as the "
                 "platform exported it; see docs/audit.md, \"Anchors\")"};
  }
  return out;
}

Result<AnchorFile> read_anchor_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read the anchor file " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_anchor_file(ss.str(), path);
}

}  // namespace gate::host
