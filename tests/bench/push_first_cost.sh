#!/usr/bin/env bash
# What a first push costs the server alone, per statement: the ten 2000-row calls of
# api.push_once that push 10,000 new tracks and their 10,000 tag rows, shaped as SyncPush
# writes them, against a server holding 100,000 tracks of another account (as bench_sync's).
# Each call is its own transaction, as the client's are; pg_stat_statements (track = all)
# and pg_stat_user_functions say where the time goes. docs/SCALING.md "server 033".
#
#   scripts/with-test-services.sh tests/bench/push_first_cost.sh [ROUNDS] [MIGRATIONS_DIR]
#
# ROUNDS (default 3): the ten calls are timed this many times, each time as a new account, and
# the statements are counted over all rounds. MIGRATIONS_DIR (default: this checkout's
# migrations/) is what `eknmusic-cli db migrate --migrations` applies, so two schema versions
# can be compared minutes apart (copy migrations/ and remove the newer files for the older
# one). Needs build/ci's eknmusic-cli and the server's pg_stat_statements module; restarts the
# throwaway cluster once to load it.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
MIGDIR=${2:-$here/migrations}
. "$here/tests/bench/cost_database.sh"
cost_database push_first "$MIGDIR"
# 100,000 tracks of another account, as bench_sync writes them
psql "$CL" -Atq -c "SELECT status FROM api.register('other@example.org', 'other', 'correct horse battery', 'bench')" >/dev/null
psql "$DB" -q <<'SQL'
INSERT INTO music_tracks (id, user_id, title, artist, album, duration, file_url, file_size, format, bitrate, metadata)
SELECT gen_random_uuid(), (SELECT id FROM users WHERE email = 'other@example.org'), 'Title number ' || i,
       'Artist ' || (i % 997), 'Album ' || (i % 4001), 120 + i % 300,
       'file:///home/someone/Music/Artist%20' || (i % 997) || '/' || i || '.flac', 3000000 + i, 'flac', 900,
       jsonb_build_object('album_artist', 'Artist ' || (i % 997), 'track_number', 1 + i % 12, 'year', 1960 + i % 60,
                          'genre', 'Genre ' || (i % 40), 'sample_rate', 44100, 'channels', 2,
                          'duration_ms', (120 + i % 300) * 1000, 'cover', jsonb_build_object('present', false),
                          'content_hash', md5(i::text), 'source_device', 'abcdef0123456789')
  FROM generate_series(1, 100000) i;
ANALYZE;
SQL
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The calls of one round, as one account: five batches of 2000 tracks, then five of their tag
# rows, each element as SyncPush writes it (every column, the whole metadata, base 0). The
# batches are built first (psql variables), so that only the calls are timed.
track="jsonb_build_object('id', md5(:'email' || 't' || i)::uuid, 'base', 0, 'kind', 1, 'fields', jsonb_build_object(
  'title', 'Pushed ' || i, 'artist', 'Artist ' || (i % 7), 'album', 'Album ' || (i % 13), 'duration', 180,
  'file_url', 'file:///music/bench-a/Pushed%20' || i || '.flac', 'file_size', 1000 + i, 'format', 'flac',
  'bitrate', NULL, 'rating', NULL, 'deleted_at', NULL,
  'metadata', jsonb_build_object('cover', jsonb_build_object('present', false), 'channels', 2,
      'duration_ms', 180000 + i, 'sample_rate', 44100, 'content_hash', 'a1:Pushed-' || :'email' || i,
      'source_device', '0035969ec53f6e7f')))"
tag="jsonb_build_object('id', md5(:'email' || 'g' || i)::uuid, 'base', 0, 'kind', 2, 'fields', jsonb_build_object(
  'key', 'MOOD', 'value', 'calm', 'track_id', md5(:'email' || 't' || i)::uuid, 'deleted_at', NULL))"
{
  echo "\\set ON_ERROR_STOP on"
  echo "SELECT status FROM api.register(:'email', 'p', 'correct horse battery', 'bench') \\gset"
  echo "CALL api.sign_in(:'email', 'correct horse battery', 'bench', NULL, NULL, NULL, NULL, NULL, NULL) \\gset"
  for b in 0 1 2 3 4 5 6 7 8 9; do
    elt=$track; [ "$b" -ge 5 ] && elt=$tag
    echo "SELECT jsonb_agg($elt)::text AS b$b FROM generate_series($(( (b % 5) * 2000 )), $(( (b % 5) * 2000 + 1999 ))) i \\gset"
  done
  echo "\\timing on"
  for b in 0 1 2 3 4 5 6 7 8 9; do
    echo "SELECT count(*) FILTER (WHERE outcome = 'stored') FROM api.push_once(:'access_token', 2, NULL,"
    echo "  '6f972c86-7cce-42b8-8623-bba9f8f05800', gen_random_uuid(), NULL, :'b$b');"
  done
} > "$work/round.sql"
psql "$DB" -q -c "SELECT pg_stat_reset()" -c "SELECT pg_stat_statements_reset()" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  # each call a statement of its own: its own transaction, as the client's
  psql "$CL" -qAt -v email="round$r-$$@example.org" -f "$work/round.sql" >"$work/out" 2>&1 \
    || { cat "$work/out" >&2; exit 1; }
  ms=$(sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' "$work/out" | tail -10 | awk '{ s += $1 } END { printf "%.0f", s }')
  echo "round $r: the ten calls took $ms ms"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
psql "$DB" -c "SELECT schemaname || '.' || funcname AS function, calls,
                      round((total_time / $ROUNDS)::numeric, 1) AS total_ms_per_round,
                      round((self_time / $ROUNDS)::numeric, 1) AS self_ms_per_round
                 FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 8"
psql "$DB" -c "SELECT calls, round((total_exec_time / $ROUNDS)::numeric, 1) AS ms_per_round,
                      left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS statement
                 FROM pg_stat_statements
                WHERE query !~* '^(SELECT jsonb_agg|SELECT count|CREATE|INSERT INTO music_tracks \\(id, user_id, title|ANALYZE|SELECT status|CALL|SELECT pg_stat)'
                ORDER BY total_exec_time DESC LIMIT 22"
