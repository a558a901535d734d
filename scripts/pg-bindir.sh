#!/usr/bin/env bash
# Print the directory holding the PostgreSQL server programs (initdb, pg_ctl, postgres).
# Debian keeps them out of PATH, in /usr/lib/postgresql/<major>/bin. Exit 1 if not found.
set -uo pipefail

has_server() { [ -n "${1:-}" ] && [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ]; }

# 1. An explicit override.
if has_server "${PG_BINDIR:-}"; then echo "$PG_BINDIR"; exit 0; fi

# 2. initdb already on PATH.
if command -v initdb >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v initdb)")")
    if has_server "$dir"; then echo "$dir"; exit 0; fi
fi

# 3. pg_config (from libpq-dev / postgresql-server-dev) knows the bindir.
if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if has_server "$dir"; then echo "$dir"; exit 0; fi
fi

# 4. Debian: ask dpkg about the installed postgresql-NN packages, newest first.
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in $(dpkg-query -W -f='${db:Status-Status} ${Package}\n' 'postgresql-[0-9]*' 2>/dev/null \
                 | awk '$1 == "installed" && $2 ~ /^postgresql-[0-9]+$/ {print $2}' \
                 | sort -t- -k2,2nr); do
        f=$(dpkg -L "$pkg" 2>/dev/null | grep -m1 '/bin/initdb$' || true)
        if [ -n "$f" ] && has_server "$(dirname "$f")"; then dirname "$f"; exit 0; fi
    done
fi

# 5. The usual Debian/Ubuntu layout, newest major first.
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
    if has_server "$dir"; then echo "$dir"; exit 0; fi
done

exit 1
