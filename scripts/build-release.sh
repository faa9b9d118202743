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
swift build -c release --static-swift-stdlib --product "$product" >&2
printf 'built in %d s\n' "$((SECONDS - started))" >&2
binary=".build/release/$product"
[ -x "$binary" ] || binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/$product"
case "$binary" in
    /*) echo "$binary" ;;
    *) if [ "$caller" = "$root" ]; then echo "$binary"; else echo "$root/$binary"; fi ;;
esac
