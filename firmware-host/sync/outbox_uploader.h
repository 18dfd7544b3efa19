// Sends outbox rows to the platform in order, in batches, on its own thread with its own
// database connection. Marks acknowledged rows; deletes nothing. Failures back off
// exponentially (interval … 30 s) with jitter; every failure is logged once per streak.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "gate/v1/config.pb.h"

namespace gate::host {

class OutboxUploader {
 public:
  using Log = std::function<void(const std::string&)>;
  OutboxUploader(std::string db_path, std::string gate_id, gate::v1::UplinkConfig cfg,
                 int utc_offset_minutes, Log log);
  ~OutboxUploader();

  void start();
  void stop();
  // Wakes the worker early (a new passage was committed).
  void poke();

  int64_t uploaded() const { return uploaded_.load(); }

 private:
  void run();

  std::string db_path_;
  std::string gate_id_;
  gate::v1::UplinkConfig cfg_;
  int utc_offset_minutes_;
  Log log_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool poked_ = false;
  std::atomic<int64_t> uploaded_{0};
};

}  // namespace gate::host
