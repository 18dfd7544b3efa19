#include "firmware-host/ledger/ledger_attach.h"

#include "firmware-host/ledger/document_image.h"
#include "firmware-host/store/ledger_documents.h"

namespace gate::host {

Result<std::vector<AttachedFile>> attach_documents(GateStore& store, PhotoStore& documents,
                                                   const gate::v1::Vehicle& entry,
                                                   rules::DocumentKind kind,
                                                   const std::vector<std::string>& paths,
                                                   const std::string& actor, int64_t now) {
  if (paths.empty()) return Error{"no files to attach; name one or more image files"};
  std::vector<AttachedFile> files;
  std::vector<LedgerDocument> rows;
  std::string bad;
  for (const auto& path : paths) {
    auto image = read_document_image(path);
    if (!image.ok()) {
      bad += (bad.empty() ? "" : "\n") + image.error();
      continue;
    }
    auto sha = documents.put(image.value().bytes);
    if (!sha.ok()) return Error{path + ": " + sha.error()};
    files.push_back({path, sha.value(), false});
    rows.push_back({ledger_key_of(entry), kind, sha.value(), image.value().name,
                    static_cast<int64_t>(image.value().bytes.size()), now, actor});
  }
  if (!bad.empty()) return Error{bad + "\nnothing attached; fix or leave out the files above"};

  Transaction tx(store.db());
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto added = add_ledger_document(store.db(), rows[i], entry);
    if (!added.ok()) return Error{files[i].path + ": " + added.error()};
    files[i].added = added.value();
  }
  if (Status st = tx.commit(); !st.ok()) return Error{st.message()};
  return files;
}

}  // namespace gate::host
