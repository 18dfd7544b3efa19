// Persists the platform's downlink (control measures, whitelist, excess-emission list, cursor)
// and the uplink's health in tables of gated's SQLite file, so that what the platform said
// survives a restart and `gatectl sync status` can show it. Its own connection; the sync worker
// writes, the daemon and gatectl read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "firmware-host/store/sqlite_db.h"
#include "firmware-host/sync/platform_state.h"
#include "gate/v1/uplink.pb.h"
#include "rules/result.h"

namespace gate::host {

struct UplinkHealth {
  int64_t last_contact_unix_ms = 0;  // last time the platform answered anything
  std::string last_error;            // latest failure; "" when the last exchange went well
  int64_t last_error_unix_ms = 0;
};

class PlatformStateStore {
 public:
  static Result<std::unique_ptr<PlatformStateStore>> Open(const std::string& path);

  // Applies one (checked) downlink reply in a single transaction: a full reply replaces both
  // lists; changes are applied in order; the cursor is saved with them.
  Status apply(const gate::v1::DownlinkReply& reply, int64_t now_unix_ms);
  Result<PlatformState> load();

  Status note_contact(int64_t now_unix_ms);
  Status note_error(const std::string& error, int64_t now_unix_ms);
  Result<UplinkHealth> health();

 private:
  explicit PlatformStateStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status set(const std::string& key, const std::string& value);
  Result<std::string> get(const std::string& key);

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace gate::host
