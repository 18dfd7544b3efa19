// The uploader's view of a platform profile: send records, send a heartbeat, fetch the downlink.
// Implementations: HttpJsonTransport (reference profile over HTTP(S)) and TcpJsonTransport
// (length-prefixed JSON frames). Calls block the calling thread (the gate's sync worker) and
// end by the configured timeout; a transport reconnects by itself on the next call after a
// failure. Not thread-safe: one worker owns it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gate/v1/uplink.pb.h"
#include "rules/result.h"

namespace gate::drivers::uplink {

struct SendResult {
  enum class Failure {
    kNone,          // the platform answered per record (acked / rejected; the rest: not taken)
    kUnavailable,   // nothing known to be taken: unreachable, timeout, 5xx, garbage answer
    kBatchRefused,  // the platform refused the request as a whole as invalid (HTTP 400/413/422)
    kAuth,          // the platform refused our credentials or signature (HTTP 401/403, login)
  };
  Failure failure = Failure::kNone;
  std::string error;  // when failure != kNone: what happened, for the log
  std::vector<std::string> acked;
  std::vector<gate::v1::RecordRejection> rejected;
  int64_t photo_bytes = 0;  // JPEG bytes of the photos the acked records carried

  bool ok() const { return failure == Failure::kNone; }
};

class UplinkTransport {
 public:
  virtual ~UplinkTransport() = default;
  // "https://host:port/base (http_json)" for logs.
  virtual std::string describe() const = 0;
  // Records in order; each has key, backfill and sent_at set.
  virtual SendResult send(const std::vector<gate::v1::UplinkRecord>& records) = 0;
  virtual Result<gate::v1::HeartbeatReply> heartbeat(const gate::v1::Heartbeat& hb) = 0;
  // Changes since `since` ("" = full snapshot).
  virtual Result<gate::v1::DownlinkReply> fetch_downlink(const std::string& since) = 0;
};

// What a transport needs besides the endpoint.
struct TransportOptions {
  std::string gate_id;
  std::string app_key;  // empty: requests are not signed
  std::string app_secret;
  int timeout_ms = 5000;
  int max_in_flight = 100;       // TCP: record frames sent before waiting for their acks
  int utc_offset_minutes = 480;  // platform profiles: the zone their local times are written in
};

}  // namespace gate::drivers::uplink
