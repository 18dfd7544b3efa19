// The body a platform profile sends for one record (docs/platform-profiles.md): its envelope,
// the record's fields under the platform's names, coded with the profile's tables, times in the
// platform's format. Pure: `gatectl platform render` prints it, the profile transport sends it.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/v1/platform_profile.pb.h"
#include "gate/v1/uplink.pb.h"
#include "rules/result.h"

namespace gate::drivers::uplink {

struct RenderContext {
  // Per-plant values (uplink.platform_settings): enterprise code and name, gate code, account.
  // A value may be given for one lane as NAME@LANE (gate_code@L2): a message about that lane
  // (its passages, photos, lane and camera status) takes it instead of NAME.
  std::map<std::string, std::string> settings;
  std::string token;  // the login token, for an envelope field from "token"
  // The bytes of the photo with this SHA-256 from the gate's photo store, for photo fields; an
  // error says why it cannot be had (missing, unreadable). Unset: photo fields are errors.
  std::function<Result<std::string>(const std::string& sha256)> photo;
  int photo_max_bytes = 204800;
  // Told the JPEG size of each photo a render wrote (after fitting); unset: not told.
  std::function<void(int64_t bytes)> photo_rendered;
  int utc_offset_minutes = 480;
};

// The body of `message` (of the checked `profile`) for `record`. An error says which field
// could not be written and why (a value the code table lacks and has no `otherwise` for, a
// setting not configured, a number field whose value is no number): such a record cannot be
// sent as the profile says and is parked with that reason.
Result<nlohmann::json> render_message(const gate::v1::PlatformProfile& profile,
                                      const gate::v1::PlatformMessage& message,
                                      const gate::v1::UplinkRecord& record,
                                      const RenderContext& context);

// The body of a status `message` (KIND_STATUS) for the gate's state in `hb`.
Result<nlohmann::json> render_status(const gate::v1::PlatformProfile& profile,
                                     const gate::v1::PlatformMessage& message,
                                     const gate::v1::Heartbeat& hb, const RenderContext& context);

// The bodies of a lane's or a camera's status `message`: KIND_LANE_STATUS one per lane of `hb`,
// KIND_CAMERA_STATUS one per watched camera, in the heartbeat's order. An error names the first
// body that cannot be written.
Result<std::vector<nlohmann::json>> render_unit_statuses(const gate::v1::PlatformProfile& profile,
                                                         const gate::v1::PlatformMessage& message,
                                                         const gate::v1::Heartbeat& hb,
                                                         const RenderContext& context);

// The body of a policy pull `message` (KIND_POLICY_PULL): constants, settings and the token.
Result<nlohmann::json> render_pull(const gate::v1::PlatformProfile& profile,
                                   const gate::v1::PlatformMessage& message,
                                   const RenderContext& context);

// The login call's body (constants and settings).
Result<nlohmann::json> render_login(const gate::v1::PlatformProfile& profile,
                                    const RenderContext& context);

}  // namespace gate::drivers::uplink
