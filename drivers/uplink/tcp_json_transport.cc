#include "drivers/uplink/tcp_json_transport.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/frame_codec.h"
#include "drivers/uplink/request_signing.h"
#include "drivers/uplink/wire_json.h"

namespace gate::drivers::uplink {
namespace {

using Clock = std::chrono::steady_clock;

int64_t system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int ms_left(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::max<int64_t>(left, 1));
}

}  // namespace

TcpJsonTransport::TcpJsonTransport(Endpoint endpoint, TransportOptions options, TlsContext tls)
    : clock_s(system_seconds),
      endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      tls_(endpoint_.tls() ? std::move(tls) : nullptr) {
  // A TLS endpoint without a TLS context would silently talk in clear: a programming error.
  if (endpoint_.tls() && !tls_) throw std::invalid_argument(endpoint_.to_string() + " needs TLS");
}

std::string TcpJsonTransport::describe() const {
  return endpoint_.to_string() + " (tcp_json" +
         std::string(options_.app_key.empty() ? ", unsigned login" : ", signed login") + ")";
}

std::string TcpJsonTransport::next_id() {
  return std::to_string(++msg_counter_);
}

void TcpJsonTransport::drop() {
  conn_.reset();
  rx_.clear();
}

Status TcpJsonTransport::write_frame(const gate::v1::TcpFrame& f) {
  Status st = conn_->write(encode_frame(to_json(f)), options_.timeout_ms);
  if (!st.ok()) drop();
  return st;
}

// Frames already received are taken from the buffer; otherwise whatever the platform has sent
// is read in one go (acks of a pipelined batch arrive together).
Result<gate::v1::TcpFrame> TcpJsonTransport::read_frame(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto payload = rx_.next();
    if (!payload.ok()) {
      drop();
      return Error{"platform sent a bad frame: " + payload.error()};
    }
    if (payload.value()) {
      gate::v1::TcpFrame f;
      if (Status st = from_json_lenient(*payload.value(), &f); !st.ok()) {
        drop();
        return Error{"platform sent a frame that is not a TcpFrame: " + st.message()};
      }
      return f;
    }
    auto bytes = conn_->read_some(64 * 1024, ms_left(deadline));
    if (!bytes.ok()) {
      drop();
      return Error{bytes.error()};
    }
    rx_.append(bytes.value());
  }
}

TcpJsonTransport::SessionError TcpJsonTransport::ensure_session(std::string* error) {
  if (conn_ && conn_->is_open()) return SessionError::kNone;
  auto c = NetStream::Connect(endpoint_.host, endpoint_.port, tls_, options_.timeout_ms);
  if (!c.ok()) {
    *error = c.error();
    return SessionError::kUnavailable;
  }
  conn_ = std::move(c).value();
  gate::v1::TcpFrame f;
  f.set_msg_id(next_id());
  auto* login = f.mutable_login();
  login->set_profile(kProfileVersion);
  login->set_gate_id(options_.gate_id);
  if (!options_.app_key.empty()) {
    Signature sig = sign_request(options_.app_key, options_.app_secret, clock_s(), kLoginMethod,
                                 options_.gate_id, "");
    login->set_app_key(sig.app_key);
    login->set_timestamp(sig.timestamp_s);
    login->set_nonce(sig.nonce);
    login->set_signature(sig.signature);
  }
  auto reply = request(f);
  if (!reply.ok()) {
    *error = "login: " + reply.error();
    return SessionError::kUnavailable;
  }
  if (!reply.value().has_login_reply()) {
    drop();
    *error = "login: the platform answered with something other than login_reply";
    return SessionError::kUnavailable;
  }
  if (!reply.value().login_reply().ok()) {
    drop();
    *error = "login refused: " + reply.value().login_reply().error();
    return SessionError::kAuth;
  }
  return SessionError::kNone;
}

Result<gate::v1::TcpFrame> TcpJsonTransport::request(gate::v1::TcpFrame f) {
  if (!conn_) return Error{"not connected"};
  const std::string id = f.msg_id();
  if (Status st = write_frame(f); !st.ok()) return Error{st.message()};
  const auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
  for (;;) {
    if (!conn_) return Error{"connection lost"};
    auto r = read_frame(ms_left(deadline));
    if (!r.ok()) return r;
    if (r.value().has_error()) {
      drop();
      return Error{"platform error " + r.value().error().code() + ": " +
                   r.value().error().message()};
    }
    if (r.value().msg_id() == id) return r;
    // A late answer to an earlier request (e.g. an ack after a timeout): not ours, skip it.
    if (Clock::now() >= deadline) {
      drop();
      return Error{"timeout after " + std::to_string(options_.timeout_ms) +
                   " ms waiting for the answer to frame " + id};
    }
  }
}

