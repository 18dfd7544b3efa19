// GateStore: passages, their outcomes and their audit-chain entries.
#include "firmware-host/store/gate_store.h"

#include "firmware-host/store/audit_chain.h"

namespace gate::host {

namespace {

constexpr const char* kPassageColumns =
    "seq, gate_id, lane_id, direction, time_unix_ms, plate_read, read_color, confidence, "
    "camera_id, image_sha256, source, vehicle_known, v_plate, v_plate_color, v_class, v_vin, "
    "v_engine_no, v_registration_date, v_stage, v_fuel, v_fleet, verdict, rule_id, reason, "
    "policy_version, explanation, operator_id, alert_level, outcome, outcome_unix_ms, "
    "camera_time_unix_ms, confirmation, closeup_sha256, check_status, check_may_pass, "
    "check_reason, check_stage, check_fuel, check_vin, check_registration_date, check_serial, "
    "check_latency_ms, check_ledger_mismatch, check_degraded_mode, platform_strategy, "
    "platform_strategy_code";

// The platform's vehicle check, columns 33.. of kPassageColumns; nothing when none was made.
void check_from_row(const Statement& s, gate::v1::Passage& p) {
  const auto status = static_cast<gate::v1::VehicleCheck::Status>(s.int64(33));
  if (status == gate::v1::VehicleCheck::STATUS_NONE) return;
  auto* c = p.mutable_check();
  c->set_status(status);
  c->set_may_pass(s.int64(34) != 0);
  c->set_reason(s.text(35));
  c->set_emission_stage(static_cast<gate::v1::EmissionStage>(s.int64(36)));
  c->set_fuel_type(static_cast<gate::v1::FuelType>(s.int64(37)));
  c->set_vin(s.text(38));
  c->set_registration_date(s.text(39));
  c->set_serial(s.text(40));
  c->set_latency_ms(s.int64(41));
  c->set_ledger_mismatch(s.text(42));
  c->set_degraded_mode(s.text(43));
}

gate::v1::Passage passage_from_row(const Statement& s) {
  gate::v1::Passage p;
  p.set_seq(s.int64(0));
  p.set_gate_id(s.text(1));
  p.set_lane_id(s.text(2));
  p.set_direction(static_cast<gate::v1::Direction>(s.int64(3)));
  p.set_time_unix_ms(s.int64(4));
  auto* r = p.mutable_read();
  r->set_plate_text(s.text(5));
  r->set_color(static_cast<gate::v1::PlateColor>(s.int64(6)));
  r->set_confidence(s.real(7));
  r->set_camera_id(s.text(8));
  r->set_image_sha256(s.text(9));
  r->set_source(s.text(10));
  r->set_lane_id(p.lane_id());
  r->set_time_unix_ms(p.time_unix_ms());
  r->set_direction(p.direction());
  p.set_vehicle_known(s.int64(11) != 0);
  if (p.vehicle_known()) {
    auto* v = p.mutable_vehicle();
    v->set_plate(s.text(12));
    v->set_plate_color(static_cast<gate::v1::PlateColor>(s.int64(13)));
    v->set_vehicle_class(static_cast<gate::v1::VehicleClass>(s.int64(14)));
    v->set_vin(s.text(15));
    v->set_engine_no(s.text(16));
    v->set_registration_date(s.text(17));
    v->set_emission_stage(static_cast<gate::v1::EmissionStage>(s.int64(18)));
    v->set_fuel_type(static_cast<gate::v1::FuelType>(s.int64(19)));
    v->set_fleet(s.text(20));
  }
  auto* d = p.mutable_decision();
  d->set_verdict(static_cast<gate::v1::Verdict>(s.int64(21)));
  d->set_rule_id(s.text(22));
  d->set_reason(s.text(23));
  d->set_policy_version(s.text(24));
  d->set_explanation(s.text(25));
  d->set_operator_id(s.text(26));
  p.set_alert_level(static_cast<gate::v1::AlertLevel>(s.int64(27)));
  p.set_outcome(static_cast<gate::v1::PassageOutcome>(s.int64(28)));
  p.set_outcome_time_unix_ms(s.int64(29));
  if (!s.is_null(30)) r->set_camera_time_unix_ms(s.int64(30));
  p.set_confirmation(static_cast<gate::v1::PassageConfirmation>(s.int64(31)));
  r->set_closeup_sha256(s.text(32));
  check_from_row(s, p);
  p.set_platform_strategy(s.text(44));
  p.set_platform_strategy_code(s.text(45));
  return p;
}

}  // namespace

// photo_1 for the main picture, then photo_2 for the close-up: the close-up is sent only
// beside a photo (a read never has a close-up without one), and not when it is the same picture
// (a camera configured to send its scene twice): the platform would get the bytes twice.
Status GateStore::queue_photos(int64_t seq, const gate::v1::PlateRead& r, int64_t now) {
  if (r.image_sha256().empty()) return Status::Ok();
  std::vector<std::string> kinds = {kPhotoRecordKind};
  if (!r.closeup_sha256().empty() && r.closeup_sha256() != r.image_sha256()) {
    kinds.emplace_back(kCloseupRecordKind);
  }
  for (const std::string& kind : kinds) {
    Status st = db_->run("INSERT INTO outbox(passage_seq, kind, created_unix_ms) VALUES(?, ?, ?)",
                         {seq, kind, now});
    if (!st.ok()) return Error{"cannot queue the passage's photos for upload: " + st.message()};
  }
  return Status::Ok();
}

Result<int64_t> GateStore::commit_passage(gate::v1::Passage& p, int64_t now) {
  Transaction tx(*db_);
  if (!tx.began())
    return Error{"cannot start a transaction (is the database locked or the disk full?)"};
  const auto& r = p.read();
  const auto& v = p.vehicle();
  const bool known = p.vehicle_known();
  auto opt_s = [&](const std::string& s) -> SqlValue { return known ? SqlValue(s) : nullptr; };
  auto opt_i = [&](int64_t i) -> SqlValue { return known ? SqlValue(i) : nullptr; };
  Status st = db_->run(
      std::string("INSERT INTO passages(") +
          "gate_id, lane_id, direction, time_unix_ms, plate_read, read_color, confidence, "
          "camera_id, image_sha256, source, vehicle_known, v_plate, v_plate_color, v_class, "
          "v_vin, v_engine_no, v_registration_date, v_stage, v_fuel, v_fleet, verdict, rule_id, "
          "reason, policy_version, explanation, operator_id, alert_level, outcome, "
          "outcome_unix_ms, committed_unix_ms, camera_time_unix_ms, closeup_sha256, "
          "platform_strategy, platform_strategy_code) "
          "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {p.gate_id(),
       p.lane_id(),
       int64_t{p.direction()},
       p.time_unix_ms(),
       r.plate_text(),
       int64_t{r.color()},
       r.confidence(),
       r.camera_id(),
       r.image_sha256(),
       r.source(),
       int64_t{known ? 1 : 0},
       opt_s(v.plate()),
       opt_i(v.plate_color()),
       opt_i(v.vehicle_class()),
       opt_s(v.vin()),
       opt_s(v.engine_no()),
       opt_s(v.registration_date()),
       opt_i(v.emission_stage()),
       opt_i(v.fuel_type()),
       opt_s(v.fleet()),
       int64_t{p.decision().verdict()},
       p.decision().rule_id(),
       p.decision().reason(),
       p.decision().policy_version(),
       p.decision().explanation(),
       p.decision().operator_id(),
       int64_t{p.alert_level()},
       int64_t{p.outcome()},
       p.outcome_time_unix_ms(),
       now,
       r.camera_time_unix_ms() != 0 ? SqlValue(r.camera_time_unix_ms()) : SqlValue(nullptr),
       r.closeup_sha256(),
       p.platform_strategy(),
       p.platform_strategy_code()});
  if (!st.ok()) return Error{"cannot record passage: " + st.message()};
  int64_t seq = db_->last_insert_id();
  if (p.check().status() != gate::v1::VehicleCheck::STATUS_NONE) {
    st = store_check(seq, p.check());
    if (!st.ok()) return Error{"cannot record the passage's vehicle check: " + st.message()};
  }
  st = db_->run("INSERT INTO outbox(passage_seq, kind, created_unix_ms) VALUES(?, 'decision', ?)",
                {seq, now});
  if (!st.ok()) return Error{"cannot queue passage for upload: " + st.message()};
  if (queue_photo_records_) {
    st = queue_photos(seq, r, now);
    if (!st.ok()) return Error{st.message()};
  }
  // The evidence: the passage as decided, then (for a refusal) its outcome, in the chain.
  p.set_seq(seq);
  auto head = chain_.append(*db_, "passage", seq, now, canonical_passage(p));
  if (!head.ok()) return Error{head.error()};
  ChainHead new_head = head.value();
  if (p.outcome() != gate::v1::PASSAGE_OUTCOME_PENDING) {
    chain_.set_head(new_head);
    auto oh =
        chain_outcome(seq, p.outcome(), p.outcome_time_unix_ms() ? p.outcome_time_unix_ms() : now);
    if (!oh.ok()) {
      (void)chain_.load_head(*db_);
      return Error{oh.error()};
    }
    new_head = oh.value();
    // A pass whose outcome is known at once (the lane was busy, nothing opened) is followed
    // by its outcome record like every pass; a refuse or hold is final without one (§2).
    const auto verdict = p.decision().verdict();
    if (verdict == gate::v1::VERDICT_PASS || verdict == gate::v1::VERDICT_MANUAL_PASS) {
      st =
          db_->run("INSERT INTO outbox(passage_seq, kind, created_unix_ms) VALUES(?, 'outcome', ?)",
                   {seq, now});
      if (!st.ok()) {
        (void)chain_.load_head(*db_);
        return Error{"cannot queue the passage's outcome for upload: " + st.message()};
      }
    }
  }
  if (Status c = tx.commit(); !c.ok()) {
    (void)chain_.load_head(*db_);
    return Error{"cannot commit passage: " + c.message()};
  }
  chain_.set_head(new_head);
  return seq;
}

