#include "drivers/camera/replay_guard.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace gate::drivers {

Status check_replay_window(int64_t camera_ms, int64_t arrival_ms, int64_t window_ms) {
  if (camera_ms == 0) {
    return Error{
        "the event carries no camera time, so it cannot be told from a replay; set the "
        "camera to send its time stamp"};
  }
  const int64_t off = camera_ms - arrival_ms;
  if (std::llabs(off) <= window_ms) return Status::Ok();
  return Error{
      "the camera's time stamp is " + std::to_string(std::llabs(off) / 1000) + " s " +
      (off < 0 ? "behind" : "ahead of") + " the gate's clock, outside the replay window of " +
      std::to_string(window_ms / 1000) + " s: a replayed event, or a camera clock to set (NTP)"};
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[out[i] >> 4];
    hex += kHex[out[i] & 0xf];
  }
  return hex;
}

ReplayGuard::ReplayGuard(std::size_t max_hashes, int64_t max_age_ms)
    : max_hashes_(max_hashes), max_age_ms_(max_age_ms) {}

void ReplayGuard::forget_old(LaneHashes& lane, int64_t now_ms) const {
  while (!lane.order.empty() &&
         (lane.order.size() > max_hashes_ || now_ms - lane.order.front().second > max_age_ms_)) {
    lane.seen.erase(lane.order.front().first);
    lane.order.pop_front();
  }
}

Status ReplayGuard::check_and_record(const std::string& lane_id, const std::string& picture_sha256,
                                     int64_t now_ms) {
  std::lock_guard lock(mu_);
  LaneHashes& lane = lanes_[lane_id];
  forget_old(lane, now_ms);
  if (const auto it = lane.seen.find(picture_sha256); it != lane.seen.end()) {
    return Error{"the same picture (SHA-256 " + picture_sha256.substr(0, 16) +
                 "…) was taken on lane " + lane_id + " " +
                 std::to_string((now_ms - it->second) / 1000) + " s ago: a replayed event"};
  }
  lane.seen.emplace(picture_sha256, now_ms);
  lane.order.emplace_back(picture_sha256, now_ms);
  forget_old(lane, now_ms);
  return Status::Ok();
}

}  // namespace gate::drivers
