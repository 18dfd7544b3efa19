// The virtual relay camera: see relay_camera.h.
#include "sim/devices/relay_camera.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/camera/event_readback.h"
#include "drivers/http/digest_auth.h"
#include "drivers/http/http_server.h"
#include "sim/devices/capture_records.h"
#include "sim/devices/serial_port_display.h"

namespace gate::sim {

namespace {

using drivers::HttpReplier;
using drivers::HttpRequest;
using drivers::HttpResponse;

constexpr const char* kRealm = "gate-sim relay camera";

HttpResponse isapi_status(int http, int code, const std::string& text, const std::string& sub,
                          const std::string& url) {
  HttpResponse r;
  r.status = http;
  r.content_type = "application/xml";
  r.body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ResponseStatus version=\"2.0\" xmlns=\"http://www.isapi.org/ver20/XMLSchema\">\n"
      "<requestURL>" +
      url + "</requestURL>\n<statusCode>" + std::to_string(code) + "</statusCode>\n<statusString>" +
      text + "</statusString>\n<subStatusCode>" + sub + "</subStatusCode>\n</ResponseStatus>\n";
  return r;
}

HttpResponse text(int http, const std::string& body) {
  HttpResponse r;
  r.status = http;
  r.content_type = "text/plain";
  r.body = body;
  return r;
}

}  // namespace

std::optional<RelayBehaviour> relay_behaviour_from_name(std::string_view name) {
  if (name == "confirm") return RelayBehaviour::kConfirm;
  if (name == "refuse") return RelayBehaviour::kRefuse;
  if (name == "garbage") return RelayBehaviour::kGarbage;
  if (name == "silent") return RelayBehaviour::kSilent;
  return std::nullopt;
}

struct RelayCamera::Impl {
  RelayCameraOptions options;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<drivers::HttpServer> server;
  std::thread thread;
  std::atomic<RelayBehaviour> behaviour{RelayBehaviour::kConfirm};
  std::atomic<int> pulses{0};
  std::atomic<int> refused{0};
  std::atomic<int> readbacks{0};
  std::mutex mu;
  std::vector<SimCapture> captures;     // guarded by mu
  std::set<std::string> nonces;         // issued, not yet used
  std::vector<HttpReplier> unanswered;  // kSilent: held until the camera stops
  SerialPortDisplay display;            // on the RS-485 port (Hikvision transparent channel)
  std::set<std::string> open_channels;  // transparent channel paths opened, under mu

