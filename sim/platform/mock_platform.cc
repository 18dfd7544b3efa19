#include "sim/platform/mock_platform.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <thread>

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/frame_codec.h"
#include "drivers/uplink/wire_json.h"
#include "drivers/uplink/wire_time.h"
#include "rules/plate.h"
#include "sim/platform/platform_checks.h"

namespace gate::sim {

namespace wire = gate::drivers::uplink;
namespace http = boost::beast::http;

namespace {

constexpr const char* kBase = "/api/v1";
constexpr int kIdleTimeoutMs = 120000;
constexpr int kIoTimeoutMs = 10000;
constexpr std::size_t kMaxBody = 64 * 1024 * 1024;
constexpr int kDownlinkPage = 500;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

wire::HttpResponseMsg response(int status, const std::string& content_type, std::string body) {
  wire::HttpResponseMsg res{static_cast<http::status>(status), 11};
  res.set(http::field::content_type, content_type);
  res.set(http::field::server, "gate-sim mock platform");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

wire::HttpResponseMsg json_error(int status, const std::string& code, const std::string& msg) {
  gate::v1::ErrorFrame e;
  e.set_code(code);
  e.set_message(msg);
  return response(status, "application/json", wire::to_json(e));
}

std::string url_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(const std::string& q) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start <= q.size()) {
    std::size_t amp = q.find('&', start);
    if (amp == std::string::npos) amp = q.size();
    std::string part = q.substr(start, amp - start);
    if (!part.empty()) {
      auto eq = part.find('=');
      out[url_decode(part.substr(0, eq))] =
          eq == std::string::npos ? "" : url_decode(part.substr(eq + 1));
    }
    start = amp + 1;
  }
  return out;
}

// "signature: …" → "signature"
std::string first_word(const std::string& s) {
  return s.substr(0, s.find(':'));
}

}  // namespace

std::string MockPlatform::mode_name(Mode m) {
  switch (m) {
    case Mode::kNormal:
      return "normal";
    case Mode::kDown:
      return "down";
    case Mode::kSlow:
      return "slow";
    case Mode::kError500:
      return "500";
    case Mode::kGarbage:
      return "garbage";
    case Mode::kDrop:
      return "drop";
  }
  return "?";
}

Result<MockPlatform::Mode> MockPlatform::mode_from_name(const std::string& name) {
  for (Mode m :
       {Mode::kNormal, Mode::kDown, Mode::kSlow, Mode::kError500, Mode::kGarbage, Mode::kDrop}) {
    if (mode_name(m) == name) return m;
  }
  return Error{"platform mode must be normal, down, slow, 500, garbage or drop, got \"" + name +
               "\""};
}

Result<std::unique_ptr<MockPlatform>> MockPlatform::Start(const MockPlatformOptions& opt) {
  std::unique_ptr<MockPlatform> p(new MockPlatform());
  p->opt_ = opt;
  p->slow_ms_ = opt.slow_ms;
  if (!opt.tls_cert_file.empty() || !opt.tls_key_file.empty()) {
    auto tls = wire::make_server_tls(opt.tls_cert_file, opt.tls_key_file);
    if (!tls.ok()) return Error{"mock platform TLS: " + tls.error()};
    p->tls_ = tls.value();
  }
  if (!opt.app_key.empty()) p->verifier_.add_key(opt.app_key, opt.app_secret);
  if (!opt.app_key.empty() && !opt.gate_id.empty()) p->gate_of_key_[opt.app_key] = opt.gate_id;
  if (!opt.db_path.empty()) {
    auto db = PlatformRecordDb::Open(opt.db_path);
    if (!db.ok()) return Error{db.error()};
    p->db_ = std::move(db).value();
    auto stored = p->db_->load_records();
    if (!stored.ok()) return Error{"mock platform database: " + stored.error()};
    for (auto& r : stored.value()) {
      p->count(r);
      p->order_.push_back(r.key);
      p->by_key_[r.key] = std::move(r);
    }
  }
  auto anchors = AnchorLog::Open(opt.anchors_path);
  if (!anchors.ok()) return Error{"mock platform anchors: " + anchors.error()};
  p->anchors_ = std::move(anchors).value();
  auto* raw = p.get();
  if (opt.http_port >= 0) {
    auto l = ConnectionListener::Listen(opt.address, static_cast<uint16_t>(opt.http_port),
                                        [raw](int fd) { raw->serve_http(fd); });
    if (!l.ok()) return Error{"mock platform (HTTP): " + l.error()};
    p->http_ = std::move(l).value();
  }
  if (opt.tcp_port >= 0) {
    auto l = ConnectionListener::Listen(opt.address, static_cast<uint16_t>(opt.tcp_port),
                                        [raw](int fd) { raw->serve_tcp(fd); });
    if (!l.ok()) return Error{"mock platform (TCP): " + l.error()};
    p->tcp_ = std::move(l).value();
  }
  return p;
}

