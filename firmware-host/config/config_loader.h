// Loads gated's configuration (protobuf text format) and validates it. Every error names the
// file, line and column and what to do, e.g.
//   gated.textproto:12:5: lanes[0].barrier.pulse_ms: 20000 is above the 10000 ms limit
#pragma once

#include <string>

#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::host {

// Parses `text` as if read from `file_name` (used in messages), fills defaults, validates.
// Relative database/photo paths are resolved against `base_dir`.
Result<gate::v1::GateConfig> parse_config(const std::string& text, const std::string& file_name,
                                          const std::string& base_dir);

// Reads and parses a config file.
Result<gate::v1::GateConfig> load_config(const std::string& path);

}  // namespace gate::host
