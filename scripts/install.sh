#!/usr/bin/env bash
# Builds strata (release) and installs, under PREFIX (default /usr/local): the binary, its man
# pages (strata.1 and one per subcommand), and bash, zsh and fish completions. Both are generated
# from the CLI definition by swift-argument-parser itself: the man pages by its `generate-manual`
# tool (the one its GenerateManual package plugin runs; it ships in the package checkout, so this
# works offline), the completions by `strata --generate-completion-script`.
#
# usage: scripts/install.sh [PREFIX]        e.g. scripts/install.sh "$HOME/.local"
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
prefix="${1:-${PREFIX:-/usr/local}}"
configuration="${STRATA_BUILD_CONFIGURATION:-release}"

"$REPO_ROOT/scripts/ensure-packages.sh"
# A release build links the Swift runtime in (scripts/build-release.sh says why).
flags=(-c "$configuration")
[ "$configuration" = release ] && flags+=(--static-swift-stdlib)
swift build "${flags[@]}" --product strata
# The tool itself rather than `swift package generate-manual`: the plugin rebuilds the whole package
# in debug first, which doubles the build for nothing.
swift build "${flags[@]}" --product generate-manual
bin="$(swift build "${flags[@]}" --show-bin-path)"
strata="$bin/strata"
generate_manual="$bin/generate-manual-tool"
[ -x "$generate_manual" ] || generate_manual="$bin/generate-manual"

pages="$(mktemp -d)"
trap 'rm -rf "$pages"' EXIT
"$generate_manual" "$strata" --multi-page --output-directory "$pages"

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$strata" "$prefix/bin/strata"
install -m 0644 "$pages"/*.1 "$prefix/share/man/man1/"
"$strata" --generate-completion-script bash >"$prefix/share/bash-completion/completions/strata"
"$strata" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_strata"
"$strata" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/strata.fish"

echo "installed into $prefix: bin/strata, $(ls "$pages" | wc -l) man pages in share/man/man1 (man strata),"
echo "completions for bash, zsh and fish under share/"
