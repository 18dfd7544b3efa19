// A field-map platform profile over HTTP(S): see profile_transport.h.
#include "drivers/uplink/profile_transport.h"

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "drivers/uplink/check_answer.h"
#include "drivers/uplink/json_path.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/policy_pull.h"
#include "drivers/uplink/record_fields.h"
#include "drivers/uplink/signed_http.h"

namespace gate::drivers::uplink {
namespace {

namespace http = boost::beast::http;
using json = nlohmann::json;
using Verdict = ProfileTransport::Answer::Verdict;
using gate::v1::PlatformLogin;
using gate::v1::PlatformMessage;

std::string start_of(const std::string& body) {
  std::string s = body.substr(0, 160);
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return s;
}

// The batch ends at a record the platform did not answer. What it answered before stands (the
// uploader marks those and sends the rest again), so a failure is reported only when nothing
// was answered: a platform without idempotency must not get a taken record twice.
SendResult stopped(SendResult out, SendResult::Failure failure, const std::string& why) {
  if (out.acked.empty() && out.rejected.empty()) out.failure = failure;
  out.error = why;
  return out;
}

int64_t system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ProfileTransport::ProfileTransport(gate::v1::PlatformProfile profile, Endpoint endpoint,
                                   TransportOptions options, TlsContext tls, RenderContext context)
    : clock_s(system_seconds),
      profile_(std::move(profile)),
      endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      tls_(std::move(tls)),
      context_(std::move(context)) {}

std::string ProfileTransport::describe() const {
  return endpoint_.to_string() + " (profile " + profile_.name() + ")";
}

Result<ProfileTransport::Reply> ProfileTransport::post_once(const std::string& path,
                                                            const std::string& body) {
  if (!conn_ || !conn_->is_open()) {
    auto c = NetStream::Connect(endpoint_.host, endpoint_.port, tls_, options_.timeout_ms);
    if (!c.ok()) return Error{c.error()};
    conn_ = std::move(c).value();
  }
  const std::string target = endpoint_.base_path + path;
  HttpRequestMsg req{http::verb::post, target, 11};
  req.set(http::field::host, endpoint_.host);
  req.set(http::field::user_agent, "gated " + profile_.name());
  req.set(http::field::content_type, "application/json; charset=utf-8");
  req.keep_alive(true);
  req.body() = body;
  sign(req, target, body);
  req.prepare_payload();
  auto res = conn_->http_exchange(req, options_.timeout_ms);
  if (!res.ok()) {
    conn_.reset();
    return Error{res.error()};
  }
  Reply reply{static_cast<int>(res.value().result_int()), std::move(res.value().body())};
  if (!res.value().keep_alive()) conn_.reset();
  return reply;
}

void ProfileTransport::sign(HttpRequestMsg& req, const std::string& target,
                            const std::string& body) {
  const auto& login = profile_.login();
  if (!login.token_header().empty() && !context_.token.empty()) {
    req.set(login.token_header(), context_.token);
  }
  // Without an app key nothing is signed (make_transport warns): a real platform refuses it.
  if (options_.app_key.empty()) return;
  if (login.scheme() == PlatformLogin::SCHEME_HMAC) {
    sign_http_request(req, options_.app_key, options_.app_secret, clock_s(), "POST", target, body);
  } else if (login.scheme() == PlatformLogin::SCHEME_MD5_HEADER) {
    const int64_t now = clock_s();
    req.set(login.key_header(), options_.app_key);
    req.set(login.timestamp_header(), std::to_string(now));
    req.set(login.signature_header(),
            md5_header_signature(options_.app_key, now, options_.app_secret));
  }
}

Result<ProfileTransport::Reply> ProfileTransport::post(const std::string& path,
                                                       const std::string& body) {
  const bool reused = conn_ && conn_->is_open();
  auto r = post_once(path, body);
  // A kept-alive connection the platform closed while idle fails at once; one fresh try is
  // safe: the platform ignores a repeated record by its serial, and a login may be repeated.
  if (!r.ok() && reused && r.error().find("timeout") == std::string::npos) {
    r = post_once(path, body);
  }
  return r;
}

ProfileTransport::Answer ProfileTransport::judge(const Result<Reply>& reply) const {
  if (!reply.ok()) return {Verdict::kUnavailable, reply.error()};
  const int status = reply.value().status;
  const std::string& body = reply.value().body;
  const std::string http_text = "platform answered HTTP " + std::to_string(status);
  const bool token_login = profile_.login().scheme() == PlatformLogin::SCHEME_TOKEN;
  if (status == 401 || status == 403) {
    return {token_login ? Verdict::kLoginAgain : Verdict::kAuth, http_text + ": " + start_of(body)};
  }
  const auto& ok = profile_.success();
  const bool listed = ok.http_status().empty()
                          ? status == 200
                          : std::find(ok.http_status().begin(), ok.http_status().end(), status) !=
                                ok.http_status().end();
  if (!listed) {
    const bool refused = status == 400 || status == 413 || status == 422;
    return {refused ? Verdict::kRefused : Verdict::kUnavailable, http_text + ": " + start_of(body)};
  }
  if (ok.field().empty()) return {Verdict::kTaken, ""};
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return {Verdict::kUnavailable,
            "platform answered with something that is not a JSON object: " + start_of(body)};
  }
  const auto value = text_at(parsed, ok.field());
  if (!value) {
    return {Verdict::kUnavailable,
            "platform's answer has no field " + ok.field() + ": " + start_of(body)};
  }
  if (*value == ok.value()) return {Verdict::kTaken, ""};
  const auto reason = ok.reason_field().empty() ? std::nullopt : text_at(parsed, ok.reason_field());
  const std::string why =
      ok.field() + " " + *value + (reason ? ": " + *reason : ": " + start_of(body));
  if (token_login && !profile_.login().token_invalid_value().empty() &&
      *value == profile_.login().token_invalid_value()) {
    return {Verdict::kLoginAgain, why};
  }
  return {Verdict::kRefused, why};
}

ProfileTransport::Answer ProfileTransport::ensure_token() {
  const auto& login = profile_.login();
  if (login.scheme() != PlatformLogin::SCHEME_TOKEN) return {Verdict::kTaken, ""};
  if (!context_.token.empty() && clock_s() < token_until_s_) return {Verdict::kTaken, ""};
  context_.token.clear();
  auto body = render_login(profile_, context_);
  if (!body.ok()) return {Verdict::kAuth, "login: " + body.error()};
  const auto reply = post(login.path(), body.value().dump());
  Answer a = judge(reply);
  if (a.verdict != Verdict::kTaken) {
    const Verdict v = a.verdict == Verdict::kUnavailable ? Verdict::kUnavailable : Verdict::kAuth;
    return {v, "login refused: " + a.reason};
  }
  const json parsed = json::parse(reply.value().body, nullptr, false);
  const auto token = parsed.is_discarded() ? std::nullopt : text_at(parsed, login.token_field());
  if (!token || token->empty()) {
    return {Verdict::kUnavailable, "login answer has no token at " + login.token_field() + ": " +
                                       start_of(reply.value().body)};
  }
  context_.token = *token;
  // Renewed a little before the platform's end of it, so that no record meets an expired token.
  token_until_s_ = clock_s() + login.token_lifetime_s() * 9 / 10;
  ++logins_;
  return {Verdict::kTaken, ""};
}

ProfileTransport::Answer ProfileTransport::post_rendered(const PlatformMessage& m,
                                                         const Render& render,
                                                         std::string* answer) {
  Answer login = ensure_token();
  if (login.verdict != Verdict::kTaken) return login;
  auto body = render();
  if (!body.ok()) {
    return {Verdict::kRefused,
            "not sendable as profile " + profile_.name() + " says: " + body.error()};
  }
  const auto reply = post(m.path(), body.value().dump());
  if (answer != nullptr && reply.ok()) *answer = reply.value().body;
  return judge(reply);
}

ProfileTransport::Answer ProfileTransport::send_message(const PlatformMessage& m,
                                                        const Render& render, std::string* answer) {
  Answer a = post_rendered(m, render, answer);
  if (a.verdict != Verdict::kLoginAgain) return a;
  context_.token.clear();  // the platform ended the token before its time: once more, fresh
  a = post_rendered(m, render, answer);
  if (a.verdict == Verdict::kLoginAgain) a.verdict = Verdict::kAuth;
  return a;
}

SendResult ProfileTransport::send(const std::vector<gate::v1::UplinkRecord>& records) {
  SendResult out;
  for (const auto& r : records) {
    const PlatformMessage* m = find_message(profile_, message_kind(r.kind()));
    if (m == nullptr) {
      out.acked.push_back(r.key());  // this platform takes no such record
      continue;
    }
    int64_t photo_bytes = 0;
    context_.photo_rendered = [&](int64_t n) { photo_bytes += n; };
    const Answer a = send_message(*m, [&] {
      photo_bytes = 0;
      return render_message(profile_, *m, r, context_);
    });
    context_.photo_rendered = nullptr;
    switch (a.verdict) {
      case Verdict::kTaken:
        out.acked.push_back(r.key());
        out.photo_bytes += photo_bytes;
        continue;
      case Verdict::kRefused: {
        gate::v1::RecordRejection rej;
        rej.set_key(r.key());
        rej.set_code("platform");
        rej.set_reason(a.reason);
        out.rejected.push_back(std::move(rej));
        continue;
      }
      case Verdict::kAuth:
      case Verdict::kLoginAgain:
        return stopped(std::move(out), SendResult::Failure::kAuth, a.reason);
      case Verdict::kUnavailable:
        return stopped(std::move(out), SendResult::Failure::kUnavailable, a.reason);
    }
  }
  return out;
}

Status ProfileTransport::send_unit_statuses(PlatformMessage::Kind kind,
                                            const gate::v1::Heartbeat& hb) {
  const PlatformMessage* m = find_message(profile_, kind);
  if (m == nullptr) return Status::Ok();
  auto bodies = render_unit_statuses(profile_, *m, hb, context_);
  if (!bodies.ok()) return Error{PlatformMessage::Kind_Name(kind) + ": " + bodies.error()};
  for (const auto& body : bodies.value()) {
    const Answer a = send_message(*m, [&]() -> Result<json> { return body; });
    if (a.verdict != Verdict::kTaken) {
      return Error{PlatformMessage::Kind_Name(kind) + ": " + a.reason};
    }
  }
  return Status::Ok();
}

Result<gate::v1::HeartbeatReply> ProfileTransport::heartbeat(const gate::v1::Heartbeat& hb) {
  const PlatformMessage* m = find_message(profile_, PlatformMessage::KIND_STATUS);
  if (m == nullptr && find_message(profile_, PlatformMessage::KIND_LANE_STATUS) == nullptr &&
      find_message(profile_, PlatformMessage::KIND_CAMERA_STATUS) == nullptr) {
    return Error{"profile " + profile_.name() + " has no status message: no status is reported"};
  }
  if (m != nullptr) {
    const Answer a = send_message(*m, [&] { return render_status(profile_, *m, hb, context_); });
    if (a.verdict != Verdict::kTaken) return Error{"status report: " + a.reason};
  }
  for (auto kind : {PlatformMessage::KIND_LANE_STATUS, PlatformMessage::KIND_CAMERA_STATUS}) {
    if (Status st = send_unit_statuses(kind, hb); !st.ok()) {
      return Error{"status report: " + st.message()};
    }
  }
  gate::v1::HeartbeatReply reply;
  // A field-map platform announces nothing: the uploader pulls at its own interval.
  reply.set_downlink_cursor(pull_cursor_);
  return reply;
}

Result<gate::v1::DownlinkReply> ProfileTransport::fetch_downlink(const std::string& since) {
  const PlatformMessage* m = find_message(profile_, PlatformMessage::KIND_POLICY_PULL);
  if (m == nullptr) {
    return Error{"profile " + profile_.name() +
                 " has no KIND_POLICY_PULL message: the platform's control codes are not pulled"};
  }
  std::string body;
  const Answer a = send_message(
      *m, [&] { return render_pull(profile_, *m, context_); }, &body);
  if (a.verdict != Verdict::kTaken) return Error{"policy pull: " + a.reason};
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Error{"policy pull: the platform answered with something that is not a JSON object: " +
                 start_of(body)};
  }
  auto control = read_control(profile_, *m, parsed, context_.utc_offset_minutes);
  if (!control.ok()) return Error{"policy pull: " + control.error()};
  gate::v1::DownlinkReply reply;
  reply.set_cursor("pull-" + md5_hex(control.value().SerializeAsString()).substr(0, 16));
  if (reply.cursor() != since) *reply.mutable_control() = std::move(control).value();
  pull_cursor_ = reply.cursor();
  return reply;
}

}  // namespace gate::drivers::uplink

namespace gate::drivers::uplink {

gate::v1::VehicleCheck ProfileTransport::check_vehicle(const gate::v1::UplinkRecord& request) {
  gate::v1::VehicleCheck out;
  out.set_status(gate::v1::VehicleCheck::STATUS_UNAVAILABLE);
  const PlatformMessage* m = find_message(profile_, PlatformMessage::KIND_VEHICLE_CHECK);
  if (m == nullptr) {
    out.set_reason("profile " + profile_.name() + " has no KIND_VEHICLE_CHECK message");
    return out;
  }
  std::string body;
  const Answer a = send_message(
      *m, [&] { return render_message(profile_, *m, request, context_); }, &body);
  if (a.verdict != Verdict::kTaken) {
    out.set_reason("vehicle check: " + a.reason);
    return out;
  }
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    out.set_reason(
        "vehicle check: the platform answered with something that is not a JSON "
        "object: " +
        start_of(body));
    return out;
  }
  auto answer = read_check_answer(profile_, *m, parsed);
  if (!answer.ok()) {
    out.set_reason("vehicle check: " + answer.error());
    return out;
  }
  return std::move(answer).value();
}

}  // namespace gate::drivers::uplink
