"""The nine 公开 tables read into the model: coded tables (公开02/03/05/08/09表), the two-panel
tables (公开01/04表), the economic blocks of 公开06表 and the single row of 公开07表.

``OfficialTables`` is the part of ``load.Loader`` that reads them; it uses the loader's
``sheet``, ``amount`` and ``error``.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from generator.load_text import clean_text, income_labels, is_decoration, normalize_label
from generator.model import (
    ZERO, CodedRow, CodedTable, EconomicItem, EconomicTable, ExpenseRow, IncomeRow, ThreePublicTable, TwoPanelTable,
)
from generator.problems import CellRef
from generator.records import columns_class
from generator.schema import OfficialTable


class OfficialTables:
    """Readers of the 公开 tables, mixed into ``load.Loader``."""

    def coded(self, spec: OfficialTable) -> CodedTable:
        sheet = self.sheet(spec.name)
        columns = columns_class(spec)
        heads = spec.headings
        if sheet is None:
            return CodedTable(spec.key, columns(*heads), None, ())
        n = spec.amount_columns
        total: CodedRow | None = None
        rows: list[CodedRow] = []
        seen: dict[str, CellRef] = {}
        for r in range(spec.first_row, sheet.max_row + 1):
            if sheet.row_is_empty(r, range(1, n + 3)) or is_decoration(sheet, r):
                continue
            code = normalize_label(clean_text(sheet.value(r, 1)))
            name = clean_text(sheet.value(r, 2))
            amounts = columns(*(self.amount(sheet, r, 3 + i, heads[i]) for i in range(n)))
            refs = columns(*(sheet.ref(r, 3 + i) for i in range(n)))
            if code in ("合计", "总计") or (not code and normalize_label(name) in ("合计", "总计")):
                if total is not None:
                    self.error("duplicate-total", "表中有两行“合计”。请只保留一行。", sheet.ref(r, 2))
                total = CodedRow("", "合计", amounts, refs, sheet.ref(r, 2))
                continue
            if not re.fullmatch(r"\d{3}|\d{5}|\d{7}", code):
                self.error("bad-code",
                           f"科目编码“{code}”无效。类为3位、款为5位、项为7位数字（如 2013201）。",
                           sheet.ref(r, 1))
                continue
            if not name:
                self.error("missing-value", f"科目 {code} 没有科目名称。", sheet.ref(r, 2))
            if code in seen:
                self.error("duplicate-code", f"科目编码 {code} 重复（另见 {seen[code]}）。",
                           sheet.ref(r, 1))
                continue
            seen[code] = sheet.ref(r, 1)
            rows.append(CodedRow(code, name, amounts, refs, sheet.ref(r, 2)))
        if total is None and rows:
            ref = sheet.ref(spec.first_row, 2)
            self.error("missing-total", f"{spec.name}缺少“合计”行。请在第{spec.first_row}行填写合计。", ref)
        return CodedTable(spec.key, columns(*heads), total, tuple(rows))

    def two_panel(self, spec: OfficialTable) -> TwoPanelTable:
        sheet = self.sheet(spec.name)
        if sheet is None:
            return TwoPanelTable(spec.key, (), (), spec.income_labels, spec.expense_trailer)
        columns = columns_class(spec)
        n_exp = len(spec.columns)
        income: list[IncomeRow] = []
        expense: list[ExpenseRow[Any]] = []
        wanted = income_labels(spec)
        found: set[str] = set()
        for r in range(spec.first_row, sheet.max_row + 1):
            if is_decoration(sheet, r):
                continue
            left = normalize_label(sheet.value(r, 1))
            if left:
                label = wanted.get(left)
                if label is None:
                    ref = sheet.ref(r, 1)
                    close = difflib.get_close_matches(left, list(wanted), n=1)
                    hint = f"是否应为“{wanted[close[0]]}”？" if close else ""
                    self.error("unknown-row", f"收入栏项目“{sheet.value(r, 1)}”不是本表的项目。{hint}", ref)
                elif label in found and label != "总计":
                    self.error("duplicate-row", f"收入栏项目“{label}”重复。", sheet.ref(r, 1))
                else:
                    found.add(label)
                    income.append(IncomeRow(label, clean_text(sheet.value(r, 2)),
                                            self.amount(sheet, r, 3, label), sheet.ref(r, 3)))
            right = clean_text(sheet.value(r, 4))
            if right:
                amounts = columns(*(self.amount(sheet, r, 6 + i, spec.headings[i]) for i in range(n_exp)))
                refs = columns(*(sheet.ref(r, 6 + i) for i in range(n_exp)))
                trailer = {normalize_label(t): t for t in spec.expense_trailer}
                label = trailer.get(normalize_label(right), right)
                expense.append(ExpenseRow(label, clean_text(sheet.value(r, 5)), amounts, refs))
        for lbl in spec.income_labels:
            if lbl not in found:
                ref = sheet.ref(spec.first_row, 1)
                self.error("missing-row", f"{spec.name}收入栏缺少项目“{lbl}”。请按官方格式补上（没有数的填 0）。", ref)
        labels = [e.label for e in expense]
        for lbl in spec.expense_trailer:
            if lbl not in labels:
                ref = sheet.ref(spec.first_row, 4)
                self.error("missing-row", f"{spec.name}支出栏缺少项目“{lbl}”。请按官方格式补上（没有数的填 0）。", ref)
        return TwoPanelTable(spec.key, tuple(income), tuple(expense), spec.income_labels, spec.expense_trailer)

    def economic(self, spec: OfficialTable) -> EconomicTable:
        sheet = self.sheet(spec.name)
        if sheet is None:
            return EconomicTable((), ZERO, ZERO)
        items: list[EconomicItem] = []
        personnel = public = ZERO
        p_ref = q_ref = None
        for r in range(spec.first_row, sheet.max_row + 1):
            if is_decoration(sheet, r):
                continue
            for block in (1, 2, 3):
                c0 = (block - 1) * 3 + 1
                code = normalize_label(clean_text(sheet.value(r, c0)))
                name = clean_text(sheet.value(r, c0 + 1))
                if not code and not name and sheet.value(r, c0 + 2) is None:
                    continue
                if code == "人员经费合计" or normalize_label(name) == "人员经费合计":
                    personnel, p_ref = self.amount(sheet, r, c0 + 2, "人员经费合计"), sheet.ref(r, c0 + 2)
                    continue
                if code == "公用经费合计" or normalize_label(name) == "公用经费合计":
                    public, q_ref = self.amount(sheet, r, c0 + 2, "公用经费合计"), sheet.ref(r, c0 + 2)
                    continue
                if not re.fullmatch(r"\d{3}|\d{5}", code):
                    self.error("bad-code", f"经济分类科目编码“{code}”无效（类3位、款5位，如 30101）。",
                               sheet.ref(r, c0))
                    continue
                items.append(EconomicItem(code, name, self.amount(sheet, r, c0 + 2, name or code), block,
                                          sheet.ref(r, c0 + 2)))
        if p_ref is None or q_ref is None:
            self.error("missing-total", f"{spec.name}缺少“人员经费合计”或“公用经费合计”。请在表末行填写。",
                       sheet.ref(spec.first_row, 1))
        items.sort(key=lambda i: (i.block != 1, i.block, 0))  # keep sheet order within blocks
        return EconomicTable(tuple(items), personnel, public, p_ref, q_ref)

    def single_row(self, spec: OfficialTable) -> ThreePublicTable:
        sheet = self.sheet(spec.name)
        r = spec.first_row
        columns = columns_class(spec)
        n = columns.width()
        if sheet is None:
            zeros = columns(*([ZERO] * n))
            return ThreePublicTable(zeros, zeros, None, None)  # type: ignore[arg-type]
        def block(cols: range) -> tuple[Any, Any]:
            return (columns(*(self.amount(sheet, r, c, spec.header[c - 1]) for c in cols)),
                    columns(*(sheet.ref(r, c) for c in cols)))

        budget, budget_refs = block(range(1, n + 1))  # 预算数
        actual, actual_refs = block(range(n + 1, 2 * n + 1))  # 决算数
        return ThreePublicTable(budget, actual, budget_refs, actual_refs)

    # -- projects -------------------------------------------------------------
