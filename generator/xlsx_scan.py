"""A bounded look inside an .xlsx before any XML parser sees it.

The zip's directory gives each part's declared size: too large a part, too many parts,
too high a compression ratio or too many sheets are refused at once, without inflating
anything. Then each worksheet is streamed once through a byte scan (no XML tree, constant
memory) that finds the last row, the rows and columns holding a value, formulas, merged
ranges and the element nesting depth; a value beyond the sheet's limits is refused there,
while empty rows, however many, only cost the scan. The XML reader (openpyxl) then reads
each sheet only up to its last row, within limits already checked.

Sheet names come from workbook.xml and its relationships, parsed with defusedxml.
Damage (a broken zip, a part that inflates beyond its declared size) is raised as
zipfile/zlib/XML errors, which the caller turns into its "damaged file" message.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree

from generator.limits import MB, RAISE_HINT, Deadline, LimitExceeded, ReadLimits

_CHUNK = 256 * 1024
_MAX_TAG = 1 * MB  # a single XML tag (its attributes) longer than this is not a spreadsheet's
_RATIO_FLOOR = 1 * MB  # parts smaller than this are not ratio-checked
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@dataclass
class SheetScan:
    name: str
    part: str  # zip member, e.g. xl/worksheets/sheet1.xml
    last_row: int = 0  # the last <row> element's number, empty or not
    values: int = 0  # cells with a value or a formula
    last_value_row: int = 0  # the last row with a value or a formula: the XML reader stops there
    value_bytes: int = 0  # XML up to the last value, which the XML reader parses (formatted-empty cells too)
    positional: bool = False  # some row's last value is in a cell without r="…": its column is counted
    has_formula: bool = False
    has_dimension: bool = False
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def _mb(n: int) -> str:
    return f"{n / MB:,.1f} MB"


def _xml(zf: zipfile.ZipFile, name: str):
    return ElementTree.fromstring(zf.read(name))


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) of each worksheet, in workbook order; chart sheets left out.
    [] when the workbook part cannot be found (the XML reader then reports the damage)."""
    names = set(zf.namelist())
    workbook = "xl/workbook.xml"
    if "_rels/.rels" in names:
        for rel in _xml(zf, "_rels/.rels").iter(_PKG_REL):
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook = _resolve("", rel.get("Target", ""))
    rels_name = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    if workbook not in names or rels_name not in names:
        return []
    targets = {rel.get("Id"): (rel.get("Type", ""), _resolve(workbook, rel.get("Target", "")))
               for rel in _xml(zf, rels_name).iter(_PKG_REL)}
    found = []
    for sheet in _xml(zf, workbook).iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        kind, part = targets.get(sheet.get(_REL_NS + "id"), ("", ""))
        if part and not kind.endswith("/chartsheet"):
            found.append((sheet.get("name", ""), part))
    return found


def check_sizes(zf: zipfile.ZipFile, limits: ReadLimits, sheets: list[tuple[str, str]]) -> list[str]:
    """What the zip's directory alone shows to be beyond the limits."""
    infos = zf.infolist()
    lines: list[str] = []
    if len(infos) > limits.parts:
        lines.append(f"压缩包有 {len(infos):,} 个组成部分，超出上限 {limits.parts:,} 个")
    if len(sheets) > limits.sheets:
        lines.append(f"有 {len(sheets):,} 个工作表，超出上限 {limits.sheets:,} 个")
    total = sum(i.file_size for i in infos)
    if total > limits.total_bytes:
        lines.append(f"解压后共 {_mb(total)}，超出上限 {_mb(limits.total_bytes)}")
    by_part = {part: name for name, part in sheets}
    for info in infos:
        sheet = by_part.get(info.filename)
        what = f"工作表“{sheet}”" if sheet is not None else f"组成部分 {info.filename}"
        if sheet is not None:
            limit = limits.part_bytes
        elif info.filename.endswith("sharedStrings.xml"):
            limit, what = limits.shared_strings_bytes, "共享字符串表（" + info.filename + "）"
        else:
            limit = limits.other_part_bytes
        if info.file_size > limit:
            lines.append(f"{what}解压后 {_mb(info.file_size)}，超出上限 {_mb(limit)}")
        elif info.file_size > _RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            lines.append(f"{what}的压缩比为 {ratio:,.0f} : 1（解压后 {_mb(info.file_size)}），"
                         f"超出上限 {limits.ratio} : 1，像是“压缩炸弹”")
    return lines


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_TOKEN = rb"<(/?)%s(v|is|f|sheetData|dimension|mergeCell)(?=[\s>/])([^>]*)>"
_ROW_START = re.compile(rb"<" + _PREFIX + rb"row(?=[\s>/])([^>]*)>")
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData(?=[\s>/])")
_DIMENSION = re.compile(rb"<" + _PREFIX + rb"dimension(?=[\s>/])")
# Attribute values may be quoted either way, with blanks around "=".
_ROW_NUMBER = re.compile(rb'(?:^|\s)r\s*=\s*["\'](\d+)["\']')
_CELL_REF = re.compile(rb'(?:^|\s)r\s*=\s*["\']([A-Za-z]{1,3})(\d+)["\']')
_MERGE_REF = re.compile(rb'(?:^|\s)ref\s*=\s*["\']([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?["\']')
_CELL_START = re.compile(rb"<" + _PREFIX + rb"c(?=[\s>/])([^>]*)>")


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _depth_change(data: bytes) -> int:
    """Start tags minus end tags (<x …/> counts as both); "?" and "!" are rare outside
    the XML declaration, so their two-byte searches are mostly skipped."""
    lt, close = data.count(b"<"), data.count(b"</")
    other = (data.count(b"<?") if b"?" in data else 0) + (data.count(b"<!") if b"!" in data else 0)
    return lt - 2 * close - other - data.count(b"/>")


