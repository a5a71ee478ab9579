"""A table's headings, in pjgen's workbook or in an export: where they are, which column
holds which leaf of the official layout (by heading label, else by 栏次 number), and
科目编码 printed in separate 类 / 款 / 项 columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

from generator.tables.labels import (ALIASES, CODE, ECONOMIC_TOTALS, LABEL_LEAVES, TOTALS, UNIT_LINE, norm,
                                     number_or_none, official_income, strip_numbering)
from generator.load_text import is_decoration
from generator.schema import OfficialTable, TableShape
from generator.workbook import RawSheet

CODE_PART_LABELS = ("类", "款", "项")


@dataclass
class Layout:
    header_rows: list[int]
    data_start: int
    columns: dict[int, list[str]]  # column → heading path (top to bottom)
    ordinals: dict[int, int]  # column → 栏次 number
    unit: str
    unit_stated: bool
    code_parts: list[tuple[int, ...]] = field(default_factory=list)  # (类, 款[, 项]) columns, left to right


def spread(sheet: RawSheet, rows: Iterable[int]) -> dict[tuple[int, int], Any]:
    """Header cells with each merged range's value copied to every cell it covers."""
    wanted = set(rows)
    cells = {(r, c): v for (r, c), v in sheet.values.items() if r in wanted}
    for r1, c1, r2, c2 in sheet.merges:
        value = sheet.value(r1, c1)
        for r in range(r1, r2 + 1):
            if r in wanted:
                for c in range(c1, c2 + 1):
                    cells[(r, c)] = value
    return cells


def known_labels(spec: OfficialTable) -> set[str]:
    labels = {norm(h) for h in spec.header} | {norm(h) for h, _ in spec.header_top} | {"栏次"}
    for leaf in spec.header:
        labels |= {norm(a) for a in ALIASES.get(leaf, ())}
    return labels


def is_lanci_row(sheet: RawSheet, r: int) -> bool:
    """The 栏次 row: labelled 栏次, or (公开07表 has no label column) just the numbers 1, 2, 3, …"""
    texts = [norm(v) for v in (sheet.value(r, c) for c in range(1, sheet.max_col + 1)) if v is not None]
    if "栏次" in texts:
        return True
    numbers = [t for t in texts if t]
    return len(numbers) >= 3 and all(t.isdigit() for t in numbers) and \
        [int(t) for t in numbers] == list(range(1, len(numbers) + 1))


def is_data_row(spec: OfficialTable, sheet: RawSheet, r: int) -> bool:
    values = [sheet.value(r, c) for c in range(1, sheet.max_col + 1)]
    texts = [strip_numbering(norm(v)) for v in values]
    if is_lanci_row(sheet, r):
        return False
    has_number = any(number_or_none(v) is not None for v in values) or \
        any(cell[0] == r for cell in sheet.formulas_without_value)
    if spec.shape is TableShape.TWO_PANEL:
        official = set(official_income(spec))
        return has_number and any(t in official for t in texts)
    if spec.shape is TableShape.SINGLE_ROW:
        return has_number and not is_decoration(sheet, r)
    totals = (*TOTALS, *ECONOMIC_TOTALS)
    if any(CODE.fullmatch(t) for t in texts if t):
        return True
    if not any(t in totals for t in texts):
        return False
    # a 合计 row without figures (a table not filled in yet) is data, unless the row is a heading
    # row that prints 合计 among other headings (公开05表's 合计 | 基本支出 | 项目支出)
    known = known_labels(spec)
    return has_number or not any(t in known for t in texts if t and t not in totals)


def find_code_parts(cells: dict[tuple[int, int], Any], rows: Sequence[int], max_col: int) -> list[tuple[int, ...]]:
    """Columns headed 类, 款 (and 项) side by side: one group per 科目编码 they spell."""
    for r in rows:
        texts = [norm(cells.get((r, c))) for c in range(1, max_col + 3)]
        groups: list[tuple[int, ...]] = []
        c = 1
        while c <= max_col:
            if texts[c - 1] == "类" and texts[c] == "款":
                group = (c, c + 1, c + 2) if texts[c + 1] == "项" else (c, c + 1)
                groups.append(group)
                c += len(group)
            else:
                c += 1
        if groups:
            return groups
    return []


def find_layout(spec: OfficialTable, sheet: RawSheet) -> Layout | None:
    known = known_labels(spec)
    first = next((r for r in range(1, sheet.max_row + 1)
                  if any(norm(sheet.value(r, c)) in known for c in range(1, sheet.max_col + 1))), None)
    if first is None:
        return None
    data = next((r for r in range(first + 1, sheet.max_row + 1) if is_data_row(spec, sheet, r)), None)
    if data is None:  # headings only, an empty table: its rows would follow the headings
        data = first + 1
        while data <= sheet.max_row and (is_lanci_row(sheet, data) or any(
                norm(sheet.value(data, c)) in known for c in range(1, sheet.max_col + 1))):
            data += 1
    rows = list(range(first, data))
    # the 类 / 款 / 项 headings may share the first data row with 合计 ("类 款 项 合计")
    cells = spread(sheet, [*rows, data])
    code_parts = find_code_parts(cells, [*rows, data], sheet.max_col)
    in_parts = {c for group in code_parts for c in group}
    columns: dict[int, list[str]] = {}
    ordinals: dict[int, int] = {}
    for r in rows:
        if is_lanci_row(sheet, r):
            for c in range(1, sheet.max_col + 1):
                v = cells.get((r, c))
                if isinstance(v, (int, float)) or (isinstance(v, str) and v.strip().isdigit()):
                    ordinals[c] = int(v)
            continue
        for c in range(1, sheet.max_col + 1):
            t = norm(cells.get((r, c)))
            if t and c not in in_parts and (not columns.get(c) or columns[c][-1] != t):
                columns.setdefault(c, []).append(t)
    unit, stated = "万元", False
    for r in range(1, data):
        for c in range(1, sheet.max_col + 1):
            m = UNIT_LINE.search(norm(sheet.value(r, c)))
            if m:
                unit, stated = m.group(1), True
    return Layout(rows, data, columns, ordinals, unit, stated, code_parts)