MockPlatform::~MockPlatform() {
  stopping_ = true;
  if (http_) http_->stop_accepting();
  if (tcp_) tcp_->stop_accepting();
  {
    std::lock_guard lock(streams_mu_);
    for (const auto& s : streams_) s->cancel();
  }
  if (http_) http_->join_connections();
  if (tcp_) tcp_->join_connections();
}

void MockPlatform::set_mode(Mode m) {
  std::lock_guard lock(mu_);
  mode_ = m;
}

MockPlatform::Mode MockPlatform::mode() const {
  std::lock_guard lock(mu_);
  return mode_;
}

std::shared_ptr<wire::NetStream> MockPlatform::adopt(int fd) {
  auto s = wire::NetStream::Accept(fd, tls_, kIoTimeoutMs);
  if (!s.ok()) {
    refuse("tls", s.error(), now_ms());
    return nullptr;
  }
  std::shared_ptr<wire::NetStream> stream = std::move(s).value();
  std::lock_guard lock(streams_mu_);
  if (stopping_) return nullptr;
  streams_.insert(stream);
  return stream;
}

void MockPlatform::forget(const std::shared_ptr<wire::NetStream>& s) {
  s->close();
  std::lock_guard lock(streams_mu_);
  streams_.erase(s);
}

// Sleeps in small steps so that a stopping platform does not wait out a slow answer.
static void slow_down(int ms, const std::atomic<bool>& stopping) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!stopping && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void MockPlatform::serve_http(int fd) {
  if (mode() == Mode::kDown) {
    (void)wire::NetStream::Accept(fd, nullptr, kIoTimeoutMs);  // taken and closed at once
    return;
  }
  auto s = adopt(fd);
  if (!s) return;
  while (!stopping_) {
    auto req = s->read_http_request(kIdleTimeoutMs, kMaxBody);
    if (!req.ok()) break;
    const Mode m = mode();
    if (m == Mode::kDown) break;
    wire::HttpResponseMsg res;
    if (m == Mode::kError500) {
      res = json_error(500, "internal", "platform internal error (injected fault)");
    } else if (m == Mode::kGarbage) {
      res = response(200, "text/html", "<html><body>502 proxy error</body></html>");
    } else {
      res = handle_http(req.value());
      if (m == Mode::kDrop) break;  // taken, then the connection drops: no answer
      // Taken and stored at once, answered late: the gate may give up (or die) in between.
      if (m == Mode::kSlow) slow_down(slow_ms_, stopping_);
    }
    res.keep_alive(req.value().keep_alive());
    if (!s->write_http_response(res, kIoTimeoutMs).ok() || !res.keep_alive()) break;
  }
  forget(s);
}

Status MockPlatform::verify(const wire::Signature& sig, const std::string& method,
                            const std::string& target, const std::string& body, int64_t now) {
  std::lock_guard lock(mu_);
  if (!verifier_.has_keys()) return Status::Ok();
  return verifier_.verify(sig, method, target, body, now / 1000);
}

Status MockPlatform::check_gate(const std::string& app_key, const std::string& gate_id) {
  std::lock_guard lock(mu_);
  if (!verifier_.has_keys()) return Status::Ok();
  auto [it, fresh] = gate_of_key_.emplace(app_key, gate_id);
  if (fresh || it->second == gate_id) return Status::Ok();
  return Error{"gate_id: app key \"" + app_key + "\" is registered for gate \"" + it->second +
               "\", not \"" + gate_id + "\""};
}

