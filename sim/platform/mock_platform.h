// The regional platform's double, speaking both uplink profiles of docs/uplink.md and checking
// them strictly: signatures (with stale and replayed requests refused), the JSON schema, the
// code tables, keys and duplicates. It stores what it takes in its own SQLite file, serves the
// downlink (control measures, whitelist, excess-emission list), and reports what it got.
// Fault modes let tests and inspectors take it down, slow it, make it answer 500 or garbage,
// or drop connections after taking a request.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "drivers/uplink/net_stream.h"
#include "drivers/uplink/request_signing.h"
#include "gate/v1/uplink.pb.h"
#include "rules/plate_color.h"
#include "rules/result.h"
#include "sim/devices/connection_listener.h"
#include "sim/platform/anchor_log.h"
#include "sim/platform/platform_record_db.h"

namespace gate::sim {

struct MockPlatformOptions {
  std::string address = "127.0.0.1";
  int http_port = -1;  // HTTP profile (base path /api/v1); -1 = off, 0 = any free port
  int tcp_port = -1;   // TCP profile; -1 = off, 0 = any free port
  std::string tls_cert_file, tls_key_file;  // both set: TLS on both listeners
  std::string app_key, app_secret;          // set: every request must be signed with them
  // The gate registered for app_key (docs/uplink.md §5): requests naming another gate are
  // refused (HTTP 403 "gate_id", a failed login). "" = the first gate that signs with the key.
  std::string gate_id;
  std::string db_path;  // its own SQLite file; "" = memory only
  std::string
      anchors_path;  // the anchor file (anchor_log.h), appended as anchors arrive; "" = none
  rules::ColorCodeTable color_table = rules::ColorCodeTable::kTrafficEtc;
  int slow_ms = 3000;  // delay of the "slow" mode
};

class MockPlatform {
 public:
  enum class Mode {
    kNormal,
    kDown,      // connections are closed as soon as they arrive (or their next request does)
    kSlow,      // requests are taken at once but answered only after slow_ms
    kError500,  // HTTP 500 / TCP ack "retry", nothing taken
    kGarbage,   // an answer that is not the profile's (HTML / a non-JSON frame), nothing taken
    kDrop,      // the request is taken and stored, then the connection drops without an answer
  };
  static std::string mode_name(Mode m);
  static Result<Mode> mode_from_name(const std::string& name);

  static Result<std::unique_ptr<MockPlatform>> Start(const MockPlatformOptions& options);
  ~MockPlatform();

  int http_port() const { return http_ ? http_->port() : -1; }
  int tcp_port() const { return tcp_ ? tcp_->port() : -1; }
  void set_mode(Mode m);
  Mode mode() const;
  void set_slow_ms(int ms) { slow_ms_ = ms; }

  // Downlink: what the platform pushes to gates.
  void set_control(const gate::v1::ControlMeasures& c);
  void change_list(const gate::v1::ListChange& change);
  // The downlink's latest change, and the latest a gate has been sent: a gate has seen every
  // change up to served_cursor() (gate-sim waits for it around alert changes).
  int64_t downlink_seq() const;
  int64_t served_cursor() const { return served_cursor_.load(); }
  // Records with this plate are rejected as invalid: per record, or (HTTP) the whole batch
  // with 422 — to exercise the gate's parking of bad records.
  void reject_plate(const std::string& plate, bool whole_batch);

  // First arrival per key, in arrival order.
  std::vector<ReceivedRecord> records() const;
  int64_t duplicates() const;              // repeats of a stored key with the same content
  int64_t conflicting_duplicates() const;  // repeats whose content differs: an error
  int64_t batches() const;
  // The anchors held (anchor_log.h), one JSON line each: the anchor file's content.
  std::string anchor_lines() const;
  // Everything as JSON: counts, refusals by kind, last heartbeat, anchors, records when asked.
  std::string report_json(bool with_records) const;
  // The last status each gate reported, by gate id: {"<gate_id>": {"received_unix_ms", "lanes",
  // "cameras", "heartbeat": the whole heartbeat}}; "{}" before the first heartbeat.
  std::string status_json() const;

 private:
  MockPlatform() = default;
  void serve_http(int fd);
  void serve_tcp(int fd);
  std::shared_ptr<drivers::uplink::NetStream> adopt(int fd);
  void forget(const std::shared_ptr<drivers::uplink::NetStream>& s);
  drivers::uplink::HttpResponseMsg handle_http(const drivers::uplink::HttpRequestMsg& req);
  // Takes one record: returns the ack for it.
  gate::v1::RecordAck take_record(const gate::v1::UplinkRecord& r, const std::string& gate_id,
                                  const std::string& profile, int64_t now);
  gate::v1::DownlinkReply downlink_since(const std::string& since) const;
  void note_served(int64_t cursor) const;
  void count(const ReceivedRecord& r);
  gate::v1::HeartbeatReply take_heartbeat(const gate::v1::Heartbeat& hb, int64_t now);
  Status verify(const drivers::uplink::Signature& sig, const std::string& method,
                const std::string& target, const std::string& body, int64_t now_ms);
  void refuse(const std::string& what, const std::string& reason, int64_t now);
  // Whether `gate_id` is the gate of the request's app key (binding the key to it when no gate
  // was registered yet); always Ok on a platform that does not check signatures.
  Status check_gate(const std::string& app_key, const std::string& gate_id);

  MockPlatformOptions opt_;
  drivers::uplink::TlsContext tls_;
  std::unique_ptr<ConnectionListener> http_;
  std::unique_ptr<ConnectionListener> tcp_;
  std::unique_ptr<PlatformRecordDb> db_;
  std::unique_ptr<AnchorLog> anchors_;  // guarded by mu_
  std::atomic<int> slow_ms_{3000};
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;
  Mode mode_ = Mode::kNormal;
  drivers::uplink::SignatureVerifier verifier_;
  std::map<std::string, std::string> gate_of_key_;  // app key → its gate
  std::map<std::string, ReceivedRecord> by_key_;
  std::vector<std::string> order_;
  int64_t decisions_ = 0;  // counts of what is in by_key_, kept as records arrive so that a
  int64_t outcomes_ = 0;   // report costs nothing while a backlog is being drained
  int64_t cargo_ = 0;      // cargo records ("cargo", "cargo_<n>")
  int64_t backfill_ = 0;
  int64_t duplicates_ = 0;
  int64_t conflicts_ = 0;
  int64_t batches_ = 0;
  int64_t rejected_ = 0;
  int64_t tcp_sessions_ = 0;
  int64_t heartbeats_ = 0;
  std::string last_heartbeat_json_;
  struct GateStatus {
    std::string heartbeat_json;
    int64_t received_unix_ms = 0;
  };
  std::map<std::string, GateStatus> status_by_gate_;  // guarded by mu_
  std::map<std::string, int64_t> refusals_;    // "signature", "stale", "replayed", "schema", …
  std::map<std::string, bool> reject_plates_;  // plate → whole batch
  // Downlink log: every change has a sequence number; the cursor is the last one a gate has.
  int64_t downlink_seq_ = 0;
  mutable std::atomic<int64_t> served_cursor_{-1};
  bool has_control_ = false;
  int64_t control_seq_ = 0;
  gate::v1::ControlMeasures control_;
  std::vector<std::pair<int64_t, gate::v1::ListChange>> changes_;
  std::map<std::pair<std::string, std::string>, gate::v1::ListChange> lists_;
  std::mutex streams_mu_;
  std::set<std::shared_ptr<drivers::uplink::NetStream>> streams_;
};

}  // namespace gate::sim