def official_layout(spec: OfficialTable) -> Layout:
    """The layout pjgen's workbook is written in: headings in rows 3–4, data from `first_row`."""
    heads = list(range(spec.first_row - 2, spec.first_row))
    return Layout(heads, spec.first_row, {i + 1: [norm(h)] for i, h in enumerate(spec.header)}, {}, "万元", True)


def locate(spec: OfficialTable, sheet: RawSheet, official: bool = False) -> tuple[Layout, dict[int, int]] | None:
    """The sheet's layout and its columns (leaf index → column); None when no heading is found.

    `official`: the sheet is pjgen's own workbook, whose user may have cleared or retyped a
    heading: without headings the official layout is read, and a leaf whose heading is not
    found is read in its official column when no other leaf took that column."""
    layout = find_layout(spec, sheet)
    if layout is None:
        if not official:
            return None
        layout = official_layout(spec)
    cols = map_columns(spec, layout)
    if official:
        taken = set(cols.values()) | {c for group in layout.code_parts for c in group}
        for i in range(len(spec.header)):
            if i not in cols and i + 1 not in taken and not (i == 0 and layout.code_parts):
                cols[i] = i + 1
                taken.add(i + 1)
    return layout, cols


@lru_cache(maxsize=1024)
def _candidates(path: tuple[str, ...]) -> frozenset[str]:
    """Every run of consecutive headings of a path, joined."""
    out = set()
    for i in range(len(path)):
        for j in range(i + 1, len(path) + 1):
            out.add("".join(path[i:j]))
    return frozenset(out)


@lru_cache(maxsize=256)
def _names(leaf: str) -> frozenset[str]:
    return frozenset({norm(leaf)} | {norm(a) for a in ALIASES.get(leaf, ())})


def _match(leaf: str, path: Sequence[str]) -> int:
    """How well a heading path names a leaf: 2 its last heading does, 1 some run of its
    headings does, 0 not at all."""
    if not path:
        return 0
    names = _names(leaf)
    if path[-1] in names:
        return 2
    if names & _candidates(tuple(path)):
        return 1
    return 1 if leaf == "科目编码" and path[-1].endswith("编码") else 0


def groups(spec: OfficialTable) -> list[str]:
    out: list[str] = []
    for head, span in spec.header_top:
        out += [norm(head)] * span
    return out + [""] * (len(spec.header) - len(out))


def amount_leaves(spec: OfficialTable) -> list[int]:
    return [i for i, h in enumerate(spec.header) if h not in LABEL_LEAVES]


def map_columns(spec: OfficialTable, layout: Layout) -> dict[int, int]:
    """Leaf index (in spec.header) → column: by heading (in the leaf's group when the sheet
    says it, the closest heading first; never under another group's heading), else (amounts)
    by 栏次 number."""
    group_of = groups(spec)
    in_parts = {c for group in layout.code_parts for c in group}
    taken: set[int] = set(in_parts)
    out: dict[int, int] = {}
    for i, leaf in enumerate(spec.header):
        if leaf == "科目编码" and layout.code_parts:
            continue
        others = set(group_of) - {group_of[i], ""}  # a heading over another group's columns
        scored = []
        for c in sorted(layout.columns):
            if c in taken:
                continue
            score = _match(leaf, layout.columns[c])
            in_group = bool(group_of[i]) and group_of[i] in layout.columns[c]
            if score and (in_group or not others & set(layout.columns[c])):
                scored.append((-int(in_group), -score, c))
        if scored:
            pick = min(scored)[2]
            out[i] = pick
            taken.add(pick)
    if layout.ordinals:
        amounts = amount_leaves(spec)
        for n, c in sorted((n, c) for c, n in layout.ordinals.items()):
            if 1 <= n <= len(amounts) and amounts[n - 1] not in out and c not in taken:
                out[amounts[n - 1]] = c
                taken.add(c)
    return out


def label_columns(spec: OfficialTable, layout: Layout, cols: dict[int, int]) -> set[int]:
    """Columns that hold labels, codes or 行次, never amounts."""
    out = {c for group in layout.code_parts for c in group}
    out |= {c for i, c in cols.items() if spec.header[i] in LABEL_LEAVES}
    out |= {c for c, path in layout.columns.items() if path and path[-1] in ("行次", "栏次", "序号")}
    return out