void MockPlatform::refuse(const std::string& what, const std::string& reason, int64_t now) {
  std::lock_guard lock(mu_);
  refusals_[what]++;
  if (db_) (void)db_->insert_refusal(what, reason, now);
}

wire::HttpResponseMsg MockPlatform::handle_http(const wire::HttpRequestMsg& req) {
  const int64_t now = now_ms();
  const std::string target(req.target());
  const auto qpos = target.find('?');
  const std::string path = target.substr(0, qpos);
  const auto query = parse_query(qpos == std::string::npos ? "" : target.substr(qpos + 1));
  const std::string method(req.method_string());
  const std::string base = kBase;

  if (path == base + "/stats" && method == "GET") {
    return response(200, "application/json", report_json(false));
  }
  const bool known = (path == base + "/passages" && method == "POST") ||
                     (path == base + "/heartbeat" && method == "POST") ||
                     (path == base + "/downlink" && method == "GET");
  if (!known) {
    return json_error(404, "not_found",
                      method + " " + path + " is not an endpoint of " + wire::kProfileVersion);
  }
  {
    std::lock_guard lock(mu_);
    if (verifier_.has_keys()) {
      for (const char* h :
           {wire::kHeaderKey, wire::kHeaderTimestamp, wire::kHeaderNonce, wire::kHeaderSignature}) {
        if (req.find(h) == req.end()) {
          refusals_["signature"]++;
          if (db_) (void)db_->insert_refusal("signature", std::string("missing ") + h, now);
          return json_error(401, "signature", std::string("missing header ") + h);
        }
      }
    }
  }
  wire::Signature sig;
  if (req.find(wire::kHeaderKey) != req.end()) {
    sig.app_key = std::string(req[wire::kHeaderKey]);
    sig.nonce = std::string(req[wire::kHeaderNonce]);
    sig.signature = std::string(req[wire::kHeaderSignature]);
    try {
      sig.timestamp_s = std::stoll(std::string(req[wire::kHeaderTimestamp]));
    } catch (...) {
      sig.timestamp_s = 0;
    }
  }
  if (Status st = verify(sig, method, target, req.body(), now); !st.ok()) {
    refuse(first_word(st.message()), st.message(), now);
    return json_error(401, first_word(st.message()), st.message());
  }

  // §5: the gate a request names must be the gate of its app key (checked after the signature).
  auto foreign_gate = [&](const std::string& gate_id) -> std::optional<wire::HttpResponseMsg> {
    if (Status st = check_gate(sig.app_key, gate_id); !st.ok()) {
      refuse("gate_id", st.message(), now);
      return json_error(403, "gate_id", st.message());
    }
    return std::nullopt;
  };
  if (path == base + "/downlink") {
    if (!query.count("gate_id") || query.at("gate_id").empty()) {
      refuse("schema", "downlink without gate_id", now);
      return json_error(400, "schema", "gate_id is required");
    }
    if (auto refused = foreign_gate(query.at("gate_id"))) return *refused;
    std::lock_guard lock(mu_);
    auto since = query.count("since") ? query.at("since") : "";
    return response(200, "application/json", wire::to_json(downlink_since(since)));
  }
  if (path == base + "/heartbeat") {
    gate::v1::Heartbeat hb;
    if (Status st = wire::from_json_strict(req.body(), &hb); !st.ok()) {
      refuse("schema", st.message(), now);
      return json_error(400, "schema", st.message());
    }
    // §6.2: a share, 1 while nothing was acknowledged.
    if (hb.delivered_live_share() < 0 || hb.delivered_live_share() > 1) {
      refuse("schema", "delivered_live_share outside 0..1", now);
      return json_error(400, "schema", "delivered_live_share must be 0..1");
    }
    if (auto refused = foreign_gate(hb.gate_id())) return *refused;
    return response(200, "application/json", wire::to_json(take_heartbeat(hb, now)));
  }
  gate::v1::UplinkBatch batch;
  if (Status st = wire::from_json_strict(req.body(), &batch); !st.ok()) {
    refuse("schema", st.message(), now);
    return json_error(400, "schema", st.message());
  }
  if (batch.profile() != wire::kProfileVersion) {
    refuse("schema", "profile \"" + batch.profile() + "\"", now);
    return json_error(400, "profile",
                      "profile must be \"" + std::string(wire::kProfileVersion) + "\", got \"" +
                          batch.profile() + "\"");
  }
  if (batch.gate_id().empty()) {
    refuse("schema", "no gate_id", now);
    return json_error(400, "schema", "gate_id is required");
  }
  if (auto refused = foreign_gate(batch.gate_id())) return *refused;
  gate::v1::UploadReply reply;
  {
    std::lock_guard lock(mu_);
    for (const auto& r : batch.records()) {
      auto it = reject_plates_.find(r.decision().plate());
      if (it != reject_plates_.end() && it->second) {
        refusals_["batch_invalid"]++;
        return json_error(422, "code_table",
                          "record " + r.key() + ": plate " + r.decision().plate() +
                              " is under review at the platform (injected)");
      }
    }
    ++batches_;
    if (db_) (void)db_->begin();
    for (const auto& r : batch.records()) {
      auto ack = take_record(r, batch.gate_id(), "http_json", now);
      if (ack.ok()) {
        reply.add_acked(ack.key());
      } else {
        auto* rej = reply.add_rejected();
        rej->set_key(ack.key());
        rej->set_code(ack.code());
        rej->set_reason(ack.reason());
      }
    }
    if (db_) (void)db_->commit();
  }
  return response(200, "application/json", wire::to_json(reply));
}

