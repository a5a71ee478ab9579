"""Refresh docs/screenshots/web-*.png: the pages of ``pjgen serve`` in a real browser.

    .venv/bin/python scripts/make_web_screenshots.py

Runs the browser tests (tests/test_web_browser.py and tests/test_web_pages.py:
Debian's Chromium through Playwright, LibreOffice for the PDF) with
PJGEN_WEB_SCREENSHOTS pointing at docs/screenshots; each test saves its page once
it has checked it, at 1366 px wide (the narrow-screen tests at 800 px).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PJGEN_WEB_SCREENSHOTS": str(OUT), "CI": "1"}  # CI: fail, never skip, without Chromium
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/test_web_browser.py", "tests/test_web_pages.py"], cwd=ROOT, env=env, check=False)
    if done.returncode == 0:
        for png in sorted(OUT.glob("web-*.png")):
            print(png.relative_to(ROOT))
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
