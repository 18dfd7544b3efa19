#include "sim/devices/virtual_camera.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "drivers/camera/plate_event.h"
#include "rules/plate_color.h"

namespace gate::sim {
namespace {

cv::Scalar bgr_of(gate::v1::PlateColor c) {
  switch (c) {
    case gate::v1::PLATE_COLOR_BLUE:
      return {160, 60, 10};
    case gate::v1::PLATE_COLOR_YELLOW:
      return {20, 200, 240};
    case gate::v1::PLATE_COLOR_WHITE:
      return {235, 235, 235};
    case gate::v1::PLATE_COLOR_BLACK:
      return {20, 20, 20};
    case gate::v1::PLATE_COLOR_GREEN:
      return {120, 220, 120};
    case gate::v1::PLATE_COLOR_YELLOW_GREEN:
      return {60, 210, 170};
    default:
      return {128, 128, 128};
  }
}

std::string ascii_of(const std::string& plate) {
  std::string ascii;
  for (unsigned char c : plate) {
    if (c < 0x80) ascii += static_cast<char>(c);
  }
  return ascii;
}

std::string jpeg_of(const cv::Mat& img) {
  std::vector<unsigned char> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 80});
  return std::string(buf.begin(), buf.end());
}

}  // namespace

std::string synthetic_snapshot(const TruckArrival& truck, int64_t now) {
  cv::Mat img(96, 320, CV_8UC3, bgr_of(truck.color));
  cv::putText(img, ascii_of(truck.plate), {20, 64}, cv::FONT_HERSHEY_SIMPLEX, 1.6, {0, 0, 0}, 3);
  // The time burnt in, as cameras do: no two pushes carry the same picture (the gate refuses a
  // picture it has seen as a replay).
  cv::putText(img, std::to_string(now), {20, 88}, cv::FONT_HERSHEY_PLAIN, 1.0, {0, 0, 0}, 1);
  return jpeg_of(img);
}

std::string synthetic_closeup(const TruckArrival& truck, int64_t now) {
  cv::Mat img(48, 160, CV_8UC3, bgr_of(truck.color));
  cv::putText(img, ascii_of(truck.plate), {6, 30}, cv::FONT_HERSHEY_SIMPLEX, 0.8, {0, 0, 0}, 2);
  cv::putText(img, std::to_string(now), {6, 44}, cv::FONT_HERSHEY_PLAIN, 0.7, {0, 0, 0}, 1);
  return jpeg_of(img);
}

std::string vzenith_body(const TruckArrival& truck, const std::string& serial, int64_t now,
                         const std::string& jpeg, const std::string& closeup_jpeg) {
  const int color_code =
      rules::color_to_code(truck.color, rules::ColorCodeTable::kVzenith).value_or(0);
  nlohmann::json plate_result = {
      {"license", truck.plate},
      {"colorType", color_code},
      {"confidence", static_cast<int>(truck.confidence * 100 + 0.5)},
      {"timeStamp", {{"Timeval", {{"sec", now / 1000}, {"usec", (now % 1000) * 1000}}}}},
      {"triggerType", 8},
      {"imageFile", drivers::base64_encode(jpeg)},
      {"imageFileLen", jpeg.size()}};
  if (!closeup_jpeg.empty()) {
    plate_result["imageFragmentFile"] = drivers::base64_encode(closeup_jpeg);
    plate_result["imageFragmentFileLen"] = closeup_jpeg.size();
  }
  nlohmann::json body = {{"AlarmInfoPlate",
                          {{"channel", 0},
                           {"deviceName", "gate-sim"},
                           {"ipaddr", "127.0.0.1"},
                           {"serialno", serial},
                           {"result", {{"PlateResult", plate_result}}}}}};
  return body.dump();
}

std::string generic_body(const TruckArrival& truck, const std::string& lane_id,
                         const std::string& camera, int64_t now, const std::string& jpeg) {
  nlohmann::json body = {{"plate", truck.plate},
                         {"color", std::string(rules::color_name(truck.color))},
                         {"confidence", truck.confidence},
                         {"time_unix_ms", now},
                         {"lane", lane_id},
                         {"camera", camera},
                         {"image_jpeg_base64", drivers::base64_encode(jpeg)}};
  return body.dump();
}

Result<int> VirtualCamera::push(const TruckArrival& truck, int64_t now) {
  const std::string jpeg = synthetic_snapshot(truck, now);
  std::string path, body;
  if (truck.vzenith) {
    path = "/camera/vzenith/" + lane_id_;
    body = vzenith_body(truck, serial_, now, jpeg, synthetic_closeup(truck, now));
  } else {
    path = "/camera/generic";
    body = generic_body(truck, lane_id_, serial_, now, jpeg);
  }
  auto reply = push_raw(path, body);
  if (!reply.ok()) return Error{reply.error()};
  return reply.value().status;
}

Result<drivers::HttpReply> VirtualCamera::push_raw(const std::string& path,
                                                   const std::string& body) {
  return drivers::http_request(base_, "POST", path, body, "application/json", 5000);
}

}  // namespace gate::sim