Status GateStore::store_check(int64_t seq, const gate::v1::VehicleCheck& c) {
  return db_->run(
      "UPDATE passages SET check_status=?, check_may_pass=?, check_reason=?, check_stage=?, "
      "check_fuel=?, check_vin=?, check_registration_date=?, check_serial=?, "
      "check_latency_ms=?, check_ledger_mismatch=?, check_degraded_mode=? WHERE seq=?",
      {int64_t{c.status()}, int64_t{c.may_pass() ? 1 : 0}, c.reason(), int64_t{c.emission_stage()},
       int64_t{c.fuel_type()}, c.vin(), c.registration_date(), c.serial(), c.latency_ms(),
       c.ledger_mismatch(), c.degraded_mode(), seq});
}

Status GateStore::set_outcome(int64_t seq, gate::v1::PassageOutcome outcome, int64_t now,
                              gate::v1::PassageConfirmation confirmation) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  Status st =
      db_->run("UPDATE passages SET outcome=?, outcome_unix_ms=?, confirmation=? WHERE seq=?",
               {int64_t{outcome}, now, int64_t{confirmation}, seq});
  if (!st.ok()) return st;
  if (db_->changes() != 1) return Error{"no passage with seq " + std::to_string(seq)};
  st = db_->run("INSERT INTO outbox(passage_seq, kind, created_unix_ms) VALUES(?, 'outcome', ?)",
                {seq, now});
  if (!st.ok()) return st;
  auto head = chain_outcome(seq, outcome, now, confirmation);
  if (!head.ok()) return Error{head.error()};
  if (Status c = tx.commit(); !c.ok()) return c;
  chain_.set_head(head.value());
  return Status::Ok();
}

