"""Time what a user's install costs: building the wheel, installing it with pipx into a fresh
environment (dependencies from the package index or pip's cache), and the first commands of
the installed pjgen; also the official-font scan of this machine's font folders.

    .venv/bin/python benchmarks/bench_install.py

Not a test: it prints timings. Everything is written to a temporary folder and removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, args: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:<40} {seconds:7.2f} s")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-install-") as tmp:
        base = Path(tmp)
        source = base / "source"
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "outputs", "__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache"))
        timed("wheel (pip wheel --no-deps)", [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                                               str(base / "dist"), str(source)])
        (wheel,) = (base / "dist").glob("pjgen-*.whl")
        print(f"{'wheel size':<40} {wheel.stat().st_size / 1024:7.0f} KB")
        env = {**os.environ, "PIPX_HOME": str(base / "pipx"), "PIPX_BIN_DIR": str(base / "bin"),
               "PIPX_MAN_DIR": str(base / "man"), "PIPX_DEFAULT_PYTHON": sys.executable,
               "PJGEN_PACKS": str(base / "packs")}
        timed("pipx install (with dependencies)", [sys.executable, "-m", "pipx", "install", str(wheel)], env=env)
        exe = str(base / "bin" / "pjgen")
        timed("installed pjgen --version (first run)", [exe, "--version"], env=env, cwd=base)
        timed("installed pjgen --version", [exe, "--version"], env=env, cwd=base)
        timed("installed pjgen packs", [exe, "packs"], env=env, cwd=base)
        timed("installed pjgen check inputs/2023.xlsx", [exe, "check", str(ROOT / "inputs" / "2023.xlsx")],
              env=env, cwd=base)

    from generator.fontfind import find_official_fonts, font_files, font_folders

    start = time.perf_counter()
    report = find_official_fonts()
    seconds = time.perf_counter() - start
    count = sum(1 for _ in font_files(font_folders()))
    print(f"{f'official-font scan ({count} font files)':<40} {seconds:7.2f} s  found: {'、'.join(report.found) or '—'}")


if __name__ == "__main__":
    main()
