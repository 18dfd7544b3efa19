// Reading the documents a ledger's rows name: see row_documents.h.
#include "firmware-host/ledger/row_documents.h"

#include <algorithm>
#include <filesystem>

#include "firmware-host/ledger/document_image.h"

namespace gate::host {

Result<std::vector<std::vector<StoredRowDocument>>> store_row_documents(LedgerParse& parsed,
                                                                        const std::string& base_dir,
                                                                        PhotoStore& documents) {
  namespace fs = std::filesystem;
  std::vector<std::vector<StoredRowDocument>> stored(parsed.vehicles.size());
  std::vector<bool> bad(parsed.vehicles.size(), false);
  for (std::size_t i = 0; i < parsed.vehicles.size() && i < parsed.documents.size(); ++i) {
    for (const auto& ref : parsed.documents[i]) {
      // Ledgers are prepared on Windows PCs: "scans\a.jpg" means scans/a.jpg.
      std::string written = ref.path;
      std::replace(written.begin(), written.end(), '\\', '/');
      const fs::path path =
          fs::path(written).is_absolute() ? fs::path(written) : fs::path(base_dir) / written;
      auto image = read_document_image(path.string());
      if (!image.ok()) {
        parsed.errors.push_back({parsed.lines[i], ref.column, image.error()});
        bad[i] = true;
        continue;
      }
      auto sha = documents.put(image.value().bytes);
      if (!sha.ok()) return Error{path.string() + ": " + sha.error()};
      stored[i].push_back({ref.kind, sha.value(), image.value().name,
                           static_cast<int64_t>(image.value().bytes.size())});
    }
  }
  // Drop the rows with a bad file, keeping the parallel vectors aligned.
  std::size_t keep = 0;
  for (std::size_t i = 0; i < parsed.vehicles.size(); ++i) {
    if (bad[i]) continue;
    if (keep != i) {  // (a self-move would empty the element)
      parsed.vehicles[keep] = std::move(parsed.vehicles[i]);
      parsed.lines[keep] = parsed.lines[i];
      if (i < parsed.documents.size()) parsed.documents[keep] = std::move(parsed.documents[i]);
      stored[keep] = std::move(stored[i]);
    }
    ++keep;
  }
  parsed.vehicles.resize(keep);
  parsed.lines.resize(keep);
  parsed.documents.resize(std::min(parsed.documents.size(), keep));
  stored.resize(keep);
  std::stable_sort(
      parsed.errors.begin(), parsed.errors.end(),
      [](const LedgerRowError& a, const LedgerRowError& b) { return a.line < b.line; });
  return stored;
}

}  // namespace gate::host
