"""The nine 公开 tables read into the model: coded tables (公开02/03/05/08/09表), the two-panel
tables (公开01/04表), the economic blocks of 公开06表 and the single row of 公开07表.

``OfficialTables`` is the part of ``load.Loader`` that checks them and builds the model; the
rows themselves are read by label by generator/tables (the reader ``pjgen import`` uses too),
each value with its sheet cell, so every problem names the cell the user sees. It uses the
loader's ``sheet``, ``amount`` and ``error``.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import Any

from generator.load_strays import unread_column
from generator.load_text import clean_text, income_labels, normalize_label
from generator.model import (
    ZERO, CodedRow, CodedTable, EconomicItem, EconomicTable, ExpenseRow, IncomeRow, ThreePublicTable, TwoPanelTable,
)
from generator.problems import CellRef
from generator.records import columns_class
from generator.schema import OfficialTable
from generator.tables import Line, Table, read_table


class OfficialTables:
    """Readers of the 公开 tables, mixed into ``load.Loader``."""

    def table(self, spec: OfficialTable) -> Table | None:
        """The 公开 sheet read by label (generator/tables), or None when it is absent. A column
        that is none of the table's but holds entries is named: they would not be used."""
        sheet = self.sheet(spec.name)
        if sheet is None:
            return None
        table = read_table(spec, sheet, official=True)
        assert table is not None  # the official layout stands in for headings it does not find
        for c, filled in table.unread_columns().items():
            if not filled:
                continue
            first = table.ref((filled[0], c))
            head = table.heading(c)
            what = f"列“{head}”" if head else f"{first.cell.rstrip('0123456789')} 列（无表头）"
            at = table.ref((table.layout.header_rows[-1], c)) if table.layout.header_rows and head else first
            self.problems.append(unread_column(spec.name, what, len(filled), first, at))
        return table

    def amount_at(self, table: Table, line: Line, leaf: int, label: str) -> tuple[Decimal, CellRef]:
        """An amount of a line and the cell it came from (0, at its official column, when
        the sheet has no column for it)."""
        cell = line.cell(leaf) or (line.row, leaf + 1)
        if line.cell(leaf) is None:
            return ZERO, table.ref(cell)
        return self.amount(table.sheet, *cell, label), table.ref(cell)

    def coded(self, spec: OfficialTable) -> CodedTable:
        table = self.table(spec)
        columns = columns_class(spec)
        heads = spec.headings
        if table is None:
            return CodedTable(spec.key, columns(*heads), None, ())
        n = spec.amount_columns
        total: CodedRow | None = None
        rows: list[CodedRow] = []
        seen: dict[str, CellRef] = {}
        for line in table.lines:
            code, name = line.labels
            read = [self.amount_at(table, line, 2 + i, heads[i]) for i in range(n)]
            amounts = columns(*(a for a, _ in read))
            refs = columns(*(ref for _, ref in read))
            code_ref = table.ref(line.cell(0) or (line.row, 1))
            name_ref = table.ref(line.cell(1) or (line.row, 2))
            if code in ("合计", "总计") or (not code and normalize_label(name) in ("合计", "总计")):
                if total is not None:
                    self.error("duplicate-total", "表中有两行“合计”。请只保留一行。", name_ref)
                total = CodedRow("", "合计", amounts, refs, name_ref)
                continue
            if not re.fullmatch(r"\d{3}|\d{5}|\d{7}", code):
                self.error("bad-code",
                           f"科目编码“{code}”无效。类为3位、款为5位、项为7位数字（如 2013201）。",
                           code_ref)
                continue
            if not name:
                self.error("missing-value", f"科目 {code} 没有科目名称。", name_ref)
            if code in seen:
                self.error("duplicate-code", f"科目编码 {code} 重复（另见 {seen[code]}）。", code_ref)
                continue
            seen[code] = code_ref
            rows.append(CodedRow(code, name, amounts, refs, name_ref))
        if total is None and rows:
            r, c = table.first_cell(1)
            self.error("missing-total", f"{spec.name}缺少“合计”行。请在第{r}行填写合计。", table.ref((r, c)))
        return CodedTable(spec.key, columns(*heads), total, tuple(rows))

    def two_panel(self, spec: OfficialTable) -> TwoPanelTable:
        table = self.table(spec)
        if table is None:
            return TwoPanelTable(spec.key, (), (), spec.income_labels, spec.expense_trailer)
        columns = columns_class(spec)
        n_exp = len(spec.columns)
        income: list[IncomeRow] = []
        expense: list[ExpenseRow[Any]] = []
        wanted = income_labels(spec)
        found: set[str] = set()
        for line in table.lines:
            left, right = line.labels
            label, trailer = line.official
            if left:
                ref = table.ref(line.cell(0) or (line.row, 1))
                if label is None:
                    close = difflib.get_close_matches(normalize_label(left), list(wanted), n=1)
                    hint = f"是否应为“{wanted[close[0]]}”？" if close else ""
                    self.error("unknown-row", f"收入栏项目“{line.value(0)}”不是本表的项目。{hint}", ref)
                elif label in found and label != "总计":
                    self.error("duplicate-row", f"收入栏项目“{label}”重复。", ref)
                else:
                    found.add(label)
                    amount, amount_ref = self.amount_at(table, line, 2, label)
                    income.append(IncomeRow(label, clean_text(line.value(1)), amount, amount_ref))
            if right:
                read = [self.amount_at(table, line, 5 + i, spec.headings[i]) for i in range(n_exp)]
                amounts = columns(*(a for a, _ in read))
                refs = columns(*(ref for _, ref in read))
                expense.append(ExpenseRow(trailer or right, clean_text(line.value(4)), amounts, refs))
        for lbl in spec.income_labels:
            if lbl not in found:
                ref = table.ref(table.first_cell(0))
                self.error("missing-row", f"{spec.name}收入栏缺少项目“{lbl}”。请按官方格式补上（没有数的填 0）。", ref)
        labels = [e.label for e in expense]
        for lbl in spec.expense_trailer:
            if lbl not in labels:
                ref = table.ref(table.first_cell(3))
                self.error("missing-row", f"{spec.name}支出栏缺少项目“{lbl}”。请按官方格式补上（没有数的填 0）。", ref)
        return TwoPanelTable(spec.key, tuple(income), tuple(expense), spec.income_labels, spec.expense_trailer)

    def economic(self, spec: OfficialTable) -> EconomicTable:
        table = self.table(spec)
        if table is None:
            return EconomicTable((), ZERO, ZERO)
        items: list[EconomicItem] = []
        personnel = public = ZERO
        p_ref = q_ref = None
        for line in table.lines:
            for block in (1, 2, 3):
                k = (block - 1) * 3
                code, name = line.labels[2 * (block - 1)], line.labels[2 * (block - 1) + 1]
                if not code and not name and line.value(k + 2) is None:
                    continue
                if code == "人员经费合计" or normalize_label(name) == "人员经费合计":
                    personnel, p_ref = self.amount_at(table, line, k + 2, "人员经费合计")
                    continue
                if code == "公用经费合计" or normalize_label(name) == "公用经费合计":
                    public, q_ref = self.amount_at(table, line, k + 2, "公用经费合计")
                    continue
                if not re.fullmatch(r"\d{3}|\d{5}", code):
                    self.error("bad-code", f"经济分类科目编码“{code}”无效（类3位、款5位，如 30101）。",
                               table.ref(line.cell(k) or (line.row, k + 1)))
                    continue
                amount, ref = self.amount_at(table, line, k + 2, name or code)
                items.append(EconomicItem(code, name, amount, block, ref))
        if p_ref is None or q_ref is None:
            self.error("missing-total", f"{spec.name}缺少“人员经费合计”或“公用经费合计”。请在表末行填写。",
                       table.ref(table.first_cell(0)))
        items.sort(key=lambda i: (i.block != 1, i.block, 0))  # keep sheet order within blocks
        return EconomicTable(tuple(items), personnel, public, p_ref, q_ref)

    def single_row(self, spec: OfficialTable) -> ThreePublicTable:
        table = self.table(spec)
        columns = columns_class(spec)
        n = columns.width()
        if table is None:
            zeros = columns(*([ZERO] * n))
            return ThreePublicTable(zeros, zeros, None, None)  # type: ignore[arg-type]
        # the one row of figures: the first data row, or where it belongs while the table is empty
        line = table.lines[0] if table.lines else Line(table.layout.data_start, (None,) * 2 * n,
                                                       tuple(table.first_cell(i) for i in range(2 * n)), ())

        def block(leaves: range) -> tuple[Any, Any]:
            read = [self.amount_at(table, line, i, spec.header[i]) for i in leaves]
            return columns(*(a for a, _ in read)), columns(*(ref for _, ref in read))

        budget, budget_refs = block(range(n))  # 预算数
        actual, actual_refs = block(range(n, 2 * n))  # 决算数
        return ThreePublicTable(budget, actual, budget_refs, actual_refs)

    # -- projects -------------------------------------------------------------
