#!/usr/bin/env bash
# A throwaway pgbouncer in front of the test server, for the apply-safety tests of poolers.
#
#   scripts/pgbouncer.sh start DIR MODE SERVER_URL   write DIR/pgbouncer.ini, start pgbouncer on
#                                                    127.0.0.1 and a free port in pool_mode MODE
#                                                    (session, transaction), print that port
#   scripts/pgbouncer.sh stop DIR                    stop the pgbouncer started in DIR
#
# SERVER_URL is postgresql://user:password@127.0.0.1:port/db (scripts/pg.sh's); every database
# name is passed through to that server, with that user's password. pgbouncer refuses to run as
# root, so as root it runs as the server's user (strata-pg, scripts/pg.sh) through runuser.
# `server_reset_query` is empty: what a client leaves on a server session stays there, so a test
# sees whether apply cleans up after itself.
set -euo pipefail

PG_USER_NAME="strata-pg"
die() { printf 'pgbouncer.sh: error: %s\n' "$*" >&2; exit 1; }

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER_NAME" -- "$@"; else "$@"; fi
}

start() {
    local dir="$1" mode="$2" url="$3"
    command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || die "pgbouncer is not installed (scripts/ensure-packages.sh)"
    local bin; bin="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
    local rest="${url#*://}" userinfo hostport user password port
    userinfo="${rest%%@*}"; hostport="${rest#*@}"; hostport="${hostport%%/*}"
    user="${userinfo%%:*}"; password="${userinfo#*:}"; port="${hostport##*:}"
    mkdir -p "$dir"
    # The daemon must not keep the caller's descriptors open: a caller waiting for this script's
    # end through one of them (Foundation's Process does) would wait for pgbouncer's instead.
    local fd
    for fd in $(ls /proc/$$/fd); do
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    local listen
    listen="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    printf '"%s" "%s"\n' "$user" "$password" >"$dir/userlist.txt"
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $listen
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = $mode
default_pool_size = 10
max_client_conn = 100
server_reset_query =
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    chmod 0755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown -R "$PG_USER_NAME" "$dir"; fi
    as_server_user "$bin" -d "$dir/pgbouncer.ini" </dev/null >/dev/null 2>&1 || { cat "$dir/pgbouncer.log" >&2 2>/dev/null; die "pgbouncer did not start"; }
    for _ in $(seq 1 50); do
        if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$listen)))" 2>/dev/null; then
            printf '%s\n' "$listen"
            return 0
        fi
        sleep 0.1
    done
    stop "$dir"
    die "pgbouncer did not listen on 127.0.0.1:$listen"
}

stop() {
    local dir="$1"
    [ -f "$dir/pgbouncer.pid" ] || return 0
    local pid; pid="$(cat "$dir/pgbouncer.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/pgbouncer.pid"
}

case "${1:-}" in
    start) [ $# -eq 4 ] || die "usage: start DIR MODE SERVER_URL"; start "$2" "$3" "$4" ;;
    stop) [ $# -eq 2 ] || die "usage: stop DIR"; stop "$2" ;;
    *) die "usage: scripts/pgbouncer.sh start DIR MODE SERVER_URL | stop DIR" ;;
esac
