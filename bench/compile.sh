#!/usr/bin/env bash
# Measures `strata compile` on a generated schema of N tables (default 1000): a first compile
# from base, an unchanged recompile (load + diff, nothing written), and a second revision that
# adds one column to every table. Prints wall time and peak memory of each run.
# Usage: bench/compile.sh [TABLES]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-1000}
swift build -c release --product strata >/dev/null
strata=$(swift build -c release --show-bin-path)/strata
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # label, command...
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
    read -r seconds kib <"$work/time"
    printf '%-34s %7.2f s  %6d MiB peak\n' "$label" "$seconds" $((kib / 1024))
}

python3 bench/gen_schema.py "$work/schema" "$tables"
measure "compile $tables tables from base" "$strata" compile "$work/schema" -o "$work/out" -m init
measure "recompile, unchanged" "$strata" compile "$work/schema" -o "$work/out" -m again
python3 bench/gen_schema.py "$work/schema" "$tables" --variant
measure "compile +1 column on every table" "$strata" compile "$work/schema" -o "$work/out" -m extra
printf 'up script of the first revision: %s lines\n' "$(wc -l <"$work/out/0001_init.up.sql")"
