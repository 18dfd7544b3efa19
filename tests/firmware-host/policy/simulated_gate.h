// A gate in a test: the real LaneController, PolicyRuntime and GateStore wired as gated wires
// them, with the barrier answering at once and every opened truck driving through. Time is
// whatever the test says. It can be stopped and started again on the same database (restart).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firmware-host/lane/lane_controller.h"
#include "firmware-host/policy/policy_runtime.h"
#include "firmware-host/store/gate_store.h"
#include "gate/v1/config.pb.h"

namespace gate::host::testing {

class SimulatedGate {
 public:
  SimulatedGate(gate::v1::GateConfig cfg, std::map<std::string, gate::v1::Vehicle> ledger)
      : cfg_(std::move(cfg)), ledger_(std::move(ledger)) {}

  Status start(int64_t now) {
    auto store = GateStore::Open(cfg_.database_path());
    if (!store.ok()) return Error{store.error()};
    store_ = std::move(store).value();
    PolicyRuntime::Ports ports;
    ports.lookup = [this](const std::string& p) { return find(p); };
    ports.log = [this](const std::string& m) { log.push_back(m); };
    ports.on_call = [this](const CallEvent& e) {
      (e.dropped ? dropped : calls).push_back(e.plate);
      events.push_back((e.dropped ? "drop " : "call ") + e.plate);
    };
    auto rt = PolicyRuntime::Start(cfg_, *store_, std::move(ports), now);
    if (!rt.ok()) return Error{rt.error()};
    runtime_ = std::move(rt).value();
    LanePorts lp;
    lp.lookup = [this](const std::string& p) { return find(p); };
    lp.commit = [this](gate::v1::Passage& p) { return store_->commit_passage(p, now_); };
    lp.set_outcome = [this](int64_t seq, gate::v1::PassageOutcome o,
                            gate::v1::PassageConfirmation c) {
      return store_->set_outcome(seq, o, now_, c);
    };
    lp.open_barrier = [this](uint64_t token) { opened_.push_back(token); };
    lp.on_decided = [this](const gate::v1::Passage& p) {
      decided.push_back(p);
      events.push_back(
          std::string(p.decision().verdict() == gate::v1::VERDICT_HOLD ? "hold " : "decided ") +
          p.read().plate_text());
      runtime_->on_decided(p, now_);
    };
    lp.on_outcome = [this](const gate::v1::Passage& p, gate::v1::PassageOutcome o) {
      runtime_->on_outcome(p, o, now_);
    };
    lp.share_state = [this](int64_t t) { return runtime_->share_state(t); };
    lp.called = [this](const std::string& p) { return runtime_->called(p); };
    lp.alarm = [this](const std::string& m) { log.push_back("ALARM " + m); };
    gate::v1::LaneConfig lane = cfg_.lanes(0);
    lane_ = std::make_unique<LaneController>(lane, cfg_.gate_id(), runtime_->engine(),
                                             cfg_.utc_offset_minutes(), lp);
    return Status::Ok();
  }

  void stop() {
    lane_.reset();
    runtime_.reset();
    store_.reset();
  }

  // A truck read at the lane at `t`; a pass drives through at once. Returns the decision.
  gate::v1::Decision arrive(const std::string& plate, int64_t t) {
    now_ = t;
    gate::v1::PlateRead r;
    r.set_plate_text(plate);
    const auto* v = find(plate);
    r.set_color(v ? v->plate_color() : gate::v1::PLATE_COLOR_YELLOW);
    r.set_confidence(0.95);
    const std::size_t before = decided.size();
    lane_->on_read(r, t);
    drive_through(t);
    return decided.size() > before ? decided.back().decision() : gate::v1::Decision{};
  }

  // The operator releases the truck last refused or held at the lane.
  Result<gate::v1::Passage> release(const std::string& op, const std::string& reason, int64_t t) {
    now_ = t;
    auto p = lane_->manual_release(op, reason, t);
    drive_through(t);
    return p;
  }

  void tick(int64_t t) {
    now_ = t;
    lane_->on_tick(t);
    runtime_->on_tick(t);
  }

  PolicyRuntime& runtime() { return *runtime_; }
  GateStore& store() { return *store_; }
  LaneController& lane() { return *lane_; }

  std::vector<gate::v1::Passage> decided;
  std::vector<std::string> calls;    // called from the hold queue, in order
  std::vector<std::string> dropped;  // left the queue without a call (waited too long, …)
  std::vector<std::string> events;   // "hold P", "decided P", "call P", "drop P", in order
  std::vector<std::string> log;

 private:
  const gate::v1::Vehicle* find(const std::string& plate) const {
    auto it = ledger_.find(plate);
    return it == ledger_.end() ? nullptr : &it->second;
  }
  void drive_through(int64_t t) {
    while (!opened_.empty()) {
      const uint64_t token = opened_.front();
      opened_.erase(opened_.begin());
      lane_->on_open_result(token, true, "", t);
      lane_->on_loops(true, true, t);
      lane_->on_loops(false, false, t);
    }
  }

  gate::v1::GateConfig cfg_;
  std::map<std::string, gate::v1::Vehicle> ledger_;
  std::unique_ptr<GateStore> store_;
  std::unique_ptr<PolicyRuntime> runtime_;
  std::unique_ptr<LaneController> lane_;
  std::vector<uint64_t> opened_;
  int64_t now_ = 0;
};

}  // namespace gate::host::testing
