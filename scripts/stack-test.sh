#!/usr/bin/env bash
# The production stack without Docker, tested end to end over real HTTP:
#
#   scripts/stack-test.sh          (make stack-test; make test runs it after pytest)
#
# Starts what docker-compose.yml runs, with DEBUG=0 and production settings: migrate,
# collectstatic, gunicorn with two workers behind nginx with the compose file's proxy
# configuration (deploy/nginx.conf), a Celery worker and Celery beat, on a throwaway
# PostgreSQL and Redis (scripts/with-services.sh). Email goes to files in the temp dir.
# Then scripts/stack_journey.py, through the proxy, sends oversized bodies, applies, signs in with two factors, approves, checks the
# register and feed, generates and downloads the annual report through the worker, and
# stops PostgreSQL to see /healthz answer 503 and the stack recover when it is back.
#
# Every process and the temp dir go when it ends: passed, failed or interrupted. On a
# failure the end of each process's log is printed. Exit code 0 when every step passed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cd "$root"

# Our own PostgreSQL and Redis; with-services.sh runs this script again inside them.
if [ -z "${SAMVERKAN_TEST_PG_CONTROL:-}" ]; then
    exec "$here/with-services.sh" "$here/stack-test.sh" "$@"
fi

say() { echo "stack: $*"; }
fail() { echo "stack: $*" >&2; exit 1; }

TMP=
GROUPS_STARTED=()  # process group ids of gunicorn, the worker and beat
declare -A PID_OF  # the same, by name
CHILD=             # the foreground command, run in the background so signals are seen

stop_all() {
    local pgid i
    for pgid in "${GROUPS_STARTED[@]}"; do
        kill -TERM -- "-$pgid" 2>/dev/null
    done
    for pgid in "${GROUPS_STARTED[@]}"; do
        for i in $(seq 150); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pgid" 2>/dev/null
    done
    GROUPS_STARTED=()
}

cleanup() {
    local rc=$? name
    # A second Ctrl-C (or with-services.sh passing the signal on) must not cut this short.
    trap - EXIT
    trap '' INT TERM
    set +e
    if [ -n "$CHILD" ]; then
        kill -TERM "$CHILD" 2>/dev/null
        wait "$CHILD" 2>/dev/null
    fi
    stop_all
    if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then
        echo
        say "interrupted"
    elif [ "$rc" -ne 0 ] && [ -n "$TMP" ] && [ -d "$TMP/logs" ]; then
        for name in nginx gunicorn worker beat; do
            [ -s "$TMP/logs/$name.log" ] || continue
            echo "----- last lines of the $name log -----" >&2
            tail -n 40 "$TMP/logs/$name.log" >&2
        done
    fi
    if [ -n "$TMP" ]; then
        rm -rf "$TMP"
    fi
    if [ "$rc" -eq 0 ]; then say "passed"; else say "FAILED (exit code $rc)" >&2; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s%N; }
elapsed() { local ns=$(( $(now) - $1 )); printf '%d.%d s' $((ns / 1000000000)) $((ns / 100000000 % 10)); }

# run LOG COMMAND...: in the background and wait, so a signal reaches our traps at once.
run() {
    local log=$1 rc
    shift
    "$@" >>"$log" 2>&1 </dev/null &
    CHILD=$!
    set +e
    wait "$CHILD"
    rc=$?
    set -e
    CHILD=
    return "$rc"
}

# step DESCRIPTION COMMAND...: one line per step; the command's output goes to a log,
# shown when it fails.
step() {
    local description=$1 started log
    shift
    started=$(now)
    log="$TMP/logs/step.log"
    : >"$log"
    printf 'stack: %s … ' "$description"
    if run "$log" "$@"; then
        echo "ok ($(elapsed "$started"))"
    else
        echo "FAILED"
        cat "$log" >&2
        exit 1
    fi
}

# start NAME COMMAND...: a long-running process in its own process group (its children too,
# gunicorn's workers and Celery's pool), output to logs/NAME.log.
start() {
    local name=$1
    shift
    setsid "$@" >"$TMP/logs/$name.log" 2>&1 </dev/null &
    GROUPS_STARTED+=("$!")
    PID_OF[$name]=$!
}

