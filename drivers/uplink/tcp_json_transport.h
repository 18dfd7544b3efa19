// The TCP profile (docs/uplink.md §7), in the style of the Hengshui networking guide: one long
// connection (plain TCP or TLS) carrying length-prefixed JSON frames. The gate logs in with a
// signed login frame, then sends one frame per record and gets one record_ack per record;
// heartbeats and downlink requests travel on the same connection. Up to max_in_flight records
// are sent before their acks are awaited.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "drivers/uplink/endpoint.h"
#include "drivers/uplink/frame_codec.h"
#include "drivers/uplink/net_stream.h"
#include "drivers/uplink/uplink_transport.h"

namespace gate::drivers::uplink {

class TcpJsonTransport : public UplinkTransport {
 public:
  // `tls` is required for tls:// and ignored for tcp://.
  TcpJsonTransport(Endpoint endpoint, TransportOptions options, TlsContext tls);

  std::string describe() const override;
  SendResult send(const std::vector<gate::v1::UplinkRecord>& records) override;
  Result<gate::v1::HeartbeatReply> heartbeat(const gate::v1::Heartbeat& hb) override;
  Result<gate::v1::DownlinkReply> fetch_downlink(const std::string& since) override;

  std::function<int64_t()> clock_s;

 private:
  enum class SessionError { kNone, kUnavailable, kAuth };
  SessionError ensure_session(std::string* error);
  Status write_frame(const gate::v1::TcpFrame& f);
  Result<gate::v1::TcpFrame> read_frame(int timeout_ms);
  // Sends `f` and reads frames until the one answering its msg_id.
  Result<gate::v1::TcpFrame> request(gate::v1::TcpFrame f);
  std::string next_id();
  void drop();

  Endpoint endpoint_;
  TransportOptions options_;
  TlsContext tls_;
  std::unique_ptr<NetStream> conn_;
  FrameBuffer rx_;  // bytes received and not yet taken as frames
  int64_t msg_counter_ = 0;
};

}  // namespace gate::drivers::uplink
