#include "firmware-host/audit/retention_worker.h"

#include <chrono>
#include <filesystem>

#include "firmware-host/audit/retention.h"
#include "firmware-host/store/gate_store.h"

namespace gate::host {
namespace {

std::string level_words(StorageLevel l) {
  switch (l) {
    case StorageLevel::kOk:
      return "enough free space";
    case StorageLevel::kLow:
      return "low";
    case StorageLevel::kCritical:
      return "nearly full";
  }
  return "?";
}

}  // namespace

void RetentionWorker::start() {
  thread_ = std::thread([this] { run(); });
}

void RetentionWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionWorker::run() {
  using Clock = std::chrono::steady_clock;
  auto next_prune = Clock::now();
  for (;;) {
    check_disks();
    if (Clock::now() >= next_prune) {
      prune();
      next_prune = Clock::now() + std::chrono::milliseconds(s_.prune_interval_ms);
    }
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::milliseconds(s_.disk_check_ms),
                     [&] { return stopping_; })) {
      return;
    }
  }
}

void RetentionWorker::check_disks() {
  StorageLevel worst = StorageLevel::kOk;
  std::string detail;
  const std::string db_dir = std::filesystem::path(s_.database_path).parent_path().string();
  for (const auto& [what, dir] :
       {std::pair{"database", db_dir.empty() ? "." : db_dir}, std::pair{"photos", s_.photo_dir}}) {
    if (dir.empty() || !std::filesystem::exists(dir)) continue;
    auto d = disk_space(dir);
    if (!d.ok()) {
      if (h_.log) h_.log("disk: " + d.error());
      continue;
    }
    const auto l = storage_level(d.value(), s_.disk_warn_free_percent, s_.disk_reserve_bytes);
    if (detail.empty() || l > worst) {
      worst = l;
      detail = std::string(what) + " disk " + dir + ": " + describe_space(d.value());
    }
  }
  const StorageLevel before = level_.exchange(worst);
  if (worst == before) return;
  const std::string reserve = std::to_string(s_.disk_reserve_bytes >> 20) + " MiB";
  if (worst == StorageLevel::kCritical) {
    if (h_.alarm) {
      h_.alarm("disk nearly full (" + detail + ", below the " + reserve +
               " reserve): photos are no longer stored, passages are still recorded; free "
               "space now (records younger than " +
               std::to_string(s_.retention_months) +
               " months or not yet acknowledged upstream are never deleted)");
    }
  } else if (worst == StorageLevel::kLow) {
    if (h_.log) {
      h_.log("WARNING disk space low (" + detail + ", warning below " +
             std::to_string(s_.disk_warn_free_percent) +
             " % free): add disk or move old exports away; photos stop at " + reserve);
    }
  } else if (h_.log) {
    h_.log("disk: " + level_words(worst) + " again (" + detail + ")" +
           (before == StorageLevel::kCritical ? "; photos are stored again" : ""));
  }
}

void RetentionWorker::prune() {
  auto store = GateStore::Open(s_.database_path);
  if (!store.ok()) {
    if (h_.log) h_.log("retention: " + store.error());
    return;
  }
  const int64_t now = h_.now_ms();
  const std::string keep_from =
      retention_first_kept_date(now, s_.utc_offset_minutes, s_.retention_months);
  for (int days = 0; days < 400; ++days) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto r = prune_oldest_expired_day(*store.value(), s_.photo_dir, keep_from, now);
    if (!r.ok()) {
      if (h_.alarm) h_.alarm("retention: " + r.error());
      return;
    }
    const auto& o = r.value();
    if (!o.pruned) {
      if (o.kept_because != last_kept_reason_ && !o.kept_because.empty() && h_.log) {
        h_.log("retention: keeping " + o.date + " and later although older than " +
               std::to_string(s_.retention_months) + " months: " + o.kept_because);
      }
      last_kept_reason_ = o.kept_because;
      return;
    }
    if (h_.log) {
      h_.log("retention: removed " + o.date + " (" + std::to_string(o.passages) + " passage(s), " +
             std::to_string(o.chain_entries) + " chain entries, " +
             std::to_string(o.photos_deleted) + " photo(s)); kept from " + keep_from +
             "; the day's seal stays");
    }
  }
}

}  // namespace gate::host
