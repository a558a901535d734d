#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster and Redis server next to it.
#
#   scripts/with-services.sh uv run pytest
#
# Both services listen on 127.0.0.1 on free ports and live in a temp dir that is removed
# afterwards, together with the processes: when the command succeeds, fails, or is
# interrupted (Ctrl-C, SIGTERM). The command's exit code becomes ours.
#
# Exported for the command:
#   DATABASE_URL              postgres://postgres@127.0.0.1:PORT/samverkan  (trust auth)
#   SAMVERKAN_TEST_REDIS_URL  redis://127.0.0.1:PORT/0
#   SAMVERKAN_REQUIRE_SERVICES=1
#   DJANGO_ALLOW_ASYNC_UNSAFE=true  (Playwright's sync API next to live_server)
#   SAMVERKAN_TEST_PG_CONTROL       a script: `$SAMVERKAN_TEST_PG_CONTROL stop|start` stops
#                                   and starts the cluster again, same port and data (for
#                                   tests of an outage, e.g. scripts/stack-test.sh)
# CELERY_BROKER_URL is deliberately not exported; tests build their worker from
# SAMVERKAN_TEST_REDIS_URL.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "$*" >&2; }

PGBIN=$("$here/pg-bindir.sh") || {
    say "with-services: PostgreSQL server programs (initdb, pg_ctl) not found; run 'make system-deps'"
    exit 1
}
for prog in redis-server redis-cli; do
    command -v "$prog" >/dev/null 2>&1 || {
        say "with-services: $prog not found; run 'make system-deps'"
        exit 1
    }
done

# initdb refuses to run as root: run the cluster as the postgres user then.
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { say "with-services: no 'postgres' user to run PostgreSQL as"; exit 1; }
    if command -v runuser >/dev/null 2>&1; then
        as_pg() { (cd / && runuser -u postgres -- "$@"); }
    else
        as_pg() { (cd / && su postgres -s /bin/bash -c "$(printf '%q ' "$@")"); }
    fi
else
    as_pg() { "$@"; }
fi

TMP=
PG_STARTED=
CHILD=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
        kill -TERM "$CHILD" 2>/dev/null
        wait "$CHILD" 2>/dev/null
    fi
    if [ -n "$PG_STARTED" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$TMP/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$PGBIN/pg_ctl" -D "$TMP/pg/data" -m immediate -w stop >/dev/null 2>&1
        say "PostgreSQL stopped"
    fi
    if [ -n "$TMP" ] && [ -s "$TMP/redis.pid" ]; then
        local pid i
        pid=$(cat "$TMP/redis.pid")
        kill -TERM "$pid" 2>/dev/null
        for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        say "Redis stopped"
    fi
    if [ -n "$TMP" ]; then
        rm -rf "$TMP"
    fi
    exit "$rc"
}

# A signal for us: pass it on to the command and let it finish. After Ctrl-C in a terminal
# the command got SIGINT itself already, so give it a moment to wind down on its own first.
on_signal() {
    local sig=$1 code=$2 i
    trap - INT TERM
    if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
        if [ "$sig" = INT ]; then
            for i in $(seq 50); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
        fi
        kill -"$sig" "$CHILD" 2>/dev/null
        for i in $(seq 100); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
    fi
    exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

TMP=$(mktemp -d "${TMPDIR:-/tmp}/samverkan-services.XXXXXX")
chmod 755 "$TMP"
mkdir "$TMP/pg"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$TMP/pg"
fi

# Two free ports, picked at once so they differ.
read -r PGPORT REDISPORT < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
)

# --- PostgreSQL ---------------------------------------------------------------------------
locale=C.UTF-8
grep -qiE '^c\.utf-?8$' <<<"$(locale -a 2>/dev/null)" || locale=C
if ! as_pg "$PGBIN/initdb" -D "$TMP/pg/data" -A trust -U postgres --encoding=UTF8 \
        --locale="$locale" >"$TMP/initdb.log" 2>&1; then
    say "with-services: initdb failed:"
    cat "$TMP/initdb.log" >&2
    exit 1
