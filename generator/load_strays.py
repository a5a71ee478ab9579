"""What a form or list sheet holds that no field of pjgen's reads: an entry the loader would
otherwise pass over in silence.

A form sheet (项目 | 内容) is read by the labels of column A. A row whose label is none of
the sheet's fields, but whose 内容 is filled, is content the document will never use (a
renamed label, a row inserted for an extra reason, a field of a newer pjgen): a warning
names it. A label written twice with two filled 内容 is an error: pjgen cannot know which
one is meant. A list sheet is read by the headings of its header row; a column whose
heading is none of the sheet's columns, but that holds entries, is named the same way; and
so is a sheet that is none of pjgen's (a sheet of a newer pjgen, a working sheet kept in
the workbook), so that nobody expects its figures in the document.
"""

from __future__ import annotations

from generator.load_text import clean_text, normalize_label
from generator.problems import CellRef, Problem, warning
from generator import schema
from generator.schema import Field, FormSheet, ListSheet
from generator.workbook import RawBook, RawSheet

def _filled(sheet: RawSheet, row: int, col: int) -> bool:
    value = sheet.value(row, col)
    return value is not None and bool(clean_text(value))


def form_rows(sheet: RawSheet, spec: FormSheet, fields: tuple[Field, ...]) -> tuple[dict[str, int], list[Problem]]:
    """The row of each label of column A (normalised), and the problems of rows no field reads.

    ``fields`` are all the sheet's fields (those the pack does not read included: their rows
    are known, not strays). Of a label written twice, the row whose 内容 is filled is read."""
    known = {normalize_label(f.label) for f in fields}
    rows: dict[str, int] = {}
    problems: list[Problem] = []
    for r in range(1, sheet.max_row + 1):
        label = normalize_label(sheet.value(r, 1))
        if not label:
            continue
        if label not in known:
            if r >= spec.first_row and _filled(sheet, r, 2):
                problems.append(warning(
                    "unknown-field",
                    f"“{clean_text(sheet.value(r, 1))}”不是“{spec.name}”的项目，{sheet.ref(r, 2)} 填写的内容不会用到。"
                    "请核对 A 列的项目名称（可用 pjgen init 生成新模板对照）。", sheet.ref(r, 1)))
            continue
        first = rows.get(label)
        if first is None:
            rows[label] = r
        elif _filled(sheet, r, 2) and _filled(sheet, first, 2):
            problems.append(Problem(
                "duplicate-field",
                f"项目“{clean_text(sheet.value(r, 1))}”出现两次（另见 {sheet.ref(first, 1)}），两处都填了内容，"
                "不知道用哪一个。请删去多余的一行。", sheet.ref(r, 1)))
        elif _filled(sheet, r, 2):
            rows[label] = r
    return rows, problems


def stray_columns(sheet: RawSheet, spec: ListSheet, columns: tuple[Field, ...]) -> list[Problem]:
    """A warning for each column whose heading is none of the sheet's ``columns`` (all of
    them, those the pack does not read included) and that holds entries below it."""
    known = {normalize_label(f.label) for f in columns}
    problems: list[Problem] = []
    for c in range(1, sheet.max_col + 1):
        heading = clean_text(sheet.value(spec.header_row, c))
        if not heading or normalize_label(heading) in known:
            continue
        filled = [r for r in range(spec.first_row, sheet.max_row + 1) if _filled(sheet, r, c)]
        if filled:
            problems.append(unread_column(spec.name, f"列“{heading}”", len(filled), sheet.ref(filled[0], c),
                                          sheet.ref(spec.header_row, c)))
    return problems


def unread_column(sheet: str, what: str, count: int, first: CellRef, at: CellRef) -> Problem:
    """The warning for a column (``what``: 列“调整数”) of ``sheet`` that no field reads, with ``count``
    filled cells from ``first`` on; reported ``at`` its heading (or its first entry)."""
    return warning("unknown-column", f"{what}不是“{sheet}”的栏目，其下 {count} 个单元格（如 {first}）填写的内容不会用到。"
                                     "请核对表头（可用 pjgen init 生成新模板对照）。", at)


def unreported(strays: list[Problem], problems: list[Problem]) -> list[Problem]:
    """The strays at a cell no other problem names: a renamed label or heading is reported once,
    as the field or column it should be (missing-field, missing-column)."""
    named = {p.ref for p in problems if p.ref is not None}
    return [p for p in strays if p.ref not in named]


def stray_sheets(book: RawBook) -> list[Problem]:
    """A warning for each sheet with entries that is none of the workbook's sheets (spelt
    loosely, as the loader finds them)."""
    known = {normalize_label(n) for n in (*schema.SHEET_ORDER, schema.META_SHEET)}
    problems: list[Problem] = []
    for name, sheet in book.sheets.items():
        if normalize_label(name) in known:
            continue
        filled = sorted(cell for cell, v in sheet.values.items() if v is not None and clean_text(v))
        if filled:
            first = sheet.ref(*filled[0])
            problems.append(warning(
                "unknown-sheet",
                f"工作表“{name}”不是 pjgen 的工作表，其中 {len(filled)} 个单元格（如 {first}）的内容不会用到。"
                "如是自己的底稿可不理会；如是决算表或说明，请填到对应的工作表中。", first))
    return problems
