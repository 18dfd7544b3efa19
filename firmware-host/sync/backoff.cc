#include "firmware-host/sync/backoff.h"

#include <algorithm>

namespace gate::host {

int64_t Backoff::next(uint64_t random) {
  ++failures_;
  int64_t d = std::max<int64_t>(base_ms_, 1);
  for (int i = 1; i < failures_ && d < cap_ms_; ++i) d *= 2;
  d = std::min(d, std::max<int64_t>(cap_ms_, 1));
  const int64_t half = d / 2;
  return half + static_cast<int64_t>(random % static_cast<uint64_t>(d - half + 1));
}

}  // namespace gate::host