SendResult TcpJsonTransport::send(const std::vector<gate::v1::UplinkRecord>& records) {
  SendResult out;
  std::string error;
  switch (ensure_session(&error)) {
    case SessionError::kNone:
      break;
    case SessionError::kAuth:
      out.failure = SendResult::Failure::kAuth;
      out.error = error;
      return out;
    case SessionError::kUnavailable:
      out.failure = SendResult::Failure::kUnavailable;
      out.error = error;
      return out;
  }
  const std::size_t chunk = static_cast<std::size_t>(std::max(1, options_.max_in_flight));
  std::string retry_reason;
  for (std::size_t start = 0; start < records.size() && conn_; start += chunk) {
    const std::size_t end = std::min(records.size(), start + chunk);
    std::string bytes;
    std::map<std::string, std::string> pending;  // key → msg_id
    for (std::size_t i = start; i < end; ++i) {
      gate::v1::TcpFrame f;
      f.set_msg_id(next_id());
      *f.mutable_record() = records[i];
      pending[records[i].key()] = f.msg_id();
      bytes += encode_frame(to_json(f));
    }
    if (Status st = conn_->write(bytes, options_.timeout_ms); !st.ok()) {
      drop();
      error = st.message();
      break;
    }
    const auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    while (!pending.empty() && conn_) {
      auto f = read_frame(ms_left(deadline));
      if (!f.ok()) {
        error = f.error();
        break;
      }
      if (f.value().has_error()) {
        error = "platform error " + f.value().error().code() + ": " + f.value().error().message();
        drop();
        break;
      }
      if (!f.value().has_record_ack()) continue;
      const auto& ack = f.value().record_ack();
      auto it = pending.find(ack.key());
      if (it == pending.end()) continue;  // a late ack of an earlier attempt
      pending.erase(it);
      if (ack.ok()) {
        out.acked.push_back(ack.key());
      } else if (ack.code() == "retry") {
        if (retry_reason.empty()) retry_reason = "platform asked to send again: " + ack.reason();
      } else {
        gate::v1::RecordRejection rej;
        rej.set_key(ack.key());
        rej.set_code(ack.code());
        rej.set_reason(ack.reason());
        out.rejected.push_back(std::move(rej));
      }
      if (Clock::now() >= deadline && !pending.empty()) {
        error = "timeout after " + std::to_string(options_.timeout_ms) + " ms waiting for " +
                std::to_string(pending.size()) + " record ack(s)";
        drop();
      }
    }
    if (!pending.empty()) {
      if (error.empty()) error = std::to_string(pending.size()) + " record(s) not acknowledged";
      break;
    }
  }
  if (out.acked.empty() && out.rejected.empty() && (!error.empty() || !retry_reason.empty())) {
    out.failure = SendResult::Failure::kUnavailable;
    out.error = error.empty() ? retry_reason : error;
  }
  return out;
}

Result<gate::v1::HeartbeatReply> TcpJsonTransport::heartbeat(const gate::v1::Heartbeat& hb) {
  std::string error;
  if (ensure_session(&error) != SessionError::kNone) return Error{error};
  gate::v1::TcpFrame f;
  f.set_msg_id(next_id());
  *f.mutable_heartbeat() = hb;
  auto r = request(f);
  if (!r.ok()) return Error{r.error()};
  if (!r.value().has_heartbeat_reply()) {
    drop();
    return Error{"platform answered a heartbeat with something other than heartbeat_reply"};
  }
  return r.value().heartbeat_reply();
}

Result<gate::v1::DownlinkReply> TcpJsonTransport::fetch_downlink(const std::string& since) {
  std::string error;
  if (ensure_session(&error) != SessionError::kNone) return Error{error};
  gate::v1::TcpFrame f;
  f.set_msg_id(next_id());
  f.mutable_downlink_request()->set_since(since);
  auto r = request(f);
  if (!r.ok()) return Error{r.error()};
  if (!r.value().has_downlink()) {
    drop();
    return Error{"platform answered a downlink request with something other than downlink"};
  }
  return r.value().downlink();
}

}  // namespace gate::drivers::uplink
