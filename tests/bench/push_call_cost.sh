#!/usr/bin/env bash
# What one small api.push costs the server: a device's burst of 5 track edits (the load
# generator's "edits" sync), called N times on one connection with pgbench, and where the time
# goes (pg_stat_statements with track = all and track_planning: planning and execution per
# statement, nested ones included; pg_stat_user_functions per function). docs/SCALING.md.
#
#   scripts/with-test-services.sh tests/bench/push_call_cost.sh [N] [MIGRATIONS_DIR]
#
# MIGRATIONS_DIR (default: this checkout's migrations/) is what `eknmusic-cli db migrate
# --migrations` applies, so two schema versions can be compared on the same machine minutes
# apart (copy migrations/ and remove the newer files for the older one). Needs build/ci's
# eknmusic-cli, pgbench, and the pg_stat_statements module of the server (postgresql-15).
# Restarts the throwaway cluster once to load pg_stat_statements.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-400}
MIGDIR=${2:-$here/migrations}
. "$here/tests/bench/cost_database.sh"
cost_database push_cost "$MIGDIR"
TOKEN=$(psql "$CL" -Atq <<'SQL' | tail -1 | cut -d'|' -f4
SELECT status FROM api.register('cost@example.org', 'cost', 'correct horse battery', 'bench');
CALL api.sign_in('cost@example.org', 'correct horse battery', 'bench', NULL, NULL, NULL, NULL, NULL, NULL);
SQL
)
DEV=11111111-2222-3333-4444-555555555555
# the device's 20 tracks, as a first sync pushes them
psql "$CL" -Atq -v tok="$TOKEN" >/dev/null <<SQL
SELECT count(*) FROM api.push(:'tok', 2, NULL, '$DEV',
  (SELECT jsonb_agg(jsonb_build_object('kind', 1, 'id', md5('t' || i)::uuid, 'base', 0,
     'fields', jsonb_build_object('title', 'T' || i, 'artist', 'A', 'album', 'B', 'duration', 200,
        'file_url', 'file:///m/' || i || '.flac', 'file_size', 1000, 'format', 'flac', 'bitrate', 900,
        'metadata', jsonb_build_object('content_hash', 'a1:' || md5('h' || i), 'genre', 'x'))))
   FROM generate_series(1, 20) i));
SQL
script=$(mktemp)
trap 'rm -f "$script"' EXIT
# 5 edits of the device's own rows (its base is newer than any version: stored, no conflict)
cat > "$script" <<SQL
\set i random(1, 16)
SELECT count(*) FROM api.push(:tok, 2, NULL, '$DEV',
  (SELECT jsonb_agg(jsonb_build_object('kind', 1, 'id', md5('t' || i)::uuid, 'base', 1000000000,
     'fields', jsonb_build_object('title', 'T' || i || random(), 'rating', 4)))
   FROM generate_series(:i, :i + 4) i));
SQL
psql "$DB" -q -c "SELECT pg_stat_reset()" -c "SELECT pg_stat_statements_reset()" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
pgbench -n -c1 -t "$N" -M prepared -D tok="$TOKEN" -f "$script" "$CL" 2>&1 | grep -E "latency average|tps|failed"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
psql "$DB" -c "SELECT schemaname || '.' || funcname AS function, calls,
                      round((total_time / nullif(calls, 0))::numeric, 3) AS total_ms_per_call,
                      round((self_time / nullif(calls, 0))::numeric, 3) AS self_ms_per_call
                 FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 12"
psql "$DB" -c "SELECT calls, round((total_plan_time / calls)::numeric, 3) AS plan_ms,
                      round((total_exec_time / calls)::numeric, 3) AS exec_ms,
                      round(((total_plan_time + total_exec_time) / $N)::numeric, 3) AS ms_per_push,
                      left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement
                 FROM pg_stat_statements WHERE calls >= $N
                ORDER BY total_plan_time + total_exec_time DESC LIMIT 15"
