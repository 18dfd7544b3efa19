// The platform's vehicle check for one lane: see platform_vehicle_check.h.
#include "firmware-host/sync/platform_vehicle_check.h"

#include "drivers/uplink/check_request.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/uplink_config.h"

namespace gate::host {

rules::CheckSettings check_settings(const gate::v1::PlatformCheck& c) {
  rules::CheckSettings s;
  s.deadline_ms = c.deadline_ms();
  s.degraded = c.degraded() == gate::v1::PlatformCheck::DEGRADED_REFUSE
                   ? rules::DegradedMode::kRefuse
                   : rules::DegradedMode::kLocal;
  s.combine = c.combine() == gate::v1::PlatformCheck::COMBINE_RECORD_ONLY
                  ? rules::CheckCombination::kRecordOnly
                  : rules::CheckCombination::kStrictest;
  return s;
}

Result<std::unique_ptr<PlatformVehicleCheck>> PlatformVehicleCheck::FromConfig(
    const gate::v1::UplinkConfig& cfg, const std::string& gate_id, int utc_offset_minutes,
    Done done) {
  if (cfg.url().empty() || cfg.profile_file().empty())
    return std::unique_ptr<PlatformVehicleCheck>();
  auto profile = drivers::uplink::load_platform_profile(cfg.profile_file());
  if (!profile.ok()) return Error{"uplink.profile_file: " + profile.error()};
  const auto* m =
      drivers::uplink::find_message(profile.value(), gate::v1::PlatformMessage::KIND_VEHICLE_CHECK);
  if (m == nullptr) return std::unique_ptr<PlatformVehicleCheck>();
  // A connection of its own. Its calls give up at twice the deadline: the lane's deadline, not
  // the socket's, decides that no answer came, and an answer a little late is still read and
  // counted as dropped rather than lost as a timeout.
  gate::v1::UplinkConfig own = cfg;
  own.set_timeout_ms(2 * m->check().deadline_ms());
  std::string warning;
  auto t = drivers::uplink::make_transport(own, gate_id, &warning, utc_offset_minutes);
  if (!t.ok()) return Error{t.error()};
  auto* profile_transport = dynamic_cast<drivers::uplink::ProfileTransport*>(t.value().get());
  if (profile_transport == nullptr) {
    return Error{"uplink.profile_file: the vehicle check needs a field-map profile"};
  }
  std::unique_ptr<drivers::uplink::ProfileTransport> owned(profile_transport);
  (void)t.value().release();
  return std::make_unique<PlatformVehicleCheck>(std::move(owned), check_settings(m->check()),
                                                gate_id, utc_offset_minutes, std::move(done));
}

PlatformVehicleCheck::PlatformVehicleCheck(
    std::unique_ptr<drivers::uplink::ProfileTransport> transport, rules::CheckSettings settings,
    std::string gate_id, int utc_offset_minutes, Done done)
    : transport_(std::move(transport)),
      settings_(settings),
      gate_id_(std::move(gate_id)),
      utc_offset_minutes_(utc_offset_minutes),
      done_(std::move(done)),
      worker_([this] { run(); }) {}

PlatformVehicleCheck::~PlatformVehicleCheck() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void PlatformVehicleCheck::ask(uint64_t token, const gate::v1::PlateRead& read) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back({token, read});
  }
  wake_.notify_one();
}

void PlatformVehicleCheck::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    const auto request =
        drivers::uplink::check_request_record(job.read, gate_id_, utc_offset_minutes_);
    done_(job.token, transport_->check_vehicle(request));
  }
}

}  // namespace gate::host
