#!/usr/bin/env bash
# ctest entry for the dashboard's browser test: installs playwright-core from the lock file
# (npm ci; node_modules is not committed), then runs dashboard_test.js with Debian's chromium.
#   tests/browser/run.sh BIN_DIR SOURCE_DIR ARTIFACT_DIR
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "dashboard test: chromium is not installed (deploy/install-deps.sh installs it); skipped"
  exit 77
fi
if [ ! -f node_modules/playwright-core/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node dashboard_test.js "$@"
