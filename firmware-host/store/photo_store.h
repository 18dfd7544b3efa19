// Content-addressed photo store: each image is written once, named by the SHA-256 of its
// bytes (<dir>/<first 2 hex>/<64 hex>.jpg), so a record's reference is also its integrity check.
#pragma once

#include <string>

#include "rules/result.h"

namespace gate::host {

std::string sha256_hex(const std::string& bytes);

class PhotoStore {
 public:
  explicit PhotoStore(std::string dir) : dir_(std::move(dir)) {}
  // Writes the bytes (atomically: temp file, fsync, rename) unless already present; returns
  // the hex digest.
  Result<std::string> put(const std::string& jpeg);
  std::string path_of(const std::string& sha256) const;
  // The bytes of photo `sha256`, checked against its name: a missing or altered file is an
  // error that says what to do.
  Result<std::string> read(const std::string& sha256) const;

 private:
  std::string dir_;
};

}  // namespace gate::host
