#!/usr/bin/env bash
# Installs the Debian packages strata needs to build and test, only those that are missing:
# the C libraries it links (libyaml, libpq), pkg-config that finds them, psql, and pgbouncer (the
# apply tests behind a pooler, scripts/pgbouncer.sh).
set -euo pipefail

missing=()
for pkg in libyaml-dev libpq-dev postgresql-client pkg-config pgbouncer; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-packages.sh: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
fi
echo "ensure-packages.sh: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
