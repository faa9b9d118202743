#!/usr/bin/env bash
# Measures `strata compile` on a generated schema of N tables (default 1000): a first compile
# from base, an unchanged recompile (load + diff, nothing written), an incremental compile that
# adds one column to one table, and a revision that adds one column to every table. Each is run
# RUNS times (env, default 5; a fresh copy of the bundle each time) and reported as the median
# wall time and the largest peak memory, first for people, then as `key=value` lines for
# bench/run:
#   compile_tables=N
#   compile_scratch_seconds=S        compile_scratch_peak_mib=M
#   compile_unchanged_seconds=S      compile_unchanged_peak_mib=M
#   compile_incremental_seconds=S    compile_incremental_peak_mib=M
#   compile_every_table_seconds=S    compile_every_table_peak_mib=M
# Usage: bench/compile.sh [TABLES]; STRATA_BIN=path uses that binary instead of building one
# (to compare two builds).
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-1000}
runs=${RUNS:-5}
strata=${STRATA_BIN:-$(scripts/build-release.sh)}  # STRATA_BIN: an already built binary, no build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
machine=()

# label, key, setup command (run before each timed run, untimed), command...
measure() {
    local label=$1 key=$2 setup=$3; shift 3
    local times=() peak=0
    for _ in $(seq 1 "$runs"); do
        eval "$setup"
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
        read -r seconds kib <"$work/time"
        times+=("$seconds")
        [ "$kib" -gt "$peak" ] && peak=$kib
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
    printf '%-38s %7.2f s  %6d MiB peak  (median of %s)\n' "$label" "$median" $((peak / 1024)) "$runs"
    machine+=("compile_${key}_seconds=$median" "compile_${key}_peak_mib=$((peak / 1024))")
}

python3 bench/gen_schema.py "$work/schema" "$tables"
measure "compile $tables tables from base" scratch 'rm -rf "$work/out"' \
    "$strata" compile "$work/schema" -o "$work/out" -m init
measure "recompile, unchanged" unchanged : "$strata" compile "$work/schema" -o "$work/out" -m again
printf 'up script of the first revision: %s lines\n' "$(wc -l <"$work/out/0001_init.up.sql")"

# One column added to one table, over the first revision.
cp -r "$work/out" "$work/base"
cp -r "$work/schema" "$work/one"
python3 - "$work/one/tables/t0000.yaml" <<'EOF'
import sys
path = sys.argv[1]
text = open(path).read().replace("    checks:\n", "      extra: text\n    checks:\n", 1)
open(path, "w").write(text)
EOF
measure "compile +1 column on one table" incremental 'rm -rf "$work/out"; cp -r "$work/base" "$work/out"' \
    "$strata" compile "$work/one" -o "$work/out" -m extra

python3 bench/gen_schema.py "$work/schema" "$tables" --variant
measure "compile +1 column on every table" every_table 'rm -rf "$work/out"; cp -r "$work/base" "$work/out"' \
    "$strata" compile "$work/schema" -o "$work/out" -m extra

printf 'compile_tables=%s\n' "$tables"
printf '%s\n' "${machine[@]}"
