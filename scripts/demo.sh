#!/usr/bin/env bash
# strata's main job on the example, from a fresh machine: install what is missing, build strata,
# compile schema/ into out/ (nothing to do while out/ is current), show the SQL of the chain,
# start a throwaway PostgreSQL 18 + pgvector, apply out/ to head, show status, history and drift,
# and stop the server again.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

"$REPO_ROOT/scripts/ensure-packages.sh"
swift build --product strata
strata="$(swift build --show-bin-path)/strata"

if [ -t 1 ]; then
    step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
    step() { printf '\n== %s\n' "$*"; }
fi

step "strata compile schema/ -o out/ -m \"demo\""
"$strata" compile schema/ -o out/ -m "demo"

step "strata verify out/"
"$strata" verify out/

step "strata history out/"
"$strata" history out/

for script in out/*.up.sql; do
    step "$script"
    cat "$script"
done

already_running=0
"$REPO_ROOT/scripts/pg.sh" status >/dev/null 2>&1 && already_running=1
stop_server() { [ "$already_running" = 1 ] || "$REPO_ROOT/scripts/pg.sh" stop || true; }
trap stop_server EXIT
step "start a throwaway PostgreSQL 18 + pgvector"
eval "$("$REPO_ROOT/scripts/pg.sh" start)"
# A fresh database for each run, so the demo always starts from nothing. strata reads the
# superuser URL from DATABASE_URL and never prints the password in it.
"$STRATA_TEST_PSQL" -X -q -v ON_ERROR_STOP=1 "$STRATA_TEST_DATABASE_URL" \
    -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS strata_demo WITH (FORCE)" -c "CREATE DATABASE strata_demo"
export DATABASE_URL="${STRATA_TEST_DATABASE_URL%/postgres}/strata_demo"

step "strata apply out/ --to head"
"$strata" apply out/ --to head

step "strata status out/"
"$strata" status out/

step "strata history out/ (with the database)"
"$strata" history out/ --url "$DATABASE_URL"

step "strata drift out/"
"$strata" drift out/
