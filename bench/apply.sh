#!/usr/bin/env bash
# Measures `strata apply` and `strata verify` against psql and sha256sum on the same throwaway
# server (scripts/pg.sh), with a release build:
#   1. a large generated DDL revision (bench/gen_schema.py, the compile benchmark's generator,
#      TABLES tables, default 1000): `strata apply --to head` vs `psql -1 -f` of the same up script,
#      each on a fresh database;
#   2. a hand-written data revision of SIZE_MB (default 1024) megabytes, as one COPY FROM STDIN and
#      as 100-row INSERTs, through `strata apply` and through `psql -1 -f` (same script, same table);
#   3. `strata verify` of the data bundle vs `sha256sum` of its up script.
# Each pair runs RUNS times (env, default 5), strata and the reference alternating (which goes first
# alternates too), each from the same database state with the script in the page cache and the
# server checkpointed just before, and the median
# is reported: a human table, then machine-readable `key=value` lines (seconds, KiB, ratios) for
# bench/run. SKIP_DATA=1 measures only the DDL.
# Usage: [RUNS=5] [SKIP_DATA=1] [STRATA_BIN=path] bench/apply.sh [TABLES] [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-1000}
size_mb=${2:-1024}
runs=${RUNS:-5}

strata=${STRATA_BIN:-$(scripts/build-release.sh)}  # STRATA_BIN: an already built binary, no build
started_server=0
if ! scripts/pg.sh status >/dev/null 2>&1; then scripts/pg.sh start >/dev/null; started_server=1; fi
eval "$(scripts/pg.sh env 2>/dev/null)"
psql=${STRATA_TEST_PSQL:-psql}
work=$(mktemp -d)
databases=()
cleanup() {
    for db in "${databases[@]}"; do "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
    rm -rf "$work"
    if [ "$started_server" = 1 ]; then scripts/pg.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

fresh_db() {  # name -> prints its URL
    "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null 2>&1
    databases+=("$1")
    printf '%s' "${STRATA_TEST_DATABASE_URL%/*}/$1"
}
drop_db() { "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1; }

# Runs a command under /usr/bin/time; appends "seconds kib" to the file $1.
measure() {
    local record=$1; shift
    /usr/bin/time -v -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
        /Maximum resident set size/ { k = $2 } END { print s, k }' "$work/time" >>"$record"
}
# Before each measured run: the script in the page cache and the server's dirty buffers written
# out (a checkpoint), so neither side pays for the other's reads or for the previous run's writes.
settle() {
    cat "$@" >/dev/null
    "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c CHECKPOINT >/dev/null
}
# Runs the pair of run number $1 in alternating order (odd: $2 first), so that neither side is
# always the one that runs after the other's load.
alternate() {
    if (( $1 % 2 )); then $2; $3; else $3; $2; fi
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
seconds_of() { awk '{ print $1 }' "$1" | median; }
peak_kib_of() { awk 'BEGIN { m = 0 } { if ($2 > m) m = $2 } END { print m }' "$1"; }

declare -a keys=() rows=()
# Records one measured pair: key, label, strata record, reference record, reference name.
report() {
    local key=$1 label=$2 mine=$3 theirs=$4 reference=$5
    local s r kib rkib ratio
    s=$(seconds_of "$mine"); r=$(seconds_of "$theirs"); kib=$(peak_kib_of "$mine"); rkib=$(peak_kib_of "$theirs")
    ratio=$(awk -v a="$s" -v b="$r" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    rows+=("$(printf '| %-24s | %7.2f s, %4d MiB | %7.2f s, %4d MiB | %5s× | %s |' "$label" "$s" $((kib / 1024)) "$r" $((rkib / 1024)) "$ratio" "$reference")")
    keys+=("${key}_strata_seconds=$s" "${key}_${reference}_seconds=$r" "${key}_ratio=$ratio" "${key}_strata_peak_rss_kib=$kib")
}

echo "== DDL: $tables generated tables, one revision; $runs alternating runs"
python3 bench/gen_schema.py "$work/schema" "$tables"
"$strata" compile "$work/schema" -o "$work/ddl" -m init >/dev/null 2>&1
printf 'up script: %s lines, %s statements\n' "$(wc -l <"$work/ddl/0001_init.up.sql")" \
    "$(grep -c ';$' "$work/ddl/0001_init.up.sql")"
# Each DDL run gets a database of its own, all dropped at the end: a run that follows the DROP of
# the previous run's 1,000 tables (some 5,000 files) spent a third of the server's time in ext4's
# inode allocator skipping the recently deleted inodes (`recently_deleted`, `find_inode_bit` in
# `perf record -a`), and the same revision took 2 s or 8 s depending on it.
ddl_strata() {
    local url
    url=$(fresh_db "strata_bench_ddl_a$1")
    databases+=("strata_bench_ddl_a$1")  # fresh_db ran in a subshell
    settle "$work/ddl/0001_init.up.sql"
    measure "$work/ddl_strata" "$strata" apply "$work/ddl" --to head --url "$url"
}
ddl_psql() {
    local url
    url=$(fresh_db "strata_bench_ddl_b$1")
    databases+=("strata_bench_ddl_b$1")
    settle "$work/ddl/0001_init.up.sql"
    measure "$work/ddl_psql" "$psql" -X -q -v ON_ERROR_STOP=1 -1 -f "$work/ddl/0001_init.up.sql" "$url"
}
for ((i = 1; i <= runs; i++)); do alternate "$i" "ddl_strata $i" "ddl_psql $i"; done
for db in "${databases[@]}"; do drop_db "$db"; done
report apply_ddl "DDL, $tables tables" "$work/ddl_strata" "$work/ddl_psql" psql

if [ "${SKIP_DATA:-0}" != 1 ]; then
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
    for mode in copy insert; do
        echo "== data: ${size_mb} MB hand-written revision ($mode); $runs alternating runs"
        out="$work/data_$mode"
        "$strata" compile "$work/data_schema" -o "$out" -m items >/dev/null 2>&1
        "$strata" compile "$work/data_schema" -o "$out" -m data --empty >/dev/null 2>&1
        python3 bench/gen_data_revision.py "$out/0002_data.up.sql" "$size_mb" "$mode"
        printf 'TRUNCATE negentropy.items;\n' >"$out/0002_data.down.sql"
        "$strata" rehash "$out" >/dev/null
        printf 'up script: %s MB\n' $(( $(stat -c %s "$out/0002_data.up.sql") / 1024 / 1024 ))
        # Both sides start from the same database: the table (revision 0001) created before the
        # clock starts, strata's through apply so that its version table exists too.
        data_strata() {
            local url
            url=$(fresh_db strata_bench_data_a)
            "$strata" apply "$out" --to 0001_items --url "$url" >/dev/null 2>&1
            settle "$out/0002_data.up.sql"
            measure "$work/${mode}_strata" "$strata" apply "$out" --to head --url "$url"
            drop_db strata_bench_data_a
        }
        data_psql() {
            local url
            url=$(fresh_db strata_bench_data_b)
            "$psql" -X -q -v ON_ERROR_STOP=1 -f "$out/0001_items.up.sql" "$url" >/dev/null
            settle "$out/0002_data.up.sql"
            measure "$work/${mode}_psql" "$psql" -X -q -v ON_ERROR_STOP=1 -1 -f "$out/0002_data.up.sql" "$url"
            drop_db strata_bench_data_b
        }
        verify_strata() { settle "$out/0002_data.up.sql"; measure "$work/verify_strata" "$strata" verify "$out"; }
        verify_sha256sum() { settle "$out/0002_data.up.sql"; measure "$work/verify_sha256sum" sha256sum "$out/0002_data.up.sql"; }
        for ((i = 1; i <= runs; i++)); do
            alternate "$i" data_strata data_psql
            if [ "$mode" = copy ]; then alternate "$i" verify_strata verify_sha256sum; fi
        done
        report "apply_$mode" "${size_mb} MB $(printf '%s' "$mode" | tr a-z A-Z)" "$work/${mode}_strata" "$work/${mode}_psql" psql
        [ "$mode" = copy ] && report verify "verify ${size_mb} MB" "$work/verify_strata" "$work/verify_sha256sum" sha256sum
        rm -rf "$out"
    done
fi

echo
echo "| median of $runs, $(date -u +%F) | strata | reference | ratio | reference |"
echo "|---|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${keys[@]}"
