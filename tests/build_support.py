"""Shared by the build, batch and diff tests: the Word template and workbook variants."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.render import DEFAULT_TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023.xlsx"
UNIT_CELL = ("单位信息", "B2")


@pytest.fixture(scope="session")
def template() -> Path:
    """The default pack's committed Word template."""
    return DEFAULT_TEMPLATE


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
