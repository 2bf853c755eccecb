# shellcheck shell=bash
# Browser-test prerequisites. Source it; do not execute it.
#
#   browser_ensure_installed   Debian's chromium + chromium-driver (apt) and Python selenium
#                              (pip); installs only what is missing. Sets CHROMIUM_BIN and
#                              CHROMEDRIVER_BIN (exported).

_MINYI_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=apt.sh
source "$_MINYI_LIB_DIR/apt.sh"

browser_ensure_installed() {
    local pkgs=()
    command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || pkgs+=(chromium-driver)
    if ((${#pkgs[@]})); then
        apt_install "${pkgs[@]}" || return 1
    fi
    local tool
    for tool in chromium chromedriver; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "error: '$tool' still not found after installing" >&2
            return 1
        fi
    done
    CHROMIUM_BIN="$(command -v chromium)"
    CHROMEDRIVER_BIN="$(command -v chromedriver)"
    export CHROMIUM_BIN CHROMEDRIVER_BIN

    if ! python3 -c 'import selenium' >/dev/null 2>&1; then
        echo "--- installing Python selenium for $(command -v python3)" >&2
        # A Debian system python refuses pip (PEP 668): fall back to --break-system-packages,
        # then to Debian's python3-selenium.
        PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
            python3 -m pip install --quiet selenium \
        || PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
            python3 -m pip install --quiet --break-system-packages selenium \
        || apt_install python3-selenium \
        || true
        if ! python3 -c 'import selenium' >/dev/null 2>&1; then
            echo "error: could not install Python selenium for $(command -v python3)" >&2
            return 1
        fi
    fi
    echo "--- browser: $("$CHROMIUM_BIN" --version 2>/dev/null | head -n1), $("$CHROMEDRIVER_BIN" --version 2>/dev/null | awk '{print $1, $2}'), selenium $(python3 -c 'import selenium; print(selenium.__version__)')"
}
