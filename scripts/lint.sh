#!/usr/bin/env bash
# The style check scripts/test.sh runs before the tests: `swift format lint` (in the Swift
# toolchain) with the repository's .swift-format, over Sources/, Tests/ and Package.swift.
#
# .swift-format describes the code as it is: four-space indentation, lines up to 200 columns, and
# the rules the code follows on by default (the ones it does not, such as ordered imports or one
# statement per line, are off). The pretty-printer's layout findings (Indentation, AddLines,
# RemoveLine, Spacing, TrailingComma) report where `swift format` would break or indent lines
# differently; no configuration turns them off, and reformatting every file would collide with all
# work in flight, so they are left out here. Every other finding, line length included, fails.
# `swift format lint <file>` shows them all; `swift format -i <file>` applies the layout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! swift format --version >/dev/null 2>&1; then
    echo "scripts/lint.sh: \`swift format\` is not in this Swift toolchain (it is from Swift 6 on)" >&2
    exit 1
fi
findings="$(swift format lint --recursive --parallel Sources Tests Package.swift 2>&1 |
    grep -vE '\[(Indentation|AddLines|RemoveLine|Spacing|TrailingComma)\]' || true)"
if [ -n "$findings" ]; then
    printf '%s\n' "$findings" >&2
    echo "scripts/lint.sh: $(printf '%s\n' "$findings" | wc -l) style finding(s) (configuration: .swift-format)" >&2
    exit 1
fi
