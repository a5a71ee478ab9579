"""The twelve 项目支出绩效自评表 built from inputs/2023.xlsx, compared cell by cell
with the reference (tests/data/reference/001_…txt, whose table rows are tab-separated).

For each table, the non-empty cells of the reference (in reading order) are
matched against the non-empty cells of the built Word table (merged cells once),
after normalising width and white space. At least 99 % of the reference's cells
must be identical; every cell that differs must be explained below.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest

from generator.extract import iter_blocks
from generator.pipeline import render_report, validate

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "reference" / "001_a99b0381b148dfd8.txt"
EXAMPLE = ROOT / "inputs" / "2023.xlsx"

# (table number, normalised reference cell) → why the built table differs.
DIFFERENCES: dict[tuple[int, str], str] = {}


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def reference_tables() -> list[list[str]]:
    text = REFERENCE.read_text(encoding="utf-8")
    start = text.index("项目支出绩效自评表")
    end = text.index("十二、其他需说明的事项", start)
    tables: list[list[str]] = []
    for chunk in text[start:end].split("项目支出绩效自评表")[1:]:
        cells: list[str] = []
        for line in chunk.splitlines():
            if "\t" not in line and not cells:
                continue  # the "(2023 年度)" subtitle line
            cells += [norm(c) for c in line.split("\t") if norm(c)]
        tables.append(cells)
    return tables


def built_tables() -> list[list[str]]:
    v = validate(EXAMPLE)
    assert v.ok
    blocks = [b for b in iter_blocks(render_report(v.report)) if b.kind == "cell"]
    by_table: dict[int, list[str]] = {}
    for b in blocks:
        by_table.setdefault(b.table, []).append(norm(b.text))
    # Each self-evaluation table is two Word tables (header and funds; the indicator
    # block, whose repeating header row opens with an empty cell): join them.
    tables: list[list[str]] = []
    for cells in by_table.values():
        filled = [c for c in cells if c]
        if filled and filled[0] == "项目名称":
            tables.append(filled)
        elif filled and filled[0] == "一级指标" and tables:
            tables[-1] += filled
    return tables


@pytest.fixture(scope="module")
def pairs():
    ref, built = reference_tables(), built_tables()
    assert len(ref) == 12
    assert len(built) == 12
    return list(zip(ref, built))


def test_reference_tables_parsed(pairs):
    for ref, _ in pairs:
        assert ref[0] == "项目名称"
        assert "总分" in ref


def test_selfeval_cells_match_reference(pairs):
    total = same = 0
    unexplained = []
    for n, (ref, built) in enumerate(pairs, start=1):
        matcher = difflib.SequenceMatcher(a=ref, b=built, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        total += len(ref)
        same += matched
        matched_idx = {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}
        for i, cell in enumerate(ref):
            if i not in matched_idx and (n, cell) not in DIFFERENCES:
                unexplained.append((n, cell))
    assert unexplained == []
    assert same / total >= 0.99