Result<ChainHead> GateStore::chain_outcome(int64_t seq, gate::v1::PassageOutcome outcome,
                                           int64_t now,
                                           gate::v1::PassageConfirmation confirmation) {
  auto id = insert_outcome_event(*db_, seq, outcome, now, confirmation);
  if (!id.ok()) return Error{id.error()};
  return chain_.append(*db_, "outcome", id.value(), now,
                       canonical_outcome(seq, outcome, now, confirmation));
}

Result<std::vector<gate::v1::Passage>> GateStore::list_passages(const PassageFilter& f) {
  std::string sql = std::string("SELECT ") + kPassageColumns + " FROM passages WHERE 1=1";
  std::vector<SqlValue> args;
  if (f.from_unix_ms) {
    sql += " AND time_unix_ms >= ?";
    args.emplace_back(*f.from_unix_ms);
  }
  if (f.to_unix_ms) {
    sql += " AND time_unix_ms < ?";
    args.emplace_back(*f.to_unix_ms);
  }
  if (!f.plate.empty()) {
    sql += " AND plate_read = ?";
    args.emplace_back(f.plate);
  }
  if (f.verdict) {
    sql += " AND verdict = ?";
    args.emplace_back(int64_t{*f.verdict});
  }
  if (f.ledger_mismatch_only) sql += " AND check_ledger_mismatch != ''";
  sql += f.newest_first ? " ORDER BY seq DESC" : " ORDER BY seq";
  if (f.limit > 0) sql += " LIMIT " + std::to_string(f.limit);
  auto q = db_->prepare(sql);
  if (!q.ok()) return Error{q.error()};
  for (std::size_t i = 0; i < args.size(); ++i) q.value().bind(static_cast<int>(i + 1), args[i]);
  std::vector<gate::v1::Passage> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    out.push_back(passage_from_row(q.value()));
  }
  return out;
}

Result<gate::v1::Passage> GateStore::read_passage(int64_t seq) {
  // Prepared once: verification and the uploader read passages one by one, many times.
  if (!read_passage_stmt_) {
    auto q = db_->prepare(std::string("SELECT ") + kPassageColumns + " FROM passages WHERE seq=?");
    if (!q.ok()) return Error{q.error()};
    read_passage_stmt_ = std::make_unique<Statement>(std::move(q).value());
  }
  Statement& q = read_passage_stmt_->reset().bind(1, seq);
  // A stepped statement holds its read snapshot open (WAL): reset on every path, or this
  // connection would never see rows committed by others (the uploader would stall).
  struct ResetOnExit {
    Statement& q;
    ~ResetOnExit() { q.reset(); }
  } guard{q};
  auto r = q.step();
  if (!r.ok()) return Error{r.error()};
  if (!r.value()) return Error{"no passage with seq " + std::to_string(seq)};
  return passage_from_row(q);
}

Result<std::vector<int64_t>> GateStore::pending_passages() {
  auto q = db_->prepare("SELECT seq FROM passages WHERE outcome=? ORDER BY seq");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, int64_t{gate::v1::PASSAGE_OUTCOME_PENDING});
  return q.value().int64_rows();
}

}  // namespace gate::host
