// The dashboard's files (firmware-host/api/web/), compiled into gated: web_assets.cc is
// generated at build time by cmake/embed_web_assets.cmake, so gated needs nothing beside it.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace gate::host {

struct WebAsset {
  std::string_view path;          // "/index.html"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view etag;          // "\"<sha256 prefix>\""
  const unsigned char* data;
  std::size_t size;
};

std::span<const WebAsset> web_assets();

}  // namespace gate::host
