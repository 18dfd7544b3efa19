#include "firmware-host/ledger/ledger_import.h"

#include "firmware-host/store/ledger_documents.h"

namespace gate::host {

Status import_ledger(GateStore& store, const std::vector<gate::v1::Vehicle>& vehicles,
                     const std::vector<std::vector<StoredRowDocument>>& documents,
                     const std::string& actor, int64_t now) {
  Transaction tx(store.db());
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  for (std::size_t i = 0; i < vehicles.size(); ++i) {
    const auto& v = vehicles[i];
    const std::string key = ledger_key_of(v);
    if (Status st = store.upsert_vehicle(v, now, actor); !st.ok()) {
      return Error{"ledger entry " + key + ": " + st.message()};
    }
    if (i >= documents.size()) continue;
    for (const auto& d : documents[i]) {
      auto added =
          add_ledger_document(store.db(), {key, d.kind, d.sha256, d.name, d.bytes, now, actor}, v);
      if (!added.ok()) return Error{"ledger entry " + key + ": " + added.error()};
    }
  }
  return tx.commit();
}

}  // namespace gate::host
