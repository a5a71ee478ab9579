"""The only module that imports openpyxl: raw cells in, styled workbooks out."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from generator import schema
from generator.limits import ReadLimits
from generator.problems import CellRef, WorkbookNotFound, WorkbookUnreadable, describe_os_error
from generator.xlsx_scan import Deadline, LimitExceeded, SheetScan, column_message, limit_message, scan_workbook
from generator.schema import FormSheet, Kind, ListSheet, OfficialTable, TableShape

# ---------------------------------------------------------------------------
# Reading


@dataclass
class RawSheet:
    name: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    max_row: int = 0
    max_col: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # read_export only

    def value(self, row: int, col: int) -> Any:
        return self.values.get((row, col))

    def ref(self, row: int, col: int) -> CellRef:
        return CellRef(self.name, f"{get_column_letter(col)}{row}")

    def row_is_empty(self, row: int, cols: Iterable[int]) -> bool:
        for c in cols:
            v = self.values.get((row, c))
            if v is not None and not (isinstance(v, str) and not v.strip()):
                return False
            if (row, c) in self.formulas_without_value:
                return False
        return True


@dataclass
class RawBook:
    path: Path
    sheets: dict[str, RawSheet]

    @property
    def meta(self) -> dict[str, str]:
        """The hidden ``_pjgen`` sheet as {key: value}; {} for a workbook without it."""
        return read_meta(self)


def read_meta(book: RawBook) -> dict[str, str]:
    """Keys (column A) and values (column B) of the hidden ``_pjgen`` sheet.

    Rows without a key are skipped; values are text, stripped. A workbook
    without the sheet (older workbooks) gives {}.
    """
    sheet = book.sheets.get(schema.META_SHEET)
    if sheet is None:
        return {}
    meta: dict[str, str] = {}
    for row in range(1, sheet.max_row + 1):
        key, value = sheet.value(row, 1), sheet.value(row, 2)
        if key is None or not str(key).strip():
            continue
        meta[str(key).strip()] = "" if value is None else str(value).strip()
    return meta


_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What a damaged .xlsx raises. Broken XML inside a valid zip raises a parse error
# (lxml's XMLSyntaxError or ElementTree's ParseError), both SyntaxError subclasses;
# defusedxml's refusals are ValueErrors.
# Damaged compressed data raises zlib.error or EOFError, an unknown compression method
# NotImplementedError, an encrypted member RuntimeError.
_BROKEN = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError, zlib.error,
           EOFError, NotImplementedError, RuntimeError)


def _damage(exc: BaseException) -> str:
    """What is wrong with a damaged file, in Chinese. The library's own (English) text
    stays on the raised error's ``__cause__``, shown only with ``--verbose``."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 4:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(type(e).__module__.startswith("defusedxml") for e in chain):
        return "文件中有不安全的 XML 内容（实体定义），为安全起见不予读取"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "压缩包不完整或已损坏"
    if isinstance(exc, KeyError):
        return "缺少工作簿必需的组成部分"
    if isinstance(exc, InvalidFileException):
        return "文件格式不受支持"
    if isinstance(exc, SyntaxError):
        return "内部的 XML 数据不完整或有误"
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    return "内部数据有误"


_NUMERIC_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+\d+)"([^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_TYPE = re.compile(rb'\bt="(\w+)"')


def _unreadable_numbers(path: Path, part: str) -> list[tuple[str, str]]:
    """(cell, text) of the numeric cells of one worksheet part whose value is not a
    number (<v>inf</v>, <v>abc</v>): openpyxl stops the whole file at the first one.
    The part's size was checked against the limits before."""
    found: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(part.lstrip("/"))
    except _BROKEN:
        return found
    for m in _NUMERIC_CELL.finditer(data):
        kind = _CELL_TYPE.search(m.group(2))
        if kind is not None and kind.group(1) != b"n":
            continue
        v = _VALUE.search(m.group(3))
        if v is None or not v.group(1).strip():
            continue
        text = v.group(1).decode("utf-8", "replace")
        try:
            float(text) if re.search(r"[.eE]", text) else int(text)
        except ValueError:
            found.append((m.group(1).decode(), text))
    return found


