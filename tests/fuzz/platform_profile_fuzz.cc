// Platform profile files (drivers/uplink/platform_profile.h), as gated, gatectl and gate-sim read
// them: parsed and checked; a profile that loads renders a truck's passage, outcome and status,
// and what it renders must pass the profile platform's checks of that same profile
// (sim/platform/profile_checks.h), with the settings the profile takes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/profile_render.h"
#include "sim/platform/profile_checks.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace gate;

v1::UplinkRecord truck() {
  v1::UplinkRecord r;
  r.set_key("G1-7-decision");
  r.set_kind("decision");
  r.set_seq(7);
  r.set_sent_at("2026-11-22T08:00:03+08:00");
  auto* d = r.mutable_decision();
  d->set_time("2026-11-22T08:00:00+08:00");
  d->set_direction(1);
  d->set_plate("豫HF50BC");
  d->set_plate_color_name("yellow");
  d->set_verdict("pass");
  d->mutable_vehicle()->set_emission_stage("6");
  r.mutable_outcome()->set_outcome("passed");
  r.mutable_outcome()->set_time("2026-11-22T08:00:09+08:00");
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(fuzz::text_of(data, size));
  auto profile = drivers::uplink::parse_platform_profile(text, "profile.textproto");
  if (!profile.ok()) return 0;
  const auto& p = profile.value();
  drivers::uplink::RenderContext ctx;
  for (const auto& name : drivers::uplink::settings_used(p)) ctx.settings[name] = "s-" + name;
  ctx.token = "tok";
  (void)drivers::uplink::render_login(p, ctx);
  v1::Heartbeat hb;
  hb.set_time("2026-11-22T08:10:00+08:00");
  for (const auto& m : p.messages()) {
    auto body = m.kind() == v1::PlatformMessage::KIND_STATUS
                    ? drivers::uplink::render_status(p, m, hb, ctx)
                    : drivers::uplink::render_message(p, m, truck(), ctx);
    if (!body.ok()) continue;  // a code the table lacks: parked, not sent
    // Property: two fields that nest into each other ("a" and "a.b") cannot both be checked;
    // otherwise the platform's reading of the profile agrees with the gate's.
    const auto check = sim::check_profile_body(p, m, body.value(), ctx.settings);
    bool nested = false;
    for (const auto* list : {&m.fields(), &m.envelope()}) {
      for (const auto& f : *list) nested = nested || f.name().find('.') != std::string::npos;
    }
    if (!check.problems.empty() && !nested) std::abort();
  }
  return 0;
}
