#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test suite with
# the real services they need (scripts/with-test-services.sh). .ci/run runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${EKN_PRESET:-ci}
./scripts/build.sh "$preset"
exec ./scripts/with-test-services.sh ctest --preset "$preset" "$@"