gate::v1::RecordAck MockPlatform::take_record(const gate::v1::UplinkRecord& r,
                                              const std::string& gate_id,
                                              const std::string& profile, int64_t now) {
  gate::v1::RecordAck ack;
  ack.set_key(r.key());
  std::optional<RecordProblem> problem;
  if (auto it = reject_plates_.find(r.decision().plate());
      it != reject_plates_.end() && r.kind() == "decision") {
    problem = RecordProblem{
        "plate", "plate " + r.decision().plate() + " is under review at the platform (injected)"};
  } else {
    problem = check_record(r, gate_id, opt_.color_table);
  }
  // §2: a refuse or hold decision is final; no outcome record follows it.
  if (!problem && r.kind() == "outcome") {
    auto d = by_key_.find(r.gate_id() + "-" + std::to_string(r.seq()) + "-decision");
    if (d != by_key_.end() && (d->second.verdict == "refuse" || d->second.verdict == "hold")) {
      problem = RecordProblem{"kind", "seq " + std::to_string(r.seq()) + " was decided " +
                                          d->second.verdict + ": no outcome record follows it"};
    }
  }
  if (problem) {
    ++rejected_;
    if (db_) (void)db_->insert_rejection(r.key(), problem->code, problem->reason, now);
    ack.set_ok(false);
    ack.set_code(problem->code);
    ack.set_reason(problem->reason);
    return ack;
  }
  ack.set_ok(true);
  const std::string sha = wire::sha256_hex(record_content(r));
  if (auto it = by_key_.find(r.key()); it != by_key_.end()) {
    const bool same = it->second.content_sha256 == sha;
    (same ? duplicates_ : conflicts_)++;
    if (db_) (void)db_->insert_repeat(r.key(), now, same, r.backfill());
    return ack;
  }
  ReceivedRecord rec;
  rec.key = r.key();
  rec.kind = r.kind();
  rec.gate_id = r.gate_id();
  rec.seq = r.seq();
  rec.backfill = r.backfill();
  rec.received_unix_ms = now;
  rec.profile = profile;
  rec.content_sha256 = sha;
  if (r.kind() == "decision") {
    const auto& d = r.decision();
    rec.plate = d.plate();
    rec.verdict = d.verdict();
    rec.rule = d.rule_id();
    rec.reason = d.reason();
    rec.time_unix_ms = wire::parse_wire_time(d.time()).value();
  } else if (r.has_cargo()) {
    rec.time_unix_ms = wire::parse_wire_time(r.cargo().time()).value();
  } else {
    rec.outcome = static_cast<int>(wire::outcome_from_code(r.outcome().outcome())
                                       .value_or(gate::v1::PASSAGE_OUTCOME_UNSPECIFIED));
    rec.time_unix_ms = wire::parse_wire_time(r.outcome().time()).value();
  }
  if (db_) (void)db_->insert_record(rec, wire::to_json(r));
  count(rec);
  order_.push_back(rec.key);
  by_key_[rec.key] = std::move(rec);
  return ack;
}

