// gated's configuration text (firmware-host/config/config_loader.h): parsed, defaulted and
// checked as `gated --check` does, with the scratch folder as the configuration's folder. It
// holds the shipped policy sets under policies/ and a token file, api.token, so that the policy
// and token checks run. The loader reads the files a configuration names (policy_file,
// api.tokens.token_file): an input naming one outside the scratch folder is skipped.
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "firmware-host/config/config_loader.h"
#include "gate/v1/config.pb.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

class Silent : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
};

bool stays_inside(const std::string& path) {
  return !path.starts_with("/") && path.find("..") == std::string::npos;
}

const std::string& config_dir() {
  static const std::string dir = [] {
    const auto& d = gate::fuzz::scratch_dir();
    std::filesystem::create_directories(d / "policies");
    for (const char* name : {"henan-jiaozuo-2025.textproto", "henan-kaifeng-2025.textproto"}) {
      std::filesystem::copy_file(std::filesystem::path(GATE_SOURCE_DIR) / "rules/policies" / name,
                                 d / "policies" / name,
                                 std::filesystem::copy_options::overwrite_existing);
    }
    gate::fuzz::write_file(d / "api.token", "fuzz-token-0123456789abcdef\n");
    return d.string();
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(gate::fuzz::text_of(data, size));
  gate::v1::GateConfig peek;
  google::protobuf::TextFormat::Parser parser;
  Silent silent;
  parser.RecordErrorsTo(&silent);
  if (parser.ParseFromString(text, &peek)) {
    if (!stays_inside(peek.policy_file())) return 0;
    for (const auto& t : peek.api().tokens()) {
      if (!stays_inside(t.token_file())) return 0;
    }
  }
  (void)gate::host::parse_config(text, "gated.textproto", config_dir());
  return 0;
}
