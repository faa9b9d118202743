#!/usr/bin/env bash
# Builds strata (release) and installs, under PREFIX (default /usr/local): the binary, its man
# page, and bash, zsh and fish completions. Both documents are generated from the CLI definition
# by swift-argument-parser itself: the man page by its `generate-manual` package plugin (shipped
# in the package checkout, so it works offline), the completions by `strata
# --generate-completion-script`.
#
# usage: scripts/install.sh [PREFIX]        e.g. scripts/install.sh "$HOME/.local"
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
prefix="${1:-${PREFIX:-/usr/local}}"

"$REPO_ROOT/scripts/ensure-packages.sh"
swift build -c release --product strata
strata="$(swift build -c release --show-bin-path)/strata"

# The plugin builds the tool and runs it on strata's --experimental-dump-help; it writes into the
# package's plugin work directory, so nothing in the checkout changes.
swift package --disable-sandbox generate-manual --multi-page >/dev/null
manual="$(find "$REPO_ROOT/.build/plugins/GenerateManual" -name 'strata*.1' -print | sort)"
[ -n "$manual" ] || { echo "install.sh: generate-manual produced no page" >&2; exit 1; }

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$strata" "$prefix/bin/strata"
for page in $manual; do install -m 0644 "$page" "$prefix/share/man/man1/"; done
"$strata" --generate-completion-script bash >"$prefix/share/bash-completion/completions/strata"
"$strata" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_strata"
"$strata" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/strata.fish"

echo "installed strata into $prefix: bin/strata, man pages ($(echo "$manual" | wc -l)) in share/man/man1,"
echo "completions for bash, zsh and fish under share/"
