#include "sim/scenario_file.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <sstream>

#include "sim/scenario_checks.h"
#include "sim/text_location.h"

namespace gate::sim {
namespace {

namespace pb = google::protobuf;

// Keeps the parser's first error as "file:line:col: message" (the parser's lines and columns
// are zero-based).
class FirstError : public pb::io::ErrorCollector {
 public:
  explicit FirstError(std::string file) : file_(std::move(file)) {}
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (!first_.empty()) return;
    first_ =
        file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
  }
  void AddWarning(int, pb::io::ColumnNumber, const std::string&) override {}
  const std::string& first() const { return first_; }

 private:
  std::string file_;
  std::string first_;
};

}  // namespace

Result<gate::v1::Scenario> parse_scenario(const std::string& text, const std::string& file_name) {
  gate::v1::Scenario scenario;
  pb::TextFormat::Parser parser;
  FirstError errors(file_name);
  pb::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, &scenario)) {
    return Error{errors.first().empty() ? file_name + ": cannot parse scenario" : errors.first()};
  }
  if (Status st = check_scenario(scenario, TextLocation(file_name, scenario, &tree)); !st.ok()) {
    return Error{st.message()};
  }
  return scenario;
}

Result<gate::v1::Scenario> load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open scenario file (check the path and permissions)"};
  std::stringstream text;
  text << in.rdbuf();  // an empty file leaves `text` empty, which the checks then report
  return parse_scenario(text.str(), path);
}

gate::v1::EnterpriseProfile scenario_enterprise(const gate::v1::Scenario& s) {
  if (s.has_enterprise()) return s.enterprise();
  gate::v1::EnterpriseProfile ent;
  ent.set_name(s.name() + " plant (simulated)");
  ent.set_industry("steel");
  ent.set_grade(gate::v1::PERFORMANCE_GRADE_B);
  return ent;
}

}  // namespace gate::sim
