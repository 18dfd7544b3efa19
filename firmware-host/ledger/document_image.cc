#include "firmware-host/ledger/document_image.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "rules/image_header.h"

namespace gate::host {
namespace {

namespace fs = std::filesystem;

uint8_t byte_at(std::string_view b, std::size_t i) {
  return static_cast<uint8_t>(b[i]);
}

bool starts_with(std::string_view b, std::string_view prefix) {
  return b.substr(0, prefix.size()) == prefix;
}

// True when a JPEG stream reaches its end-of-image marker. The marker segments are walked from
// SOI to the first start-of-scan (so an EXIF thumbnail's own EOI inside APP1 is skipped); after
// it, 0xFF in entropy-coded data is always stuffed (FF 00) or a marker, so the first FF D9 is
// the end of the image.
bool jpeg_reaches_end(std::string_view b) {
  std::size_t i = 2;  // after SOI
  while (i + 4 <= b.size()) {
    if (byte_at(b, i) != 0xFF) return false;
    const uint8_t m = byte_at(b, i + 1);
    if (m == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (m == 0xD9) return true;
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {  // markers without a length
      i += 2;
      continue;
    }
    const std::size_t len = (std::size_t{byte_at(b, i + 2)} << 8) | byte_at(b, i + 3);
    if (m == 0xDA) return b.find(std::string_view("\xFF\xD9", 2), i + 2 + len) != b.npos;
    i += 2 + len;
  }
  return false;
}

// What a file that is not an image most likely is, to say what to do with it.
std::string not_an_image_hint(std::string_view b) {
  if (starts_with(b, "%PDF")) {
    return "it is a PDF; export or scan each page as a JPEG or PNG and attach that";
  }
  if (starts_with(b, "PK\x03\x04") || starts_with(b, "\xD0\xCF\x11\xE0")) {
    return "it is an office document or a zip archive; attach the scan as JPEG or PNG";
  }
  return "OpenCV cannot decode it as an image (JPEG, PNG, BMP, TIFF, WebP); the file is damaged "
         "or of another type: scan or photograph the document again as JPEG or PNG";
}

// The decoded image's size, or why the bytes are not a whole image.
Result<cv::Size> decoded_size(std::string_view bytes, const std::string& name) {
  if (bytes.empty()) return Error{name + ": the file is empty; attach the scanned image"};
  // A small file can declare a huge picture; JPEG, PNG and BMP are measured from their header
  // first (other formats OpenCV reads are bounded by its own OPENCV_IO_MAX_IMAGE_* limits).
  if (auto header = rules::read_image_header(bytes); header.ok()) {
    if (Status size = rules::check_image_size(header.value(), rules::kDocumentImageLimits);
        !size.ok()) {
      return Error{name + ": " + size.message() + "; scan it at a lower resolution"};
    }
  }
  cv::Mat img;
  try {
    // The buffer is only read; imdecode takes a non-const Mat header over it.
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    img = cv::imdecode(raw, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    return Error{name + ": not an image: " + not_an_image_hint(bytes) + " (" + e.what() + ")"};
  }
  if (img.empty()) return Error{name + ": not an image: " + not_an_image_hint(bytes)};
  if (starts_with(bytes, "\xFF\xD8\xFF") && !jpeg_reaches_end(bytes)) {
    return Error{name +
                 ": the JPEG is truncated (it ends before its end marker); copy the file again "
                 "from its source or rescan it"};
  }
  return img.size();
}

}  // namespace

Result<std::string> check_document_image(std::string_view bytes, const std::string& name) {
  auto size = decoded_size(bytes, name);
  if (!size.ok()) return Error{size.error()};
  return std::to_string(size.value().width) + "x" + std::to_string(size.value().height);
}

Result<DocumentImage> read_document_image(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Error{path + ": no such file"};
  if (!fs::is_regular_file(path, ec)) return Error{path + ": not a regular file"};
  const auto size = fs::file_size(path, ec);
  if (ec) return Error{path + ": cannot read its size: " + ec.message()};
  if (size > kMaxDocumentBytes) {
    return Error{path + ": " + std::to_string(size >> 20) + " MiB is more than the " +
                 std::to_string(kMaxDocumentBytes >> 20) +
                 " MiB a document image may have; scan it at a lower resolution"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open it for reading (permissions?)"};
  DocumentImage out;
  out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return Error{path + ": read error"};
  auto dims = decoded_size(out.bytes, path);
  if (!dims.ok()) return Error{dims.error()};
  out.name = fs::path(path).filename().string();
  out.width = dims.value().width;
  out.height = dims.value().height;
  return out;
}

}  // namespace gate::host
