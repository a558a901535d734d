#!/usr/bin/env bash
# Make sure the system programs the full test suite needs are there (Debian/Ubuntu):
#   redis-server/redis-cli, chromium, pdftotext, DejaVu fonts, msgfmt, and the
#   PostgreSQL server programs (initdb, pg_ctl; Debian keeps them off PATH).
# As root, apt-get installs whatever is missing. Otherwise prints what to install, exits 1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
missing=()

need_cmd() {  # need_cmd PROGRAM PACKAGE
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}

need_cmd redis-server redis-server
need_cmd redis-cli redis-server
need_cmd chromium chromium
need_cmd pdftotext poppler-utils
need_cmd msgfmt gettext
# The stack test runs the compose file's proxy configuration (deploy/nginx.conf).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
"$here/pg-bindir.sh" >/dev/null 2>&1 || missing+=(postgresql)
need_cmd psql postgresql-client

# Unique, in order.
if [ "${#missing[@]}" -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
fi

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt/dpkg run (e.g. unattended upgrades at boot) may hold the locks for a while:
# wait for them, and retry a few times.
apt_opts=(-o DPkg::Lock::Timeout=300)
for attempt in 1 2 3 4 5; do
    if apt-get "${apt_opts[@]}" update -qq \
        && apt-get "${apt_opts[@]}" install -y -qq "${missing[@]}"; then
        break
    fi
    if [ "$attempt" -eq 5 ]; then
        echo "apt-get failed" >&2
        exit 1
    fi
    echo "apt-get failed (attempt $attempt), retrying in 20 s" >&2
    sleep 20
done

# Check again, so a package that installed but did not provide the program is reported.
still=()
for prog in redis-server redis-cli chromium pdftotext msgfmt psql; do
    command -v "$prog" >/dev/null 2>&1 || still+=("$prog")
done
[ -d /usr/share/fonts/truetype/dejavu ] || still+=("DejaVu fonts")
"$here/pg-bindir.sh" >/dev/null 2>&1 || still+=("PostgreSQL server programs")
if [ "${#still[@]}" -gt 0 ]; then
    echo "Still missing after apt-get install: ${still[*]}" >&2
    exit 1
fi