def _rows(ws: Any, scan: SheetScan, limits: ReadLimits, deadline: Deadline) -> Iterator[tuple[int, int, Any]]:
    """(row, column, value) of each cell of a sheet that holds a value, up to the sheet's
    last row (found by the scan, which refused any value beyond the limits) and its column
    limit; formatted empty rows after it are not parsed. Rows come in order, the missing ones as empty tuples, each row's values by column
    from A, so positions are counted; no cell objects are made."""
    last = min(scan.last_value_row, limits.rows_for(scan.name))
    if last <= 0:
        return
    where = f"工作表“{scan.name}”"
    # Read-only mode trusts the sheet's <dimension> tag; files written by other programs
    # often carry a wrong one (e.g. "A1"), which would hide all data.
    ws.reset_dimensions()
    width = limits.columns_for(scan.name)
    # Where the scan could not be sure of a column (cells without r="…"), rows come whole
    # and are checked here; otherwise the scan refused any value beyond the column limit.
    rows = ws.iter_rows(max_row=last, max_col=None if scan.positional else width, values_only=True)
    for r, row in enumerate(rows, start=1):
        if not r % 256:
            deadline.check(where)
        if row.count(None) == len(row):
            continue
        if len(row) > width and row[width:].count(None) < len(row) - width:
            column = max(c for c, v in enumerate(row, start=1) if v is not None)
            raise LimitExceeded([column_message(where, r, column, width)])
        for c, v in enumerate(row, start=1):
            if v is not None:
                yield r, c, v


def _sheets(path: Path, limits: ReadLimits) -> tuple[dict[str, RawSheet], dict[str, SheetScan]]:
    deadline = Deadline(limits.seconds)
    # openpyxl gets open files, not the path: when it fails half-way through a damaged
    # file it leaves its own handle open; these are closed on every way out.
    # openpyxl warns in English about what it cannot read (a date serial out of range
    # becomes "#VALUE!", which the loader reports at its cell): no warning reaches the user.
    with path.open("rb") as values_fh, path.open("rb") as formulas_fh, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with zipfile.ZipFile(values_fh) as zf:
                scans = scan_workbook(zf, limits, deadline)
            values_fh.seek(0)
            book = load_workbook(values_fh, read_only=True, data_only=True)
            with_formulas = [s.name for s in scans.values() if s.has_formula]
            formulas = load_workbook(formulas_fh, read_only=True, data_only=False) if with_formulas else None
        except _BROKEN as exc:
            raise WorkbookUnreadable(
                f"{path.name} 无法读取（文件可能已损坏或未完整复制）：{_damage(exc)}。请重新导出或另存为 .xlsx。"
            ) from exc
        current: SheetScan | None = None
        try:
            sheets: dict[str, RawSheet] = {}
            for ws in book.worksheets:
                current = scans.get(ws.title)
                if current is None:  # a sheet the scan did not find: the workbook part disagrees
                    raise KeyError(ws.title)
                raw = sheets[ws.title] = RawSheet(ws.title)
                for r, c, v in _rows(ws, current, limits, deadline):
                    raw.values[(r, c)] = v
                    raw.max_row = max(raw.max_row, r)
                    raw.max_col = max(raw.max_col, c)
            for name in with_formulas:
                current, raw = scans[name], sheets[name]
                for r, c, v in _rows(formulas[name], current, limits, deadline):
                    if isinstance(v, str) and v.startswith("=") and raw.values.get((r, c)) is None:
                        raw.formulas_without_value.add((r, c))
                        raw.max_row = max(raw.max_row, r)
                        raw.max_col = max(raw.max_col, c)
        except _BROKEN as exc:
            bad = _unreadable_numbers(path, current.part) if current else []
            if bad:
                cells_text = "、".join(f"{current.name}!{cell}（“{text}”）" for cell, text in bad)
                raise WorkbookUnreadable(
                    f"{path.name} 中有无法读取的数值：{cells_text}。这样的值不是 Excel 或 WPS 保存的，"
                    "请在 Excel 或 WPS 中改正这些单元格并保存后再试。") from exc
            raise WorkbookUnreadable(f"{path.name} 读取时出错（文件可能已损坏）：{_damage(exc)}。") from exc
        finally:
            book.close()
            if formulas is not None:
                formulas.close()
    return sheets, scans


def _check_file(path: Path) -> None:
    if not path.exists():
        raise WorkbookNotFound(f"找不到工作簿文件：{path}。请检查路径和文件名。")
    if path.is_dir():
        raise WorkbookUnreadable(f"{path} 是文件夹，不是 .xlsx 工作簿。")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise WorkbookUnreadable(f"{path.name} 无法打开：{describe_os_error(exc)}。请检查文件权限，或关闭占用它的程序。") from exc
    if head.startswith(_XLS_MAGIC):
        raise WorkbookUnreadable(
            f"{path.name} 是旧版 Excel（.xls）或加密的工作簿。请在 Excel 或 WPS 中“另存为” .xlsx 格式后再试。"
        )
    if not head.startswith(b"PK"):
        raise WorkbookUnreadable(
            f"{path.name} 不是 .xlsx 工作簿（可能是改了扩展名的 CSV 或其他文件）。"
            "请在 Excel 或 WPS 中打开并另存为 .xlsx 格式。"
        )


def _read(path: Path, limits: ReadLimits | None) -> tuple[RawBook, dict[str, SheetScan]]:
    path = Path(path)
    _check_file(path)
    try:
        sheets, scans = _sheets(path, limits or ReadLimits.from_env())
    except LimitExceeded as exc:
        raise WorkbookUnreadable(limit_message(path.name, exc)) from None
    return RawBook(path, sheets), scans


