"""Shared by the build, batch and diff tests: the Word template and workbook variants."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from generator.render import DEFAULT_TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023.xlsx"
UNIT_CELL = ("单位信息", "B2")


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real Word template; until it is committed, one built by scripts/make_template.py."""
    if DEFAULT_TEMPLATE.is_file():
        return DEFAULT_TEMPLATE
    target = tmp_path_factory.mktemp("template") / "决算公开说明.docx"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_template.py"), str(target)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0 or not target.is_file():
        pytest.skip(f"templates/决算公开说明.docx is missing and could not be built: {done.stderr[-300:]}")
    return target


def edit_workbook(source: Path, target: Path, changes: dict[tuple[str, str], object]) -> Path:
    """Copy ``source`` to ``target`` with some cells changed ({(sheet, cell): value})."""
    if not changes:
        shutil.copyfile(source, target)
        return target
    wb = openpyxl.load_workbook(source)
    for (sheet, cell), value in changes.items():
        wb[sheet][cell] = value
    wb.save(target)
    return target


def department(folder: Path, name: str) -> Path:
    """The worked example under another unit name (so it gets its own output files)."""
    folder.mkdir(parents=True, exist_ok=True)
    return edit_workbook(EXAMPLE, folder / f"{name}.xlsx", {UNIT_CELL: name})
