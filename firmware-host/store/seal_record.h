// A daily seal as stored in the `seals` table (firmware-host/audit/daily_seal.h makes and checks
// them; the uplink sends them to the platform as anchors).
#pragma once

#include <cstdint>
#include <string>

namespace gate::host {

struct Seal {
  std::string date;
  std::string gate_id;
  int64_t first_chain_id = 0;
  int64_t last_chain_id = 0;
  std::string last_hash;
  int64_t passages = 0;
  int64_t outcomes = 0;
  std::string key_id;
  std::string signature;  // hex
};

}  // namespace gate::host
