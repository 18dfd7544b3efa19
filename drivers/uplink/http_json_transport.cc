#include "drivers/uplink/http_json_transport.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <set>
#include <stdexcept>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/request_signing.h"
#include "drivers/uplink/signed_http.h"
#include "drivers/uplink/wire_json.h"
#include "drivers/uplink/wire_time.h"

namespace gate::drivers::uplink {

namespace http = boost::beast::http;

namespace {

int64_t system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The platform's error body {"code":…,"message":…}, or the start of whatever it sent.
std::string error_text(int status, const std::string& body) {
  gate::v1::ErrorFrame e;
  std::string text;
  if (from_json_lenient(body, &e).ok() && !e.message().empty()) {
    text = e.code().empty() ? e.message() : e.code() + ": " + e.message();
  } else {
    text = body.substr(0, 160);
  }
  return "platform answered HTTP " + std::to_string(status) + (text.empty() ? "" : ": " + text);
}

}  // namespace

HttpJsonTransport::HttpJsonTransport(Endpoint endpoint, TransportOptions options, TlsContext tls)
    : clock_s(system_seconds),
      endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      tls_(endpoint_.tls() ? std::move(tls) : nullptr) {
  // A TLS endpoint without a TLS context would silently talk in clear: a programming error.
  if (endpoint_.tls() && !tls_) throw std::invalid_argument(endpoint_.to_string() + " needs TLS");
}

std::string HttpJsonTransport::describe() const {
  return endpoint_.to_string() + " (http_json" +
         std::string(options_.app_key.empty() ? ", unsigned" : ", signed") + ")";
}

Result<HttpJsonTransport::Reply> HttpJsonTransport::exchange_once(const std::string& method,
                                                                  const std::string& target,
                                                                  const std::string& body) {
  if (!conn_ || !conn_->is_open()) {
    auto c = NetStream::Connect(endpoint_.host, endpoint_.port, tls_, options_.timeout_ms);
    if (!c.ok()) return Error{c.error()};
    conn_ = std::move(c).value();
  }
  HttpRequestMsg req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, endpoint_.host);
  req.set(http::field::user_agent, std::string("gated ") + kProfileVersion);
  req.keep_alive(true);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json; charset=utf-8");
    req.body() = body;
  }
  if (!options_.app_key.empty()) {
    sign_http_request(req, options_.app_key, options_.app_secret, clock_s(), method, target, body);
  }
  req.prepare_payload();
  auto res = conn_->http_exchange(req, options_.timeout_ms);
  if (!res.ok()) {
    conn_.reset();
    return Error{res.error()};
  }
  Reply reply{static_cast<int>(res.value().result_int()), std::move(res.value().body()),
              std::string(res.value()[http::field::date])};
  if (!res.value().keep_alive()) conn_.reset();
  return reply;
}

Result<HttpJsonTransport::Reply> HttpJsonTransport::exchange(const std::string& method,
                                                             const std::string& target,
                                                             const std::string& body) {
  const bool reused = conn_ && conn_->is_open();
  auto r = exchange_once(method, target, body);
  // A kept-alive connection the platform closed while idle fails at once; one fresh try is
  // safe because every request is idempotent (keys) or read-only. A timeout is not retried.
  if (!r.ok() && reused && r.error().find("timeout") == std::string::npos) {
    r = exchange_once(method, target, body);
  }
  return r;
}

SendResult HttpJsonTransport::send(const std::vector<gate::v1::UplinkRecord>& records) {
  SendResult out;
  gate::v1::UplinkBatch batch;
  batch.set_profile(kProfileVersion);
  batch.set_gate_id(options_.gate_id);
  batch.set_batch_id(options_.gate_id + "-" + std::to_string(clock_s()) + "-" +
                     std::to_string(++batch_counter_));
  for (const auto& r : records) *batch.add_records() = r;
  auto reply = exchange("POST", endpoint_.base_path + "/passages", to_json(batch));
  if (!reply.ok()) {
    out.failure = SendResult::Failure::kUnavailable;
    out.error = reply.error();
    return out;
  }
  const int status = reply.value().status;
  if (status == 400 || status == 413 || status == 422) {
    out.failure = SendResult::Failure::kBatchRefused;
    out.error = error_text(status, reply.value().body);
    return out;
  }
  if (status == 401 || status == 403) {
    out.failure = SendResult::Failure::kAuth;
    out.error = error_text(status, reply.value().body);
    return out;
  }
  if (status != 200) {
    out.failure = SendResult::Failure::kUnavailable;
    out.error = error_text(status, reply.value().body);
    return out;
  }
  gate::v1::UploadReply parsed;
  if (Status st = from_json_lenient(reply.value().body, &parsed); !st.ok()) {
    out.failure = SendResult::Failure::kUnavailable;
    out.error = "platform's answer to a batch: " + st.message();
    return out;
  }
  std::set<std::string> sent;
  for (const auto& r : records) sent.insert(r.key());
  for (const auto& k : parsed.acked()) {
    if (sent.count(k)) out.acked.push_back(k);
  }
  for (const auto& rej : parsed.rejected()) {
    if (sent.count(rej.key())) out.rejected.push_back(rej);
  }
  return out;
}

Result<gate::v1::HeartbeatReply> HttpJsonTransport::heartbeat(const gate::v1::Heartbeat& hb) {
  auto reply = exchange("POST", endpoint_.base_path + "/heartbeat", to_json(hb));
  if (!reply.ok()) return Error{reply.error()};
  if (reply.value().status != 200)
    return Error{error_text(reply.value().status, reply.value().body)};
  gate::v1::HeartbeatReply parsed;
  if (Status st = from_json_lenient(reply.value().body, &parsed); !st.ok()) {
    return Error{"platform's answer to a heartbeat: " + st.message()};
  }
  // The gate checks its clock against server_time; a platform that leaves it out still dates
  // its HTTP replies.
  if (parsed.server_time().empty() && !reply.value().date.empty()) {
    if (auto date = parse_http_date(reply.value().date); date.ok()) {
      parsed.set_server_time(format_wire_time(date.value(), 0));
    }
  }
  return parsed;
}

Result<gate::v1::DownlinkReply> HttpJsonTransport::fetch_downlink(const std::string& since) {
  const std::string target = endpoint_.base_path +
                             "/downlink?gate_id=" + url_encode(options_.gate_id) +
                             "&since=" + url_encode(since);
  auto reply = exchange("GET", target, "");
  if (!reply.ok()) return Error{reply.error()};
  if (reply.value().status != 200)
    return Error{error_text(reply.value().status, reply.value().body)};
  gate::v1::DownlinkReply parsed;
  if (Status st = from_json_lenient(reply.value().body, &parsed); !st.ok()) {
    return Error{"platform's downlink answer: " + st.message()};
  }
  return parsed;
}

}  // namespace gate::drivers::uplink
