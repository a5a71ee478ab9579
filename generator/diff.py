"""What a correction changes: input cells, and the sentences and table cells of the document.

``compare_workbooks(old, new)`` reads both workbooks cell by cell, and when
both are valid renders both documents with the same template and aligns
their text: paragraphs split into sentences at 。, table cells one by one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.extract import iter_blocks
from generator.packs import Pack
from generator.pipeline import Validation, render_report, validate_book
from generator.problems import CellRef
from generator.workbook import RawBook, RawSheet, read_workbook

EMPTY = "（空）"
NO_VALUE = "（公式，没有计算结果）"


@dataclass(frozen=True, slots=True)
class CellChange:
    ref: CellRef
    old: str  # as displayed; EMPTY for an empty cell
    new: str


@dataclass(frozen=True, slots=True)
class TextChange:
    kind: str  # "sentence" or "cell"
    where: str  # heading of the section, or table and cell position
    old: str | None  # None: the text is new
    new: str | None  # None: the text is gone


@dataclass
class Comparison:
    old: Validation
    new: Validation
    cells: list[CellChange]
    text: list[TextChange] | None  # None: a workbook has errors, the documents cannot be rendered

    @property
    def changed(self) -> bool:
        return bool(self.cells or self.text)


def compare_workbooks(old: Path, new: Path, template: Path | None = None, pack: Pack | None = None) -> Comparison:
    """Compare two workbooks, each rendered with its pack (or ``pack``) and ``template``
    if given; raises PjgenError when one cannot be read (or no template)."""
    book_old, book_new = read_workbook(old), read_workbook(new)
    cells = compare_cells(book_old, book_new)
    v_old, v_new = validate_book(book_old, pack), validate_book(book_new, pack)
    text = None
    if v_old.ok and v_new.ok and v_old.report is not None and v_new.report is not None:
        text = compare_documents(render_report(v_old.report, template, v_old.pack),
                                 render_report(v_new.report, template, v_new.pack))
    return Comparison(Validation(v_old.path, None, v_old.problems), Validation(v_new.path, None, v_new.problems), cells, text)


# ---------------------------------------------------------------------------
# Input cells


def show_value(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return EMPTY
    if isinstance(value, float):
        return format(Decimal(str(value)), "f")
    return str(value)


def _column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def compare_cells(old: RawBook, new: RawBook) -> list[CellChange]:
    """Every cell whose value differs, sheet by sheet (the new workbook's order), row by row."""
    names = list(new.sheets) + [n for n in old.sheets if n not in new.sheets]
    changes: list[CellChange] = []
    for name in names:
        a = old.sheets.get(name)
        b = new.sheets.get(name)
        a_values = _cells(a)
        b_values = _cells(b)
        for row, col in sorted(set(a_values) | set(b_values)):
            before, after = a_values.get((row, col)), b_values.get((row, col))
            if _same(before, after):
                continue
            changes.append(CellChange(CellRef(name, f"{_column_letter(col)}{row}"), show_value(before), show_value(after)))
    return changes


def _cells(sheet: RawSheet | None) -> dict[tuple[int, int], Any]:
    if sheet is None:
        return {}
    values: dict[tuple[int, int], Any] = dict(sheet.values)
    for key in sheet.formulas_without_value:
        values[key] = NO_VALUE
    return values


def _same(a: Any, b: Any) -> bool:
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return a == b
    return show_value(a) == show_value(b)


# ---------------------------------------------------------------------------
# Document text

_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str
    text: str
    where: str


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, each keeping its 。."""
    return [s for s in re.split(r"(?<=。)", text) if s.strip()]


def _is_heading(style: str, text: str) -> bool:
    return style.startswith(("Heading", "Title", "标题")) or bool(_HEADING.match(text) and len(text) <= 40)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+\d,.%—]+", text.strip()))


CAPTION_STYLES = ("表格编号", "表格标题")  # the template's styles for 公开01表 / 收入支出决算总表


class _Table:
    """One table's cells, to name a cell by its row label and column header."""

    def __init__(self, cells: dict[tuple[int, int], str]) -> None:
        self.cells = cells
        numeric_rows = [r for (r, _), text in cells.items() if text and _is_number(text)]
        self.body_starts = min(numeric_rows, default=len(cells) + 1)

    def identity(self) -> str:
        """The value of a leading ``…名称 | value`` row (a project's name), or ''."""
        if not self.cells.get((0, 0), "").endswith("名称"):
            return ""
        return next((t for (r, c), t in sorted(self.cells.items()) if r == 0 and c > 0 and t), "")

    def row_label(self, row: int, col: int) -> str:
        """The nearest text to the left that names the row (not a figure, not a 指标值)."""
        for c in range(col - 1, -1, -1):
            text = self.cells.get((row, c), "")
            if text and not _is_number(text) and not self.header(row, c).endswith("值"):
                return text
        return ""

    def header(self, row: int, col: int) -> str:
        for r in range(min(row, self.body_starts) - 1, -1, -1):
            text = self.cells.get((r, col), "")
            if text and not _is_number(text):
                return text
        return ""


def document_units(docx: bytes) -> list[_Unit]:
    """The document as sentences and table cells, each with a readable position."""
    blocks = list(iter_blocks(docx))
    tables: dict[int, dict[tuple[int, int], str]] = {}
    for block in blocks:
        if block.kind == "cell":
            tables.setdefault(block.table, {})[(block.row, block.col)] = block.text.strip()
    units: list[_Unit] = []
    heading = ""
    captions: dict[str, str] = {}
    caption = ""
    current = -1
    table = _Table({})
    for block in blocks:
        text = block.text.strip()
        if block.kind == "p":
            if not text:
                continue
            if _is_heading(block.style, text):
                heading, captions = text, {}
            elif block.style in CAPTION_STYLES:
                captions[block.style] = text
            for sentence in split_sentences(text):
                units.append(_Unit("sentence", sentence, heading))
            continue
        if block.table != current:
            current = block.table
            table = _Table(tables[current])
            if captions or not caption:
                named = " ".join(captions[s] for s in CAPTION_STYLES if s in captions) or heading
                caption = named + (f"「{table.identity()}」" if table.identity() else "")
                captions = {}
        labels = [x for x in (table.row_label(block.row, block.col), table.header(block.row, block.col)) if x]
        hint = f"（{' / '.join(labels)}）" if labels else ""
        units.append(_Unit("cell", text, f"{caption} 第{block.row + 1}行第{block.col + 1}列{hint}"))
    return units


def compare_documents(old: bytes, new: bytes) -> list[TextChange]:
    """Sentences and table cells that differ, in document order: changed, removed and added ones."""
    a, b = document_units(old), document_units(new)
    matcher = difflib.SequenceMatcher(None, [(u.kind, u.text) for u in a], [(u.kind, u.text) for u in b], autojunk=False)
    changes: list[TextChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = a[i1:i2], b[j1:j2]
        for k in range(max(len(removed), len(added))):
            before = removed[k] if k < len(removed) else None
            after = added[k] if k < len(added) else None
            unit = after or before
            assert unit is not None
            if before is not None and after is not None and before.kind != after.kind:
                changes.append(TextChange(before.kind, before.where, before.text, None))
                changes.append(TextChange(after.kind, after.where, None, after.text))
                continue
            changes.append(TextChange(unit.kind, unit.where, before.text if before else None, after.text if after else None))
    return changes


def inline_spans(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level difference: ("=", same), ("-", only in old), ("+", only in new)."""
    spans: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            spans.append(("=", old[i1:i2]))
            continue
        if i2 > i1:
            spans.append(("-", old[i1:i2]))
        if j2 > j1:
            spans.append(("+", new[j1:j2]))
    return spans
