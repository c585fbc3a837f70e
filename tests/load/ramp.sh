#!/usr/bin/env bash
# The load ramp: one load_sync run per device count, each on a fresh throwaway cluster and
# PgBouncer, figures appended to load-ramp.txt. Usage: tests/load/ramp.sh [SECONDS] [COUNTS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
counts=${*:-100 250 500 1000 1500}
for n in $counts; do
  echo "=== $n devices, $seconds s ===" | tee -a load-ramp.txt
  workers=$(( n / 10 > 32 ? n / 10 : 32 ))
  ./scripts/with-test-services.sh build/ci/tests/load/load_sync --devices "$n" --seconds "$seconds" \
      --workers "$workers" 2>&1 \
    | grep -v -e dbus-daemon -e 'library adopted' | tee -a load-ramp.txt
done
