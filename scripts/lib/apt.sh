# shellcheck shell=bash
# Shared apt helpers for scripts/lib/*.sh. Source it; do not execute it.
#
#   as_root CMD...       run CMD as root (directly when already root, else via sudo)
#   apt_update_once      `apt-get update`, at most once per script run
#   apt_install PKG...   apt_update_once, then a non-interactive `apt-get install -y`
#
# The flag MINYI_APT_UPDATED (0/1) is shared by everything that sources this file.

if [[ -n "${_MINYI_LIB_APT_SOURCED:-}" ]]; then
    return 0
fi
_MINYI_LIB_APT_SOURCED=1

MINYI_APT_UPDATED="${MINYI_APT_UPDATED:-0}"

as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "error: need root to run: $*" >&2
        return 1
    fi
}

apt_update_once() {
    if [[ "$MINYI_APT_UPDATED" == 1 ]]; then
        return 0
    fi
    echo "--- apt-get update" >&2
    as_root apt-get update -q || { echo "error: apt-get update failed" >&2; return 1; }
    MINYI_APT_UPDATED=1
}

apt_install() {
    apt_update_once || return 1
    echo "--- apt-get install $*" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" \
        || { echo "error: apt-get install $* failed" >&2; return 1; }
}
