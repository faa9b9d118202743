#!/usr/bin/env bash
# strata's test command (the README's, and what .ci/run calls).
#
# Installs what a fresh Debian 12 lacks (and squawk, scripts/ensure-squawk.sh), starts a throwaway PostgreSQL 18 + pgvector through
# scripts/pg.sh, and the compatibility suite's PostgreSQL 16.2 + pgvector 0.6.2 and PostgreSQL 15,
# runs `swift test` against them (extra arguments are passed through), and stops the servers it
# started on exit. Exits with swift test's status.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

"$REPO_ROOT/scripts/ensure-packages.sh"
# Style first (a few seconds): .swift-format, through scripts/lint.sh.
"$REPO_ROOT/scripts/lint.sh"
# The migration linter the online-DDL tests run over generated up scripts.
STRATA_TEST_SQUAWK="$("$REPO_ROOT/scripts/ensure-squawk.sh")"
export STRATA_TEST_SQUAWK

# Stop a server on exit only if this run started it (a server started by hand stays up).
started=()
stop_servers() {
    local version
    for version in "${started[@]}"; do "$REPO_ROOT/scripts/pg.sh" stop "$version" || true; done
}
trap stop_servers EXIT
for version in 18 16 15; do
    "$REPO_ROOT/scripts/pg.sh" status "$version" >/dev/null 2>&1 || started+=("$version")
    eval "$("$REPO_ROOT/scripts/pg.sh" start "$version")"
done
export STRATA_TEST_DATABASE_URL STRATA_TEST_APP_DATABASE_URL STRATA_TEST_PSQL
export STRATA_TEST_PG16_DATABASE_URL STRATA_TEST_PG16_PSQL STRATA_TEST_PG15_DATABASE_URL STRATA_TEST_PG15_PSQL
export STRATA_TEST_REQUIRE_DB=1

status=0
swift test "$@" || status=$?
exit "$status"