def _chunks(zf: zipfile.ZipFile, part: str, where: str, size: int = _CHUNK):
    """The part's bytes, split after a complete tag (an unfinished tag is carried over)."""
    carry = b""
    with zf.open(part) as fh:
        while True:
            data = fh.read(size)
            if not data:
                if carry:
                    yield carry
                return
            buf = carry + data
            last = buf.rfind(b"<")
            if last >= 0 and buf.find(b">", last) < 0:
                buf, carry = buf[:last], buf[last:]
                if len(carry) > _MAX_TAG:
                    raise LimitExceeded([f"{where}中有超过 {_mb(_MAX_TAG)} 的单个 XML 标记"])
            else:
                carry = b""
            yield buf


_SHARED_STRING = re.compile(rb"<" + _PREFIX + rb"si(?=[\s>/])")


def check_part(zf: zipfile.ZipFile, part: str, where: str, limits: ReadLimits, deadline: Deadline) -> None:
    """Refuse deep element nesting (measured between chunks) before an XML parser builds it,
    and, in the shared strings table, more entries than ``limits.shared_strings``."""
    depth = 0
    strings = 0
    count_strings = part.endswith("sharedStrings.xml")
    for buf in _chunks(zf, part, where):
        depth += _depth_change(buf)
        if depth > limits.max_depth:
            raise LimitExceeded([f"{where}的 XML 嵌套超过 {limits.max_depth} 层"])
        if count_strings:
            strings += len(_SHARED_STRING.findall(buf))
            if strings > limits.shared_strings:
                raise LimitExceeded([f"共享字符串表有超过 {limits.shared_strings:,} 个字符串"])
        deadline.check(where)


@functools.lru_cache(maxsize=8)
def _tokens(prefix: bytes) -> re.Pattern[bytes]:
    """Value, formula and inline-string tags, sheetData, dimension and mergeCell."""
    return re.compile(_TOKEN % re.escape(prefix))


class _Rows:
    """The row number at a position of the current chunk, found by looking back for the
    last <row> start tag (its r attribute); rows without one are counted, as openpyxl
    counts them. Empty rows therefore cost no Python work, however many there are."""

    def __init__(self, prefix: bytes):
        self.tag = b"<" + prefix + b"row"
        self.tokens = _tokens(prefix)  # with the prefix literal: four times faster than any prefix
        self.row = 0
        self.buf, self.pos, self.start = b"", 0, -1

    def next_chunk(self, buf: bytes) -> None:
        self.buf, self.pos, self.start = buf, 0, -1

    def at(self, p: int) -> int:
        buf, lo = self.buf, self.pos
        q = buf.rfind(self.tag, lo, p)
        while q >= 0 and not _ROW_START.match(buf, q):  # <rowBreaks …>
            q = buf.rfind(self.tag, lo, q)
        if q < 0:
            return self.row
        last = _ROW_START.match(buf, q)
        number = _ROW_NUMBER.search(last.group(1))
        if number:
            self.row = int(number.group(1))
        else:
            for m in _ROW_START.finditer(buf, lo, last.end()):
                number = _ROW_NUMBER.search(m.group(1))
                self.row = int(number.group(1)) if number else self.row + 1
        self.pos, self.start = q + 1, q
        return self.row


