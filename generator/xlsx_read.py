"""Reading an .xlsx: every cell value of every sheet, bounded by generator/limits.py.

xlsx_scan.py looks inside the zip first (sizes, rows, columns, nesting), refusing what is
beyond the limits before any XML is parsed; openpyxl's read-only reader
(``load_workbook(read_only=True)``, rows as values) then reads each sheet up to its last
value. Errors are Chinese sentences (WorkbookNotFound, WorkbookUnreadable).
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from generator import schema
from generator.limits import ReadLimits
from generator.problems import CellRef, WorkbookNotFound, WorkbookUnreadable, describe_os_error
from generator.xlsx_scan import Deadline, LimitExceeded, SheetScan, column_message, limit_message, scan_workbook

@dataclass
class RawSheet:
    name: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    max_row: int = 0
    max_col: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col)

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
BROKEN = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError, zlib.error,
           EOFError, NotImplementedError, RuntimeError)


def damage(exc: BaseException) -> str:
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
    except BROKEN:
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
    last value row (found by the scan, which refused any value beyond the limits) and its
    column limit; formatted empty rows after it are not parsed. Rows come in order, the
    missing ones as empty tuples, each row's values by column from A, so positions are
    counted; no cell objects are made."""
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
        book = formulas = None
        try:
            with zipfile.ZipFile(values_fh) as zf:
                scans = scan_workbook(zf, limits, deadline)
            values_fh.seek(0)
            book = load_workbook(values_fh, read_only=True, data_only=True)
            with_formulas = [s.name for s in scans.values() if s.has_formula]
            formulas = load_workbook(formulas_fh, read_only=True, data_only=False) if with_formulas else None
        except BROKEN as exc:
            if book is not None:
                book.close()
            raise WorkbookUnreadable(
                f"{path.name} 无法读取（文件可能已损坏或未完整复制）：{damage(exc)}。请重新导出或另存为 .xlsx。"
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
        except BROKEN as exc:
            bad = _unreadable_numbers(path, current.part) if current else []
            if bad:
                cells_text = "、".join(f"{current.name}!{cell}（“{text}”）" for cell, text in bad)
                raise WorkbookUnreadable(
                    f"{path.name} 中有无法读取的数值：{cells_text}。这样的值不是 Excel 或 WPS 保存的，"
                    "请在 Excel 或 WPS 中改正这些单元格并保存后再试。") from exc
            raise WorkbookUnreadable(f"{path.name} 读取时出错（文件可能已损坏）：{damage(exc)}。") from exc
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
    """Read every cell value (cached values, not formulas) of an .xlsx file, and each
    sheet's merged ranges (min_row, min_col, max_row, max_col), which multi-row headings use.

    Raises WorkbookNotFound / WorkbookUnreadable with a Chinese message when the
    file cannot be read at all, or when it is beyond ``limits`` (default:
    ``ReadLimits.from_env()``, see generator/limits.py). The file is opened
    read-only and never written.
    """
    book, scans = _read(path, limits)
    for name, sheet in book.sheets.items():
        sheet.merges = list(scans[name].merges)
    return book


def read_export(path: Path, limits: ReadLimits | None = None) -> RawBook:
    """A 决算 software's export, read as read_workbook reads any workbook."""
    return read_workbook(path, limits)
