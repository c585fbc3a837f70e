#!/usr/bin/env bash
# Runs a command (normally ctest) with the real services the tests use, and removes them
# afterwards, also when the command fails or is interrupted:
#   - a throwaway PostgreSQL 15 cluster in a temp folder, on a free loopback port, with password
#     authentication (EKN_TEST_PG_URL = superuser URI, EKN_TEST_PG_BIN = server binaries);
#   - a private D-Bus session with an unlocked gnome-keyring as Secret Service, and a private
#     HOME / XDG_* so no test touches the user's own keyring, settings or library.
# initdb and postgres refuse to run as root: as root the cluster belongs to the postgres user.
set -euo pipefail

PG_BIN=${EKN_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BIN/initdb" ] || { echo "with-test-services: no PostgreSQL 15 server in $PG_BIN (run scripts/install-deps-debian.sh)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/eknmusic-test.XXXXXX")
chmod 755 "$work"
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  status=$?
  if [ -f "$work/pg/postmaster.pid" ]; then
    run_pg "$PG_BIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free port: the first in a random sequence that nothing listens on.
port=""
for candidate in $(shuf -i 20000-45000 -n 200); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "with-test-services: no free port found" >&2; exit 2; }

pg_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
mkdir -p "$work/pg" "$work/sock"
[ "$(id -u)" -eq 0 ] && chown postgres: "$work/pg" "$work/sock"
printf '%s\n' "$pg_password" > "$work/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$work/pwfile"
run_pg "$PG_BIN/initdb" -D "$work/pg" -U postgres --pwfile="$work/pwfile" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 2; }
rm -f "$work/pwfile"
run_pg "$PG_BIN/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -t 60 \
  -o "-p $port -k $work/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$work/pg/server.log" >&2; exit 2; }

export EKN_TEST_PG_URL="postgresql://postgres:${pg_password}@127.0.0.1:${port}/postgres"
export EKN_TEST_PG_BIN="$PG_BIN"
export EKN_TEST_WORK="$work"
echo "with-test-services: PostgreSQL 15 on 127.0.0.1:$port (cluster in $work/pg)"

# A private home for everything the tests write: settings, library files, keyring.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config" \
       XDG_CACHE_HOME="$work/home/.cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
export EKN_TEST_KEYRING_PASSWORD
EKN_TEST_KEYRING_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

set +e
dbus-run-session -- bash -c '
  printf %s "$EKN_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  unset EKN_TEST_KEYRING_PASSWORD
  "$@"' with-test-services "$@"
status=$?
set -e
exit $status
