#include "firmware-host/sync/seal_anchoring.h"

#include "firmware-host/store/audit_chain.h"
#include "firmware-host/store/seal_anchors.h"
#include "rules/control_characters.h"

namespace gate::host {
namespace {

void copy_seal(const Seal& s, gate::v1::SealAnchor& a) {
  a.set_date(s.date);
  a.set_first_chain_id(s.first_chain_id);
  a.set_last_chain_id(s.last_chain_id);
  a.set_last_hash(s.last_hash);
  a.set_passages(s.passages);
  a.set_outcomes(s.outcomes);
  a.set_key_id(s.key_id);
  a.set_signature(s.signature);
}

bool was_sent(const gate::v1::Heartbeat& sent, const gate::v1::SealReceipt& r) {
  for (const auto& s : sent.seals()) {
    if (s.date() == r.date() && s.last_chain_id() == r.last_chain_id()) return true;
  }
  return false;
}

// Why a receipt is not taken, or "" when it names a seal we sent and looks like a reference.
std::string receipt_problem(const gate::v1::Heartbeat& sent, const gate::v1::SealReceipt& r) {
  if (!was_sent(sent, r)) return "it acknowledges a seal this heartbeat did not carry";
  if (r.receipt().empty()) return "its receipt is empty";
  if (r.receipt().size() > kMaxReceiptBytes) {
    return "its receipt is longer than " + std::to_string(kMaxReceiptBytes) + " bytes";
  }
  if (rules::find_control_character(r.receipt())) return "its receipt holds a control character";
  return "";
}

std::string name_of(const gate::v1::SealReceipt& r) {
  std::string date = r.date();
  if (date.size() > 10 || date.find_first_not_of("0123456789-") != std::string::npos) date = "?";
  return "seal receipt for " + date + " (last chain id " + std::to_string(r.last_chain_id()) + ")";
}

}  // namespace

Status add_anchors(SqliteDb& db, gate::v1::Heartbeat& hb) {
  AuditChain chain;
  if (Status st = chain.load_head(db); !st.ok()) {
    return Error{"cannot read the audit chain head: " + st.message()};
  }
  auto seals = unanchored_seals(db, kMaxSealsPerHeartbeat);
  if (!seals.ok()) return Error{seals.error()};
  if (chain.head().id > 0) {
    hb.mutable_chain_head()->set_chain_id(chain.head().id);
    hb.mutable_chain_head()->set_hash(chain.head().hash);
  }
  for (const auto& s : seals.value()) copy_seal(s, *hb.add_seals());
  return Status::Ok();
}

ReceiptsTaken take_seal_receipts(SqliteDb& db, const gate::v1::Heartbeat& sent,
                                 const gate::v1::HeartbeatReply& reply, int64_t now_unix_ms) {
  ReceiptsTaken out;
  for (const auto& r : reply.seal_receipts()) {
    if (std::string why = receipt_problem(sent, r); !why.empty()) {
      out.ignored.push_back("uplink: ignored the platform's " + name_of(r) + ": " + why);
      continue;
    }
    auto taken = record_seal_receipt(db, r.date(), r.last_chain_id(), r.receipt(), now_unix_ms);
    if (!taken.ok()) {
      out.ignored.push_back("uplink: " + taken.error() + " (the seal is sent again)");
    } else if (taken.value()) {
      ++out.recorded;
    }
  }
  return out;
}

}  // namespace gate::host
