#!/usr/bin/env bash
# One command on a fresh Debian/Ubuntu machine: system packages for PDF output
# (LibreOffice, CJK fonts, poppler), a virtual environment with pjgen and its
# test dependencies, then the worked example built into outputs/.
#
#   bash scripts/setup.sh            # install everything and build inputs/2023.xlsx
#   PJGEN_NO_BUILD=1 bash scripts/setup.sh   # install only
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh

PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1 || ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    # Debian/Ubuntu ship venv/ensurepip separately (python3-venv).
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=()
        [[ "$(id -u)" -ne 0 ]] && SUDO=(sudo)
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv
    fi
fi
if ! "$PYTHON" -c "import sys; sys.exit(sys.version_info < (3, 11))"; then
    echo "error: pjgen needs Python 3.11 or newer ($("$PYTHON" --version 2>&1) found); set PYTHON=/path/to/python3.11." >&2
    exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
    "$PYTHON" -m venv .venv || {
        echo "error: could not create a virtual environment; install python3-venv (apt-get install python3-venv)." >&2
        exit 1
    }
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# pjgen is installed editable: compile its modules now, as pip does for installed packages, so that
# every command starts from cached bytecode even where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -m compileall -q generator

if [[ -z "${PJGEN_NO_BUILD:-}" ]]; then
    .venv/bin/pjgen build inputs/2023.xlsx -o outputs
fi