def scan_sheet(zf: zipfile.ZipFile, name: str, part: str, limits: ReadLimits, deadline: Deadline,
               values_before: int = 0, chunk_size: int = _CHUNK) -> SheetScan:
    """One pass over a worksheet's XML; LimitExceeded at the first value beyond its limits
    (``values_before``: the values of the sheets scanned before, for ``limits.cells``)."""
    where = f"工作表“{name}”"
    scan = SheetScan(name, part)
    max_row, max_col = limits.rows_for(name), limits.columns_for(name)
    rows: _Rows | None = None
    in_data = False
    value_row = 0
    depth = 0
    carried_cell: tuple[int, int, bool] | None = None  # the last <c> of the previous chunk
    offset = 0  # bytes of the part before buf
    pending: tuple[int, int, int] | None = None  # (row, its start, position) of the row's last value so far
    for buf in _chunks(zf, part, where, chunk_size):
        depth += _depth_change(buf)
        if depth > limits.max_depth:
            raise LimitExceeded([f"{where}的 XML 嵌套超过 {limits.max_depth} 层"])
        deadline.check(where)
        if rows is None:  # rows and cells carry the namespace prefix of <sheetData>
            data = _SHEET_DATA.search(buf)
            scan.has_dimension |= bool(_DIMENSION.search(buf, 0, data.start() if data else len(buf)))
            if data is None:
                offset += len(buf)
                continue  # no row before <sheetData>
            rows = _Rows(data.group(1) or b"")
        rows.next_chunk(buf)
        for m in rows.tokens.finditer(buf):
            closing, tag, attrs = m.group(1), m.group(2), m.group(3)
            if tag == b"sheetData":
                in_data = not closing and not attrs.rstrip().endswith(b"/")
            elif tag == b"dimension":
                scan.has_dimension = scan.has_dimension or not in_data
            elif tag == b"mergeCell":
                ref = _MERGE_REF.search(attrs)
                if ref and not closing:
                    r1, c1 = int(ref.group(2)), _column(ref.group(1))
                    r2, c2 = (int(ref.group(4)), _column(ref.group(3))) if ref.group(3) else (r1, c1)
                    scan.merges.append((r1, c1, r2, c2))
                    if len(scan.merges) > limits.merges:
                        raise LimitExceeded([f"{where}有超过 {limits.merges:,} 个合并单元格"], True)
            elif in_data and not closing:  # v, is, f: the cell holds a value or a formula
                scan.has_formula = scan.has_formula or tag == b"f"
                scan.values += 1
                if scan.values + values_before > limits.cells:
                    raise LimitExceeded([f"工作簿的非空单元格超过 {limits.cells:,} 个（到工作表“{name}”第 "
                                         f"{rows.row:,} 行为止）"])
                scan.value_bytes = offset + m.end()
                row = rows.at(m.start())
                if row != value_row:  # a row's last value has the row's largest column
                    scan.positional |= not _check_column(where, max_col, buf, pending, carried_cell)
                    value_row = row
                    scan.last_value_row = max(scan.last_value_row, row)
                    if row > max_row:
                        raise LimitExceeded([f"{where}第 {row:,} 行有内容，超出该表的读取上限（{max_row:,} 行）"], True)
                pending = (row, rows.start, m.start())
        scan.positional |= not _check_column(where, max_col, buf, pending, carried_cell)
        pending = None
        scan.last_row = max(scan.last_row, rows.at(len(buf)))
        offset += len(buf)
        carried_cell = _last_cell(buf, rows.start, rows.row, carried_cell)
    return scan


def _check_column(where: str, max_col: int, buf: bytes, pending: tuple[int, int, int] | None,
                  carried: tuple[int, int, bool] | None) -> bool:
    """Refuse a row whose last value lies beyond ``max_col``; False when its column is not
    known for certain (a cell without an r attribute)."""
    if pending is None:
        return True
    row, row_start, pos = pending
    column, exact = _cell_column(buf, row_start, pos, row, carried)
    if column > max_col:
        raise LimitExceeded([column_message(where, row, column, max_col)], True)
    return exact


