// gated's housekeeping thread for retention (retention.h) and disk space (disk_space.h), with its
// own database connection so that pruning never runs on the lanes' thread.
//
// Every `disk_check_ms` it measures the disks of the database and the photos and reports a change
// of level (warning, then alarm); once an hour, and at start, it removes expired days one by one
// and logs each, and logs why it stopped when that reason changes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "firmware-host/store/disk_space.h"

namespace gate::host {

struct RetentionSettings {
  std::string database_path;
  std::string photo_dir;
  int retention_months = 24;
  int disk_warn_free_percent = 10;
  uint64_t disk_reserve_bytes = 512ull << 20;
  int utc_offset_minutes = 480;
  int64_t disk_check_ms = 30000;
  int64_t prune_interval_ms = 3600 * 1000;
};

class RetentionWorker {
 public:
  struct Hooks {
    std::function<void(const std::string&)> log;
    std::function<void(const std::string&)> alarm;
    std::function<int64_t()> now_ms;  // wall clock
  };
  RetentionWorker(RetentionSettings s, Hooks h) : s_(std::move(s)), h_(std::move(h)) {}
  ~RetentionWorker() { stop(); }
  void start();
  void stop();
  // The worst level of the two disks at the last check (kOk before the first).
  StorageLevel level() const { return level_.load(); }

 private:
  void run();
  void check_disks();
  void prune();

  RetentionSettings s_;
  Hooks h_;
  std::atomic<StorageLevel> level_{StorageLevel::kOk};
  std::string last_kept_reason_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gate::host
