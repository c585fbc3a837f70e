#!/usr/bin/env bash
# Server time of a one-row push through api.push and through api.push_once (025: the push's
# answer kept, one push of a device at a time), interleaved in one run (ratios, not absolute
# times, mean something on a shared machine). Run from the source folder:
#   scripts/with-test-services.sh tests/bench/push_answers_cost.sh [ROUNDS] [CALLS]
set -euo pipefail
rounds=${1:-6}; calls=${2:-300}
bin=${EKN_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
url=${EKN_TEST_PG_URL:?run through scripts/with-test-services.sh}
psql "$url" -qc "CREATE DATABASE ekn_push_cost"
db="${url%/postgres}/ekn_push_cost"
# The migration runner's table, which 010 records itself in.
psql "$db" -qc "CREATE TABLE schema_migrations(version int PRIMARY KEY, name text, applied_at timestamptz DEFAULT now(), checksum text)"
for f in migrations/versions/*.up.sql; do psql "$db" -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null 2>&1; done
psql "$db" -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
INSERT INTO users(id, email, username, password_hash) VALUES ('11111111-1111-4111-8111-111111111111', 'b@x', 'b', 'x');
INSERT INTO user_sessions(user_id, token_hash, expires_at)
    VALUES ('11111111-1111-4111-8111-111111111111', app.token_hash('tok'), now() + interval '1 day');
SELECT * FROM api.push('tok', 2, NULL, '22222222-2222-4222-8222-222222222222',
    '[{"kind":1,"id":"33333333-3333-4333-8333-333333333333","base":0,"fields":{"title":"t","file_url":"file:///x.mp3"}}]');
SQL
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
batch='[{"kind":1,"id":"33333333-3333-4333-8333-333333333333","base":0,"fields":{"title":"t2"}}]'
dev=22222222-2222-4222-8222-222222222222
echo "SELECT count(*) FROM api.push('tok', 2, NULL, '$dev', '$batch');" > "$work/push.sql"
echo "SELECT count(*) FROM api.push_once('tok', 2, NULL, '$dev', gen_random_uuid(), NULL, '$batch');" > "$work/push_once.sql"
export PGPASSWORD=$(sed -E 's#.*://[^:]+:([^@]+)@.*#\1#' <<<"$url")
hostport=$(sed -E 's#.*@([^/]+)/.*#\1#' <<<"$url")
for r in $(seq "$rounds"); do
  for f in push push_once; do
    ms=$("$bin/pgbench" -h "${hostport%:*}" -p "${hostport#*:}" -U postgres -n -c 1 -t "$calls" -f "$work/$f.sql" ekn_push_cost 2>/dev/null |
         sed -nE 's/latency average = ([0-9.]+) ms/\1/p')
    echo "$f $ms"
  done
done | awk '{ v[$1] = v[$1] " " $2 } END { for (k in v) print k ":" v[k] " ms per call" }'
