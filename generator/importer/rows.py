"""The data rows of one export table in the target's layout. Amounts are `Amount`s (so
their cells can be traced); rows are found by 科目编码 or 项目 label, never by position, and
a row that repeats an earlier one is merged into it, never overwriting it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable

from generator import schema
from generator.importer.labels import CODE, ECONOMIC_TOTALS, TOTALS, code_part, norm, official_income, strip_numbering
from generator.importer.layout import Layout, amount_leaves, is_lanci_row, known_labels
from generator.importer.ledger import Amount, Ledger
from generator.load_text import clean_text, is_decoration
from generator.money import NotANumber, parse_number, quantize
from generator.schema import OfficialTable, TableShape
from generator.workbook import RawSheet

TEN_THOUSAND = Decimal(10000)
_FUND_SECTION = "年初财政拨款结转和结余"
_CODE_WIDTHS = (3, 2, 2)


class Reader:
    def __init__(self, spec: OfficialTable, sheet: RawSheet, layout: Layout, cols: dict[int, int],
                 ledger: Ledger) -> None:
        self.spec, self.sheet, self.layout, self.cols, self.ledger = spec, sheet, layout, cols, ledger
        self.in_yuan = layout.unit == "元"
        self.last_codes: dict[int, list[str]] = {}  # code-part group → last 类, 款 seen

    def rows(self) -> list[list[Any]]:
        return {TableShape.CODED: self.coded, TableShape.TWO_PANEL: self.two_panel,
                TableShape.ECONOMIC: self.economic, TableShape.SINGLE_ROW: self.single_row}[self.spec.shape]()

    def amount(self, r: int, leaf: int) -> Amount | None:
        c = self.cols.get(leaf)
        if c is None:
            return None
        raw = self.sheet.value(r, c)
        if raw is None or isinstance(raw, str) and not raw.strip():
            return None
        try:
            value = parse_number(raw)
        except NotANumber:
            self.ledger.skip_cell((r, c), f"“{raw}”不是数字，未导入")
            return None
        exact = value / TEN_THOUSAND if self.in_yuan else value
        return Amount(quantize(exact), exact, (r, c))

    def text(self, r: int, leaf: int) -> str:
        """A label; a name wrapped onto a second line in the cell is joined again."""
        c = self.cols.get(leaf)
        return re.sub(r"\s*\n\s*", "", clean_text(self.sheet.value(r, c))) if c is not None else ""

    def code(self, r: int, leaf: int, block: int = 0) -> str:
        """The 科目编码 of a row: from its column, or composed from 类 / 款 / 项 columns
        (a blank 类 or 款 under a row that gave one is that row's)."""
        if not self.layout.code_parts:
            return norm(self.text(r, leaf))
        if block >= len(self.layout.code_parts):
            return ""
        group = self.layout.code_parts[block]
        texts = [self.sheet.value(r, c) for c in group]
        parts = [code_part(v, w) for v, w in zip(texts, _CODE_WIDTHS)]
        if any(p is None for p in parts):
            return "".join(norm(v) for v in texts)  # a label such as 人员经费合计, or the 类 款 项 headings
        last = self.last_codes.setdefault(block, ["", ""])
        for i in range(len(parts) - 1):
            if not parts[i] and any(parts[i + 1:]) and last[i]:
                parts[i] = last[i]
        filled = [bool(p) for p in parts]
        if filled != sorted(filled, reverse=True):  # a 项 without its 款: not a code
            return "".join(p or "？" for p in parts)
        code = "".join(parts)
        if CODE.fullmatch(code):
            last[0] = code[:3]
            last[1] = code[3:5] if len(code) >= 5 else ""
        return code

    def code_cell(self, leaf: int, block: int = 0) -> int:
        if self.layout.code_parts and block < len(self.layout.code_parts):
            return self.layout.code_parts[block][0]
        return self.cols.get(leaf, self.cols.get(leaf + 1, 1))

    def data_rows(self) -> Iterable[int]:
        used = set(self.cols.values()) | {c for g in self.layout.code_parts for c in g}
        for r in range(self.layout.data_start, self.sheet.max_row + 1):
            if self.sheet.row_is_empty(r, used) or is_decoration(self.sheet, r) or is_lanci_row(self.sheet, r):
                continue
            yield r

    def _continues(self, code: str, name: str, values: list[Amount | None]) -> bool:
        """A row holding only the end of the name above it, wrapped onto a line of its own
        (PDF conversions): no code, no amount, not a heading, a title or a 单位 line."""
        text = norm(name)
        return bool(text) and not code and all(v is None for v in values) and not self.sheet_words(text)

    def sheet_words(self, text: str) -> bool:
        titles = {norm(s.name) for s in schema.OFFICIAL_TABLES} | known_labels(self.spec)
        return text in titles or text in TOTALS or "：" in text or ":" in text or "单位" in text

    def coded(self) -> list[list[Any]]:
        amounts = amount_leaves(self.spec)
        total: list[Any] | None = None
        rows: dict[str, list[Any]] = {}
        above: list[Any] | None = None  # the last row placed: where a wrapped name continues
        for r in self.data_rows():
            code, name = self.code(r, 0), self.text(r, 1)
            if 0 not in self.cols and not self.layout.code_parts:  # "2080501 行政单位离退休" in one column
                m = re.match(r"\s*(\d{3}(?:\d{2}){0,2})\s*(.*)", name)
                if m:
                    code, name = m.group(1), m.group(2).strip()
            values = [self.amount(r, i) for i in amounts]
            if above is not None and self._continues(code, name, values):
                above[1] += name
                self.ledger.notes.append(f"{self.ledger.ref((r, self.cols[1]))}：“{name}”是上一行科目名称的折行，"
                                         f"已接上（{above[0]} {above[1]}）")
                continue
            above = None
            label = strip_numbering(norm(name))
            if code in TOTALS or not CODE.fullmatch(code) and (label in TOTALS or code.endswith(TOTALS)):
                row = ["", "合计", *values]
                if total is None:
                    total = row
                else:
                    self.ledger.merge(total, row, f"{self.spec.code}合计行")
                continue
            if not CODE.fullmatch(code):
                shown = code if self.layout.code_parts else clean_text(self.sheet.value(r, self.code_cell(0)))
                self.ledger.skip_row(r, f"“{shown}”不是科目编码（类3位、款5位、项7位），本行未导入")
                continue
            if code in rows:
                self.ledger.merge(rows[code], [code, name, *values], f"{self.spec.code}科目 {code} ")
            else:
                rows[code] = [code, name, *values]
                above = rows[code]
        return ([total] if total is not None else []) + list(rows.values())

    def _label(self, r: int, leaf: int, labels: dict[str, str], suffix: str) -> str | None:
        key = strip_numbering(norm(self.text(r, leaf)))
        if suffix and norm(key + suffix) in labels:  # 公开04表: "一、一般公共预算财政拨款" under 年初…结转和结余
            return labels[norm(key + suffix)]
        return labels.get(key) or next((v for k, v in labels.items() if key.startswith(k + "(")), None)

    def two_panel(self) -> list[list[Any]]:
        spec = self.spec
        income_label, income_amount, exp_label = 0, 2, 3
        exp_amounts = list(range(5, len(spec.header)))
        official = official_income(spec)
        trailer = {norm(x): x for x in spec.expense_trailer}
        income: dict[str, list[Any]] = {}
        classes: dict[str, list[Any]] = {}
        trailers: dict[str, list[Any]] = {}
        suffix = ""
        headings = known_labels(spec)  # a continuation page repeats 收入 | 支出
        for r in self.data_rows():
            if self.text(r, income_label):
                label = self._label(r, income_label, official, suffix)
                value = self.amount(r, income_amount)
                if label is None:
                    if value is not None:
                        self.ledger.skip_cell(
                            value.source, f"收入栏项目“{self.text(r, income_label)}”不是本表的官方项目，未导入")
                elif label in income:
                    self.ledger.merge(income[label], [value], f"收入栏“{label}”")
                else:
                    income[label] = [value]
                if label == _FUND_SECTION and _FUND_SECTION in spec.income_labels:
                    suffix = "结转和结余"
                elif label in ("本年收入合计", "总计"):
                    suffix = ""
            right = self.text(r, exp_label)
            if right:
                values = [self.amount(r, i) for i in exp_amounts]
                label = self._label(r, exp_label, trailer, "")
                name = strip_numbering(right.strip())
                target = trailers if label is not None else classes
                key = label if label is not None else name
                if key in target:
                    self.ledger.merge(target[key], values, f"支出栏“{key}”")
                elif label is not None or any(v is not None for v in values) or \
                        name.endswith("支出") and norm(name) not in headings:
                    target[key] = values
        left_rows = [[label, str(i), (income.get(label) or [None])[0]]
                     for i, label in enumerate(spec.income_labels, start=1)]
        line = len(left_rows)
        right_rows = []
        empty = [None] * len(exp_amounts)
        for name, cells in [*classes.items(), *((t, trailers.get(t, empty)) for t in spec.expense_trailer)]:
            line += 1
            right_rows.append([name, str(line), *cells])
        out = []
        for i in range(max(len(left_rows), len(right_rows))):
            left = left_rows[i] if i < len(left_rows) else ["", "", None]
            out.append(left + (right_rows[i] if i < len(right_rows) else []))
        return out

    def economic(self) -> list[list[Any]]:
        out = []
        for r in self.data_rows():
            cells: list[Any] = []
            for block in range(3):
                code, name = self.code(r, block * 3, block), self.text(r, block * 3 + 1)
                value = self.amount(r, block * 3 + 2)
                if not code and strip_numbering(norm(name)) in ECONOMIC_TOTALS:
                    code, name = norm(name), ""
                if code and not CODE.fullmatch(code) and code not in ECONOMIC_TOTALS:
                    c = self.code_cell(block * 3, block)
                    reason = f"“{clean_text(self.sheet.value(r, c))}”不是经济分类科目编码，未导入"
                    if value is not None:
                        self.ledger.skip_cell(value.source, reason)
                    code, name, value = "", "", None
                cells += [code, name, value]
            if any(v not in ("", None) for v in cells):
                out.append(cells)
        return out

    def single_row(self) -> list[list[Any]]:
        kept: list[Any] | None = None
        first = 0
        for r in self.data_rows():
            values = [self.amount(r, i) for i in range(len(self.spec.header))]
            if not any(v is not None for v in values):
                continue
            if kept is None:
                kept, first = values, r
            else:
                self.ledger.skip_row(r, f"{self.spec.code}只有一行数据，已用第 {first} 行，本行未导入")
        return [kept] if kept is not None else []
