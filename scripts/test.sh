#!/usr/bin/env bash
# strata's test command (the README's, and what .ci/run calls).
#
# Installs what a fresh Debian 12 lacks, starts a throwaway PostgreSQL 18 + pgvector through
# scripts/pg.sh, runs `swift test` against it (extra arguments are passed through), and stops the
# server on exit. Exits with swift test's status.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

# System packages: installed only when missing (CI runs as root on a fresh machine).
missing=()
for pkg in libyaml-dev libpq-dev postgresql-client pkg-config; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "test.sh: missing packages: ${missing[*]} (run as root or install them)" >&2
        exit 1
    fi
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

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