fi
PG_STARTED=1
PG_OPTIONS="-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories='$TMP/pg' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
if ! as_pg "$PGBIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/postgresql.log" -w -t 30 \
        -o "$PG_OPTIONS" start >/dev/null; then
    say "with-services: PostgreSQL did not start:"
    tail -n 30 "$TMP/pg/postgresql.log" >&2 || true
    exit 1
fi
for i in $(seq 100); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -U postgres && break
    [ "$i" -eq 100 ] && { say "with-services: PostgreSQL does not answer"; exit 1; }
    sleep 0.1
done
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres samverkan
say "PostgreSQL $("$PGBIN/postgres" --version | sed -E 's/.*\(PostgreSQL\) ([0-9.]+).*/\1/') on 127.0.0.1:$PGPORT"

# Stop and start the same cluster from the command, as the same user as above. Cleanup
# below stops it whichever state the command left it in.
{
    echo '#!/usr/bin/env bash'
    echo '# Written by with-services.sh: stop|start its throwaway PostgreSQL cluster.'
    echo 'set -euo pipefail'
    declare -f as_pg
    printf 'pgbin=%q data=%q log=%q options=%q\n' \
        "$PGBIN" "$TMP/pg/data" "$TMP/pg/postgresql.log" "$PG_OPTIONS"
    cat <<'CONTROL'
case "${1:-}" in
    stop) as_pg "$pgbin/pg_ctl" -D "$data" -m fast -w -t 30 stop ;;
    start) as_pg "$pgbin/pg_ctl" -D "$data" -l "$log" -w -t 30 -o "$options" start ;;
    *) echo "usage: $0 stop|start" >&2; exit 2 ;;
esac
CONTROL
} >"$TMP/pg-control"
chmod 755 "$TMP/pg-control"

# --- Redis --------------------------------------------------------------------------------
redis-server --bind 127.0.0.1 --port "$REDISPORT" --daemonize yes \
    --pidfile "$TMP/redis.pid" --dir "$TMP" --logfile "$TMP/redis.log" \
    --save '' --appendonly no
for i in $(seq 100); do
    [ "$(redis-cli -h 127.0.0.1 -p "$REDISPORT" ping 2>/dev/null)" = PONG ] && break
    [ "$i" -eq 100 ] && { say "with-services: Redis does not answer"; tail -n 20 "$TMP/redis.log" >&2; exit 1; }
    sleep 0.1
done
# The pidfile is written right after daemonizing; make sure cleanup can find it.
for i in $(seq 50); do [ -s "$TMP/redis.pid" ] && break; sleep 0.1; done
say "Redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/') on 127.0.0.1:$REDISPORT"

# --- The command --------------------------------------------------------------------------
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/samverkan"
export SAMVERKAN_TEST_REDIS_URL="redis://127.0.0.1:$REDISPORT/0"
export SAMVERKAN_REQUIRE_SERVICES=1
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export SAMVERKAN_TEST_PG_CONTROL="$TMP/pg-control"

# Run it in the background and wait, so our traps fire at once on a signal (bash defers
# traps while a foreground command runs). Keep stdin (a debugger still works) and undo the
# SIGINT/SIGQUIT ignoring bash applies to background jobs, so Ctrl-C reaches it as usual.
# `trap -` alone cannot: bash keeps a signal ignored on entry ignored in the exec'd program,
# so coreutils' env resets them (where it can; older ones lack --default-signal).
default_signals=()
if env --default-signal=INT,QUIT true 2>/dev/null; then
    default_signals=(env --default-signal=INT,QUIT)
fi
( trap - INT QUIT; exec "${default_signals[@]}" "$@" ) <&0 &
CHILD=$!
set +e
wait "$CHILD"
rc=$?
set -e
CHILD=
exit "$rc"
