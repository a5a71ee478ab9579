"""Which figures of the worked example are illustrative.

The reference (tests/data/reference/001_…txt) states totals and the 项-level rows of
its narrative, but publishes the nine 公开 tables only as attachments that are not in
its text. inputs/2023.toml splits the stated totals into detail rows designed to add up
to them. Every non-zero amount of the nine tables in inputs/2023.xlsx that the reference
does not state anywhere is listed here, so that the README can say exactly which
printed figures are the department's and which are designed: a figure added, removed
or changed in the example fails this test until the list (and the README) follow.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generator import schema
from generator.money import format_money, parse_number
from generator.workbook import read_workbook

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "reference" / "001_a99b0381b148dfd8.txt"
EXAMPLE = ROOT / "inputs" / "2023.xlsx"

# sheet → cells (in the example's 公开01–09 tables) whose figure the reference does not state.
ILLUSTRATIVE: dict[str, tuple[str, ...]] = {
    "收入支出决算总表": ("F5",),  # 支出栏 一般公共服务支出 (the reference gives only 本年支出合计)
    "收入决算表": ("C6", "C7", "C11"),  # 201 / 20132 class and 款 totals, 2013299 其他组织事务支出
    "支出决算表": ("C6", "D6", "E6", "C7", "D7", "E7", "C8", "D8", "C11", "E11"),
    "一般公共预算财政拨款支出决算表": ("E5", "D6", "E6", "D7", "E7"),  # 基本/项目 split of 201 and 20132
    "一般公共预算财政拨款基本支出决算表": (  # 经济分类 rows: the reference names them without amounts
        "C5", "I5", "C6", "F6", "I6", "C7", "F7", "I7", "C8", "F8", "C9", "F9", "I9", "F10", "I10", "C12", "C16",
    ),
}


def _column(cell: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", cell).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def unstated_cells() -> dict[str, tuple[str, ...]]:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", REFERENCE.read_text(encoding="utf-8")))
    book = read_workbook(EXAMPLE)
    found: dict[str, tuple[str, ...]] = {}
    for spec in schema.OFFICIAL_TABLES:
        sheet = book.sheets[spec.name]
        cells = []
        for (r, c), v in sorted(sheet.values.items()):
            if r < spec.first_row or isinstance(v, str) or parse_number(v) == 0:
                continue
            shown = format_money(parse_number(v))
            if shown not in text and shown.replace(",", "") not in text:
                cells.append(sheet.ref(r, c).cell)
        if cells:
            found[spec.name] = tuple(cells)
    return found


def test_illustrative_figures_are_exactly_the_listed_cells():
    assert {name: set(cells) for name, cells in unstated_cells().items()} == \
        {name: set(cells) for name, cells in ILLUSTRATIVE.items()}


def test_listed_cells_hold_amounts():
    book = read_workbook(EXAMPLE)
    for name, cells in ILLUSTRATIVE.items():
        sheet = book.sheets[name]
        for cell in cells:
            row = int(re.search(r"\d+", cell).group(0))
            assert parse_number(sheet.value(row, _column(cell))) > 0, f"{name}!{cell}"
