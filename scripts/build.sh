#!/usr/bin/env bash
# Installs what is missing (Debian/Ubuntu) and builds with the given preset (default: dev).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-${EKN_PRESET:-dev}}
if command -v apt-get >/dev/null 2>&1; then
  ./scripts/install-deps-debian.sh
fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
