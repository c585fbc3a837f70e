# Sourced by the server-cost benches (push_call_cost.sh, push_first_cost.sh), under
# scripts/with-test-services.sh: `cost_database NAME MIGDIR` restarts the throwaway cluster with
# pg_stat_statements (track = all, planning times) and function tracking, creates database
# NAME_$$ migrated from MIGDIR (`eknmusic-cli db migrate --migrations`) and a client role of its
# own (two runs in one cluster compare two schemas), and sets DB (as postgres) and CL (as that
# client) to their URLs. Needs build/ci's eknmusic-cli.
: "${EKN_TEST_PG_URL:?run under scripts/with-test-services.sh}"
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cost_database() {
  local name=$1 migdir=$2 top
  top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  psql "$EKN_TEST_PG_URL" -qc "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  printf "pg_stat_statements.track = 'all'\npg_stat_statements.track_planning = on\ntrack_functions = 'all'\n" \
    >> "$EKN_TEST_WORK/pg/postgresql.auto.conf"
  run_pg "$EKN_TEST_PG_BIN/pg_ctl" -D "$EKN_TEST_WORK/pg" -w -l "$EKN_TEST_WORK/pg/server-bench.log" restart >/dev/null
  local role=${name}_client_$$
  psql "$EKN_TEST_PG_URL" -qc "CREATE DATABASE ${name}_$$"
  DB="${EKN_TEST_PG_URL%/postgres}/${name}_$$"
  "$top/build/ci/app/eknmusic-cli" db migrate --server "$DB" --migrations "$migdir" >/dev/null
  psql "$DB" -q -c "CREATE EXTENSION pg_stat_statements" \
    -c "CREATE ROLE $role LOGIN PASSWORD '$name' IN ROLE eknmusic_client" \
    -c "UPDATE app.settings SET value = 4 WHERE key = 'bcrypt_cost'"
  CL=$(echo "$DB" | sed -E "s#//postgres:[^@]*@#//$role:$name@#")
}
