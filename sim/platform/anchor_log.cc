#include "sim/platform/anchor_log.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "drivers/uplink/wire_time.h"

namespace gate::sim {
namespace {

bool is_hex(const std::string& s, std::size_t size) {
  return (size == 0 ? !s.empty() : s.size() == size) &&
         s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool is_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  return true;
}

bool well_formed(const gate::v1::SealAnchor& s) {
  return is_date(s.date()) && s.first_chain_id() >= 1 && s.last_chain_id() >= s.first_chain_id() &&
         is_hex(s.last_hash(), 64) && is_hex(s.signature(), 0) && !s.key_id().empty() &&
         s.passages() >= 0 && s.outcomes() >= 0;
}

nlohmann::json seal_fields(const gate::v1::SealAnchor& s) {
  return {{"date", s.date()},
          {"first_chain_id", s.first_chain_id()},
          {"last_chain_id", s.last_chain_id()},
          {"last_hash", s.last_hash()},
          {"passages", s.passages()},
          {"outcomes", s.outcomes()},
          {"key_id", s.key_id()},
          {"signature", s.signature()}};
}

}  // namespace

Result<std::unique_ptr<AnchorLog>> AnchorLog::Open(const std::string& export_path) {
  std::unique_ptr<AnchorLog> log(new AnchorLog());
  if (export_path.empty()) return log;
  if (Status st = log->load(export_path); !st.ok()) return Error{st.message()};
  log->out_.open(export_path, std::ios::app);
  if (!log->out_) {
    return Error{"cannot write the anchor file " + export_path +
                 " (check that its folder exists and is writable)"};
  }
  return log;
}

// Seals held from an earlier run stay held, so a restarted platform still refuses to replace
// them. Lines it cannot read are left in the file and not held.
Status AnchorLog::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Ok();  // a new file
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    lines_.push_back(line);
    const std::string gate = j.value("gate_id", "");
    if (j.value("anchor", "") == "head") {
      last_head_[gate] = j.value("hash", "");
      ++heads_;
      continue;
    }
    nlohmann::json fields = j;
    for (const char* k : {"gate_id", "anchor", "receipt", "received_at"}) fields.erase(k);
    seals_by_day_[{gate, j.value("date", "")}] = {fields.dump(), j.value("receipt", "")};
    ++seals_;
  }
  return Status::Ok();
}

void AnchorLog::keep(const std::string& line) {
  lines_.push_back(line);
  if (out_.is_open()) out_ << line << '\n' << std::flush;
}

std::vector<gate::v1::SealReceipt> AnchorLog::take(const gate::v1::Heartbeat& hb,
                                                   int64_t now_unix_ms) {
  const std::string received_at = drivers::uplink::format_wire_time(now_unix_ms, 480);
  take_head(hb, received_at);
  std::vector<gate::v1::SealReceipt> receipts;
  for (const auto& s : hb.seals()) {
    if (auto r = take_seal(hb.gate_id(), s, received_at)) receipts.push_back(*r);
  }
  return receipts;
}

void AnchorLog::take_head(const gate::v1::Heartbeat& hb, const std::string& received_at) {
  if (!hb.has_chain_head()) return;
  const auto& h = hb.chain_head();
  if (h.chain_id() < 1 || !is_hex(h.hash(), 64)) {
    ++invalid_;
    return;
  }
  auto it = last_head_.find(hb.gate_id());
  if (it != last_head_.end() && it->second == h.hash()) return;
  last_head_[hb.gate_id()] = h.hash();
  nlohmann::json j = {{"gate_id", hb.gate_id()},
                      {"anchor", "head"},
                      {"chain_id", h.chain_id()},
                      {"hash", h.hash()},
                      {"received_at", received_at}};
  keep(j.dump());
  ++heads_;
}

std::optional<gate::v1::SealReceipt> AnchorLog::take_seal(const std::string& gate_id,
                                                          const gate::v1::SealAnchor& s,
                                                          const std::string& received_at) {
  if (!well_formed(s)) {
    ++invalid_;
    return std::nullopt;
  }
  const nlohmann::json fields = seal_fields(s);
  auto [it, added] = seals_by_day_.try_emplace({gate_id, s.date()});
  if (!added && it->second.canonical != fields.dump()) {
    ++conflicts_;
    std::cerr << "gate-sim platform: gate " << gate_id << " sent a different seal for " << s.date()
              << " than the one anchored; kept the first, not acknowledged" << std::endl;
    return std::nullopt;
  }
  if (added) {
    it->second = {fields.dump(), "anchor-" + std::to_string(seals_ + 1)};
    nlohmann::json j = fields;
    j["gate_id"] = gate_id;
    j["anchor"] = "seal";
    j["receipt"] = it->second.receipt;
    j["received_at"] = received_at;
    keep(j.dump());
    ++seals_;
  }
  gate::v1::SealReceipt r;
  r.set_date(s.date());
  r.set_last_chain_id(s.last_chain_id());
  r.set_receipt(it->second.receipt);
  return r;
}

std::string AnchorLog::json_lines() const {
  std::string out;
  for (const auto& l : lines_) out += l + "\n";
  return out;
}

}  // namespace gate::sim
