// Where gatectl keeps and finds the ledger's document images: --docs-dir DIR, else
// <database>.documents beside the database file (as the gate's photos default to
// <database>.photos). The default depends on the database alone, so `--db` and `--config`
// find the same documents; the store is content-addressed like the photo store
// (<dir>/<2 hex>/<64 hex>.jpg, the extension is the store's convention whatever the format).
#pragma once

#include <string>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

inline std::string documents_dir(const Args& a, const std::string& database) {
  if (auto it = a.options.find("--docs-dir"); it != a.options.end() && !it->second.empty()) {
    return it->second;
  }
  return database + ".documents";
}

}  // namespace gate::ctl
