#!/usr/bin/env bash
# Installs what is missing (Debian/Ubuntu) and builds with the given preset (default: dev).
# Further arguments name the targets to build (default: all of them, tests and benchmarks too).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-${EKN_PRESET:-dev}}
shift || true
if command -v apt-get >/dev/null 2>&1; then
  ./scripts/install-deps-debian.sh
fi
cmake --preset "$preset" >/dev/null
if [ "$#" -gt 0 ]; then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
