#!/usr/bin/env bash
# Installs every Debian package that building, running and testing the gate controller needs.
# Idempotent and non-interactive: packages already present are skipped, and `apt-get update`
# runs at most once, only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git clang-format
  libboost-dev libboost-program-options-dev
  libmodbus-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  libopencv-dnn-dev libopencv-videoio-dev
  # JPEG and PNG in gated itself (drivers/image), without OpenCV's imgcodecs
  libjpeg62-turbo-dev libpng-dev
  libsqlite3-dev sqlite3
  # the plant tier (docs/plant.md): libpq for gated, the server for deploy/plant-db.sh and the
  # tests' private clusters
  libpq-dev postgresql
  libprotobuf-dev protobuf-compiler
  nlohmann-json3-dev
  libcli11-dev
  libssl-dev
  libxlsxwriter-dev libminizip-dev libexpat1-dev
  # evidence captions with Chinese text (drivers/caption): shaping, rasterising, and the CJK font
  # gated draws with; Chromium takes the same font for the dashboard's Chinese in tests/browser
  libfreetype-dev libharfbuzz-dev fonts-noto-cjk
  libgtest-dev libgmock-dev libbenchmark-dev
  curl procps
  # the web dashboard's browser test (tests/browser): headless Chromium driven by playwright-core
  chromium nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  # NodeSource's nodejs brings its own npm (and conflicts with Debian's): any npm will do.
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
