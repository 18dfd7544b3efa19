// The kinds of document image attached to a ledger entry (docs/domain.md §3.4) and their names:
// the code used on the command line, in CSV column names (doc_<code>) and in the database, and
// the Chinese name printed for people. Pure.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace gate::rules {

enum class DocumentKind {
  kConformityList,   // 随车清单 (vehicle emission information / conformity list)
  kDrivingLicence,   // 行驶证
  kEngineNameplate,  // 发动机铭牌 (non-road machinery)
  kMachineryLabel,   // 环保信息标签 / 环保号码牌 (non-road machinery registration label)
};

inline constexpr std::array<DocumentKind, 4> kDocumentKinds = {
    DocumentKind::kConformityList, DocumentKind::kDrivingLicence, DocumentKind::kEngineNameplate,
    DocumentKind::kMachineryLabel};

// "list", "license", "nameplate", "label": stable, stored in the database.
inline std::string_view document_code(DocumentKind k) {
  switch (k) {
    case DocumentKind::kConformityList:
      return "list";
    case DocumentKind::kDrivingLicence:
      return "license";
    case DocumentKind::kEngineNameplate:
      return "nameplate";
    case DocumentKind::kMachineryLabel:
      return "label";
  }
  return "";
}

inline std::string_view document_name_zh(DocumentKind k) {
  switch (k) {
    case DocumentKind::kConformityList:
      return "随车清单";
    case DocumentKind::kDrivingLicence:
      return "行驶证";
    case DocumentKind::kEngineNameplate:
      return "发动机铭牌";
    case DocumentKind::kMachineryLabel:
      return "环保信息标签";
  }
  return "";
}

// Accepts the code ("licence" too, the British spelling); nullopt for anything else.
inline std::optional<DocumentKind> document_kind_from_code(std::string_view code) {
  for (DocumentKind k : kDocumentKinds) {
    if (code == document_code(k)) return k;
  }
  if (code == "licence") return DocumentKind::kDrivingLicence;
  return std::nullopt;
}

}  // namespace gate::rules