# finish NAME DESCRIPTION: wait for a process `start` started that ends by itself.
finish() {
    local name=$1 description=$2 started pid rc
    started=$(now)
    pid=${PID_OF[$name]}
    printf 'stack: %s … ' "$description"
    set +e
    CHILD=$pid
    wait "$pid"
    rc=$?
    CHILD=
    set -e
    local kept=() pgid
    for pgid in "${GROUPS_STARTED[@]}"; do [ "$pgid" = "$pid" ] || kept+=("$pgid"); done
    GROUPS_STARTED=("${kept[@]}")
    if [ "$rc" -ne 0 ]; then
        echo "FAILED"
        cat "$TMP/logs/$name.log" >&2
        exit 1
    fi
    echo "ok (waited $(elapsed "$started"))"
}

# wait_until DESCRIPTION SECONDS LOGNAME CHECK...: poll CHECK; fail when LOGNAME's process
# group has gone or time is up.
wait_until() {
    local description=$1 seconds=$2 name=$3 started pgid
    shift 3
    started=$(now)
    printf 'stack: %s … ' "$description"
    pgid=${PID_OF[$name]}
    while ! "$@" >/dev/null 2>&1; do
        if ! kill -0 "$pgid" 2>/dev/null; then
            echo "FAILED"
            fail "$name exited; see its log below"
        fi
        if [ $(( ($(now) - started) / 1000000000 )) -ge "$seconds" ]; then
            echo "FAILED"
            fail "not within $seconds s; see the $name log below"
        fi
        sleep 0.2
    done
    echo "ok ($(elapsed "$started"))"
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/samverkan-stack.XXXXXX")
mkdir -p "$TMP/logs" "$TMP/mail" "$TMP/media" "$TMP/beat"

# The project's virtualenv (make install made it): its programs run directly, not under
# `uv run`, so the process ids we stop are the programs themselves.
read -ra uv <<<"${UV:-uv}"
command -v "${uv[0]}" >/dev/null 2>&1 || uv=(python3 -m uv)
PYTHON=$("${uv[@]}" run --frozen python -c 'import sys; print(sys.executable)')
BIN=$(dirname "$PYTHON")
[ -x "$BIN/gunicorn" ] && [ -x "$BIN/celery" ] || fail "gunicorn/celery not in $BIN; run 'make install'"

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)        # gunicorn
PROXY_PORT=$(free_port)  # nginx in front of it: where the journey goes
BASE_URL="http://127.0.0.1:$PROXY_PORT"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || fail "nginx is not installed; run 'make system-deps'"
REDIS_BASE=${SAMVERKAN_TEST_REDIS_URL%/*}

# --- The production environment (docker-compose.yml's, on loopback) ----------------------
unset DJANGO_ALLOW_ASYNC_UNSAFE SAMVERKAN_REQUIRE_SERVICES CONN_MAX_AGE CELERY_TASK_ALWAYS_EAGER
export DEBUG=0
SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=$BASE_URL
# One proxy of ours in front of gunicorn, as in the compose file.
export ALLAUTH_TRUSTED_PROXY_COUNT=1
# Plain HTTP on loopback, as the compose file's local stack.
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0
export CELERY_BROKER_URL=$REDIS_BASE/0 REDIS_URL=$REDIS_BASE/1
# The file backend; the path after "filemail://" loses its first slash, hence three.
export EMAIL_URL="filemail:///$TMP/mail"
export STATIC_ROOT=$TMP/static MEDIA_ROOT=$TMP/media PAGE_CACHE_DIR=$TMP/pagecache
export LOG_LEVEL=INFO
export PYTHONUNBUFFERED=1

# The staff the journey signs in as; secrets for this run only, passed by environment.
export STACK_STEERING_EMAIL=stack-styrgrupp@exempel.se
export STACK_LEADER_EMAIL=stack-processledare@exempel.se
STACK_STAFF_PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))')
STACK_STEERING_TOTP_SECRET=$("$PYTHON" -c 'import base64, secrets; print(base64.b32encode(secrets.token_bytes(20)).decode())')
STACK_LEADER_TOTP_SECRET=$("$PYTHON" -c 'import base64, secrets; print(base64.b32encode(secrets.token_bytes(20)).decode())')
export STACK_STAFF_PASSWORD STACK_STEERING_TOTP_SECRET STACK_LEADER_TOTP_SECRET

say "production settings (DEBUG=0) on $BASE_URL, temp dir $TMP"
step "production settings pass manage.py check --deploy" \
    "$PYTHON" manage.py check --deploy --fail-level ERROR

# What does not need the database starts at once, next to the migrations and seeding:
# collectstatic, and the worker and beat (they need only Redis to start).
start collectstatic "$PYTHON" manage.py collectstatic --noinput
start worker "$BIN/celery" -A config worker -l info --concurrency 2
start beat "$BIN/celery" -A config beat -l info --schedule "$TMP/beat/celerybeat-schedule"

step "database migrated" "$PYTHON" manage.py migrate --noinput
# Demo content with its tasks run in-process (no broker), so the worker starts idle.
step "demo content seeded" env -u CELERY_BROKER_URL -u REDIS_URL "$PYTHON" manage.py seed_demo
# The journey walks today's addresses: the region's agreement is served on this host name
# (an agreement's own host name, as a region would give it); Björkvik stays under /bjorkvik/.
step "the region's agreement served on 127.0.0.1" "$PYTHON" manage.py shell -c \
    "from agreements.models import Agreement; a = Agreement.objects.get(slug='norradalen'); a.domain = '127.0.0.1'; a.save()"
step "staff accounts created" "$PYTHON" scripts/stack_users.py
expect_mfa=()
if grep -qx mfa "$TMP/logs/step.log"; then
    expect_mfa=(--expect-mfa)
else
    say "note: allauth.mfa is not installed yet: the staff have no second factor to give"
fi
finish collectstatic "static files collected"

# --- The processes (docker-compose.yml's web, worker and beat) ----------------------------
# No control socket: gunicorn would put it in the home directory, shared between runs.
start gunicorn "$BIN/gunicorn" config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --access-logfile - --no-control-socket
two_workers() { [ "$(grep -c 'Booting worker with pid' "$TMP/logs/gunicorn.log")" -ge 2 ]; }
wait_until "gunicorn listens with two workers" 30 gunicorn two_workers
wait_until "Celery worker ready" 60 worker grep -q ' ready\.' "$TMP/logs/worker.log"
wait_until "Celery beat running, schedule in the temp dir" 30 beat \
    bash -c 'compgen -G "$0*" >/dev/null' "$TMP/beat/celerybeat-schedule"
healthz() { "$PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1/healthz"; }
wait_until "/healthz answers 200" 30 gunicorn healthz "http://127.0.0.1:$PORT"

# The compose file's proxy, its configuration as it is but for the two addresses.
mkdir -p "$TMP/nginx/conf.d"
sed -e "s#proxy_pass http://web:8000;#proxy_pass http://127.0.0.1:$PORT;#" \
    -e "s#listen 8080;#listen 127.0.0.1:$PROXY_PORT;#" deploy/nginx.conf >"$TMP/nginx/conf.d/samverkan.conf"
grep -q "127.0.0.1:$PORT;" "$TMP/nginx/conf.d/samverkan.conf" \
    && grep -q "listen 127.0.0.1:$PROXY_PORT;" "$TMP/nginx/conf.d/samverkan.conf" \
    || fail "deploy/nginx.conf no longer has 'listen 8080;' and 'proxy_pass http://web:8000;'"
# As root, nginx's workers would run as nobody, who may not enter the temp dir.
nginx_user=
[ "$(id -u)" -ne 0 ] || nginx_user="user root root;"
cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
$nginx_user
pid $TMP/nginx/nginx.pid;
error_log stderr;
events {}
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    include $TMP/nginx/conf.d/*.conf;
}
EOF
start nginx "$NGINX" -e stderr -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf"
wait_until "nginx in front of gunicorn answers /healthz" 15 nginx healthz "$BASE_URL"

# --- The journey --------------------------------------------------------------------------
set +e
"$PYTHON" scripts/stack_journey.py --base-url "$BASE_URL" --mail-dir "$TMP/mail" \
    --pg-control "$SAMVERKAN_TEST_PG_CONTROL" --steering-email "$STACK_STEERING_EMAIL" \
    --leader-email "$STACK_LEADER_EMAIL" "${expect_mfa[@]}" </dev/null &
CHILD=$!
wait "$CHILD"
rc=$?
CHILD=
set -e
[ "$rc" -eq 0 ] || exit "$rc"

printf 'stack: gunicorn, the worker and beat are still running … '
for pgid in "${GROUPS_STARTED[@]}"; do
    kill -0 "$pgid" 2>/dev/null || { echo "FAILED"; fail "process $pgid has exited"; }
done
echo ok
