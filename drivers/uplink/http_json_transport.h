// The reference profile over HTTP(S) (docs/uplink.md §6): POST <base>/passages with a batch,
// POST <base>/heartbeat, GET <base>/downlink?gate_id=…&since=…; every request signed (§5).
// Keeps one keep-alive connection; a request that fails on a reused connection is tried once
// more on a fresh one (uploads are idempotent by key).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "drivers/uplink/endpoint.h"
#include "drivers/uplink/net_stream.h"
#include "drivers/uplink/uplink_transport.h"

namespace gate::drivers::uplink {

class HttpJsonTransport : public UplinkTransport {
 public:
  // `tls` is required for https:// and ignored for http://.
  HttpJsonTransport(Endpoint endpoint, TransportOptions options, TlsContext tls);

  std::string describe() const override;
  SendResult send(const std::vector<gate::v1::UplinkRecord>& records) override;
  Result<gate::v1::HeartbeatReply> heartbeat(const gate::v1::Heartbeat& hb) override;
  Result<gate::v1::DownlinkReply> fetch_downlink(const std::string& since) override;

  // Unix seconds for the signature; tests replace it.
  std::function<int64_t()> clock_s;

 private:
  struct Reply {
    int status = 0;
    std::string body;
    std::string date;  // the Date header, "" when absent
  };
  Result<Reply> exchange(const std::string& method, const std::string& target,
                         const std::string& body);
  Result<Reply> exchange_once(const std::string& method, const std::string& target,
                              const std::string& body);

  Endpoint endpoint_;
  TransportOptions options_;
  TlsContext tls_;
  std::unique_ptr<NetStream> conn_;
  int64_t batch_counter_ = 0;
};

}  // namespace gate::drivers::uplink
