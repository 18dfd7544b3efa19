// The virtual camera's truck list (sim/devices/truck_arrivals.h, gate-sim run --trucks FILE).
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/devices/truck_arrivals.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto trucks =
      gate::sim::parse_trucks_csv(std::string(gate::fuzz::text_of(data, size)), "trucks.csv");
  if (trucks.ok()) {
    for (const auto& t : trucks.value()) {
      if (!(t.confidence >= 0 && t.confidence <= 1) || t.reads < 0) __builtin_trap();
    }
  }
  return 0;
}
