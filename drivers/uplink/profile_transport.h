// A platform that speaks a field-map profile (gate.v1.PlatformProfile, docs/platform-profiles.md)
// over HTTP(S): one POST per record, built by profile_render.h, after a token login where the
// profile has one.
//
// How an answer is read, per record:
// - the HTTP status is one the profile's success lists (default 200) and, where success.field
//   is set, that body field holds success.value → taken (acked);
// - that field holds login.token_invalid_value, or the status is 401/403 with a token login →
//   log in again and send the record once more; still refused → kAuth;
// - that field holds another value, or HTTP 400/413/422 → this record refused (parked with the
//   reason at success.reason_field, or the body's start), the next record goes on;
// - no answer, another status, or a body that is not the JSON the profile describes → nothing
//   more is sent now (kUnavailable); the outbox sends the rest again later. Never lost: a record
//   is acked only on the platform's yes.
// A record the profile cannot write (a code missing from a table, a setting not configured) is
// refused locally with that reason. An outcome record, where the profile has no KIND_OUTCOME
// message, is acked without being sent: this platform takes no outcomes.
//
// heartbeat() sends the profile's KIND_STATUS message (the gate's barrier and camera state), then
// one KIND_LANE_STATUS message per lane and one KIND_CAMERA_STATUS message per watched camera
// where the profile has them. The uploader calls it every heartbeat interval, which the
// profile's interval_s sets. It answers an error when the profile has no status message, and at
// the first message not taken (the next heartbeat sends them all again: a status is a state,
// not a record, so none is queued).
//
// fetch_downlink() sends the profile's KIND_POLICY_PULL message (the uploader calls it every
// downlink interval, which the profile's interval_s sets) and reads the platform's control codes
// from a successful answer with the message's `reads` (policy_pull.h). The reply is never `full`
// and has no list changes: the platform's lists are untouched. Its cursor is a digest of the
// measures, so an unchanged answer is a reply without `control` (nothing new to apply or log).
// An answer that is not a success, or that the reads cannot take (a missing field, a code no
// table lists), is an error: nothing is applied and the last state stays. Without a pull
// message it answers an error saying the platform's control codes are not pulled. The uploader
// logs each error once.
//
// check_vehicle() sends the profile's KIND_VEHICLE_CHECK message for one plate read and reads
// the answer with the message's `reads` (check_answer.h). It blocks for at most the options'
// timeout per call (a login first, where the token has run out, is one more call); its caller
// (firmware-host/gated/platform_vehicle_check.h) runs it off the lane's thread.
//
// SCHEME_MD5_HEADER: every call carries login.key_header = the app key, login.timestamp_header =
// unix seconds and login.signature_header = md5_header_signature() (request_signing.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "drivers/uplink/endpoint.h"
#include "drivers/uplink/net_stream.h"
#include "drivers/uplink/profile_render.h"
#include "drivers/uplink/uplink_transport.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/platform_profile.pb.h"

namespace gate::drivers::uplink {

class ProfileTransport : public UplinkTransport {
 public:
  // `profile` checked (platform_profile.h); `context` with the plant's settings. `tls` is
  // required for https:// and ignored for http://.
  ProfileTransport(gate::v1::PlatformProfile profile, Endpoint endpoint, TransportOptions options,
                   TlsContext tls, RenderContext context);

  std::string describe() const override;
  SendResult send(const std::vector<gate::v1::UplinkRecord>& records) override;
  Result<gate::v1::HeartbeatReply> heartbeat(const gate::v1::Heartbeat& hb) override;
  Result<gate::v1::DownlinkReply> fetch_downlink(const std::string& since) override;
  // The platform's answer to the check of `request` (check_request.h): ANSWERED with what it
  // said, or UNAVAILABLE with why not (no answer in time, the call refused, an answer the reads
  // cannot take, no check message in the profile).
  gate::v1::VehicleCheck check_vehicle(const gate::v1::UplinkRecord& request);

  // Unix seconds, for the token's lifetime and signatures; tests replace it.
  std::function<int64_t()> clock_s;
  // Logins made so far (each one a POST of the login call that gave a token).
  int logins() const { return logins_; }

  // What an answer (or its absence) means for one record.
  struct Answer {
    enum class Verdict { kTaken, kRefused, kLoginAgain, kUnavailable, kAuth };
    Verdict verdict;
    std::string reason;
  };

 private:
  struct Reply {
    int status = 0;
    std::string body;
  };
  using Render = std::function<Result<nlohmann::json>()>;
  // One message: logs in if needed, renders, posts, reads the answer; once more after a new
  // login when the platform ended the token.
  // `answer`, where given, gets the body of the answer judged last.
  Answer send_message(const gate::v1::PlatformMessage& m, const Render& render,
                      std::string* answer = nullptr);
  Answer post_rendered(const gate::v1::PlatformMessage& m, const Render& render,
                       std::string* answer);
  // Each lane's or each camera's status message (`kind`), where the profile has one.
  Status send_unit_statuses(gate::v1::PlatformMessage::Kind kind, const gate::v1::Heartbeat& hb);
  void sign(HttpRequestMsg& req, const std::string& target, const std::string& body);
  Answer judge(const Result<Reply>& reply) const;
  // A token that is still valid, logging in when there is none: kTaken, or why not.
  Answer ensure_token();
  Result<Reply> post(const std::string& path, const std::string& body);
  Result<Reply> post_once(const std::string& path, const std::string& body);

  gate::v1::PlatformProfile profile_;
  Endpoint endpoint_;
  TransportOptions options_;
  TlsContext tls_;
  RenderContext context_;
  std::unique_ptr<NetStream> conn_;
  int64_t token_until_s_ = 0;
  int logins_ = 0;
  std::string pull_cursor_;  // the cursor of the last policy pull answered
};

}  // namespace gate::drivers::uplink
