// What the platform has told this gate (downlink): control measures with the alert level, the
// whitelist and the excess-emission list. Pure helpers; persistence is PlatformStateStore.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gate/v1/codes.pb.h"
#include "gate/v1/uplink.pb.h"
#include "rules/platform_lists.h"
#include "rules/platform_strategy.h"
#include "rules/result.h"

namespace gate::host {

inline constexpr const char* kListWhitelist = "whitelist";
inline constexpr const char* kListExcessEmission = "excess_emission";

struct PlatformState {
  bool has_control = false;  // false until the platform sent control measures
  gate::v1::ControlMeasures control;
  std::shared_ptr<const rules::PlatformLists> lists = std::make_shared<rules::PlatformLists>();
  std::string cursor;  // last downlink applied; "" = none yet
  int64_t updated_unix_ms = 0;
};

// Checks a reply before anything of it is applied: list names, ops, plates, alert and response
// codes, time formats, and a non-empty cursor (the smallest valid reply is {"cursor":"<c>"},
// docs/uplink.md §8). The error names the offending item, e.g.
// "changes[3]: op \"delete\" is not add or remove".
Status check_downlink(const gate::v1::DownlinkReply& reply);

// The level the lanes use: the platform's while its measures are in force, else the configured
// one. Measures past their effective_until fall back to the configured level.
gate::v1::AlertLevel effective_alert_level(const PlatformState& s, gate::v1::AlertLevel configured,
                                           int64_t now_unix_ms);

// The platform's control strategy the lanes honour: its strategy while its measures are in
// force (as for the alert level), else none.
rules::PlatformStrategyInput effective_strategy(const PlatformState& s, int64_t now_unix_ms);

// "alert orange (response II) since 2026-11-22T08:00:00+08:00: 国四及以下柴油货车禁止通行; lists
// 2 whitelist, 5 excess-emission (cursor 17)"
std::string describe(const PlatformState& s);

}  // namespace gate::host
