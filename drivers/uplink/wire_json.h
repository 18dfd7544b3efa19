// JSON form of the uplink messages (proto3 JSON mapping, proto field names, defaults printed so
// that a platform sees every field). The gate reads the platform's answers leniently (unknown
// fields ignored, for forward compatibility); the mock platform reads the gate's requests
// strictly (unknown fields and wrong types are schema errors).
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers::uplink {

std::string to_json(const google::protobuf::Message& m);
Status from_json_strict(std::string_view json, google::protobuf::Message* m);
Status from_json_lenient(std::string_view json, google::protobuf::Message* m);

}  // namespace gate::drivers::uplink
