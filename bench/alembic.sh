#!/usr/bin/env bash
# Times `alembic revision --autogenerate` on the schema of bench/gen_schema.py, written as
# SQLAlchemy models (bench/gen_sqlalchemy.py), against a live empty database: the same work as
# `strata compile` from base, done Alembic's way (import the models, reflect the database, diff,
# render). Alembic, SQLAlchemy, psycopg and pgvector come from PyPI into a git-ignored virtualenv
# (bench/.venv, or $STRATA_BENCH_VENV). The server is this checkout's scripts/pg.sh one.
#
# Prints `alembic_autogenerate_seconds=<s>`, the median wall time of RUNS runs (env, default 5),
# each from scratch (no earlier revision, empty database), after a human-readable line per run.
# Usage: bench/alembic.sh [TABLES]
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-1000}
runs=${RUNS:-5}
venv=$(realpath -m "${STRATA_BENCH_VENV:-bench/.venv}")
alembic=$venv/bin/alembic

if [ ! -x "$alembic" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q alembic sqlalchemy 'psycopg[binary]' pgvector >&2
fi

# Stop the server on exit only if this script started it (as bench/apply.sh does).
started_server=0
if ! scripts/pg.sh status >/dev/null 2>&1; then scripts/pg.sh start >/dev/null; started_server=1; fi
eval "$(scripts/pg.sh env 2>/dev/null)"
# The server URL names a database; the benchmark gets its own empty one next to it.
database=strata_bench_alembic
base_url=${STRATA_TEST_DATABASE_URL%/*}
url="$base_url/$database"
export PGOPTIONS=--client-min-messages=warning
"$STRATA_TEST_PSQL" -X -q -d "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $database" \
    -c "CREATE DATABASE $database" >/dev/null

work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    "$STRATA_TEST_PSQL" -X -q -d "$STRATA_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
    if [ "$started_server" = 1 ]; then scripts/pg.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

python3 bench/gen_sqlalchemy.py "$work/models.py" "$tables"
(cd "$work" && "$alembic" init migrations >/dev/null)
# SQLAlchemy wants its own scheme for psycopg 3.
sqlalchemy_url="postgresql+psycopg://${url#*://}"
python3 - "$work" "$sqlalchemy_url" <<'EOF'
import re, sys
work, url = sys.argv[1], sys.argv[2]
ini = open(f"{work}/alembic.ini").read()
ini = re.sub(r"^sqlalchemy\.url = .*$", "sqlalchemy.url = " + url.replace("%", "%%"), ini, flags=re.M)
open(f"{work}/alembic.ini", "w").write(ini)
env = open(f"{work}/migrations/env.py").read()
env = env.replace("target_metadata = None", "import sys\nsys.path.insert(0, %r)\nfrom models import metadata as target_metadata" % work)
open(f"{work}/migrations/env.py", "w").write(env)
EOF

times=()
for run in $(seq 1 "$runs"); do
    rm -f "$work"/migrations/versions/*.py
    start=$(date +%s.%N)
    (cd "$work" && "$alembic" revision --autogenerate -m bench >/dev/null 2>"$work/stderr") || {
        cat "$work/stderr" >&2
        exit 1
    }
    end=$(date +%s.%N)
    seconds=$(python3 -c "print(f'{$end - $start:.3f}')")
    times+=("$seconds")
    printf 'alembic autogenerate %s tables, run %s: %s s\n' "$tables" "$run" "$seconds" >&2
done
generated=$(ls "$work"/migrations/versions/*.py)
printf 'generated %s lines (%s create_table)\n' "$(wc -l <"$generated")" "$(grep -c 'op.create_table' "$generated")" >&2
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'alembic_autogenerate_seconds=%s\n' "$median"
