// The mock platform's own SQLite file: every record it took (first arrival per key), every
// repeat, every rejection, refused request and heartbeat. Tests and inspectors read it after
// the run; a restarted mock platform reloads it and still knows which keys it has.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::sim {

struct ReceivedRecord {
  std::string key;
  std::string kind;  // "decision" or "outcome"
  std::string gate_id;
  int64_t seq = 0;
  std::string plate;
  std::string verdict;
  std::string rule;
  std::string reason;
  int outcome = 0;  // gate.v1.PassageOutcome number (outcome records)
  bool backfill = false;
  int64_t received_unix_ms = 0;
  int64_t time_unix_ms = 0;  // decision time or outcome time
  std::string profile;       // "http_json" or "tcp_json"
  std::string content_sha256;
};

class PlatformRecordDb {
 public:
  static Result<std::unique_ptr<PlatformRecordDb>> Open(const std::string& path);
  ~PlatformRecordDb();
  PlatformRecordDb(const PlatformRecordDb&) = delete;
  PlatformRecordDb& operator=(const PlatformRecordDb&) = delete;

  Result<std::vector<ReceivedRecord>> load_records();

  Status begin();
  Status commit();
  Status insert_record(const ReceivedRecord& r, const std::string& json);
  Status insert_repeat(const std::string& key, int64_t now_unix_ms, bool same_content,
                       bool backfill);
  Status insert_rejection(const std::string& key, const std::string& code,
                          const std::string& reason, int64_t now_unix_ms);
  Status insert_refusal(const std::string& what, const std::string& reason, int64_t now_unix_ms);
  Status insert_heartbeat(const std::string& gate_id, const std::string& json, int64_t now_unix_ms);

 private:
  explicit PlatformRecordDb(sqlite3* db) : db_(db) {}
  Status exec(const char* sql);
  Status run(const char* sql, const std::vector<std::string>& text_args,
             const std::vector<int64_t>& int_args);

  sqlite3* db_;
};

}  // namespace gate::sim
