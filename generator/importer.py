"""`pjgen import EXPORT.xlsx --into 2025.xlsx`: the nine 公开表 from the 决算 software's export.

Nothing is found by position. Sheets are found by the table title (in the sheet name,
with or without codes such as 公开01表 / Z01 / 财决01表 and Excel's 31-character cut, or
in the title row), columns by their heading labels (merged headings spread over the
columns they cover; a 栏次 row numbers the amount columns when a label is not known),
rows by their 科目编码 or 项目 labels. Amounts in 元 (the table's 单位 line) become 万元,
half-up to cents, and every 尾差 this creates is reported. What cannot be placed is
listed with its cell. A table of the target that already holds figures is left alone
unless `replace`; the target is written atomically and the export only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from generator import schema
from generator.load import ROW_ALIASES, clean_text, is_decoration, normalize_label
from generator.model import ZERO
from generator.money import NotANumber, format_money, parse_number, quantize
from generator.output import write_atomic
from generator.problems import PjgenError
from generator.schema import OfficialTable, TableShape
from generator.workbook import RawBook, RawSheet, read_export, read_workbook, replace_table_rows

TEN_THOUSAND = Decimal(10000)
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
# Table codes that may accompany a title in a sheet name or title row.
_TABLE_CODE = re.compile(r"(?:公开|财决|部门决算)?\d{1,2}(?:-\d+)?表|Z\d{2}(?:-\d+)?|[（(]?[一二三四五六七八九十]+[）)、.]")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])")
_UNIT_LINE = re.compile(r"单位[:：]?\s*(万元|元)")
_EXCEL_NAME_LIMIT = 31

# Other words exports use for a heading.
_ALIASES: dict[str, tuple[str, ...]] = {
    "金额": ("决算数", "金额"),
    "决算数": ("决算数", "金额"),
    "科目编码": ("科目编码", "功能分类科目编码", "经济分类科目编码", "编码"),
    "合计": ("合计", "小计"),
    "本年支出小计": ("本年支出小计", "本年支出合计", "小计"),
    "公务用车购置及运行维护费小计": ("公务用车购置及运行维护费小计", "公务用车购置及运行维护费", "小计"),
    "公务用车购置费": ("公务用车购置费", "购置费"),
    "公务用车运行维护费": ("公务用车运行维护费", "运行维护费", "运行费"),
    "因公出国（境）费": ("因公出国(境)费", "因公出国境费"),
}
_TOTALS = ("合计", "总计")


def _norm(text: Any) -> str:
    return normalize_label(text).replace("（", "(").replace("）", ")")


def _official_income(spec: OfficialTable) -> dict[str, str]:
    """The 收入 labels of a two-panel table, as _norm writes them, each with its official label
    (load.ROW_ALIASES included)."""
    return {_norm(x): x for x in spec.income_labels} | {
        _norm(alias): official for alias, official in ROW_ALIASES.items() if official in spec.income_labels}


def _strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text)


@dataclass
class TableImport:
    spec: OfficialTable
    sheet: str
    unit: str  # 元 or 万元 (as found; 万元 when the table does not say)
    rows: list[list[Any]]  # in the target's layout, from its first data row
    unit_stated: bool = True
    written: bool = False
    skipped: str = ""  # why the target's table was left alone


@dataclass
class ImportResult:
    tables: list[TableImport] = field(default_factory=list)
    missing: list[OfficialTable] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # "sheet!cell：what"
    tail: list[str] = field(default_factory=list)  # 尾差 from 元 → 万元

    @property
    def written(self) -> list[TableImport]:
        return [t for t in self.tables if t.written]


# ---------------------------------------------------------------------------
# Sheets


def _title_key(text: Any) -> str:
    return _TABLE_CODE.sub("", _norm(text)).strip("_-—－·.：:")


def _spec_by_title(text: Any) -> OfficialTable | None:
    key = _title_key(text)
    return next((s for s in schema.OFFICIAL_TABLES if _norm(s.name) == key), None) if key else None


def _spec_by_cut_name(name: str) -> OfficialTable | None:
    """A sheet name Excel cut at 31 characters: its end is the start of a table title."""
    if len(name) != _EXCEL_NAME_LIMIT:
        return None
    key = _norm(name)
    best: tuple[int, OfficialTable] | None = None
    for spec in schema.OFFICIAL_TABLES:
        title = _norm(spec.name)
        for start in range(len(key)):
            tail = key[start:]
            if len(tail) >= 6 and title.startswith(tail):
                if best is None or len(tail) > best[0]:
                    best = (len(tail), spec)
                break
    return best[1] if best else None


def _spec_by_code(name: str) -> OfficialTable | None:
    m = re.search(r"公开(\d{1,2})表", _norm(name))
    if not m:
        return None
    return next((s for s in schema.OFFICIAL_TABLES if s.code == f"公开{int(m.group(1)):02d}表"), None)


def find_sheets(book: RawBook) -> tuple[dict[str, RawSheet], list[str]]:
    """Table key → export sheet; and notes on the sheets not used (no table's title, or a table found twice)."""
    found: dict[str, RawSheet] = {}
    notes: list[str] = []
    for sheet in book.sheets.values():
        if sheet.name == schema.META_SHEET:
            continue
        spec = None
        for r in range(1, min(sheet.max_row, 4) + 1):
            for c in range(1, sheet.max_col + 1):
                spec = _spec_by_title(sheet.value(r, c))
                if spec:
                    break
            if spec:
                break
        spec = spec or _spec_by_title(sheet.name) or _spec_by_cut_name(sheet.name) or _spec_by_code(sheet.name)
        if spec is None:
            if sheet.values:
                notes.append(f"工作表“{sheet.name}”不是公开01–09表中的任何一张（标题或表名不符），未导入")
            continue
        if spec.key in found:
            notes.append(f"工作表“{sheet.name}”也像是{spec.code}{spec.name}，已使用“{found[spec.key].name}”，本表未导入")
            continue
        found[spec.key] = sheet
    return found, notes


# ---------------------------------------------------------------------------
# Headings


@dataclass
class _Layout:
    header_rows: list[int]
    data_start: int
    columns: dict[int, list[str]]  # column → heading path (top to bottom)
    ordinals: dict[int, int]  # column → 栏次 number
    unit: str
    unit_stated: bool


def _spread(sheet: RawSheet, rows: Iterable[int]) -> dict[tuple[int, int], Any]:
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


def _known_labels(spec: OfficialTable) -> set[str]:
    labels = {_norm(h) for h in spec.header} | {_norm(h) for h, _ in spec.header_top} | {"栏次"}
    for leaf in spec.header:
        labels |= {_norm(a) for a in _ALIASES.get(leaf, ())}
    return labels


def _is_lanci_row(sheet: RawSheet, r: int) -> bool:
    """The 栏次 row: labelled 栏次, or (公开07表 has no label column) just the numbers 1, 2, 3, …"""
    values = [sheet.value(r, c) for c in range(1, sheet.max_col + 1)]
    if "栏次" in (_norm(v) for v in values):
        return True
    numbers = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    return len(numbers) >= 3 and all(_norm(v).isdigit() for v in numbers) and \
        [int(_norm(v)) for v in numbers] == list(range(1, len(numbers) + 1))


def _is_data_row(spec: OfficialTable, sheet: RawSheet, r: int) -> bool:
    values = [sheet.value(r, c) for c in range(1, sheet.max_col + 1)]
    texts = [_strip_numbering(_norm(v)) for v in values]
    if _is_lanci_row(sheet, r):
        return False
    has_number = any(_number_or_none(v) is not None for v in values if not isinstance(v, str) or v.strip())
    if spec.shape is TableShape.TWO_PANEL:
        official = set(_official_income(spec))
        return has_number and any(t in official for t in texts)
    if spec.shape is TableShape.SINGLE_ROW:
        return has_number and not is_decoration(sheet, r)
    return any(_CODE.fullmatch(t) for t in texts if t) or \
        (has_number and any(t in (*_TOTALS, "人员经费合计", "公用经费合计") for t in texts))


def _number_or_none(value: Any) -> Decimal | None:
    if value is None or isinstance(value, str) and not value.strip():
        return None
    try:
        return parse_number(value)
    except NotANumber:
        return None


def _layout(spec: OfficialTable, sheet: RawSheet) -> _Layout | None:
    known = _known_labels(spec)
    first = next((r for r in range(1, sheet.max_row + 1)
                  if any(_norm(sheet.value(r, c)) in known for c in range(1, sheet.max_col + 1))), None)
    if first is None:
        return None
    data = next((r for r in range(first + 1, sheet.max_row + 1) if _is_data_row(spec, sheet, r)),
                sheet.max_row + 1)  # headings only: an empty table
    rows = list(range(first, data))
    cells = _spread(sheet, rows)
    columns: dict[int, list[str]] = {}
    ordinals: dict[int, int] = {}
    for r in rows:
        texts = [_norm(cells.get((r, c))) for c in range(1, sheet.max_col + 1)]
        if _is_lanci_row(sheet, r):
            for c in range(1, sheet.max_col + 1):
                v = cells.get((r, c))
                if isinstance(v, (int, float)) or (isinstance(v, str) and v.strip().isdigit()):
                    ordinals[c] = int(v)
            continue
        for c in range(1, sheet.max_col + 1):
            t = texts[c - 1]
            if t and (not columns.get(c) or columns[c][-1] != t):
                columns.setdefault(c, []).append(t)
    unit, stated = "万元", False
    for r in range(1, data):
        for c in range(1, sheet.max_col + 1):
            m = _UNIT_LINE.search(_norm(sheet.value(r, c)))
            if m:
                unit, stated = m.group(1), True
    return _Layout(rows, data, columns, ordinals, unit, stated)


def _candidates(path: Sequence[str]) -> set[str]:
    out = set()
    for i in range(len(path)):
        for j in range(i + 1, len(path) + 1):
            out.add("".join(path[i:j]))
    return out


def _leaf_matches(leaf: str, path: Sequence[str]) -> bool:
    names = {_norm(leaf)} | {_norm(a) for a in _ALIASES.get(leaf, ())}
    cands = _candidates(path)
    if names & cands:
        return True
    return leaf == "科目编码" and bool(path) and path[-1].endswith("编码")


def _groups(spec: OfficialTable) -> list[str]:
    out: list[str] = []
    for head, span in spec.header_top:
        out += [_norm(head)] * span
    return out + [""] * (len(spec.header) - len(out))


def map_columns(spec: OfficialTable, layout: _Layout) -> dict[int, int]:
    """Leaf index (in spec.header) → export column: by heading, else (amounts) by 栏次 number."""
    groups = _groups(spec)
    taken: set[int] = set()
    out: dict[int, int] = {}
    for i, leaf in enumerate(spec.header):
        matches = [c for c in sorted(layout.columns) if c not in taken and _leaf_matches(leaf, layout.columns[c])]
        in_group = [c for c in matches if groups[i] and groups[i] in layout.columns[c]]
        pick = (in_group or matches or [None])[0]
        if pick is not None:
            out[i] = pick
            taken.add(pick)
    if layout.ordinals:
        amounts = _amount_leaves(spec)
        for n, c in sorted((n, c) for c, n in layout.ordinals.items()):
            if 1 <= n <= len(amounts) and amounts[n - 1] not in out and c not in taken:
                out[amounts[n - 1]] = c
                taken.add(c)
    return out


def _amount_leaves(spec: OfficialTable) -> list[int]:
    return [i for i, h in enumerate(spec.header) if h not in ("科目编码", "科目名称", "项目", "行次")]


# ---------------------------------------------------------------------------
# Rows


class _Reader:
    def __init__(self, spec: OfficialTable, sheet: RawSheet, layout: _Layout, cols: dict[int, int],
                 result: ImportResult, convert: bool = True) -> None:
        self.spec, self.sheet, self.layout, self.cols, self.result = spec, sheet, layout, cols, result
        self.in_yuan = convert and layout.unit == "元"

    def rows(self) -> list[list[Any]]:
        return {TableShape.CODED: self.coded, TableShape.TWO_PANEL: self.two_panel,
                TableShape.ECONOMIC: self.economic, TableShape.SINGLE_ROW: self.single_row}[self.spec.shape]()

    def where(self, r: int, c: int) -> str:
        return str(self.sheet.ref(r, c))

    def amount(self, r: int, leaf: int) -> Decimal | None:
        c = self.cols.get(leaf)
        if c is None:
            return None
        raw = self.sheet.value(r, c)
        if raw is None or isinstance(raw, str) and not raw.strip():
            return None
        try:
            value = parse_number(raw)
        except NotANumber:
            self.result.unplaced.append(f"{self.where(r, c)}：“{raw}”不是数字，未导入")
            return None
        return quantize(value / TEN_THOUSAND) if self.in_yuan else value

    def text(self, r: int, leaf: int) -> str:
        """A label; a name wrapped onto a second line in the cell is joined again."""
        c = self.cols.get(leaf)
        return re.sub(r"\s*\n\s*", "", clean_text(self.sheet.value(r, c))) if c is not None else ""

    def data_rows(self) -> Iterable[int]:
        used = set(self.cols.values())
        for r in range(self.layout.data_start, self.sheet.max_row + 1):
            if self.sheet.row_is_empty(r, used) or is_decoration(self.sheet, r) or _is_lanci_row(self.sheet, r):
                continue
            yield r

    def coded(self) -> list[list[Any]]:
        amounts = _amount_leaves(self.spec)
        total: list[Any] | None = None
        rows: list[list[Any]] = []
        for r in self.data_rows():
            code, name = _norm(self.text(r, 0)), self.text(r, 1)
            if 0 not in self.cols:  # code and name in one column: "2080501 行政单位离退休"
                m = re.match(r"\s*(\d{3}(?:\d{2}){0,2})\s*(.*)", name)
                if m:
                    code, name = m.group(1), m.group(2).strip()
            values = [self.amount(r, i) for i in amounts]
            if code in _TOTALS or (not code and _norm(name) in _TOTALS):
                total = ["", "合计", *values]
                continue
            if not _CODE.fullmatch(code):
                c = self.cols.get(0, self.cols.get(1, 1))
                self.result.unplaced.append(
                    f"{self.where(r, c)}：“{self.sheet.value(r, c)}”不是科目编码（类3位、款5位、项7位），本行未导入")
                continue
            rows.append([code, name, *values])
        return ([total] if total is not None else []) + rows

    def two_panel(self) -> list[list[Any]]:
        spec = self.spec
        income_label, income_line, income_amount = 0, 1, 2
        exp_label, exp_line = 3, 4
        exp_amounts = list(range(5, len(spec.header)))
        official = _official_income(spec)
        trailer = {_norm(x): x for x in spec.expense_trailer}
        income: dict[str, Decimal | None] = {}
        classes: list[list[Any]] = []
        trailers: dict[str, list[Any]] = {}
        for r in self.data_rows():
            left = self.text(r, income_label)
            if left:
                key = _strip_numbering(_norm(left))
                label = official.get(key) or next((v for k, v in official.items() if key.startswith(k + "(")), None)
                if label is None:
                    c = self.cols[income_label]
                    self.result.unplaced.append(f"{self.where(r, c)}：收入栏项目“{left}”不是本表的官方项目，本行未导入")
                else:
                    income[label] = self.amount(r, income_amount)
            right = self.text(r, exp_label)
            if right:
                key = _strip_numbering(_norm(right))
                values = [self.amount(r, i) for i in exp_amounts]
                label = trailer.get(key) or next((v for k, v in trailer.items() if key.startswith(k + "(")), None)
                if label is not None:
                    trailers[label] = values
                elif any(v is not None for v in values):
                    classes.append([_strip_numbering(right.strip()), *values])
        left_rows = [[label, str(i), income.get(label)] for i, label in enumerate(spec.income_labels, start=1)]
        line = len(left_rows)
        right_rows = []
        for cells in classes + [[t, *trailers.get(t, [None] * len(exp_amounts))] for t in spec.expense_trailer]:
            line += 1
            right_rows.append([cells[0], str(line), *cells[1:]])
        n = max(len(left_rows), len(right_rows))
        out = []
        for i in range(n):
            left = left_rows[i] if i < len(left_rows) else ["", "", None]
            out.append(left + (right_rows[i] if i < len(right_rows) else []))
        return out

    def economic(self) -> list[list[Any]]:
        out = []
        for r in self.data_rows():
            cells: list[Any] = []
            for block in range(3):
                code, name = _norm(self.text(r, block * 3)), self.text(r, block * 3 + 1)
                value = self.amount(r, block * 3 + 2)
                if code and not _CODE.fullmatch(code) and code not in ("人员经费合计", "公用经费合计"):
                    c = self.cols[block * 3]
                    self.result.unplaced.append(f"{self.where(r, c)}：“{code}”不是经济分类科目编码，未导入")
                    code, name, value = "", "", None
                cells += [code, name, value]
            if any(v not in ("", None) for v in cells):
                out.append(cells)
        return out

    def single_row(self) -> list[list[Any]]:
        for r in self.data_rows():
            values = [self.amount(r, i) for i in range(len(self.spec.header))]
            if any(v is not None for v in values):
                return [values]
        return []


def _unplaced_columns(sheet: RawSheet, layout: _Layout, cols: dict[int, int], result: ImportResult) -> None:
    used = set(cols.values())
    for c in range(1, sheet.max_col + 1):
        if c in used:
            continue
        has_data = any(_number_or_none(sheet.value(r, c)) is not None or clean_text(sheet.value(r, c))
                       for r in range(layout.data_start, sheet.max_row + 1) if not is_decoration(sheet, r))
        if not has_data:
            continue
        head = "／".join(layout.columns.get(c, [])) or "无表头"
        r = layout.header_rows[-1] if layout.header_rows else layout.data_start
        result.unplaced.append(f"{sheet.ref(r, c)}：列“{head}”不是本表的栏目，未导入")


# ---------------------------------------------------------------------------
# 尾差


def _relations(spec: OfficialTable, rows: list[list[Any]]) -> list[tuple[str, Decimal, Decimal]]:
    """(what, total, sum of its parts) for the sums a table states."""

    def d(v: Any) -> Decimal:
        return v if isinstance(v, Decimal) else ZERO

    out: list[tuple[str, Decimal, Decimal]] = []

    def add(what: str, total: Any, parts: Iterable[Any]) -> None:
        out.append((what, d(total), sum((d(p) for p in parts), ZERO)))

    if spec.shape is TableShape.CODED and rows and rows[0][1] == "合计":
        body = rows[1:]
        for i, head in enumerate(spec.header[2:]):
            col = 2 + i
            add(f"合计行“{head}”", rows[0][col], [r[col] for r in body if len(r[0]) == 3])
            for parent in body:
                kids = [r[col] for r in body if len(r[0]) == len(parent[0]) + 2 and r[0].startswith(parent[0])]
                if kids:
                    add(f"科目 {parent[0]}“{head}”", parent[col], kids)
    elif spec.shape is TableShape.TWO_PANEL:
        income = {r[0]: r[2] for r in rows if r and r[0]}
        add("本年收入合计", income.get("本年收入合计"),
            [income.get(x) for x in spec.income_labels[:spec.income_labels.index("本年收入合计")]])
        expense = [r[3:] for r in rows if len(r) > 3 and r[3]]
        add("本年支出合计", next((r[2] for r in expense if r[0] == "本年支出合计"), None),
            [r[2] for r in expense if r[0] not in spec.expense_trailer])
    elif spec.shape is TableShape.SINGLE_ROW and rows:
        row = rows[0]
        for base, label in ((0, "预算数"), (6, "决算数")):
            add(f"{label}合计", row[base], [row[base + 1], row[base + 2], row[base + 5]])
            add(f"{label}公务用车购置及运行维护费", row[base + 2], [row[base + 3], row[base + 4]])
    return out


def _tail(spec: OfficialTable, raw: list[list[Any]], rows: list[list[Any]], result: ImportResult) -> None:
    """Sums that held in 元 but not once each figure is rounded to 万元: the 尾差 the conversion made."""
    for (what, total_yuan, parts_yuan), (_, total, parts) in zip(_relations(spec, raw), _relations(spec, rows)):
        if total_yuan == parts_yuan and total != parts:
            result.tail.append(f"{spec.code}{what}：{format_money(total)} 万元，分项之和 {format_money(parts)} 万元，"
                               f"尾差 {format_money(total - parts)} 万元")


# ---------------------------------------------------------------------------
# The whole import


def read_tables(export: Path) -> ImportResult:
    """Everything the export holds for the nine tables, in the target's layout."""
    book = read_export(export)
    found, notes = find_sheets(book)
    result = ImportResult(unplaced=list(notes))
    for spec in schema.OFFICIAL_TABLES:
        sheet = found.get(spec.key)
        if sheet is None:
            result.missing.append(spec)
            continue
        layout = _layout(spec, sheet)
        if layout is None:
            result.unplaced.append(f"{sheet.name}：找不到{spec.code}{spec.name}的表头，本表未导入")
            continue
        cols = map_columns(spec, layout)
        for i in _amount_leaves(spec):
            if i not in cols:
                result.unplaced.append(f"{sheet.name}：找不到栏目“{spec.header[i]}”（{_groups(spec)[i] or spec.name}），该栏留空")
        rows = _Reader(spec, sheet, layout, cols, result).rows()
        _unplaced_columns(sheet, layout, cols, result)
        if layout.unit == "元":
            raw = _Reader(spec, sheet, layout, cols, ImportResult(), convert=False).rows()
            _tail(spec, raw, rows, result)
        if not rows:
            rows = [list(r) for r in schema.skeleton_rows(spec)]
        result.tables.append(TableImport(spec, sheet.name, layout.unit, rows, layout.unit_stated))
    return result


def _has_figures(sheet: RawSheet | None, spec: OfficialTable) -> bool:
    """Whether the target's table holds anything beyond the labels `pjgen init` writes."""
    if sheet is None:
        return False
    skeleton = schema.skeleton_rows(spec)
    for (r, c), v in sheet.values.items():
        if r < spec.first_row or v is None or (isinstance(v, str) and not v.strip()):
            continue
        i = r - spec.first_row
        expected = skeleton[i][c - 1] if i < len(skeleton) and c - 1 < len(skeleton[i]) else ""
        if clean_text(v) != expected:
            return True
    return False


def import_tables(export: Path, target: Path, replace: bool = False) -> ImportResult:
    """Fill the target workbook's official tables from the export. Raises PjgenError when
    either file cannot be read or the target is not a pjgen workbook."""
    export, target = Path(export), Path(target)
    if not target.exists():
        raise PjgenError(f"找不到目标工作簿 {target}。请先用 pjgen init（或 pjgen init --from 上年工作簿）生成。")
    if export.resolve() == target.resolve():
        raise PjgenError("导出表与目标工作簿是同一个文件。")
    book = read_workbook(target)
    missing = [s.name for s in schema.OFFICIAL_TABLES if s.name not in book.sheets]
    if missing:
        raise PjgenError(f"{target.name} 缺少工作表：{'、'.join(missing)}。目标应为 pjgen init 生成的工作簿。")
    result = read_tables(export)
    writes: dict[str, tuple[int, list[list[Any]]]] = {}
    for t in result.tables:
        if not replace and _has_figures(book.sheets.get(t.spec.name), t.spec):
            t.skipped = f"{target.name} 的{t.spec.code}已有数据，未覆盖（加 --replace 覆盖）"
            continue
        writes[t.spec.name] = (t.spec.first_row, t.rows)
        t.written = True
    if writes:
        write_atomic(target, replace_table_rows(target, writes))
    return result