def read_workbook(path: Path, limits: ReadLimits | None = None) -> RawBook:
    """Read every cell value (cached values, not formulas) of an .xlsx file.

    Raises WorkbookNotFound / WorkbookUnreadable with a Chinese message when the
    file cannot be read at all, or when it is beyond ``limits`` (default:
    ``ReadLimits.from_env()``, see generator/limits.py). The file is opened
    read-only and never written.
    """
    return _read(path, limits)[0]


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
                  extra: Sequence[str | tuple[str, str]] = ()) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    ws.cell(1, 1, "pjgen 部门决算公开工作簿 填写说明").font = _TITLE_FONT
    row = 3
    for line in (*readme_lines(selection), *extra):
        if isinstance(line, tuple):
            ws.cell(row, 1, line[0]).font = Font(bold=True)
            ws.cell(row, 2, line[1]).alignment = _WRAP
        else:
            ws.cell(row, 1, line).alignment = _WRAP
        row += 1


def readme_lines(selection: schema.Selection = schema.FULL_SELECTION) -> list[str | tuple[str, str]]:
    """The 说明 sheet and docs/workbook.md share this text; with a pack's selection it
    describes exactly the sheets and fields that pack uses."""
    lines: list[str | tuple[str, str]] = [
        ("总体要求", "每个单位每个年度一个工作簿。金额单位为万元，保留两位小数；"
                     "“—”“-”或空白表示 0。不要改动工作表名称和表头；公开01–09表可直接粘贴决算软件导出的数据（从第5行起）。"
                     "文档中的占比、增减额、增减率、差异率均由程序计算，不需填写。"),
        ("检查", "填好后运行 pjgen check 工作簿.xlsx，程序会列出所有问题及其所在单元格。"),
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
                   selection: schema.Selection = schema.FULL_SELECTION) -> None:
    """Write a workbook following the schema; `data` (sheet name → content) fills it.

    Forms take {label: value}; lists and official tables take rows (lists of cells
    in column order, official tables from their first data row). ``meta`` (for
    instance {"pack": "xinjiang-2023"}) goes to the hidden ``_pjgen`` sheet. ``marks``
    (sheet → {(row, col): note}) colours those cells and attaches a non-empty note as
    a comment; ``readme_extra`` lines are added to the 说明 sheet. ``selection`` (a
    pack's) limits the sheets and fields written. ``path`` may also be a binary file object.
    """
    data = data or {}
    wb = Workbook()
    wb.remove(wb.active)
    specs = schema.all_sheet_specs()
    unit_name = (data.get(schema.UNIT.name) or {}).get("单位名称", "") or ""
    for name in selection.order():
        ws = wb.create_sheet(name)
        if name == schema.README_SHEET:
            _write_readme(ws, selection, readme_extra)
            continue
        spec = selection.restrict(specs[name])
        content = data.get(name)
        if isinstance(spec, FormSheet):
            _write_form(ws, spec, content or {})
        elif isinstance(spec, ListSheet):
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


# ---------------------------------------------------------------------------
# pjgen import: the 决算 software's export in, tables of a pjgen workbook replaced


def read_export(path: Path, limits: ReadLimits | None = None) -> RawBook:
    """read_workbook plus each sheet's merged ranges (min_row, min_col, max_row, max_col),
    which exports use for their multi-row headings."""
    book, scans = _read(path, limits)
    for name, sheet in book.sheets.items():
        sheet.merges = list(scans[name].merges)
    return book


def replace_table_rows(path: Path, tables: Mapping[str, tuple[int, Grid]],
                       limits: ReadLimits | None = None) -> bytes:
    """The workbook at `path` (not modified) with each named sheet's rows from `first_row`
    on replaced by `rows` ({sheet: (first_row, rows)}), as .xlsx bytes.

    The whole workbook is loaded (not read-only), so it must be within ``limits`` not only
    in its values but in its rows: formatted empty rows beyond a sheet's row limit, which
    reading skips, are refused here."""
    limits = limits or ReadLimits.from_env()
    name = Path(path).name
    with Path(path).open("rb") as fh:
        try:
            with zipfile.ZipFile(fh) as zf:
                scans = scan_workbook(zf, limits, Deadline(limits.seconds))
            long = [f"工作表“{s.name}”有 {s.last_row:,} 行（多为空行），超出该表的读取上限（{limits.rows_for(s.name):,} 行）"
                    for s in scans.values() if s.last_row > limits.rows_for(s.name)]
            if long:
                raise LimitExceeded(long)
            fh.seek(0)
            wb = load_workbook(fh)
        except LimitExceeded as exc:
            raise WorkbookUnreadable(limit_message(name, exc)) from None
        except _BROKEN as exc:
            raise WorkbookUnreadable(f"{name} 无法读取（文件可能已损坏）：{_damage(exc)}。") from exc
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
