#!/usr/bin/env bash
# Measures `strata apply` against psql on the same throwaway server (scripts/pg.sh):
#   1. a large generated DDL revision (bench/gen_schema.py, the compile benchmark's generator,
#      N tables, default 1000):
#      `strata apply --to head` vs `psql -1 -f` of the same up script, each on a fresh database;
#   2. a hand-written data revision of SIZE_MB (default 512) megabytes, as one COPY FROM STDIN
#      and as multi-row INSERTs, through `strata apply`, with peak RSS from /usr/bin/time -v,
#      and the same script through `psql -1 -f` for reference.
# Usage: bench/apply.sh [TABLES] [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-1000}
size_mb=${2:-512}

swift build -c release --product strata >/dev/null
strata=$(swift build -c release --show-bin-path)/strata
started_server=0
if ! scripts/pg.sh status >/dev/null 2>&1; then scripts/pg.sh start >/dev/null; started_server=1; fi
eval "$(scripts/pg.sh env 2>/dev/null)"
psql=${STRATA_TEST_PSQL:-psql}
work=$(mktemp -d)
databases=()
cleanup() {
    for db in "${databases[@]}"; do "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" || true; done
    rm -rf "$work"
    if [ "$started_server" = 1 ]; then scripts/pg.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

fresh_db() {  # name -> prints its URL
    "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null 2>&1
    databases+=("$1")
    printf '%s' "${STRATA_TEST_DATABASE_URL%/*}/$1"
}

measure() {  # label, command...
    local label=$1; shift
    /usr/bin/time -v -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    local seconds kib
    seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time")
    kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
    printf '%-52s %8.2f s  %6d MiB peak RSS\n' "$label" "$seconds" $((kib / 1024))
}

echo "== DDL: $tables generated tables, one revision"
python3 bench/gen_schema.py "$work/schema" "$tables"
"$strata" compile "$work/schema" -o "$work/ddl" -m init >/dev/null 2>&1
printf 'up script: %s lines, %s statements\n' "$(wc -l <"$work/ddl/0001_init.up.sql")" \
    "$(grep -c ';$' "$work/ddl/0001_init.up.sql")"
url=$(fresh_db strata_bench_ddl_a)
measure "strata apply --to head" "$strata" apply "$work/ddl" --to head --url "$url"
url=$(fresh_db strata_bench_ddl_b)
measure "psql -1 -f (same up script)" "$psql" -X -q -v ON_ERROR_STOP=1 -1 -f "$work/ddl/0001_init.up.sql" "$url"

for mode in copy insert; do
    echo "== data: ${size_mb} MB hand-written revision ($mode)"
    out="$work/data_$mode"
    mkdir -p "$work/data_schema"
    cat >"$work/data_schema/schema.yaml" <<'YAML'
schema:
  name: negentropy
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      body: { type: text, nullable: false }
YAML
    "$strata" compile "$work/data_schema" -o "$out" -m items >/dev/null 2>&1
    "$strata" compile "$work/data_schema" -o "$out" -m data --empty >/dev/null 2>&1
    python3 bench/gen_data_revision.py "$out/0002_data.up.sql" "$size_mb" "$mode"
    printf 'TRUNCATE negentropy.items;\n' >"$out/0002_data.down.sql"
    "$strata" rehash "$out" >/dev/null
    printf 'up script: %s MB\n' $(( $(stat -c %s "$out/0002_data.up.sql") / 1024 / 1024 ))
    url=$(fresh_db strata_bench_data_a)
    measure "strata apply --to head ($mode)" "$strata" apply "$out" --to head --url "$url"
    "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE strata_bench_data_a" >/dev/null
    url=$(fresh_db strata_bench_data_b)
    "$psql" -X -q -v ON_ERROR_STOP=1 -f "$out/0001_items.up.sql" "$url" >/dev/null
    measure "psql -1 -f ($mode, same up script)" "$psql" -X -q -v ON_ERROR_STOP=1 -1 -f "$out/0002_data.up.sql" "$url"
    "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE strata_bench_data_b" >/dev/null
    rm -rf "$out"
done
