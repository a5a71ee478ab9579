"""Shared fixtures: the worked example's data, and workbooks built from it in tmp_path.

Tests break one thing in the worked example and assert the exact problems that
result, so the cell under test is visible in the test:

    def test_x(make_workbook, set_cell, problems_of):
        path = make_workbook()
        set_cell(path, "收入决算表", "C8", "abc")
        assert problems_of(path) == sorted(BASELINE + [("收入决算表!C8", "not-a-number"), ...])
"""

from __future__ import annotations

import copy
import importlib.util
import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from openpyxl import load_workbook

from generator.packs import DEFAULT_PACK, find_pack
from generator.pipeline import validate
from generator.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TOML = ROOT / "inputs" / "2023.toml"
EXAMPLE_XLSX = ROOT / "inputs" / "2023.xlsx"

@pytest.fixture(scope="session", autouse=True)
def _no_installed_packs(tmp_path_factory) -> Any:
    """Tests never see the packs installed on this machine: an empty installed-packs folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PJGEN_PACKS", str(tmp_path_factory.mktemp("installed-packs")))
        yield


# The worked example's intended warnings: the reference prints 预算成本控制率 56.06 %
# where 28.32 / 50.00 = 56.64 %; and its tables carry the reference's own 尾差 (totals one
# cent from the sum of their rounded parts, e.g. 类 rows 1,891.19 under a 合计 of 1,891.20,
# 支出总计 2,667.41 against 2,667.42), each a rounding-difference warning.
ROUNDING_BASELINE: tuple[str, ...] = (
    "收入支出决算总表!F10", "收入支出决算总表!F13", "收入决算表!C5", "收入决算表!D5", "支出决算表!C5", "支出决算表!D5",
    "财政拨款收入支出决算总表!F10", "一般公共预算财政拨款支出决算表!C5", "一般公共预算财政拨款支出决算表!D5")
BASELINE: list[tuple[str, str]] = sorted([
    ("绩效自评指标!F66", "indicator-rate-mismatch"),
    *((cell, "rounding-difference") for cell in ROUNDING_BASELINE),
])


def _make_example_module():
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "scripts" / "make_example.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_EXAMPLE_DATA: dict[str, Any] | None = None


def example_data_dict() -> dict[str, Any]:
    """A fresh deep copy of the worked example's data (sheet name → content)."""
    global _EXAMPLE_DATA
    if _EXAMPLE_DATA is None:
        _EXAMPLE_DATA = _make_example_module().load(EXAMPLE_TOML)
    return copy.deepcopy(_EXAMPLE_DATA)


@pytest.fixture
def example_data() -> dict[str, Any]:
    return example_data_dict()


@pytest.fixture(scope="session")
def _pristine_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("example") / "example.xlsx"
    write_workbook(path, example_data_dict(), selection=find_pack(DEFAULT_PACK).selection)  # as make_example writes it
    return path


@pytest.fixture
def make_workbook(tmp_path: Path, _pristine_workbook: Path) -> Callable[..., Path]:
    """make_workbook(mutate=None, name="book.xlsx") → path of the worked example written to tmp_path.

    `mutate(data)` edits the data dict in place before writing (forms: {label: value};
    lists and official tables: rows in column order, official tables from row 5).
    """

    def make(mutate: Callable[[dict[str, Any]], Any] | None = None, name: str = "book.xlsx") -> Path:
        path = tmp_path / name
        if mutate is None:
            shutil.copyfile(_pristine_workbook, path)
            return path
        data = example_data_dict()
        mutate(data)
        write_workbook(path, data)
        return path

    return make


def edit_workbook(path: Path, edit: Callable[[Any], Any]) -> None:
    """Open a written workbook with openpyxl, let `edit(wb)` change it, save it in place."""
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    wb.close()


def set_cell(path: Path, sheet: str, cell: str, value: Any, *more: Any) -> None:
    """Write one cell after the workbook was written: set_cell(path, "收入决算表", "C8", "abc").

    A str starting with "=" becomes a formula with no cached value (what any workbook written
    by a script looks like). More (sheet, cell, value) triples may follow, saved in one go.
    """
    edits = [(sheet, cell, value)] + [tuple(more[i:i + 3]) for i in range(0, len(more), 3)]

    def edit(wb) -> None:
        for s, c, v in edits:
            wb[s][c] = v

    edit_workbook(path, edit)


@pytest.fixture(name="set_cell")
def set_cell_fixture() -> Callable[[Path, str, str, Any], None]:
    return set_cell


@pytest.fixture(name="edit_workbook")
def edit_workbook_fixture() -> Callable[[Path, Callable[[Any], Any]], None]:
    return edit_workbook


def need_pdf_tools(*tools: str) -> None:
    """Skip (fail under CI) a PDF test when LibreOffice or one of ``tools`` (pdftotext, ...) is missing."""
    from generator.convert import find_soffice

    missing = ([] if find_soffice() else ["soffice (LibreOffice)"]) + [t for t in tools if shutil.which(t) is None]
    if missing:
        message = f"PDF tests need {', '.join(missing)}; run scripts/setup-system.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def flat(problems) -> list[tuple[str, str]]:
    """Problems as sorted (sheet!cell, code) pairs; workbook-level problems have ""."""
    return sorted(p.flat() for p in problems)


def problems_and_messages(path: Path) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """One validation: sorted (sheet!cell, code) pairs, and the messages by code."""
    v = validate(path)
    messages: dict[str, list[str]] = {}
    for p in v.problems:
        messages.setdefault(p.code, []).append(p.message)
    return flat(v.problems), messages


@pytest.fixture
def problems_of() -> Callable[[Path], list[tuple[str, str]]]:
    """problems_of(path) → sorted (sheet!cell, code) of everything `pjgen check` reports."""

    def run(path: Path) -> list[tuple[str, str]]:
        return flat(validate(path).problems)

    return run


def expected(*pairs: tuple[str, str], resolved: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The baseline warnings plus `pairs`, sorted like problems_of(). A baseline 尾差 at a cell
    that `pairs` calls a total-mismatch (the edit made the same sum an error), or that the edit
    removed or moved (`resolved`), is left out."""
    changed = {cell for cell, code in pairs if code == "total-mismatch"} | set(resolved)
    base = [b for b in BASELINE if not (b[1] == "rounding-difference" and b[0] in changed)]
    return sorted(base + list(pairs))


def pytest_addoption(parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/data/golden/*.txt from the current output (review the diff)")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


def pytest_terminal_summary(terminalreporter) -> None:
    """The golden tests' fidelity figures (tests/golden_compare.py), for the README."""
    from golden_compare import FIDELITY

    if FIDELITY:
        terminalreporter.section("fidelity to the published references")
        for line in FIDELITY:
            terminalreporter.write_line(line)