  void handle(const HttpRequest& req, HttpReplier reply);
  bool authenticated(const HttpRequest& req);
  HttpResponse challenge();
  HttpResponse serve(const HttpRequest& req);
  HttpResponse open_command(const HttpRequest& req);
  HttpResponse status_request(const HttpRequest& req);
  bool is_readback(const HttpRequest& req) const;
  HttpResponse readback(const HttpRequest& req);
  HttpResponse add_capture_request(const HttpRequest& req);
  HttpResponse serial_command(const HttpRequest& req);
};

HttpResponse RelayCamera::Impl::challenge() {
  const std::string nonce = drivers::make_digest_cnonce();
  {
    std::lock_guard<std::mutex> lock(mu);
    nonces.insert(nonce);
  }
  HttpResponse r = text(401, "Unauthorized");
  r.headers.emplace_back("WWW-Authenticate",
                         "Digest realm=\"" + std::string(kRealm) +
                             "\", qop=\"auth\", algorithm=" + options.algorithm + ", nonce=\"" +
                             nonce + "\", opaque=\"relay\", stale=\"FALSE\"");
  return r;
}

// Checks the Authorization header against the password; each nonce answers one request.
bool RelayCamera::Impl::authenticated(const HttpRequest& req) {
  auto header = req.headers.find("authorization");
  if (header == req.headers.end()) return false;
  auto p = drivers::parse_digest_params(header->second);
  if (!p.ok()) return false;
  auto get = [&](const char* k) {
    auto it = p.value().find(k);
    return it == p.value().end() ? std::string() : it->second;
  };
  {
    std::lock_guard<std::mutex> lock(mu);
    if (nonces.erase(get("nonce")) == 0) return false;
  }
  drivers::DigestChallenge c;
  c.realm = kRealm;
  c.nonce = get("nonce");
  c.algorithm = options.algorithm;
  c.qop_auth = get("qop") == "auth";
  drivers::DigestAnswer a;
  a.method = req.method;
  a.uri = get("uri");
  a.user = options.user;
  a.password = options.password;
  a.cnonce = get("cnonce");
  a.nc = static_cast<uint32_t>(std::strtoul(get("nc").c_str(), nullptr, 16));
  return c.qop_auth && get("username") == options.user && a.uri == req.target &&
         get("response") == drivers::digest_response(c, a);
}

void RelayCamera::Impl::handle(const HttpRequest& req, HttpReplier reply) {
  if (req.method == "GET" && req.path == "/sim/display") {
    HttpResponse r;
    r.content_type = "application/json";
    r.body = display.to_json({{"pulses", pulses.load()}});
    return reply(std::move(r));
  }
  if (behaviour.load() == RelayBehaviour::kSilent) {
    std::lock_guard<std::mutex> lock(mu);
    unanswered.push_back(std::move(reply));
    return;
  }
  if (!authenticated(req)) {
    if (req.headers.count("authorization") != 0) ++refused;
    reply(challenge());
    return;
  }
  reply(serve(req));
}

HttpResponse RelayCamera::Impl::serve(const HttpRequest& req) {
  if (req.method == "POST" && req.path == "/sim/captures") return add_capture_request(req);
  if (is_readback(req)) return readback(req);
  const bool hikvision = options.vendor == RelayVendor::kHikvision;
  const bool is_open = hikvision ? req.method == "PUT" && req.path.ends_with("/barrierGate")
                                 : req.path == "/cgi-bin/trafficSnap.cgi" &&
                                       req.query.count("action") != 0 &&
                                       req.query.at("action") == "openStrobe";
  if (is_open) return open_command(req);
  if (hikvision && req.path.starts_with("/ISAPI/System/Serial/ports/") &&
      req.path.find("/Transparent/channels/") != std::string::npos) {
    return serial_command(req);
  }
  return status_request(req);
}

// The transparent channel: open and close it, or write bytes to the port (to the display).
HttpResponse RelayCamera::Impl::serial_command(const HttpRequest& req) {
  const auto last_slash = req.path.rfind('/');
  const std::string channel = req.path.substr(0, last_slash);
  const std::string verb = req.path.substr(last_slash + 1);
  if (req.method != "PUT") {
    return isapi_status(405, 4, "Invalid Operation", "methodNotAllowed", req.path);
  }
  switch (behaviour.load()) {
    case RelayBehaviour::kConfirm:
      break;
    case RelayBehaviour::kRefuse:
      return isapi_status(200, 4, "Invalid Operation", "notSupport", req.path);
    case RelayBehaviour::kGarbage:
    case RelayBehaviour::kSilent:
      return text(200, "<html><body>\x1b[31mnot a camera\x1b[0m</body></html>");
  }
  std::lock_guard<std::mutex> lock(mu);
  if (verb == "open") {
    open_channels.insert(channel);
  } else if (verb == "close") {
    open_channels.erase(channel);
  } else if (verb == "transData") {
    if (open_channels.count(channel) == 0) {
      return isapi_status(200, 4, "Invalid Operation", "transparentChannelNotOpen", req.path);
    }
    display.receive(req.body);
  } else {
    return isapi_status(404, 4, "Invalid Operation", "notSupport", req.path);
  }
  return isapi_status(200, 1, "OK", "ok", req.path);
}

HttpResponse RelayCamera::Impl::open_command(const HttpRequest& req) {
  const bool hikvision = options.vendor == RelayVendor::kHikvision;
  switch (behaviour.load()) {
    case RelayBehaviour::kConfirm:
      if (hikvision && req.body.find("<ctrlMode>open</ctrlMode>") == std::string::npos) {
        return isapi_status(400, 4, "Invalid Operation", "badXmlContent", req.path);
      }
      ++pulses;
      return hikvision ? isapi_status(200, 1, "OK", "ok", req.path) : text(200, "OK\r\n");
    case RelayBehaviour::kRefuse:
      return hikvision ? isapi_status(200, 4, "Invalid Operation", "notSupport", req.path)
                       : text(200, "Error\r\nBad Request!\r\n");
    case RelayBehaviour::kGarbage:
    case RelayBehaviour::kSilent:
      break;
  }
  return text(200, "<html><body>\x1b[31mnot a camera\x1b[0m</body></html>");
}

HttpResponse RelayCamera::Impl::status_request(const HttpRequest& req) {
  if (options.vendor == RelayVendor::kDahua) {
    if (req.path == "/cgi-bin/magicBox.cgi") return text(200, "type=ITC\r\n");
    return text(404, "Error\r\nNot Found\r\n");
  }
  if (req.path.ends_with("/barrierGate/barrierGateStatus")) {
    HttpResponse r;
    r.content_type = "application/xml";
    r.body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BarrierGateStatus>"
        "<barrierGateStatus>1</barrierGateStatus></BarrierGateStatus>\n";
    return r;
  }
  return isapi_status(404, 4, "Invalid Operation", "notSupport", req.path);
}

bool RelayCamera::Impl::is_readback(const HttpRequest& req) const {
  if (options.vendor == RelayVendor::kHikvision) {
    return req.method == "POST" && req.path == "/ISAPI/Traffic/channels/1/vehicleDetect/plates";
  }
  const auto action = req.query.find("action");
  const auto name = req.query.find("name");
  return req.path == "/cgi-bin/recordFinder.cgi" && action != req.query.end() &&
         action->second == "find" && name != req.query.end() &&
         name->second == "TrafficSnapEventInfo";
}

// The captures asked for, in the vendor's format; garbage or a refusal when so switched.
HttpResponse RelayCamera::Impl::readback(const HttpRequest& req) {
  const bool hikvision = options.vendor == RelayVendor::kHikvision;
  const RelayBehaviour b = behaviour.load();
  if (b == RelayBehaviour::kGarbage) return text(200, "<html><body>not a camera</body></html>");
  if (b == RelayBehaviour::kRefuse) {
    return hikvision ? isapi_status(200, 4, "Invalid Operation", "notSupport", req.path)
                     : text(200, "Error\r\nBad Request!\r\n");
  }
  std::vector<SimCapture> held;
  {
    std::lock_guard<std::mutex> lock(mu);
    held = captures;
  }
  ++readbacks;
  if (hikvision) {
    const std::size_t open = req.body.find("<picTime>");
    const std::size_t close = req.body.find("</picTime>");
    if (open == std::string::npos || close == std::string::npos || close < open) {
      return isapi_status(400, 4, "Invalid Operation", "badXmlContent", req.path);
    }
    auto after = drivers::parse_hikvision_capture_time(req.body.substr(open + 9, close - open - 9),
                                                       options.utc_offset_minutes);
    if (!after.ok()) return isapi_status(400, 4, "Invalid Operation", "badParameters", req.path);
    HttpResponse r =
        text(200, hikvision_plates_answer(held, after.value(), options.utc_offset_minutes));
    r.content_type = "application/xml";
    return r;
  }
  auto seconds = [&](const char* key) -> int64_t {
    const auto it = req.query.find(key);
    return it == req.query.end() ? -1 : std::strtoll(it->second.c_str(), nullptr, 10);
  };
  if (seconds("StartTime") < 0 || seconds("EndTime") < 0) {
    return text(400, "Error\r\nBad Request!\r\n");
  }
  return text(200, dahua_records_answer(held, seconds("StartTime") * 1000,
                                        seconds("EndTime") * 1000 + 999));
}

// POST /sim/captures {"plate": …, "time_unix_ms": …}: the control endpoint of gate-sim scenarios.
HttpResponse RelayCamera::Impl::add_capture_request(const HttpRequest& req) {
  const auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("plate") || !body["plate"].is_string() ||
      !body.contains("time_unix_ms") || !body["time_unix_ms"].is_number_integer()) {
    return text(400, "expected {\"plate\": string, \"time_unix_ms\": integer}\n");
  }
  std::lock_guard<std::mutex> lock(mu);
  captures.push_back(
      SimCapture{body["plate"].get<std::string>(), body["time_unix_ms"].get<int64_t>()});
  return text(200, "captures: " + std::to_string(captures.size()) + "\n");
}

