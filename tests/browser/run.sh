#!/usr/bin/env bash
# ctest entry for the dashboard's browser test: installs playwright-core from the lock file
# (npm ci; node_modules is not committed), then runs dashboard_test.js (or $GATE_BROWSER_TEST)
# with Debian's chromium.
#   tests/browser/run.sh BIN_DIR SOURCE_DIR ARTIFACT_DIR
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "dashboard test: chromium is not installed (deploy/install-deps.sh installs it); skipped"
  exit 77
fi
# Without a CJK font Chromium draws every Chinese character as an empty box, and the checks of
# the Chinese names would pass on text nobody can read.
if ! fc-list :lang=zh-cn family 2>/dev/null | grep -q .; then
  echo "dashboard test: no font with Chinese glyphs (fc-list :lang=zh-cn is empty); install" \
    "fonts-noto-cjk (deploy/install-deps.sh does)" >&2
  exit 1
fi
if [ ! -f node_modules/playwright-core/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node "${GATE_BROWSER_TEST:-dashboard_test.js}" "$@"
