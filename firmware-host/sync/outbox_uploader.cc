#include "firmware-host/sync/outbox_uploader.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "drivers/http/http_client.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/sync/upload_payload.h"

namespace gate::host {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t kLiveWindowMs = 60000;
constexpr int64_t kMaxBackoffMs = 30000;

}  // namespace

OutboxUploader::OutboxUploader(std::string db_path, std::string gate_id, gate::v1::UplinkConfig cfg,
                               int utc_offset_minutes, Log log)
    : db_path_(std::move(db_path)),
      gate_id_(std::move(gate_id)),
      cfg_(std::move(cfg)),
      utc_offset_minutes_(utc_offset_minutes),
      log_(std::move(log)) {}

OutboxUploader::~OutboxUploader() {
  stop();
}

void OutboxUploader::start() {
  thread_ = std::thread([this] { run(); });
}

void OutboxUploader::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxUploader::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void OutboxUploader::run() {
  auto url = drivers::parse_http_url(cfg_.url());
  if (!url.ok()) {
    log_("uplink disabled: " + url.error());
    return;
  }
  auto store = GateStore::Open(db_path_);
  if (!store.ok()) {
    log_("uplink disabled: " + store.error());
    return;
  }
  std::mt19937_64 rng(std::random_device{}());
  int64_t backoff = 0;
  std::string last_error;
  for (;;) {
    int64_t wait = backoff > 0 ? backoff : cfg_.interval_ms();
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(wait),
                   [&] { return stopping_ || (poked_ && backoff == 0); });
      if (stopping_) return;
      poked_ = false;
    }
    auto rows = store.value()->next_outbox(cfg_.batch_size());
    if (!rows.ok()) {
      log_("uplink: cannot read outbox: " + rows.error());
      backoff = kMaxBackoffMs;
      continue;
    }
    if (rows.value().empty()) continue;
    std::vector<int64_t> ids;
    for (const auto& r : rows.value()) ids.push_back(r.id);
    std::string body =
        build_upload_batch(gate_id_, rows.value(), now_ms(), kLiveWindowMs, utc_offset_minutes_);
    auto reply = drivers::http_request(url.value(), "POST", url.value().target, body,
                                       "application/json", cfg_.timeout_ms());
    std::string error;
    std::vector<std::string> acked;
    if (!reply.ok()) {
      error = reply.error();
    } else if (reply.value().status != 200) {
      error = "platform answered HTTP " + std::to_string(reply.value().status) + ": " +
              reply.value().body.substr(0, 120);
    } else {
      auto keys = parse_upload_reply(reply.value().body);
      if (!keys.ok()) {
        error = keys.error();
      } else {
        acked = std::move(keys).value();
      }
    }
    if (!error.empty()) {
      (void)store.value()->mark_failed(ids, error);
      if (error != last_error)
        log_("uplink: batch of " + std::to_string(ids.size()) +
             " not delivered, will retry: " + error);
      last_error = error;
      int64_t base = std::max<int64_t>(cfg_.interval_ms(), backoff * 2);
      base = std::min(base, kMaxBackoffMs);
      backoff = base / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(base / 2 + 1));
      continue;
    }
    std::vector<int64_t> acked_ids;
    for (const auto& r : rows.value()) {
      if (std::find(acked.begin(), acked.end(), record_key(gate_id_, r)) != acked.end()) {
        acked_ids.push_back(r.id);
      }
    }
    if (Status st = store.value()->mark_acked(acked_ids, now_ms()); !st.ok()) {
      log_("uplink: cannot mark records acknowledged (they will be sent again): " + st.message());
    }
    uploaded_ += static_cast<int64_t>(acked_ids.size());
    if (!last_error.empty()) log_("uplink: platform reachable again, sending backlog");
    last_error.clear();
    backoff = 0;
    if (acked_ids.size() == ids.size()) {
      std::lock_guard lock(mu_);
      poked_ = true;  // more may be waiting: go again at once
    } else {
      backoff = cfg_.interval_ms();
    }
  }
}

}  // namespace gate::host
