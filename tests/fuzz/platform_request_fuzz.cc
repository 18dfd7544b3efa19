// What the mock platform (sim/platform/) reads from a gate: a batch (HTTP profile), a heartbeat,
// or a TCP frame, read strictly (drivers/uplink/wire_json.h), and each record's checks
// (sim/platform/platform_checks.h) under the table the second byte picks. The gate's own JSON
// writer (to_json) is checked on the way: what it writes of a message read strictly reads back
// to a message it writes the same.
#include <cstddef>
#include <cstdint>
#include <string>

#include <google/protobuf/message.h>

#include "drivers/uplink/wire_json.h"
#include "gate/v1/uplink.pb.h"
#include "rules/plate_color.h"
#include "sim/platform/platform_checks.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace wire = gate::drivers::uplink;

template <class M>
void round_trip(const M& m) {
  const std::string once = wire::to_json(m);
  M back;
  if (!wire::from_json_strict(once, &back).ok() || wire::to_json(back) != once) __builtin_trap();
}

void check(const gate::v1::UplinkRecord& r, gate::rules::ColorCodeTable table) {
  (void)gate::sim::check_record(r, "HN-JZ-0001-G1", table);
  (void)gate::sim::record_content(r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto table = static_cast<gate::rules::ColorCodeTable>(data[1] % 4);
  const auto body = gate::fuzz::text_of(data + 2, size - 2);
  switch (data[0] % 3) {
    case 0: {
      gate::v1::UplinkBatch batch;
      if (!wire::from_json_strict(body, &batch).ok()) break;
      for (const auto& r : batch.records()) check(r, table);
      round_trip(batch);
      break;
    }
    case 1: {
      gate::v1::Heartbeat hb;
      if (wire::from_json_strict(body, &hb).ok()) round_trip(hb);
      break;
    }
    default: {
      gate::v1::TcpFrame f;
      if (!wire::from_json_strict(body, &f).ok()) break;
      if (f.has_record()) check(f.record(), table);
      round_trip(f);
      break;
    }
  }
  return 0;
}
