# shellcheck shell=bash
# A throwaway PostgreSQL cluster for tests. Source it; do not execute it.
#
#   pg_ensure_installed   find initdb/pg_ctl (PATH, /usr/lib/postgresql/*/bin), else apt-get install
#                         postgresql; puts the newest /usr/lib/postgresql/*/bin first on PATH and
#                         sets PG_BINDIR.
#   pg_start_throwaway    new cluster in a mktemp -d dir on a free 127.0.0.1 port, user `minyi`
#                         (trust auth), database `minyi_test`. Exports PG_TMPDIR, PG_PORT,
#                         MINYI_TEST_DATABASE_URL. Server log: $PG_TMPDIR/log.
#   pg_create_db NAME     create database NAME on the throwaway cluster; echoes its URL on stdout.
#   pg_log_tail [N]       print the last N (default 60) lines of the server log to stderr.
#   pg_crash_restart      stop the cluster with -m immediate and start it again on the same port.
#   pg_stop_throwaway     fast stop + rm -rf the temp dir; safe to call twice or with nothing started.
#
# When running as root, initdb/pg_ctl run as the `postgres` system user (created with
# `useradd -r -M postgres` if missing) and the temp dir is chowned to it.

_MINYI_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=apt.sh
source "$_MINYI_LIB_DIR/apt.sh"

PG_TMPDIR="${PG_TMPDIR:-}"
PG_PORT="${PG_PORT:-}"
PG_BINDIR="${PG_BINDIR:-}"

# Newest /usr/lib/postgresql/<version>/bin that has initdb, or nothing.
_pg_newest_bindir() {
    local d
    # shellcheck disable=SC2012
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

pg_ensure_installed() {
    local bindir
    bindir="$(_pg_newest_bindir || true)"
    if [[ -z "$bindir" ]] && ! { command -v initdb && command -v pg_ctl; } >/dev/null 2>&1; then
        echo "--- PostgreSQL not found; installing it from apt" >&2
        apt_install postgresql || return 1
        bindir="$(_pg_newest_bindir || true)"
    fi
    if [[ -n "$bindir" ]]; then
        case ":$PATH:" in
            "$bindir":*) ;;
            *) export PATH="$bindir:$PATH" ;;
        esac
    fi
    local tool
    for tool in initdb pg_ctl createdb; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "error: PostgreSQL tool '$tool' not found (PATH=$PATH)" >&2
            return 1
        fi
    done
    PG_BINDIR="$(dirname "$(command -v pg_ctl)")"
    export PG_BINDIR
}

# Run a command as the cluster owner: the `postgres` user when we are root, else ourselves.
# Runs from inside $PG_TMPDIR so the postgres user never needs access to the caller's cwd.
_pg_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            (cd "$PG_TMPDIR" && runuser -u postgres -- "$@")
        else
            local cmd
            cmd="$(printf '%q ' "$@")"
            (cd "$PG_TMPDIR" && su postgres -s /bin/bash -c "$cmd")
        fi
    else
        (cd "$PG_TMPDIR" && "$@")
    fi
}

