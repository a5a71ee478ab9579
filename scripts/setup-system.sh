#!/usr/bin/env bash
# Install the system packages pjgen needs for PDF output (Debian/Ubuntu):
# LibreOffice Writer (headless), free CJK fonts that stand in for the official
# ones (see generator/fonts/fonts.conf), poppler-utils (used by the tests),
# Chromium (the browser tests of pjgen serve drive it through Playwright) and
# python3-uno (for the optional unoserver converter, PJGEN_CONVERTER=unoserver).
# Idempotent: returns at once when everything is already there.
#
#   bash scripts/setup-system.sh          # as root, or a user with sudo
set -euo pipefail

PACKAGES=(libreoffice-writer-nogui fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 poppler-utils chromium python3-uno)
FONTS=("Noto Serif CJK SC" "Noto Sans CJK SC" "LXGW WenKai" "Liberation Serif")

missing() {
    local font families
    command -v soffice >/dev/null 2>&1 || echo "soffice"
    command -v pdftotext >/dev/null 2>&1 || echo "poppler-utils"
    # The unoserver converter (PJGEN_CONVERTER=unoserver, and its tests) runs under a Python that has uno.
    /usr/bin/python3 -c "import uno" >/dev/null 2>&1 || echo "python3-uno"
    # Ubuntu's "chromium" is a snap wrapper; Playwright needs a real binary.
    [[ -x /usr/bin/chromium ]] || echo "chromium"
    if ! command -v fc-list >/dev/null 2>&1; then
        echo "fontconfig"
        return
    fi
    # Captured first: "fc-list | grep -q" can fail under pipefail when grep quits early.
    families="$(fc-list : family)"
    for font in "${FONTS[@]}"; do
        grep -qF "$font" <<<"$families" || echo "font: $font"
    done
}

todo="$(missing)"
if [[ -z "$todo" ]]; then
    echo "PDF output and browser tests: LibreOffice, fonts, poppler-utils and Chromium are already installed."
    exit 0
fi
echo "PDF output: missing $(tr '\n' ',' <<<"$todo" | sed 's/,$//'); installing with apt-get."

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get not found. Install LibreOffice Writer, Noto CJK fonts (SC), LXGW WenKai," \
        "Liberation fonts and poppler-utils with your system's package manager." >&2
    exit 1
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "error: not root and sudo is not available; run this script as root." >&2
        exit 1
    fi
    SUDO=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update

# Older releases lack some packages (fonts-lxgw-wenkai arrived in Debian 12 and
# Ubuntu 23.04); install what exists rather than fail on all of them.
available=()
for package in "${PACKAGES[@]}"; do
    if apt-cache show "$package" >/dev/null 2>&1; then
        available+=("$package")
    else
        echo "warning: package $package is not available on this system; skipped." >&2
    fi
done
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${available[@]}"

todo="$(missing)"
if [[ -n "$todo" ]]; then
    echo "warning: still missing after install: $(tr '\n' ',' <<<"$todo" | sed 's/,$//')" >&2
    command -v soffice >/dev/null 2>&1 || exit 1
fi
echo "PDF output: ready ($(soffice --version 2>/dev/null | head -n 1))."
