"""The twelve 项目支出绩效自评表 built from inputs/2023.xlsx, compared cell by cell
with the reference (tests/data/reference/001_…txt, whose table rows are tab-separated).

For each table, the non-empty cells of the reference (in reading order) are
aligned with the non-empty cells of the built Word table (merged cells once), after
normalising width and white space (tests/golden_compare.py). Every reference cell is
reproduced, or listed in DIFFERENCES with the exact cell pjgen writes instead; every
cell pjgen writes that the reference lacks is listed in ADDITIONS with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract import iter_blocks
from generator.pipeline import render_report, validate
from golden_compare import compare_cells, record_fidelity
from golden_compare import norm_cell as norm

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "reference" / "001_a99b0381b148dfd8.txt"
EXAMPLE = ROOT / "inputs" / "2023.xlsx"

# (table number, normalised reference cell) → (the cell pjgen writes in its place, why).
DIFFERENCES: dict[tuple[int, str], tuple[str | None, str]] = {}

# (table number, normalised built cell) → why pjgen writes a cell the reference lacks.
ADDITIONS: dict[tuple[int, str], str] = {
    (8, "数量指标"): "the reference leaves the 二级指标 cell of the table's first three 产出指标 rows empty "
                     "(its rows 保障办公人员, 印刷办公资料, 购买办公用品 are 数量指标, as 质量指标 and 时效指标 "
                     "follow them); pjgen names the 二级指标 of every indicator row",
}


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
    result = compare_cells(pairs, DIFFERENCES, ADDITIONS)
    record_fidelity(f"Xinjiang 2023 项目支出绩效自评表: {result.same} of {result.total} reference cells reproduced "
                    f"verbatim in 12 tables; {len(result.changed)} documented differences, "
                    f"{len(result.added)} documented additions")
    assert result.failures == []
    assert result.same == result.total - len(DIFFERENCES)


def test_an_added_or_changed_cell_fails(pairs):
    ref, built = pairs[0]
    changed = [(ref, [c.replace("100.00", "100.01") for c in built])] + pairs[1:]
    assert any("pjgen '100.01'" in f or "100.01" in f for f in compare_cells(changed, DIFFERENCES, ADDITIONS).failures)
    added = [(ref, built + ["额外"])] + pairs[1:]
    assert compare_cells(added, DIFFERENCES, ADDITIONS).failures == [
        "table 1: pjgen adds cell '额外' the reference lacks (not allowed)"]
