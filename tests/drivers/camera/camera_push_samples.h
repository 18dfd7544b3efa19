// Vendor push bodies for tests, from the samples in tests/drivers/camera/data/ (README.md there
// says where each format comes from), with the placeholders filled and tiny JPEGs made here.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "drivers/camera/plate_event.h"
#include "tests/support/test_images.h"

namespace gate::test_support {

#ifndef GATE_CAMERA_TEST_DATA
#error "GATE_CAMERA_TEST_DATA must name tests/drivers/camera/data"
#endif

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos;
       pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// The sample `name` with {{KEY}} replaced by values[KEY]; {{JPEG_BASE64:n}} becomes a JPEG of
// seed n + seed_offset, base64.
inline std::string camera_sample(const std::string& name,
                                 const std::map<std::string, std::string>& values,
                                 int seed_offset = 0) {
  std::ifstream in(std::string(GATE_CAMERA_TEST_DATA) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  for (const auto& [key, value] : values) s = replace_all(s, "{{" + key + "}}", value);
  for (int n = 1; n <= 3; ++n) {
    const std::string key = "{{JPEG_BASE64:" + std::to_string(n) + "}}";
    if (s.find(key) != std::string::npos) {
      s = replace_all(s, key, drivers::base64_encode(make_jpeg(n + seed_offset)));
    }
  }
  return s;
}

struct MultipartPiece {
  std::string name;
  std::string content_type;
  std::string body;
};

// A multipart/form-data body as Hikvision cameras frame it (boundary "boundary" by default).
inline std::string multipart_body(const std::vector<MultipartPiece>& pieces,
                                  const std::string& boundary = "boundary") {
  std::string out;
  for (const auto& p : pieces) {
    out += "--" + boundary + "\r\n";
    out +=
        "Content-Disposition: form-data; name=\"" + p.name + "\"; filename=\"" + p.name + "\"\r\n";
    out += "Content-Type: " + p.content_type + "\r\n";
    out += "Content-Length: " + std::to_string(p.body.size()) + "\r\n\r\n";
    out += p.body + "\r\n";
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

// The ANPR alert `xml` with a plate picture and a scene picture (seeds 10 + seed, 20 + seed).
inline std::string hikvision_multipart(const std::string& xml, int seed = 0) {
  return multipart_body({{"anpr.xml", "text/xml", xml},
                         {"licensePlatePicture.jpg", "image/jpeg", make_jpeg(10 + seed)},
                         {"detectionPicture.jpg", "image/jpeg", make_jpeg(20 + seed)}});
}

inline const char* kHikvisionContentType = "multipart/form-data; boundary=boundary";

}  // namespace gate::test_support
