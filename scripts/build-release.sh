#!/usr/bin/env bash
# Builds the release binary as it is installed and measured, and prints its path. The Swift
# runtime and Foundation are linked in (--static-swift-stdlib): the binary runs on a machine
# without a Swift toolchain (a database host), and it starts in half the time, since the dynamic
# loader no longer resolves some 17,000 symbols of the toolchain's shared libraries on every run.
# usage: scripts/build-release.sh [PRODUCT]     (default strata)
#
# SwiftPM's progress ([n/m] Compiling ...) goes to stderr, so a build of several minutes shows
# where it is; stdout holds only the path, for `strata=$(scripts/build-release.sh)`. The path is
# .build/release/PRODUCT (SwiftPM's link to the platform's directory), relative when run from the
# repository's root as the README does, absolute otherwise.
set -euo pipefail
caller="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
product="${1:-strata}"
started=$SECONDS
printf 'building %s (release, Swift runtime linked in; a clean build takes minutes) ...\n' "$product" >&2
# The linker's one warning ("the use of `mktemp' is dangerous") is about the toolchain's own
# static Foundation (Data.write(options: .atomic) names its temporary file with mktemp, then opens
# it exclusively), not strata's code, and nothing here can change it: it is left out, every other
# line (warnings included) is shown.
status=0
swift build -c release --static-swift-stdlib --product "$product" 2>&1 \
    | { grep -v "libFoundationEssentials.a(Data+Writing.swift.o).*the use of \`mktemp' is dangerous" || true; } >&2 \
    || status=$?
[ "$status" -eq 0 ] || exit "$status"
printf 'built in %d s\n' "$((SECONDS - started))" >&2
binary=".build/release/$product"
[ -x "$binary" ] || binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/$product"
case "$binary" in
    /*) echo "$binary" ;;
    *) if [ "$caller" = "$root" ]; then echo "$binary"; else echo "$root/$binary"; fi ;;
esac