def column_message(where: str, row: int, column: int, max_col: int) -> str:
    return f"{where}第 {column:,} 列（第 {row:,} 行）有内容，超出该表的读取上限（{max_col:,} 列）"


def _cell_start(buf: bytes, lo: int, pos: int) -> re.Match | None:
    """The last <c …> start tag in buf[lo:pos]."""
    begin = buf.rfind(b"<", lo, pos)
    while begin >= lo:
        m = _CELL_START.match(buf, begin)
        if m:
            return m
        begin = buf.rfind(b"<", lo, begin)
    return None


def _cell_column(buf: bytes, row_start: int, pos: int, row: int, carried: tuple[int, int, bool] | None
                 ) -> tuple[int, bool]:
    """The column of the cell holding ``pos`` and whether it is certain: its r attribute,
    else its position in the row when the row starts in this chunk."""
    cell = _cell_start(buf, max(row_start, 0), pos)
    if cell is None:  # the cell opened in the previous chunk
        return (carried[1], carried[2]) if carried and carried[0] == row else (1, False)
    ref = _CELL_REF.search(cell.group(1))
    if ref:
        return _column(ref.group(1)), True
    return (len(_CELL_START.findall(buf, row_start, pos)), False) if row_start >= 0 else (1, False)


def _last_cell(buf: bytes, row_start: int, row: int, carried: tuple[int, int, bool] | None
               ) -> tuple[int, int, bool] | None:
    """(row, column, certain) of the last cell opened in buf, for a value that closes in the next chunk."""
    cell = _cell_start(buf, max(row_start, 0), len(buf))
    if cell is None:
        return carried if row_start < 0 else None
    ref = _CELL_REF.search(cell.group(1))
    return (row, _column(ref.group(1)), True) if ref else (row, 1, False)


def scan_workbook(zf: zipfile.ZipFile, limits: ReadLimits, deadline: Deadline) -> dict[str, SheetScan]:
    """Every worksheet's scan, by sheet name. LimitExceeded with every size problem the zip's
    directory shows; else with every sheet's first row or column beyond its limits; a depth,
    cell-count or time problem stops at once."""
    names = set(zf.namelist())
    for part in ("_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if part in names and zf.getinfo(part).file_size > limits.other_part_bytes:
            raise LimitExceeded([f"组成部分 {part} 解压后 {_mb(zf.getinfo(part).file_size)}，"
                                 f"超出上限 {_mb(limits.other_part_bytes)}"])
    sheets = sheet_parts(zf)
    lines = check_sizes(zf, limits, sheets)
    if lines:
        raise LimitExceeded(lines)
    scans: dict[str, SheetScan] = {}
    sheet_members = {part for _, part in sheets}
    for name, part in sheets:
        if part not in names:
            continue  # the XML reader reports the missing part
        try:
            scan = scan_sheet(zf, name, part, limits, deadline, sum(s.values for s in scans.values()))
        except LimitExceeded as exc:
            if not exc.sheet_only:
                raise
            lines += exc.lines
            continue
        info = zf.getinfo(part)
        if not scan.has_dimension and info.file_size > limits.no_dimension_bytes:
            lines.append(f"工作表“{name}”缺少尺寸信息（<dimension>），数据部分解压后 {_mb(info.file_size)}，"
                         f"超出此类工作表的上限 {_mb(limits.no_dimension_bytes)}；请在 Excel 或 WPS 中打开并另存")
        scans[name] = scan
        parsed = sum(s.value_bytes for s in scans.values())
        if parsed > limits.value_bytes:
            raise LimitExceeded([f"各工作表有内容的部分（含只设了格式的空单元格）解压后共 {_mb(parsed)}，超出上限 "
                                 f"{_mb(limits.value_bytes)}（到工作表“{name}”为止）"])
    if lines:
        raise LimitExceeded(lines)
    for part in sorted(names - sheet_members):
        if part.endswith((".xml", ".rels", ".vml")):
            check_part(zf, part, f"组成部分 {part} ", limits, deadline)
    return scans


def limit_message(file_name: str, exc: LimitExceeded) -> str:
    return f"{file_name} 超出读取上限，未予读取：" + "；".join(exc.lines) + "。" + RAISE_HINT
