#!/usr/bin/env bash
# Measures `strata compile` from base on one large schema file (issue #6 item 6: 50 MB of YAML
# in at most 10 s and 1 GB of memory): bench/gen_schema.py --single-file writes TABLES tables
# (default 67000, about 50 MB) into one schema.yaml under a temporary directory, and the compile
# runs RUNS times (env, default 1) under /usr/bin/time. Prints the file size, each run, and
# `key=value` lines for bench/run:
#   compile_large_bytes=B  compile_large_seconds=S  compile_large_peak_mib=M
# (the median time and the largest peak). STRATA_BIN=path uses that binary instead of building.
# Usage: bench/compile_large.sh [TABLES]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-67000}
runs=${RUNS:-1}
strata=${STRATA_BIN:-$(scripts/build-release.sh)}  # STRATA_BIN: an already built binary, no build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/gen_schema.py "$work/schema" "$tables" --single-file
bytes=$(wc -c <"$work/schema/schema.yaml")
printf 'schema.yaml: %s tables, %s bytes\n' "$tables" "$bytes"
times=()
peak=0
for run in $(seq 1 "$runs"); do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$strata" compile "$work/schema" -o "$work/out" -m init >/dev/null
    read -r seconds kib <"$work/time"
    printf 'run %s: %s s, %s MiB peak\n' "$run" "$seconds" $((kib / 1024))
    times+=("$seconds")
    [ "$kib" -gt "$peak" ] && peak=$kib
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'compile_large_bytes=%s\n' "$bytes"
printf 'compile_large_seconds=%s\n' "$median"
printf 'compile_large_peak_mib=%s\n' $((peak / 1024))
