#!/usr/bin/env bash
# Measures the online commands against their references on the same schema, directly and through
# bench/latency_proxy.py (each direction delayed by half the RTT):
#   - `strata drift` vs `pg_dump --schema-only -n bench` of the applied schema;
#   - `strata apply --to head` vs `psql -1 -f` of the same up script, each on a fresh database.
# The schema is bench/gen_schema.py's (TABLES tables, default 1000). For every RTT in RTTS (env,
# default "0 10" ms) each pair runs RUNS times (env, default 3), alternating which goes first, and
# the median is reported with the round trips each made (exchanges counted by the proxy: the
# times the client sent after it had received; at RTT 0 the proxy is still in the path for that
# count but not for the timed runs). Then `strace -f -c -e trace=sendto` of one drift and one
# pg_dump gives the system-call count the issue quoted. A human table first, then `key=value`
# lines (seconds, exchanges, ratios).
# DRIFT_ONLY=1 leaves apply out (to measure a build whose drift takes minutes at 10 ms).
# Usage: [RUNS=3] [RTTS="0 10"] [DRIFT_ONLY=1] [STRATA_BIN=path] bench/drift.sh [TABLES]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-1000}
runs=${RUNS:-3}
rtts=${RTTS:-0 10}

strata=${STRATA_BIN:-$(scripts/build-release.sh)}  # STRATA_BIN: an already built binary, no build
started_server=0
if ! scripts/pg.sh status >/dev/null 2>&1; then scripts/pg.sh start >/dev/null; started_server=1; fi
eval "$(scripts/pg.sh env 2>/dev/null)"
psql=${STRATA_TEST_PSQL:-psql}
pg_dump=$(dirname "$psql")/pg_dump
[ -x "$pg_dump" ] || pg_dump=pg_dump
work=$(mktemp -d)
databases=()
proxy_pid=
cleanup() {
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
    for db in "${databases[@]}"; do "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
    rm -rf "$work"
    if [ "$started_server" = 1 ]; then scripts/pg.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

base_url=${STRATA_TEST_DATABASE_URL%/*}      # postgresql://user:pw@host:port
server_address=${base_url##*@}
create_db() {
    "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" \
        -c "CREATE DATABASE $1" >/dev/null
    databases+=("$1")
}
drop_db() { "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1; }
# URL of database $1 through the proxy on port $2 (empty: direct).
url_of() {
    if [ -z "$2" ]; then printf '%s/%s' "$base_url" "$1"; else printf '%s@127.0.0.1:%s/%s' "${base_url%@*}" "$2" "$1"; fi
}

# Starts the proxy with RTT $1 ms; sets proxy_port.
start_proxy() {
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null || true
    : >"$work/proxy_stats"
    coproc PROXY { exec python3 bench/latency_proxy.py --target "$server_address" --rtt-ms "$1" --stats "$work/proxy_stats" --lifetime 1800; }
    proxy_pid=$PROXY_PID
    read -r proxy_port <&"${PROXY[0]}"
}
# The exchanges of every connection since the stats were last emptied (the proxy writes a
# connection's line once both directions have drained: give it a second), then empties them.
exchanges() {
    sleep 1
    awk -F'exchanges=' '{ split($2, p, " "); s += p[1] } END { print s + 0 }' "$work/proxy_stats"
    : >"$work/proxy_stats"
}
# Wall seconds of a command (its output discarded, its failure fatal unless it exits 1 for drift).
timed() {
    local start end status=0
    start=$(date +%s.%N)
    "$@" >"$work/out" 2>"$work/err" || status=$?
    end=$(date +%s.%N)
    if [ "$status" -gt 1 ]; then cat "$work/err" >&2; exit 1; fi
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
alternate() { if (( $1 % 2 )); then $2; $3; else $3; $2; fi; }

echo "== $tables generated tables; RTT ${rtts// /, } ms; $runs alternating runs each"
python3 bench/gen_schema.py "$work/schema" "$tables"
"$strata" compile "$work/schema" -o "$work/out_dir" -m init >/dev/null 2>&1
up="$work/out_dir/0001_init.up.sql"

declare -a keys=() rows=()
record() {  # key, label, strata seconds file, reference seconds file, reference, strata exchanges, reference exchanges
    local s r ratio
    s=$(median <"$3"); r=$(median <"$4")
    ratio=$(awk -v a="$s" -v b="$r" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    rows+=("$(printf '| %-28s | %8.2f s | %6s | %-14s | %8.2f s | %6s | %5s× |' "$2" "$s" "$6" "$5" "$r" "$7" "$ratio")")
    keys+=("${1}_strata_seconds=$s" "${1}_reference_seconds=$r" "${1}_ratio=$ratio" "${1}_strata_exchanges=$6" "${1}_reference_exchanges=$7")
}

# The schema drift and pg_dump read: applied once, kept for every RTT.
create_db strata_bench_drift
"$strata" apply "$work/out_dir" --to head --url "$(url_of strata_bench_drift "")" >/dev/null
# Settle the new database before timing: right after 1,000 CREATE TABLEs autovacuum analyzes them
# all, and whichever tool ran first paid for it (drift 0.64 s against 0.28 s settled).
"$psql" -X -q "$(url_of strata_bench_drift "")" -c "VACUUM ANALYZE" -c CHECKPOINT >/dev/null

for rtt in $rtts; do
    start_proxy "$rtt"
    port=$proxy_port
    [ "$rtt" = 0 ] && port=
    : >"$work/drift_s"; : >"$work/dump_s"; : >"$work/apply_s"; : >"$work/psql_s"
    drift_run() { timed "$strata" drift "$work/out_dir" --url "$(url_of strata_bench_drift "$port")" >>"$work/drift_s"; }
    dump_run() { timed "$pg_dump" --schema-only -n bench -d "$(url_of strata_bench_drift "$port")" >>"$work/dump_s"; }
    apply_run() {
        create_db strata_bench_apply_a; "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c CHECKPOINT >/dev/null
        timed "$strata" apply "$work/out_dir" --to head --url "$(url_of strata_bench_apply_a "$port")" >>"$work/apply_s"
        drop_db strata_bench_apply_a
    }
    psql_run() {
        create_db strata_bench_apply_b; "$psql" -X -q "$STRATA_TEST_DATABASE_URL" -c CHECKPOINT >/dev/null
        timed "$psql" -X -q -v ON_ERROR_STOP=1 -1 -f "$up" "$(url_of strata_bench_apply_b "$port")" >>"$work/psql_s"
        drop_db strata_bench_apply_b
    }
    for ((i = 1; i <= runs; i++)); do
        alternate "$i" drift_run dump_run
        [ "${DRIFT_ONLY:-0}" = 1 ] || alternate "$i" apply_run psql_run
    done
    # Round trips: one more run of each through the proxy, counted there.
    exchanges >/dev/null
    "$strata" drift "$work/out_dir" --url "$(url_of strata_bench_drift "$proxy_port")" >"$work/drift_out" 2>&1 || true
    drift_x=$(exchanges)
    "$pg_dump" --schema-only -n bench -d "$(url_of strata_bench_drift "$proxy_port")" >/dev/null
    dump_x=$(exchanges)
    apply_x=- psql_x=-
    if [ "${DRIFT_ONLY:-0}" != 1 ]; then
        create_db strata_bench_apply_a
        "$strata" apply "$work/out_dir" --to head --url "$(url_of strata_bench_apply_a "$proxy_port")" >/dev/null 2>&1
        apply_x=$(exchanges)
        drop_db strata_bench_apply_a
        create_db strata_bench_apply_b
        "$psql" -X -q -v ON_ERROR_STOP=1 -1 -f "$up" "$(url_of strata_bench_apply_b "$proxy_port")" >/dev/null
        psql_x=$(exchanges)
        drop_db strata_bench_apply_b
    fi
    record "drift_rtt${rtt}" "drift, RTT $rtt ms" "$work/drift_s" "$work/dump_s" "pg_dump -s" "$drift_x" "$dump_x"
    [ "${DRIFT_ONLY:-0}" = 1 ] || record "apply_rtt${rtt}" "apply, RTT $rtt ms" "$work/apply_s" "$work/psql_s" "psql -1 -f" "$apply_x" "$psql_x"
done
head -n 1 "$work/drift_out" | sed 's/^/drift said: /'

# The system-call count the issue quoted (direct connection).
if command -v strace >/dev/null; then
    sendto_of() { strace -f -c -e trace=sendto -o "$work/strace" "$@" >/dev/null 2>&1 || true; awk '$NF == "sendto" { print $4 }' "$work/strace"; }
    drift_sendto=$(sendto_of "$strata" drift "$work/out_dir" --url "$(url_of strata_bench_drift "")")
    dump_sendto=$(sendto_of "$pg_dump" --schema-only -n bench -d "$(url_of strata_bench_drift "")")
    keys+=("drift_sendto_calls=$drift_sendto" "pg_dump_sendto_calls=$dump_sendto")
    echo "strace -f -c -e trace=sendto: strata drift $drift_sendto calls, pg_dump -s $dump_sendto calls"
fi

echo
echo "| $tables tables, median of $runs, $(date -u +%F) | strata | round trips | reference | | round trips | ratio |"
echo "|---|---:|---:|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${keys[@]}"
