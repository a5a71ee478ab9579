"""Workbooks out (pjgen init, the worked example, pjgen import's tables), with openpyxl.

Reading lives in xlsx_read.py (bounded by limits.py); its names are re-exported here,
where the rest of pjgen has always found them. These two are the only modules that
import openpyxl.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Mapping, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator import schema
from generator.limits import MB, ReadLimits
from generator.problems import WorkbookUnreadable
from generator.schema import FormSheet, Kind, ListSheet, OfficialTable, TableShape
from generator.xlsx_read import BROKEN, RawBook, RawSheet, damage, read_export, read_meta, read_workbook
from generator.xlsx_scan import Deadline, LimitExceeded, limit_message, scan_workbook

if TYPE_CHECKING:
    from generator.printed import Printed

__all__ = ["RawBook", "RawSheet", "read_export", "read_meta", "read_workbook", "readme_lines", "replace_table_rows",
           "write_workbook", "MONEY_FORMAT", "CARRY_FILL"]

# ---------------------------------------------------------------------------
# Writing (pjgen init and the worked example)

_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(name="黑体", size=14, bold=True)
_HEAD_FONT = Font(name="宋体", size=10, bold=True)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
MONEY_FORMAT = "#,##0.00"

Grid = Sequence[Sequence[Any]]


def _num(value: Any, kind: Kind) -> Any:
    """Example data are written as text in the source; store numbers as numbers."""
    if isinstance(value, str) and kind.numeric:
        try:
            d = Decimal(value)
        except ArithmeticError:
            return value
        return int(d) if kind is Kind.COUNT else d
    return value


def _put(ws, row: int, col: int, value: Any):
    """Write a cell; text that starts with "=" (指标值 "=3次") stays text, never a formula."""
    c = ws.cell(row, col, value)
    if isinstance(value, str) and value.startswith("="):
        c.data_type = "s"
        c.quotePrefix = True
    return c


def _validation(ws, kind: Kind, choices: tuple[str, ...], cells: str) -> None:
    if kind is Kind.MONEY or kind is Kind.NUMBER:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="请输入数字", error="此处应填写不小于 0 的数字（万元，两位小数）。")
    elif kind is Kind.COUNT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="请输入整数", error="此处应填写不小于 0 的整数。")
    elif kind is Kind.CHOICE:
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="请从列表中选择",
                            error="可选值：" + "、".join(choices))
    else:
        return
    ws.add_data_validation(dv)
    dv.add(cells)


def _write_form(ws, spec: FormSheet, data: Mapping[str, Any]) -> None:
    for col, (head, width) in enumerate((("项目", 40), ("内容", 60), ("填写说明", 60)), start=1):
        c = ws.cell(1, col, head)
        c.font, c.fill, c.alignment, c.border = _HEAD_FONT, _HEAD_FILL, _CENTER, _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    for f in spec.fields:
        r = spec.row_of(f.key)
        label = ws.cell(r, 1, f.label)
        label.font = Font(bold=f.required)
        label.border = _BORDER
        v = _put(ws, r, 2, _num(data.get(f.label), f.kind))
        v.border = _BORDER
        v.alignment = _WRAP
        if f.kind is Kind.MONEY:
            v.number_format = MONEY_FORMAT
        note = ("必填。" if f.required else "选填。") + f.kind.value + "。" + f.help
        if f.choices:
            note += "可选：" + "、".join(f.choices) + "。"
        ws.cell(r, 3, note).alignment = _WRAP
        _validation(ws, f.kind, f.choices, f"B{r}")
    ws.freeze_panes = "B2"


def _write_list(ws, spec: ListSheet, rows: Grid) -> None:
    for col, f in enumerate(spec.columns, start=1):
        c = ws.cell(spec.header_row, col, f.label)
        c.font, c.fill, c.alignment, c.border = _HEAD_FONT, _HEAD_FILL, _CENTER, _BORDER
        note = ("必填。" if f.required else "选填。") + f.kind.value + "。" + f.help
        c.comment = Comment(note, "pjgen")
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = f.width
        last = max(spec.first_row + len(rows) + 200, 500)
        _validation(ws, f.kind, f.choices, f"{letter}{spec.first_row}:{letter}{last}")
    for i, row in enumerate(rows):
        for col, (f, value) in enumerate(zip(spec.columns, row), start=1):
            c = _put(ws, spec.first_row + i, col, _num(value, f.kind))
            if f.kind is Kind.MONEY:
                c.number_format = MONEY_FORMAT
            elif f.kind is Kind.TEXT:
                c.alignment = _WRAP
    ws.freeze_panes = ws.cell(spec.first_row, 1)


def _write_official(ws, spec: OfficialTable, unit_name: str, rows: Grid) -> None:
    ncols = len(spec.header)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    t = ws.cell(1, 1, spec.name)
    t.font, t.alignment = _TITLE_FONT, _CENTER
    ws.cell(2, 1, f"编制单位：{unit_name}")
    ws.cell(2, ncols - 1, spec.code)
    ws.cell(2, ncols, "金额单位：万元")
    col = 1
    for head, span in spec.header_top:
        c = ws.cell(3, col, head)
        c.font, c.fill, c.alignment, c.border = _HEAD_FONT, _HEAD_FILL, _CENTER, _BORDER
        if span > 1:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + span - 1)
        col += span
    for col, head in enumerate(spec.header, start=1):
        c = ws.cell(4, col, head)
        c.font, c.fill, c.alignment, c.border = _HEAD_FONT, _HEAD_FILL, _CENTER, _BORDER
        ws.column_dimensions[get_column_letter(col)].width = 14
    amount_cols = _amount_columns(spec)
    for i, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            kind = Kind.MONEY if col in amount_cols else Kind.TEXT
            c = _put(ws, spec.first_row + i, col, _num(value, kind) if value != "" else None)
            if col in amount_cols:
                c.number_format = MONEY_FORMAT
    if spec.shape is TableShape.CODED:
        ws.column_dimensions["B"].width = 36
    elif spec.shape is TableShape.TWO_PANEL:
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["D"].width = 30
    elif spec.shape is TableShape.ECONOMIC:
        for letter in "BEH":
            ws.column_dimensions[letter].width = 26
    last = max(spec.first_row + len(rows) + 200, 300)
    for col in sorted(amount_cols):
        letter = get_column_letter(col)
        _validation(ws, Kind.MONEY, (), f"{letter}{spec.first_row}:{letter}{last}")
    ws.freeze_panes = ws.cell(spec.first_row, 1)


def _amount_columns(spec: OfficialTable) -> set[int]:
    """1-based columns that hold amounts."""
    if spec.shape is TableShape.CODED:
        return set(range(3, len(spec.header) + 1))
    if spec.shape is TableShape.TWO_PANEL:
        return {3} | set(range(6, len(spec.header) + 1))
    if spec.shape is TableShape.ECONOMIC:
        return {3, 6, 9}
    return set(range(1, len(spec.header) + 1))


def _write_readme(ws, selection: schema.Selection = schema.FULL_SELECTION,
                  extra: Sequence[str | tuple[str, str]] = (), reword: Callable[[str], str] | None = None,
                  marked_by_template: bool = False) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    ws.cell(1, 1, "pjgen 部门决算公开工作簿 填写说明").font = _TITLE_FONT
    row = 3
    for line in (*readme_lines(selection, marked_by_template), *extra):
        if isinstance(line, tuple):
            ws.cell(row, 1, line[0]).font = Font(bold=True)
            ws.cell(row, 2, reword(line[1]) if reword else line[1]).alignment = _WRAP
        else:
            ws.cell(row, 1, reword(line) if reword else line).alignment = _WRAP
        row += 1


def readme_lines(selection: schema.Selection = schema.FULL_SELECTION,
                 marked_by_template: bool = False) -> list[str | tuple[str, str]]:
    """The 说明 sheet and docs/workbook.md share this text; with a pack's selection it
    describes exactly the sheets and fields that pack uses (``marked_by_template``: and its
    必填 marks follow what the pack's template prints)."""
    lines: list[str | tuple[str, str]] = [
        ("总体要求", "每个单位每个年度一个工作簿。金额单位为万元，保留两位小数；"
                     "“—”“-”或空白表示 0。不要改动工作表名称和表头；公开01–09表可直接粘贴决算软件导出的数据（从第5行起）。"
                     "文档中的占比、增减额、增减率、差异率均由程序计算，不需填写。"),
        ("检查", "填好后运行 pjgen check 工作簿.xlsx，程序会列出所有问题及其所在单元格。"
                 + ("必填、选填按本模板包的 Word 模板标注：模板不印出的项目为选填。" if marked_by_template else
                    "标为必填的项目，模板包的 Word 模板不印出时可以不填。")),
    ]
    specs = schema.all_sheet_specs()
    for name in selection.order()[1:]:
        spec = selection.restrict(specs[name])
        if isinstance(spec, OfficialTable):
            lines.append((name, f"{spec.code}，官方格式。列：" + "、".join(dict.fromkeys(spec.header)) + "。"))
        elif selection.sheets is not None and selection.sheets.get(name) is not None:
            lines.append((name, spec.help + "本模板包使用的项目：" + "、".join(schema.field_labels(spec)) + "。"))
        else:
            lines.append((name, spec.help))
    return lines


CARRY_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells `pjgen init --from` filled from last year


def _write_meta(wb: Workbook, meta: Mapping[str, str]) -> None:
    """The hidden ``_pjgen`` sheet, last: one key/value pair a row."""
    ws = wb.create_sheet(schema.META_SHEET)
    for row, (key, value) in enumerate(meta.items(), start=1):
        ws.cell(row, 1, key).data_type = "s"
        _put(ws, row, 2, str(value)).data_type = "s"
    ws.sheet_state = "hidden"


def write_workbook(path: Path | BinaryIO, data: Mapping[str, Any] | None = None,
                   meta: Mapping[str, str] | None = None, *,
                   marks: Mapping[str, Mapping[tuple[int, int], str]] | None = None,
                   readme_extra: Sequence[str | tuple[str, str]] = (),
                   selection: schema.Selection = schema.FULL_SELECTION,
                   readme_reword: Callable[[str], str] | None = None,
                   printed: Printed | None = None) -> None:
    """Write a workbook following the schema; `data` (sheet name → content) fills it.

    Forms take {label: value}; lists and official tables take rows (lists of cells
    in column order, official tables from their first data row). ``meta`` (for
    instance {"pack": "xinjiang-2023"}) goes to the hidden ``_pjgen`` sheet. ``marks``
    (sheet → {(row, col): note}) colours those cells and attaches a non-empty note as
    a comment; ``readme_extra`` lines are added to the 说明 sheet (``readme_reword``, if given, rewords
    each of its texts: the web server's advice names its pages). ``selection`` (a
    pack's) limits the sheets and fields written; ``printed`` (what the pack's template
    prints) marks as 必填 only the required fields it prints, those ``pjgen check`` asks for.
    ``path`` may also be a binary file object.
    """
    data = data or {}
    wb = Workbook()
    wb.remove(wb.active)
    specs = schema.all_sheet_specs()
    unit_name = (data.get(schema.UNIT.name) or {}).get("单位名称", "") or ""
    for name in selection.order():
        ws = wb.create_sheet(name)
        if name == schema.README_SHEET:
            _write_readme(ws, selection, readme_extra, readme_reword, marked_by_template=printed is not None)
            continue
        spec = selection.restrict(specs[name])
        content = data.get(name)
        if isinstance(spec, FormSheet):
            if printed is not None:
                spec = replace(spec, fields=printed.required(name, spec.fields))
            _write_form(ws, spec, content or {})
        elif isinstance(spec, ListSheet):
            if printed is not None:
                spec = replace(spec, columns=printed.required(name, spec.columns))
            _write_list(ws, spec, content or [])
        else:
            rows = content if content is not None else schema.skeleton_rows(spec)
            _write_official(ws, spec, unit_name, rows)
        for (row, col), note in (marks or {}).get(name, {}).items():
            c = ws.cell(row, col)
            c.fill = CARRY_FILL
            if note:
                c.comment = Comment(note, "pjgen")
    if meta:
        _write_meta(wb, meta)
    wb.save(path)


def write_table(path: Path, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
                widths: Sequence[int] = ()) -> None:
    """A workbook of one sheet: a bold, frozen header row and plain rows (a batch's summary, for one)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    wb.save(path)
    wb.close()


# ---------------------------------------------------------------------------
# pjgen import: the 决算 software's export in, tables of a pjgen workbook replaced


def replace_table_rows(path: Path, tables: Mapping[str, tuple[int, Grid]],
                       limits: ReadLimits | None = None) -> bytes:
    """The workbook at `path` (not modified) with each named sheet's rows from `first_row`
    on replaced by `rows` ({sheet: (first_row, rows)}), as .xlsx bytes.

    The whole workbook is loaded (not read-only), so it must be within ``limits`` not only
    in its values but in all its XML: formatted empty rows beyond a sheet's row limit and
    formatted-empty cells, which reading skips, count here (``value_bytes`` for all sheets)."""
    limits = limits or ReadLimits.from_env()
    name = Path(path).name
    with Path(path).open("rb") as fh:
        try:
            with zipfile.ZipFile(fh) as zf:
                scans = scan_workbook(zf, limits, Deadline(limits.seconds))
                total = sum(zf.getinfo(s.part).file_size for s in scans.values())
            long = [f"工作表“{s.name}”有 {s.last_row:,} 行（多为空行），"
                    f"超出该表的读取上限（{limits.rows_for(s.name):,} 行）"
                    for s in scans.values() if s.last_row > limits.rows_for(s.name)]
            if total > limits.value_bytes:  # every cell is parsed, formatted-empty ones too
                long.append(f"各工作表解压后共 {total / MB:,.1f} MB，"
                            f"超出整本读取（填入时）的上限 {limits.value_bytes / MB:,.1f} MB")
            if long:
                raise LimitExceeded(long)
            fh.seek(0)
            wb = load_workbook(fh)
        except LimitExceeded as exc:
            raise WorkbookUnreadable(limit_message(name, exc)) from None
        except BROKEN as exc:
            raise WorkbookUnreadable(f"{name} 无法读取（文件可能已损坏）：{damage(exc)}。") from exc
    for name, (first_row, rows) in tables.items():
        ws = wb[name]
        for row in ws.iter_rows(min_row=first_row):
            for c in row:
                if c.coordinate in ws.merged_cells:
                    continue
                c.value = None
        for r, row in enumerate(rows, start=first_row):
            for col, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                c = _put(ws, r, col, value)
                if isinstance(value, Decimal):
                    c.number_format = MONEY_FORMAT
    buf = io.BytesIO()
    wb.save(buf)
    wb.close()
    return buf.getvalue()