void MockPlatform::count(const ReceivedRecord& r) {
  decisions_ += r.kind == "decision";
  outcomes_ += r.kind == "outcome";
  cargo_ += r.kind.rfind("cargo", 0) == 0;
  backfill_ += r.backfill;
}

gate::v1::HeartbeatReply MockPlatform::take_heartbeat(const gate::v1::Heartbeat& hb, int64_t now) {
  std::lock_guard lock(mu_);
  ++heartbeats_;
  last_heartbeat_json_ = wire::to_json(hb);
  status_by_gate_[hb.gate_id()] = {last_heartbeat_json_, now};
  if (db_) (void)db_->insert_heartbeat(hb.gate_id(), last_heartbeat_json_, now);
  gate::v1::HeartbeatReply reply;
  reply.set_server_time(wire::format_wire_time(now, 480));
  reply.set_downlink_cursor(std::to_string(downlink_seq_));
  for (auto& r : anchors_->take(hb, now)) *reply.add_seal_receipts() = std::move(r);
  return reply;
}

gate::v1::DownlinkReply MockPlatform::downlink_since(const std::string& since) const {
  gate::v1::DownlinkReply r;
  int64_t from = -1;
  if (!since.empty() && since.find_first_not_of("0123456789") == std::string::npos &&
      since.size() < 18) {
    from = std::stoll(since);
  }
  if (from < 0 || from > downlink_seq_) {
    r.set_full(true);
    if (has_control_) *r.mutable_control() = control_;
    for (const auto& [k, change] : lists_) *r.add_changes() = change;
    r.set_cursor(std::to_string(downlink_seq_));
    note_served(downlink_seq_);
    return r;
  }
  if (has_control_ && control_seq_ > from) *r.mutable_control() = control_;
  int64_t cursor = downlink_seq_;
  int n = 0;
  for (const auto& [seq, change] : changes_) {
    if (seq <= from) continue;
    if (n == kDownlinkPage) {
      r.set_more(true);
      break;
    }
    *r.add_changes() = change;
    cursor = seq;
    ++n;
  }
  if (!r.more()) cursor = downlink_seq_;
  r.set_cursor(std::to_string(cursor));
  note_served(std::stoll(r.cursor()));
  return r;
}

void MockPlatform::note_served(int64_t cursor) const {
  int64_t seen = served_cursor_.load();
  while (cursor > seen && !served_cursor_.compare_exchange_weak(seen, cursor)) {
  }
}

int64_t MockPlatform::downlink_seq() const {
  std::lock_guard lock(mu_);
  return downlink_seq_;
}

void MockPlatform::set_control(const gate::v1::ControlMeasures& c) {
  std::lock_guard lock(mu_);
  control_ = c;
  has_control_ = true;
  control_seq_ = ++downlink_seq_;
}

void MockPlatform::change_list(const gate::v1::ListChange& change) {
  std::lock_guard lock(mu_);
  gate::v1::ListChange c = change;
  c.set_plate(rules::normalise_plate(c.plate()));
  changes_.emplace_back(++downlink_seq_, c);
  const auto key = std::make_pair(c.list(), c.plate());
  if (c.op() == "remove") {
    lists_.erase(key);
  } else {
    c.set_op("add");
    lists_[key] = c;
  }
}

void MockPlatform::reject_plate(const std::string& plate, bool whole_batch) {
  std::lock_guard lock(mu_);
  reject_plates_[plate] = whole_batch;
}

