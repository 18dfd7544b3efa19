// The mock platform of a field-map profile: see profile_platform.h.
#include "sim/platform/profile_platform.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "drivers/uplink/json_path.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/record_fields.h"
#include "sim/platform/profile_checks.h"

namespace gate::sim {
namespace {

using drivers::HttpRequest;
using drivers::HttpResponse;
using gate::v1::PlatformMessage;
using json = nlohmann::json;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t now_s() {
  return now_ms() / 1000;
}

const std::map<std::string, ProfilePlatform::Mode> kModes = {
    {"normal", ProfilePlatform::Mode::kNormal},
    {"slow", ProfilePlatform::Mode::kSlow},
    {"500", ProfilePlatform::Mode::kError500},
    {"garbage", ProfilePlatform::Mode::kGarbage},
    {"token_expired", ProfilePlatform::Mode::kTokenExpired},
    {"refuse", ProfilePlatform::Mode::kRefuse},
    {"refuse_photo", ProfilePlatform::Mode::kRefusePhoto},
    {"down", ProfilePlatform::Mode::kDown},
    {"drop", ProfilePlatform::Mode::kDrop}};

// `record` with each photo field's data URI or base64 replaced by "jpeg, N base64 characters": a
// platform double that drains a backlog of photos must not hold them all.
json without_photos(const PlatformMessage& m, json record, int64_t* uri_bytes) {
  using Kind = drivers::uplink::RecordField::Kind;
  for (const auto& f : m.fields()) {
    const auto* rf = drivers::uplink::find_field(drivers::uplink::photo_message_fields(), f.from());
    if (rf == nullptr || (rf->kind != Kind::kPhoto && rf->kind != Kind::kPhotoBase64)) continue;
    if (!record.contains(f.name()) || !record[f.name()].is_string()) continue;
    const std::string text = record[f.name()].get<std::string>();
    const std::size_t comma = text.find(',');
    const std::size_t b64 = comma == std::string::npos ? text.size() : text.size() - comma - 1;
    record[f.name()] = "jpeg, " + std::to_string(b64) + " base64 characters";
    *uri_bytes += static_cast<int64_t>(text.size());
  }
  return record;
}

// The passage a photo message names (the field mapped from "passage_key"), or "".
// The text of the record's field that the profile maps from our `ours`, or "".
std::string value_from(const PlatformMessage& m, const json& record, std::string_view ours) {
  for (const auto& f : m.fields()) {
    if (f.source_case() != gate::v1::PlatformField::kFrom || f.from() != ours) continue;
    const json* v = drivers::uplink::find_at(record, f.name());
    if (v == nullptr) return "";
    return v->is_string() ? v->get<std::string>() : v->dump();
  }
  return "";
}

std::string passage_of(const PlatformMessage& m, const json& record) {
  return value_from(m, record, "passage_key");
}

// Which lane or camera a unit status is about: its id where the profile sends it, else the
// whole record (each distinct record counted as a unit).
std::string unit_of(const PlatformMessage& m, const json& record) {
  const bool lane = m.kind() == PlatformMessage::KIND_LANE_STATUS;
  std::string id = value_from(m, record, lane ? "lane_id" : "camera_id");
  return id.empty() ? record.dump() : id;
}

// Whether the constants of `m`'s envelope are those of `body`.
bool constants_match(const PlatformMessage& m, const json& body) {
  if (!body.is_object()) return false;
  for (const auto& f : m.envelope()) {
    if (f.source_case() != gate::v1::PlatformField::kConstant) continue;
    const json* at = drivers::uplink::find_at(body, f.name());
    if (at == nullptr || *at != json(f.constant())) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<ProfilePlatform::Mode> ProfilePlatform::mode_from_name(const std::string& name) {
  auto it = kModes.find(name);
  if (it == kModes.end()) {
    return Error{"unknown mode '" + name +
                 "' (normal, slow, 500, garbage, token_expired, refuse, refuse_photo, down)"};
  }
  return it->second;
}

ProfilePlatform::ProfilePlatform(ProfilePlatformOptions options)
    : opt_(std::move(options)), guard_(io_.get_executor()) {}

Result<std::unique_ptr<ProfilePlatform>> ProfilePlatform::Start(ProfilePlatformOptions options) {
  if (options.token_lifetime_s == 0) {
    options.token_lifetime_s = options.profile.login().token_lifetime_s();
  }
  std::unique_ptr<ProfilePlatform> p(new ProfilePlatform(std::move(options)));
  p->port_ = p->opt_.port;
  if (Status st = p->listen(); !st.ok()) return Error{st.message()};
  // Four threads: control requests are answered while the slow mode holds the answers to a
  // record and to a vehicle check (each on a connection of its own).
  for (auto& t : p->threads_) t = std::thread([raw = p.get()] { raw->io_.run(); });
  return p;
}

Status ProfilePlatform::listen() {
  drivers::HttpServer::Options o;
  o.max_body_bytes = 32 * 1024 * 1024;
  auto s = drivers::HttpServer::Listen(
      io_, opt_.address, port_, [this](const HttpRequest& r) { return handle(r); }, o);
  if (!s.ok()) return Error{"profile platform: " + s.error()};
  server_ = std::move(s).value();
  port_ = server_->port();
  return Status::Ok();
}

ProfilePlatform::~ProfilePlatform() {
  if (server_) server_->stop();
  guard_.reset();
  io_.stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void ProfilePlatform::set_control(std::map<std::string, std::string> control) {
  std::lock_guard lock(mu_);
  opt_.control = std::move(control);
}

void ProfilePlatform::set_mode(Mode m) {
  std::lock_guard lock(mu_);
  mode_ = m;
  if (m == Mode::kTokenExpired) {
    tokens_.clear();  // once: the tokens issued so far end now; new logins work
    mode_ = Mode::kNormal;
  }
}

void ProfilePlatform::set_slow_ms(int ms) {
  std::lock_guard lock(mu_);
  opt_.slow_ms = ms;
}

std::vector<ProfileRecord> ProfilePlatform::received() const {
  std::lock_guard lock(mu_);
  std::vector<ProfileRecord> out;
  out.reserve(order_.size());
  for (const auto& serial : order_) {
    const auto& [kind, at] = arrived_.at(serial);
    out.push_back({serial, kind, records_.at(serial), at});
  }
  return out;
}

HttpResponse ProfilePlatform::answer(bool taken, const std::string& reason, int status) const {
  const auto& ok = opt_.profile.success();
  json body = json::object();
  if (!ok.field().empty()) {
    drivers::uplink::put_at(body, ok.field(), taken ? json(ok.value()) : json("refused"));
    if (!taken && !ok.reason_field().empty())
      drivers::uplink::put_at(body, ok.reason_field(), reason);
  }
  if (!taken && ok.field().empty())
    return HttpResponse{422, "application/json", json{{"error", reason}}.dump()};
  return HttpResponse{status, "application/json", body.dump()};
}

bool ProfilePlatform::token_valid(const std::string& token, int64_t now) const {
  auto it = tokens_.find(token);
  return it != tokens_.end() && now < it->second;
}

HttpResponse ProfilePlatform::handle_login(const json& body) {
  const auto problems = check_login_body(opt_.profile, body, opt_.settings);
  std::lock_guard lock(mu_);
  if (!problems.empty()) {
    ++refused_["login: " + problems.front()];
    return answer(false, "login refused: " + problems.front());
  }
  const std::string token = "tok-" + std::to_string(++token_counter_);
  tokens_[token] = now_s() + opt_.token_lifetime_s;
  ++logins_;
  HttpResponse r = answer(true, "");
  json out = json::parse(r.body);
  drivers::uplink::put_at(out, opt_.profile.login().token_field(), token);
  r.body = out.dump();
  return r;
}

HttpResponse ProfilePlatform::handle_record(const PlatformMessage& m, const HttpRequest& req,
                                            const json& body) {
  ProfileBodyCheck check = check_profile_body(opt_.profile, m, body, opt_.settings);
  const auto& login = opt_.profile.login();
  if (!login.token_header().empty()) {
    std::string name = login.token_header();  // the server keeps header names in lower case
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto it = req.headers.find(name);
    check.token = it == req.headers.end() ? "" : it->second;
  }
  std::lock_guard lock(mu_);
  if (login.scheme() == gate::v1::PlatformLogin::SCHEME_TOKEN &&
      !token_valid(check.token, now_s())) {
    ++token_refusals_;
    if (!login.token_invalid_value().empty()) {
      HttpResponse r = answer(false, "token invalid");
      json out = json::parse(r.body);
      drivers::uplink::put_at(out, opt_.profile.success().field(), login.token_invalid_value());
      r.body = out.dump();
      return r;
    }
    return HttpResponse{401, "application/json", json{{"error", "token invalid"}}.dump()};
  }
  if (!check.problems.empty()) {
    ++refused_[check.problems.front()];
    return answer(false, check.problems.front());
  }
  if (m.kind() == PlatformMessage::KIND_STATUS) {
    ++statuses_;
    last_status_ = check.record;
    return answer(true, "");
  }
  if (m.kind() == PlatformMessage::KIND_LANE_STATUS ||
      m.kind() == PlatformMessage::KIND_CAMERA_STATUS) {
    const std::string& kind = PlatformMessage::Kind_Name(m.kind());
    ++unit_statuses_[kind];
    last_unit_status_[kind][unit_of(m, check.record)] = check.record;
    return answer(true, "");
  }
  if (m.kind() == PlatformMessage::KIND_POLICY_PULL) {
    ++pulls_;
    HttpResponse r = answer(true, "");
    json out = json::parse(r.body);
    put_control_answer(opt_.profile, m, opt_.control, now_s() * 1000, out);
    r.body = out.dump();
    return r;
  }
  if (m.kind() == PlatformMessage::KIND_VEHICLE_CHECK) return answer_check(m, check.record);
  if (mode_ == Mode::kRefuse) {
    ++refused_["refused by mode"];
    return answer(false, "refused by the platform (mode refuse)");
  }
  const std::string& kind = PlatformMessage::Kind_Name(m.kind());
  if (mode_ == Mode::kRefusePhoto && m.kind() == PlatformMessage::KIND_PHOTO) {
    ++refused_["photo refused by mode"];
    return answer(false, "photo refused by the platform (mode refuse_photo)");
  }
  if (const std::string passage = passage_of(m, check.record);
      !passage.empty() && records_.count(passage) == 0) {
    const std::string what = m.kind() == PlatformMessage::KIND_PHOTO ? "photo" : "record";
    ++refused_[what + " of a passage not received"];
    return answer(false,
                  what + " of passage " + passage + ", which this platform has not received");
  }
  if (records_.count(check.serial) != 0) {
    ++duplicates_;
    ++duplicates_by_kind_[kind];
    return answer(true, "");
  }
  records_[check.serial] = without_photos(m, check.record, &photo_uri_bytes_);
  order_.push_back(check.serial);
  arrived_[check.serial] = {m.kind(), now_ms()};
  ++by_kind_[kind];
  if (m.kind() == PlatformMessage::KIND_CARGO) cargo_serials_.push_back(check.serial);
  return answer(true, "");
}

HttpResponse ProfilePlatform::answer_check(const PlatformMessage& m, const json& record) {
  AnsweredCheck c;
  c.at_unix_ms = now_ms();
  c.plate = checked_plate(m, record);
  c.serial = "PS-" + std::to_string(checks_.size() + 1);
  c.held = mode_ == Mode::kSlow || mode_ == Mode::kDrop;
  PlatformVehicleTable table = opt_.vehicles;
  if (mode_ == Mode::kRefuse) {
    table[c.plate].may_pass = false;
    table[c.plate].reason = "refused by the platform (mode refuse)";
  }
  if (const auto it = table.find(c.plate); it != table.end()) c.answer = it->second;
  HttpResponse r = answer(true, "");
  json out = json::parse(r.body);
  put_check_answer(opt_.profile, m, table, c.plate, c.serial, out);
  r.body = out.dump();
  checks_.push_back(std::move(c));
  return r;
}

std::vector<AnsweredCheck> ProfilePlatform::answered_checks() const {
  std::lock_guard lock(mu_);
  return checks_;
}

void ProfilePlatform::set_vehicles(PlatformVehicleTable vehicles) {
  std::lock_guard lock(mu_);
  opt_.vehicles = std::move(vehicles);
}

HttpResponse ProfilePlatform::set_vehicles_request(const std::string& body) {
  auto table = vehicle_table_from_json(json::parse(body, nullptr, false));
  if (!table.ok()) {
    return HttpResponse{400, "application/json", json{{"error", table.error()}}.dump()};
  }
  set_vehicles(std::move(table).value());
  return HttpResponse{200, "application/json", R"({"ok":true})"};
}

HttpResponse ProfilePlatform::handle(const HttpRequest& req) {
  if (req.path.rfind("/mock/", 0) == 0) return control(req);
  Mode mode;
  int slow_ms = 0;
  {
    std::lock_guard lock(mu_);
    mode = mode_;
    slow_ms = opt_.slow_ms;
  }
  if (mode == Mode::kError500) return HttpResponse{500, "text/plain", "internal error"};
  if (mode == Mode::kDown) return HttpResponse{503, "text/plain", "platform down"};
  if (mode == Mode::kGarbage) return HttpResponse{200, "text/html", "<html>maintenance</html>"};
  if (opt_.profile.login().scheme() == gate::v1::PlatformLogin::SCHEME_MD5_HEADER) {
    const std::string why = md5_header_problem(opt_.profile.login(), req.headers, opt_.app_key,
                                               opt_.app_secret, now_s());
    if (!why.empty()) {
      std::lock_guard lock(mu_);
      ++signature_refusals_;
      ++refused_["signature: " + why];
      return HttpResponse{401, "application/json", json{{"error", why}}.dump()};
    }
  }
  HttpResponse r = take(req);
  // Taken at once, answered late: a gate that gives up (or dies) meanwhile sends it again.
  if (mode == Mode::kSlow) std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms));
  // Taken, and the connection ends without an answer: the gate cannot know, and sends it again.
  if (mode == Mode::kDrop) r.drop_connection = true;
  return r;
}

HttpResponse ProfilePlatform::take(const HttpRequest& req) {
  if (req.method != "POST") return HttpResponse{405, "text/plain", "POST only"};
  const json body = json::parse(req.body, nullptr, false);
  const auto& login = opt_.profile.login();
  // A path may serve several calls (transportControl: get_data for the login and the check),
  // told apart by the envelope's constants; the login is tried first where its path matches.
  if (login.scheme() == gate::v1::PlatformLogin::SCHEME_TOKEN && req.path == login.path() &&
      check_login_body(opt_.profile, body, opt_.settings).empty()) {
    return handle_login(body);
  }
  // Several calls may share a path (transportControl's put_data), told apart by constants.
  const PlatformMessage* on_path = nullptr;
  for (const auto& m : opt_.profile.messages()) {
    if (m.path() != req.path) continue;
    if (on_path == nullptr) on_path = &m;
    if (constants_match(m, body)) return handle_record(m, req, body);
  }
  if (on_path != nullptr) return handle_record(*on_path, req, body);
  if (login.scheme() == gate::v1::PlatformLogin::SCHEME_TOKEN && req.path == login.path()) {
    return handle_login(body);
  }
  return HttpResponse{404, "text/plain", "no such call in profile " + opt_.profile.name()};
}

HttpResponse ProfilePlatform::control(const HttpRequest& req) {
  if (req.method == "GET" && req.path == "/mock/report") {
    return HttpResponse{200, "application/json", report(req.query.count("records") != 0).dump()};
  }
  if (req.method == "POST" && req.path == "/mock/mode") {
    const json body = json::parse(req.body, nullptr, false);
    auto mode = mode_from_name(body.is_object() ? body.value("mode", "") : "");
    if (!mode.ok())
      return HttpResponse{400, "application/json", json{{"error", mode.error()}}.dump()};
    set_mode(mode.value());
    return HttpResponse{200, "application/json", R"({"ok":true})"};
  }
  if (req.method == "POST" && req.path == "/mock/control") return set_control_request(req.body);
  if (req.method == "POST" && req.path == "/mock/vehicles") return set_vehicles_request(req.body);
  return HttpResponse{404, "text/plain",
                      "GET /mock/report, POST /mock/mode, /mock/control or /mock/vehicles"};
}

// {"alert_level": "2", "strategy": 2, …}: strings or numbers, as the platform's codes.
HttpResponse ProfilePlatform::set_control_request(const std::string& body) {
  const json in = json::parse(body, nullptr, false);
  std::map<std::string, std::string> control;
  if (in.is_object()) {
    for (const auto& [k, v] : in.items()) {
      if (!v.is_string() && !v.is_number()) {
        return HttpResponse{400, "application/json",
                            json{{"error", k + ": give the platform's code as text"}}.dump()};
      }
      control[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
  } else {
    return HttpResponse{400, "application/json",
                        json{{"error", "give a JSON object, e.g. {\"strategy\": \"2\"}"}}.dump()};
  }
  set_control(std::move(control));
  return HttpResponse{200, "application/json", R"({"ok":true})"};
}

json ProfilePlatform::report(bool with_records) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> check_plates;
  for (const auto& c : checks_) check_plates.push_back(c.plate);
  json r{{"profile", opt_.profile.name()},
         {"records", records_.size()},
         {"by_kind", by_kind_},
         {"duplicates", duplicates_},
         {"duplicates_by_kind", duplicates_by_kind_},
         {"cargo_serials", cargo_serials_},
         {"refused", refused_},
         {"logins", logins_},
         {"token_refusals", token_refusals_},
         {"statuses", statuses_},
         {"pulls", pulls_},
         {"control", opt_.control},
         {"signature_refusals", signature_refusals_},
         {"photo_uri_bytes", photo_uri_bytes_},
         {"checks", checks_.size()},
         {"check_plates", check_plates},
         {"last_status", last_status_},
         {"unit_statuses", unit_statuses_},
         {"last_unit_status", last_unit_status_}};
  if (with_records) {
    r["serials"] = order_;
    json recs = json::array();
    for (const auto& s : order_) recs.push_back(records_.at(s));
    r["bodies"] = std::move(recs);
    json answers = json::array();
    for (const auto& c : checks_) {
      answers.push_back({{"plate", c.plate},
                         {"serial", c.serial},
                         {"may_pass", c.answer.may_pass},
                         {"reason", c.answer.reason},
                         {"stage", c.answer.emission_stage},
                         {"held", c.held}});
    }
    r["check_answers"] = std::move(answers);
  }
  return r;
}

}  // namespace gate::sim