_pg_free_port() {
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

pg_log_tail() {
    local n="${1:-60}"
    if [[ -n "${PG_TMPDIR:-}" && -f "$PG_TMPDIR/log" ]]; then
        echo "--- last $n lines of the PostgreSQL server log ($PG_TMPDIR/log):" >&2
        tail -n "$n" "$PG_TMPDIR/log" >&2 || true
        echo "--- end of PostgreSQL server log" >&2
    fi
}

pg_start_throwaway() {
    if [[ -n "${PG_TMPDIR:-}" && -d "$PG_TMPDIR/data" ]]; then
        echo "error: a throwaway PostgreSQL is already set up in $PG_TMPDIR" >&2
        return 1
    fi
    if [[ -z "${PG_BINDIR:-}" ]]; then
        pg_ensure_installed || return 1
    fi

    if [[ "$(id -u)" -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
        echo "--- creating system user 'postgres'" >&2
        useradd -r -M -s /bin/bash postgres || { echo "error: useradd postgres failed" >&2; return 1; }
    fi

    PG_TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/minyi-pg.XXXXXX")" || return 1
    export PG_TMPDIR
    if [[ "$(id -u)" -eq 0 ]]; then
        chown postgres: "$PG_TMPDIR" || { pg_stop_throwaway; return 1; }
    fi

    if ! _pg_as_owner "$PG_BINDIR/initdb" -D "$PG_TMPDIR/data" -U minyi --auth=trust \
            --locale=C -E UTF8 >"$PG_TMPDIR/initdb.log" 2>&1; then
        echo "error: initdb failed:" >&2
        cat "$PG_TMPDIR/initdb.log" >&2
        pg_stop_throwaway
        return 1
    fi

    # The free port may be taken between probing and binding; retry a few times.
    local attempt started=0
    for attempt in 1 2 3; do
        PG_PORT="$(_pg_free_port)" || { pg_stop_throwaway; return 1; }
        export PG_PORT
        if _pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_TMPDIR/data" \
                -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_TMPDIR' -c fsync=on -c max_connections=1000" \
                -l "$PG_TMPDIR/log" -w start >/dev/null; then
            started=1
            break
        fi
        if ! grep -q "could not bind\|Address already in use" "$PG_TMPDIR/log" 2>/dev/null; then
            break
        fi
        echo "--- port $PG_PORT was taken; retrying (attempt $attempt)" >&2
        _pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_TMPDIR/data" -m immediate stop >/dev/null 2>&1 || true
    done
    if [[ "$started" != 1 ]]; then
        echo "error: could not start PostgreSQL" >&2
        pg_log_tail
        pg_stop_throwaway
        return 1
    fi

    if ! pg_create_db minyi_test >/dev/null; then
        pg_log_tail
        pg_stop_throwaway
        return 1
    fi
    export MINYI_TEST_DATABASE_URL="postgres://minyi@127.0.0.1:$PG_PORT/minyi_test"
    echo "--- throwaway PostgreSQL $("$PG_BINDIR/pg_ctl" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT (dir $PG_TMPDIR, log $PG_TMPDIR/log)"
}

pg_create_db() {
    local name="${1:?usage: pg_create_db NAME}"
    if [[ -z "${PG_PORT:-}" || -z "${PG_TMPDIR:-}" ]]; then
        echo "error: pg_create_db: no throwaway PostgreSQL is running" >&2
        return 1
    fi
    if ! "$PG_BINDIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U minyi "$name" >&2; then
        echo "error: createdb $name failed" >&2
        return 1
    fi
    echo "postgres://minyi@127.0.0.1:$PG_PORT/$name"
}

# Crash and recover: `pg_ctl stop -m immediate` (no checkpoint, like a power cut for the
# server process), then start again on the same port. For the crash test.
pg_crash_restart() {
    _pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_TMPDIR/data" -m immediate -w stop >/dev/null 2>&1 || return 1
    _pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_TMPDIR/data" \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_TMPDIR' -c fsync=on -c max_connections=1000" \
        -l "$PG_TMPDIR/log" -w start >/dev/null
}

pg_stop_throwaway() {
    local dir="${PG_TMPDIR:-}"
    if [[ -z "$dir" ]]; then
        return 0
    fi
    if [[ -d "$dir/data" && -f "$dir/data/postmaster.pid" ]]; then
        if ! _pg_as_owner "${PG_BINDIR:-$(dirname "$(command -v pg_ctl)")}/pg_ctl" \
                -D "$dir/data" -m fast -w stop >/dev/null 2>&1; then
            _pg_as_owner "${PG_BINDIR:-$(dirname "$(command -v pg_ctl)")}/pg_ctl" \
                -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
    fi
    rm -rf -- "$dir"
    PG_TMPDIR=""
    PG_PORT=""
    unset MINYI_TEST_DATABASE_URL
    return 0
}
