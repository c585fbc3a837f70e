#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the desktop app (only it and what
# it links: no tests, no benchmarks, no CLI) and starts it on the embedded local library (SQLite
# in the user's data folder; no server needed).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${EKN_PRESET:-dev}
./scripts/build.sh "$preset" eknmusic
exec "build/$preset/app/eknmusic" "$@"