// Everything the gate has sent so far is taken as one group: its records in one database
// transaction, all answers in one write (the gate pipelines record frames).
void MockPlatform::serve_tcp(int fd) {
  if (mode() == Mode::kDown) {
    (void)wire::NetStream::Accept(fd, nullptr, kIoTimeoutMs);
    return;
  }
  auto s = adopt(fd);
  if (!s) return;
  std::string gate_id;
  wire::FrameBuffer rx;
  auto frame = [](const gate::v1::TcpFrame& f) { return wire::encode_frame(wire::to_json(f)); };
  auto error_frame = [&](const std::string& id, const std::string& code, const std::string& m) {
    gate::v1::TcpFrame f;
    f.set_msg_id(id);
    f.mutable_error()->set_code(code);
    f.mutable_error()->set_message(m);
    return frame(f);
  };
  bool open = true;
  while (open && !stopping_) {
    auto bytes = s->read_some(64 * 1024, kIdleTimeoutMs);
    if (!bytes.ok()) break;
    rx.append(bytes.value());
    const int64_t now = now_ms();
    std::vector<gate::v1::TcpFrame> in;
    std::string out;
    for (;;) {
      auto payload = rx.next();
      if (!payload.ok()) {
        refuse("schema", payload.error(), now);
        out += error_frame("", "schema", payload.error());
        open = false;
        break;
      }
      if (!payload.value()) break;
      gate::v1::TcpFrame f;
      if (Status st = wire::from_json_strict(*payload.value(), &f); !st.ok()) {
        refuse("schema", st.message(), now);
        out += error_frame("", "schema", st.message());
        open = false;
        break;
      }
      in.push_back(std::move(f));
    }
    const Mode m = mode();
    if (m == Mode::kDown) break;
    std::vector<const gate::v1::TcpFrame*> records;
    bool took_records = false;
    for (const auto& f : in) {
      gate::v1::TcpFrame reply;
      reply.set_msg_id(f.msg_id());
      if (gate_id.empty()) {
        if (!f.has_login()) {
          refuse("schema", "first frame is not a login", now);
          out += error_frame(f.msg_id(), "login", "log in first (login frame)");
          open = false;
          break;
        }
        const auto& login = f.login();
        wire::Signature sig{login.app_key(), login.timestamp(), login.nonce(), login.signature()};
        Status st = login.profile() != wire::kProfileVersion
                        ? Status(Error{"profile: must be " + std::string(wire::kProfileVersion)})
                    : login.gate_id().empty()
                        ? Status(Error{"schema: gate_id is required"})
                        : verify(sig, wire::kLoginMethod, login.gate_id(), "", now);
        if (st.ok()) st = check_gate(login.app_key(), login.gate_id());
        auto* lr = reply.mutable_login_reply();
        lr->set_server_time(wire::format_wire_time(now, 480));
        lr->set_ok(st.ok());
        if (!st.ok()) {
          refuse(first_word(st.message()), st.message(), now);
          lr->set_error(st.message());
          out += frame(reply);
          open = false;
          break;
        }
        gate_id = login.gate_id();
        {
          std::lock_guard lock(mu_);
          ++tcp_sessions_;
        }
        out += frame(reply);
      } else if (f.has_record()) {
        records.push_back(&f);
      } else if (f.has_heartbeat()) {
        *reply.mutable_heartbeat_reply() = take_heartbeat(f.heartbeat(), now);
        out += frame(reply);
      } else if (f.has_downlink_request()) {
        std::lock_guard lock(mu_);
        *reply.mutable_downlink() = downlink_since(f.downlink_request().since());
        out += frame(reply);
      } else {
        out += error_frame(f.msg_id(), "schema", "unexpected frame from a gate");
      }
    }
    if (!records.empty()) {
      if (m == Mode::kGarbage) {
        out += wire::encode_frame("<html>502 proxy error</html>");
      } else if (m == Mode::kError500) {
        for (const auto* f : records) {
          gate::v1::TcpFrame reply;
          reply.set_msg_id(f->msg_id());
          auto* ack = reply.mutable_record_ack();
          ack->set_key(f->record().key());
          ack->set_ok(false);
          ack->set_code("retry");
          ack->set_reason("platform internal error (injected fault)");
          out += frame(reply);
        }
      } else {
        std::lock_guard lock(mu_);
        if (db_) (void)db_->begin();
        for (const auto* f : records) {
          gate::v1::TcpFrame reply;
          reply.set_msg_id(f->msg_id());
          *reply.mutable_record_ack() = take_record(f->record(), gate_id, "tcp_json", now);
          out += frame(reply);
        }
        if (db_) (void)db_->commit();
        took_records = true;
      }
    }
    if (took_records && m == Mode::kDrop) break;  // taken, then the connection drops
    if (took_records && m == Mode::kSlow) slow_down(slow_ms_, stopping_);
    if (!out.empty() && !s->write(out, kIoTimeoutMs).ok()) break;
  }
  forget(s);
}

