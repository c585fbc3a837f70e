#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts the desktop app on the
# embedded local library (SQLite in the user's data folder; no server needed).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${EKN_PRESET:-dev}
./scripts/build.sh "$preset"
exec "build/$preset/app/eknmusic" "$@"
