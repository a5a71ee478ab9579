"""Which sheet of an export holds which of the nine 公开表: by the table title (in the
sheet name, with or without codes such as 公开01表 / Z01 / 财决01表 and Excel's 31-character
cut, or in the title row). Workbooks that are not a 决算 export of the 公开表 are recognised:
the 决算 software's internal report set (财决01表 …) and a 预算 workbook."""

from __future__ import annotations

import re
from typing import Any

from generator import schema
from generator.tables.labels import TABLE_CODE, norm
from generator.schema import OfficialTable
from generator.workbook import RawBook, RawSheet

_EXCEL_NAME_LIMIT = 31
_INTERNAL = re.compile(r"^Z\d{2}.*财决\d{2}(?:-\d+)?表")
_FUNDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")
_BUDGET = re.compile(r"预算(?:总)?表|部门预算|单位预算|收支预算|预算公开|预算数")


def _title_key(text: Any) -> str:
    return TABLE_CODE.sub("", norm(text)).strip("_-—－·.：:")


def _spec_by_title(text: Any) -> OfficialTable | None:
    key = _title_key(text)
    return next((s for s in schema.OFFICIAL_TABLES if norm(s.name) == key), None) if key else None


def _spec_by_cut_name(name: str) -> OfficialTable | None:
    """A sheet name Excel cut at 31 characters: its end is the start of a table title."""
    if len(name) != _EXCEL_NAME_LIMIT:
        return None
    key = norm(name)
    best: tuple[int, OfficialTable] | None = None
    for spec in schema.OFFICIAL_TABLES:
        title = norm(spec.name)
        for start in range(len(key)):
            tail = key[start:]
            if len(tail) >= 6 and title.startswith(tail):
                if best is None or len(tail) > best[0]:
                    best = (len(tail), spec)
                break
    return best[1] if best else None


def _spec_by_code(name: str) -> OfficialTable | None:
    m = re.search(r"公开(\d{1,2})表", norm(name))
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


def internal_report_sheets(book: RawBook) -> list[str]:
    """Sheets named as the 决算 software names its internal reports: Z01 收入支出决算总表(财决01表)."""
    return [name for name in book.sheets if _INTERNAL.match(norm(name))]


def budget_sheets(book: RawBook) -> list[str]:
    """Sheets whose name or title rows speak of a 预算 (budget), not a 决算: 收支预算总表, 部门预算, 预算数."""
    out = []
    for sheet in book.sheets.values():
        texts = [sheet.name] + [str(sheet.value(r, c)) for r in range(1, min(sheet.max_row, 6) + 1)
                                for c in range(1, sheet.max_col + 1) if sheet.value(r, c) is not None]
        words = [_FUNDS.sub("", norm(t)) for t in texts]
        if any(_BUDGET.search(w) for w in words) and not any("决算" in w for w in words):
            out.append(sheet.name)
    return out


def expected_tables() -> str:
    return "、".join(f"{s.name}（{s.code}）" for s in schema.OFFICIAL_TABLES)
