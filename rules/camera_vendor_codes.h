// The words smart cameras use for a plate's colour and a vehicle's type, per vendor, mapped to
// the gate's own values (docs/codes.md §3a). Data, like the numeric colour tables of
// plate_color.h: a word a table does not hold means "unknown", never an error, because
// firmware adds words over the years and a colour the gate cannot name must not stop a truck.
#pragma once

#include <string_view>

#include "gate/v1/codes.pb.h"

namespace gate::rules {

enum class CameraWordTable {
  kHikvisionIsapi,  // EventNotificationAlert ANPR.plateColor / ANPR.vehicleType
  kDahuaItsapi,     // TollgateInfo Picture.Plate.PlateColor / Picture.Vehicle.VehicleType
};

// Coarse vehicle kinds the gate logs beside a read (the ledger, not the camera, classifies).
enum class VehicleKind { kUnknown, kTruck, kBus, kCar, kVan, kOther };

// Case-insensitive; unknown words give PLATE_COLOR_UNKNOWN.
gate::v1::PlateColor color_from_camera_word(std::string_view word, CameraWordTable table);

// Case-insensitive; unknown words give kOther, an empty word kUnknown.
VehicleKind vehicle_kind_from_camera_word(std::string_view word, CameraWordTable table);

// "unknown", "truck", "bus", "car", "van", "other".
std::string_view vehicle_kind_name(VehicleKind kind);

}  // namespace gate::rules
