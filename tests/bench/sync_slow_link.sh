#!/usr/bin/env bash
# Sync over a slow link: wall time and round trips of the everyday syncs when every packet
# between client and server is delayed (20, 50, 100 ms round trips), next to the same syncs on
# the bare loopback measured in the same run. Real server, real CLI, real audio files.
#   scripts/with-test-services.sh tests/bench/sync_slow_link.sh [build/ci] [TRACKS]
# Each figure: wall ms; calls = the API calls the sync counts (SyncReport::roundTrips); turns =
# the round trips the link really carried, counted by the proxy (connection setup, SCRAM and
# the driver's own statements included); ratio = wall / (bare wall + turns × RTT): 1.00 means
# the link costs exactly its round trips and nothing more. A CLI sync opens its own connection:
# of its turns about 10 are the connection (SSL negotiation, SCRAM, and the five statements
# QPSQL's open() runs: version, backslash check, encoding, datestyle, bytea output). The
# desktop app keeps its connection between syncs (SyncEngine owns one AccountClient), so its
# syncs cost only the calls.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build/ci}; tracks=${2:-200}
cli="$root/$build/app/eknmusic-cli"
[ -x "$cli" ] || { echo "no $cli: build first (scripts/build.sh ci)" >&2; exit 2; }
: "${EKN_TEST_PG_URL:?run under scripts/with-test-services.sh}"
work=$(mktemp -d); proxies=()
trap 'kill "${proxies[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

admin=${EKN_TEST_PG_URL%/*}; port=${admin##*:}
psql -q "$admin/postgres" -c "CREATE DATABASE ekn_slowlink" >/dev/null
"$cli" db migrate --server "$admin/ekn_slowlink" >/dev/null
psql -q "$admin/ekn_slowlink" -c "CREATE ROLE ekn_slowlink_app LOGIN PASSWORD 'app' IN ROLE eknmusic_client" >/dev/null
trap 'kill "${proxies[@]}" 2>/dev/null || true; rm -rf "$work"; psql -q "$admin/postgres" -c "DROP DATABASE ekn_slowlink" -c "DROP ROLE ekn_slowlink_app" >/dev/null 2>&1 || true' EXIT

mkdir -p "$work/music"
for i in $(seq 1 "$tracks"); do
  ffmpeg -loglevel error -f lavfi -i "sine=frequency=$((200 + i)):duration=1" \
    -metadata title="Song $i" -metadata artist="Artist $((i % 17))" -metadata album="Album $((i % 23))" \
    -q:a 9 "$work/music/$i.mp3"
done

# One proxy for all syncs (a library stays bound to one server address); each connection
# reads the one-way delay from a file, so the same address is fast for the setup and slow after.
p=$(shuf -i 46000-52000 -n 1); echo 0 >"$work/delay"
python3 "$root/tests/support/latencyproxy.py" "$p" "$port" "$work/delay" "$work/turns" & proxies+=($!)
server="postgresql://ekn_slowlink_app:app@127.0.0.1:$p/ekn_slowlink"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.2; done
for dev in a b; do mkdir -p "$work/$dev"; done
echo secret-password-1 | "$cli" account register --server "$server" --email bench@example.org --username bench >/dev/null
for dev in a b; do
  echo secret-password-1 | EKN_DATA_DIR="$work/$dev" "$cli" account login --server "$server" --email bench@example.org >/dev/null
done

ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
# sync DEV RTT -> "wall_ms round_trips pushed pulled"
sync_once() {
  local t0 t1 json; t0=$(ms)
  echo $(($2 / 2)) >"$work/delay"
  : >"$work/turns"
  json=$(EKN_DATA_DIR="$work/$1" "$cli" sync --json --server "$server")
  t1=$(ms)
  sleep 0.3  # the proxy writes the connection's turns when it closes
  python3 -c 'import json,sys; j=json.loads(sys.argv[2]); assert j["ok"], j; print(sys.argv[1], j["round_trips"], j["pushed"], j["pulled"], sys.argv[3])' \
    "$((t1 - t0))" "$json" "$(awk '{n += $2} END {print n + 0}' "$work/turns")"
}
EKN_DATA_DIR="$work/a" "$cli" scan "$work/music" >/dev/null
EKN_DATA_DIR="$work/b" "$cli" scan "$work/music" >/dev/null
first_a=$(sync_once a 0); first_b=$(sync_once b 0)
echo "setup: device a first sync (wall ms, round trips, sent, received): $first_a; device b: $first_b"
track=$(EKN_DATA_DIR="$work/a" "$cli" tracks --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["tracks"][0]["id"])')

declare -A bare
printf '%-28s %6s %8s %5s %6s %9s\n' "sync" "RTT ms" "wall ms" "calls" "turns" "ratio"
n=0
for rtt in 0 20 50 100; do
  for kind in noop send receive; do
    case $kind in
      noop) r=$(sync_once a "$rtt");;
      send) n=$((n + 1)); EKN_DATA_DIR="$work/a" "$cli" track edit "$track" --title "Edited $n" >/dev/null; r=$(sync_once a "$rtt");;
      receive) r=$(sync_once b "$rtt");;
    esac
    read -r wall rt pushed pulled turns <<<"$r"
    [ "$kind" = send ] && [ "$pushed" -lt 1 ] && { echo "edit was not sent: $r" >&2; exit 1; }
    [ "$kind" = receive ] && [ "$pulled" -lt 1 ] && { echo "edit was not received: $r" >&2; exit 1; }
    [ "$rtt" = 0 ] && bare[$kind]=$wall
    floor=$(( ${bare[$kind]} + turns * rtt ))
    printf '%-28s %6d %8d %5d %6d %9s\n' "$kind (bare $((${bare[$kind]})) ms)" "$rtt" "$wall" "$rt" "$turns" \
      "$(awk -v w="$wall" -v f="$floor" 'BEGIN{printf "%.2f", w / f}')"
  done
done
