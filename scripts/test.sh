#!/usr/bin/env bash
# Install everything (as scripts/setup.sh does) and run the whole test suite.
# pytest's exit code 5 ("no tests collected") is a failure here, never a pass.
set -euo pipefail
cd "$(dirname "$0")/.."

PJGEN_NO_BUILD=1 bash scripts/setup.sh
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [[ $status -eq 5 ]]; then
    echo "error: pytest collected no tests." >&2
    exit 1
fi
exit $status
