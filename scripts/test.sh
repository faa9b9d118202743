#!/usr/bin/env bash
# strata's test command (the README's, and what .ci/run calls).
#
# Installs what a fresh Debian 12 lacks (and squawk, scripts/ensure-squawk.sh), starts a throwaway PostgreSQL 18 + pgvector through
# scripts/pg.sh, runs `swift test` against it (extra arguments are passed through), and stops the
# server on exit. Exits with swift test's status.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

"$REPO_ROOT/scripts/ensure-packages.sh"
# Style first (a few seconds): .swift-format, through scripts/lint.sh.
"$REPO_ROOT/scripts/lint.sh"
# The migration linter the online-DDL tests run over generated up scripts.
STRATA_TEST_SQUAWK="$("$REPO_ROOT/scripts/ensure-squawk.sh")"
export STRATA_TEST_SQUAWK

# Stop the server on exit only if this run started it (a server started by hand stays up).
already_running=0
"$REPO_ROOT/scripts/pg.sh" status >/dev/null 2>&1 && already_running=1
stop_server() { [ "$already_running" = 1 ] || "$REPO_ROOT/scripts/pg.sh" stop || true; }
trap stop_server EXIT

eval "$("$REPO_ROOT/scripts/pg.sh" start)"
export STRATA_TEST_DATABASE_URL STRATA_TEST_APP_DATABASE_URL STRATA_TEST_PSQL
export STRATA_TEST_REQUIRE_DB=1

status=0
swift test "$@" || status=$?
exit "$status"