RelayCamera::RelayCamera(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<RelayCamera>> RelayCamera::Start(const RelayCameraOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  Impl* self = impl.get();
  auto server = drivers::HttpServer::ListenAsync(
      impl->io, options.address, options.port,
      [self](const HttpRequest& req, HttpReplier reply) { self->handle(req, std::move(reply)); },
      drivers::HttpServer::Options{});
  if (!server.ok()) return Error{"relay camera: " + server.error()};
  impl->server = std::move(server).value();
  impl->thread = std::thread([self] { self->io.run(); });
  return std::unique_ptr<RelayCamera>(new RelayCamera(std::move(impl)));
}

RelayCamera::~RelayCamera() {
  impl_->server->stop();
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->unanswered.clear();
  }
  impl_->work.reset();
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

uint16_t RelayCamera::port() const {
  return impl_->server->port();
}

void RelayCamera::set_behaviour(RelayBehaviour b) {
  impl_->behaviour = b;
}

int RelayCamera::pulses() const {
  return impl_->pulses.load();
}

int RelayCamera::refused_logins() const {
  return impl_->refused.load();
}

void RelayCamera::add_capture(const std::string& plate, int64_t unix_ms) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->captures.push_back(SimCapture{plate, unix_ms});
}

int RelayCamera::readbacks() const {
  return impl_->readbacks.load();
}

std::vector<LedDisplay::Shown> RelayCamera::display_shown() const {
  return impl_->display.shown();
}

int RelayCamera::display_bad_frames() const {
  return impl_->display.bad_frames();
}

}  // namespace gate::sim
