#!/usr/bin/env bash
# Compares builds of strata on the compile benchmark's 1,000 tables (or TABLES), interleaved: each
# round runs every binary once from base and once incrementally (+1 column on one table), so a
# machine whose speed drifts during the run affects all of them alike. Prints each binary's median
# and every run, in milliseconds.
# Usage: [ROUNDS=15] [TABLES=1000] bench/compare_compile.sh BINARY...
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/compare_compile.sh BINARY..." >&2; exit 2; }
rounds=${ROUNDS:-15}
tables=${TABLES:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/gen_schema.py "$work/schema" "$tables" >/dev/null
"$1" compile "$work/schema" -o "$work/base" -m init >/dev/null
cp -r "$work/schema" "$work/one"
python3 - "$work/one/tables/t0000.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read().replace("    checks:\n", "      extra: text\n    checks:\n", 1)
open(path, "w").write(text)
PY

milliseconds() {  # command... -> wall time of one run
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}
declare -A runs
for _ in $(seq 1 "$rounds"); do
    for binary in "$@"; do
        rm -rf "$work/out"
        runs[$binary.scratch]+="$(milliseconds "$binary" compile "$work/schema" -o "$work/out" -m init) "
        rm -rf "$work/out"
        cp -r "$work/base" "$work/out"
        runs[$binary.incremental]+="$(milliseconds "$binary" compile "$work/one" -o "$work/out" -m extra) "
    done
done
for binary in "$@"; do
    for kind in scratch incremental; do
        median=$(printf '%s\n' ${runs[$binary.$kind]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        printf '%-40s %-12s median %4s ms  (%s)\n' "$binary" "$kind" "$median" "${runs[$binary.$kind]% }"
    done
done
