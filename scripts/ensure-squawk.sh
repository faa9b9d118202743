#!/usr/bin/env bash
# Installs the PostgreSQL migration linter squawk (PyPI squawk-cli, a prebuilt binary) into
# .build-tools/squawk of this checkout (git-ignored), only when missing, and prints the path of
# its executable. The test suite runs it over the up scripts it generates (SPEC §6, online DDL).
set -euo pipefail

VERSION="2.70.0"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$REPO_ROOT/.build-tools/squawk-$VERSION"
BIN="$TARGET/bin/squawk"

if [ ! -x "$BIN" ]; then
    if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
            echo "ensure-squawk.sh: installing python3-pip (apt)" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip >/dev/null
        else
            echo "ensure-squawk.sh: python3 with pip is required (apt-get install python3-pip)" >&2
            exit 1
        fi
    fi
    echo "ensure-squawk.sh: installing squawk-cli==$VERSION into $TARGET" >&2
    rm -rf "$TARGET.tmp"
    # A wheel with a prebuilt binary, into a plain directory (no environment of Python's is touched).
    python3 -m pip install --quiet --disable-pip-version-check --no-input --root-user-action=ignore \
        --no-warn-script-location --target "$TARGET.tmp" "squawk-cli==$VERSION" >&2 \
        || { rm -rf "$TARGET.tmp"; echo "ensure-squawk.sh: pip install squawk-cli==$VERSION failed" >&2; exit 1; }
    rm -rf "$TARGET"
    mv "$TARGET.tmp" "$TARGET"
fi
"$BIN" --version >/dev/null
echo "$BIN"