std::vector<ReceivedRecord> MockPlatform::records() const {
  std::lock_guard lock(mu_);
  std::vector<ReceivedRecord> out;
  out.reserve(order_.size());
  for (const auto& k : order_) out.push_back(by_key_.at(k));
  return out;
}

int64_t MockPlatform::duplicates() const {
  std::lock_guard lock(mu_);
  return duplicates_;
}

int64_t MockPlatform::conflicting_duplicates() const {
  std::lock_guard lock(mu_);
  return conflicts_;
}

int64_t MockPlatform::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::string MockPlatform::anchor_lines() const {
  std::lock_guard lock(mu_);
  return anchors_->json_lines();
}

std::string MockPlatform::status_json() const {
  std::lock_guard lock(mu_);
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [gate, s] : status_by_gate_) {
    auto hb = nlohmann::json::parse(s.heartbeat_json, nullptr, false);
    auto field = [&](const char* name) {
      return hb.is_object() && hb.contains(name) ? hb[name] : nlohmann::json::array();
    };
    j[gate] = {{"received_unix_ms", s.received_unix_ms},
               {"lanes", field("lanes")},
               {"cameras", field("cameras")},
               {"heartbeat", hb}};
  }
  return j.dump();
}

std::string MockPlatform::report_json(bool with_records) const {
  std::lock_guard lock(mu_);
  nlohmann::json j;
  j["profile"] = wire::kProfileVersion;
  j["mode"] = mode_name(mode_);
  j["records"] = order_.size();
  j["decisions"] = decisions_;
  j["cargo"] = cargo_;
  j["outcomes"] = outcomes_;
  j["backfill"] = backfill_;
  j["duplicates"] = duplicates_;
  j["conflicting_duplicates"] = conflicts_;
  j["rejected"] = rejected_;
  j["batches"] = batches_;
  j["tcp_sessions"] = tcp_sessions_;
  j["heartbeats"] = heartbeats_;
  j["refused"] = nlohmann::json::object();
  for (const auto& [k, n] : refusals_) j["refused"][k] = n;
  j["last_heartbeat"] = last_heartbeat_json_.empty()
                            ? nlohmann::json(nullptr)
                            : nlohmann::json::parse(last_heartbeat_json_, nullptr, false);
  j["downlink_cursor"] = std::to_string(downlink_seq_);
  j["anchors"] = {{"seals", anchors_->seals()},
                  {"heads", anchors_->heads()},
                  {"conflicting_seals", anchors_->conflicts()},
                  {"invalid", anchors_->invalid()}};
  if (with_records) {
    j["record_list"] = nlohmann::json::array();
    for (const auto& k : order_) {
      const auto& r = by_key_.at(k);
      j["record_list"].push_back({{"key", r.key},
                                  {"kind", r.kind},
                                  {"plate", r.plate},
                                  {"verdict", r.verdict},
                                  {"rule", r.rule},
                                  {"outcome", r.outcome},
                                  {"backfill", r.backfill},
                                  {"time_unix_ms", r.time_unix_ms},
                                  {"received_unix_ms", r.received_unix_ms},
                                  {"profile", r.profile}});
    }
  }
  return j.dump();
}

}  // namespace gate::sim
