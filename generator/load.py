"""RawBook → Report, yielding a Problem for every cell that cannot be read.

Loading never stops at the first problem: every sheet is read and every bad
cell reported, so one `pjgen check` shows all there is to fix.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from generator import schema
from generator.load_strays import form_rows, stray_columns, stray_sheets, unreported
from generator.load_tables import OfficialTables
from generator.load_text import ROW_ALIASES, clean_text, income_labels, is_decoration, normalize_label
from generator.model import (
    ZERO, NOT_APPLICABLE, Funds, Indicator, NotApplicable, Overall, OverallTask, Project, Report, or_zero,
)
from generator.money import LIMIT, NotANumber, NumberOutOfRange, format_money, parse_number, quantize, trim_noise
from generator.printed import EVERYTHING, Printed
from generator.problems import CellRef, Problem, warning
from generator.records import SCORE_KEYS, Cells, record_class
from generator.schema import Field, FormSheet, Kind, ListSheet
from generator.workbook import RawBook, RawSheet


class Loader(OfficialTables):
    def __init__(self, book: RawBook, selection: schema.Selection = schema.FULL_SELECTION,
                 printed: Printed = EVERYTHING) -> None:
        self.book = book
        self.selection = selection  # what the pack uses: other sheets and fields are not read
        self.printed = printed  # what the pack's template prints: other fields are never mandatory
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()  # list sheets skipped for a missing column
        self.forms: dict[str, Cells] = {}  # each form sheet's record, by sheet name

    # -- problems -----------------------------------------------------------
    def error(self, code: str, message: str, ref: CellRef | None) -> None:
        self.problems.append(Problem(code, message, ref))

    # -- sheets ---------------------------------------------------------------
    def sheet(self, name: str, optional: bool = False) -> RawSheet | None:
        if not self.selection.uses(name):
            return None
        sheets = self.book.sheets
        if name in sheets:
            return sheets[name]
        by_norm = {normalize_label(n): n for n in sheets}
        if normalize_label(name) in by_norm:
            return sheets[by_norm[normalize_label(name)]]
        if optional:
            return None
        # Suggest only a sheet the workbook should not have: renaming one of the
        # expected sheets (一般公共预算支出上年对比 for 上年及预算对比) would break it.
        expected = {normalize_label(n) for n in (*schema.SHEET_ORDER, schema.META_SHEET)}
        strays = [n for n in sheets if normalize_label(n) not in expected]
        close = difflib.get_close_matches(name, strays, n=1, cutoff=0.4)
        hint = f"工作簿中有一张“{close[0]}”，是否名称写错了？请改为“{name}”。" if close else \
            "请用 pjgen init 生成的模板补上这张表。"
        self.error("missing-sheet", f"缺少工作表“{name}”。{hint}", None)
        return None

    # -- cells ---------------------------------------------------------------
    def cell(self, sheet: RawSheet, row: int, col: int, f: Field) -> Any:
        """A typed value, or None when missing/bad (a problem is recorded)."""
        ref = sheet.ref(row, col)
        if (row, col) in sheet.formulas_without_value:
            self.error("formula-without-value",
                       f"“{f.label}”是公式，但没有计算结果（文件可能由程序生成、从未在 Excel/WPS 中打开保存）。"
                       "请在 Excel 或 WPS 中打开并保存后再试，或把公式改为数值。", ref)
            return None
        raw = sheet.value(row, col)
        if f.kind.numeric:
            return self.number(raw, ref, f)
        text = clean_text(raw)
        if not text:
            if f.required:
                self.error("missing-value", f"“{f.label}”未填写。请填写{f.label}。", ref)
            return None
        if f.kind is Kind.CHOICE and text not in f.choices:
            self.error("invalid-choice",
                       f"“{f.label}”填的是“{text}”，只能是：{'、'.join(f.choices)}。请从下拉列表中选择。", ref)
            return None
        return text

    def number(self, raw: Any, ref: CellRef, f: Field) -> Decimal | int | NotApplicable | None:
        if f.key in SCORE_KEYS and isinstance(raw, str) and raw.strip() in ("/", "／"):
            return NOT_APPLICABLE
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if f.required:
                self.error("missing-value",
                           f"“{f.label}”未填写。请填写数字；没有的填 0。", ref)
            return None
        try:
            value = parse_number(raw)
        except NumberOutOfRange:
            self.error("number-out-of-range",
                       f"“{f.label}”填的是“{raw}”，数值过大（绝对值应小于 {LIMIT:,.0f}），不可能是{f.kind.value}。"
                       "请核对是否多输了数字或粘贴了其他内容。", ref)
            return None
        except NotANumber:
            self.error("not-a-number",
                       f"“{f.label}”填的是“{raw}”，不是数字。请填写{f.kind.value}，如 1,234.56；没有的填 0 或“—”。",
                       ref)
            return None
        if value < 0:
            self.error("negative-amount", f"“{f.label}”为负数 {raw}，此处不能为负。请核对。", ref)
            return None
        if f.kind is Kind.COUNT:
            if value != value.to_integral_value():
                self.error("not-an-integer", f"“{f.label}”应为整数，填的是“{raw}”。", ref)
                return None
            return int(value)
        if f.kind is Kind.MONEY and value != quantize(value):
            cents = quantize(value)
            self.problems.append(warning(
                "more-than-two-decimals",
                f"“{f.label}”填的是 {raw}，金额只保留两位小数：文档按四舍五入使用 {format_money(cents)} 万元。"
                "请核对并改为两位小数。", ref))
            return cents
        return trim_noise(value)

    def required_if_printed(self, spec_name: str, fields: tuple[Field, ...]) -> tuple[Field, ...]:
        """``fields`` with ``required`` kept only for the fields the template prints."""
        return self.printed.required(spec_name, fields)

    def amount(self, sheet: RawSheet, row: int, col: int, label: str) -> Decimal:
        v = self.cell(sheet, row, col, Field("", label, Kind.MONEY, required=False))
        return ZERO if v is None else v

    # -- forms and lists -------------------------------------------------------
    def form(self, spec: FormSheet) -> Any:
        """The form sheet `spec` as one record of its class (generated from the schema).

        Fields the pack does not use are not read: no value, and a reference without a
        cell (``CellRef(sheet, "")``), so that no problem is reported about them."""
        cls = record_class(spec)
        full = spec.fields
        spec = self.selection.restrict(spec)
        unused = {f.key: CellRef(spec.name, "") for f in full if f not in spec.fields}
        spec = replace(spec, fields=self.required_if_printed(spec.name, spec.fields))
        sheet = self.sheet(spec.name, optional=spec.optional)
        values: dict[str, Any] = {}
        refs: dict[str, CellRef] = {}
        if sheet is None:
            return self._keep(_typed(cls, full, {}, {f.key: CellRef(spec.name, "B1") for f in spec.fields} | unused),
                              spec)
        rows, strays = form_rows(sheet, spec, full)
        for f in spec.fields:
            r = rows.get(normalize_label(f.label))
            if r is None and f.may_be_absent:
                values[f.key], refs[f.key] = None, CellRef(spec.name, "")
                continue
            if r is None:
                r = spec.row_of(f.key)
                self.error("missing-field",
                           f"找不到项目“{f.label}”。请勿修改 A 列的项目名称（可用 pjgen init 生成新模板对照）。",
                           sheet.ref(r, 1))
                values[f.key], refs[f.key] = None, sheet.ref(r, 2)
                continue
            values[f.key] = self.cell(sheet, r, 2, f)
            refs[f.key] = sheet.ref(r, 2)
        self.problems += unreported(strays, self.problems)
        return self._keep(_typed(cls, full, values, refs | unused), spec)

    def _keep(self, record: Any, spec: FormSheet) -> Any:
        self.forms[spec.name] = record
        return record

    def list_rows(self, spec: ListSheet) -> tuple[Any, ...]:
        """The filled rows of the list sheet `spec`, one record each (columns the
        pack does not use are not read)."""
        cls = record_class(spec)
        full = spec.columns
        spec = self.selection.restrict(spec)
        unused = {f.key: CellRef(spec.name, "") for f in full if f not in spec.columns}
        spec = replace(spec, columns=self.required_if_printed(spec.name, spec.columns))
        sheet = self.sheet(spec.name, optional=spec.optional)
        if sheet is None:
            return ()
        header = {normalize_label(sheet.value(spec.header_row, c)): c for c in range(1, sheet.max_col + 1)}
        strays = stray_columns(sheet, spec, full)
        cols: dict[str, int] = {}
        for i, f in enumerate(spec.columns, start=1):
            c = header.get(normalize_label(f.label))
            if c is None and f.may_be_absent:
                continue
            if c is None:
                ref = sheet.ref(spec.header_row, i)
                self.error("missing-column", f"找不到列“{f.label}”。请勿修改表头。", ref)
                continue
            cols[f.key] = c
        self.problems += unreported(strays, self.problems)
        if len(cols) < len([f for f in spec.columns if not f.may_be_absent]):
            self.unreadable.add(spec.name)
            return ()
        out = []
        for r in range(spec.first_row, sheet.max_row + 1):
            if sheet.row_is_empty(r, cols.values()):
                continue
            values = {f.key: self.cell(sheet, r, cols[f.key], f) for f in spec.columns if f.key in cols}
            refs = {f.key: sheet.ref(r, cols[f.key]) if f.key in cols else CellRef(spec.name, "")
                    for f in spec.columns}
            out.append(_typed(cls, full, values, refs | unused, row=r))
        return tuple(out)

    def projects(self) -> tuple[Project, ...]:
        heads = self.list_rows(schema.PROJECTS)
        indicators = self.list_rows(schema.INDICATORS)
        if schema.PROJECTS.name in self.unreadable:
            # its missing-column problem says why; matching every indicator against
            # no projects would only add one unknown-project per indicator
            return ()
        by_no: dict[str, list[Indicator]] = {}
        known = {h.no for h in heads}
        for rec in indicators:
            if rec.no not in known:
                self.error("unknown-project", f"项目序号“{rec.no}”在“绩效自评项目”表中不存在。", rec.ref("no"))
                continue
            by_no.setdefault(rec.no, []).append(_indicator(rec))
        out = []
        seen: set[str] = set()
        for h in heads:
            if h.no in seen:
                self.error("duplicate-project", f"项目序号“{h.no}”重复。", h.ref("no"))
                continue
            seen.add(h.no)
            if not by_no.get(h.no):
                self.error("missing-indicators", f"项目“{h.name}”在“绩效自评指标”表中没有指标。", h.ref("name"))
            has_carry = any(v is not None for v in (h.initial_carry, h.full_carry, h.executed_carry))
            out.append(Project(
                h.no, h.name, h.department, h.implementer,
                _funds(h.initial_total, h.full_total, h.executed_total),
                _funds(h.initial_fiscal, h.full_fiscal, h.executed_fiscal),
                _funds(h.initial_carry, h.full_carry, h.executed_carry) if has_carry else None,
                _funds(h.initial_other, h.full_other, h.executed_other),
                h.rate_weight, h.rate_score, h.goal_expected, h.goal_actual,
                h.total_score, tuple(by_no.get(h.no, ())), h))
        return tuple(out)

    def overall(self) -> Overall | None:
        form = self.form(schema.OVERALL)
        if form.kind in ("", "无"):
            return None
        tasks = tuple(OverallTask(t.name, t.content, or_zero(t.total), or_zero(t.fiscal), or_zero(t.other),
                                  t.executed, t)
                      for t in self.list_rows(schema.OVERALL_TASKS))
        inds = tuple(_indicator(i) for i in self.list_rows(schema.OVERALL_INDICATORS))
        return Overall(form.kind, form.goal, tasks, inds)

    # -- everything -------------------------------------------------------------
    def report(self) -> Report:
        unit = self.form(schema.UNIT)
        functions = tuple(r.text for r in self.list_rows(schema.FUNCTIONS) if r.text)
        offices_rows = self.list_rows(schema.OFFICES)
        report = Report(
            unit=unit,
            functions=functions,
            offices=tuple(r.name for r in offices_rows if r.kind == "内设处室" and r.name),
            subordinates=tuple(r.name for r in offices_rows if r.kind == "下属预算单位" and r.name),
            t1=self.two_panel(schema.T1), t2=self.coded(schema.T2), t3=self.coded(schema.T3),
            t4=self.two_panel(schema.T4), t5=self.coded(schema.T5), t6=self.economic(schema.T6),
            t7=self.single_row(schema.T7), t8=self.coded(schema.T8), t9=self.coded(schema.T9),
            compare=self.form(schema.COMPARE),
            general_last=self.list_rows(schema.GENERAL_LAST),
            three_public=self.form(schema.THREE_PUBLIC),
            other=self.form(schema.OTHER_MATTERS),
            performance=self.form(schema.PERFORMANCE),
            projects=self.projects(),
            overall=self.overall(),
            composition=self.list_rows(schema.COMPOSITION),
            item_notes=self.list_rows(schema.ITEM_NOTES),
            three_public_more=self.form(schema.THREE_PUBLIC_MORE),
            performance_stages=self.form(schema.PERFORMANCE_STAGES),
            procurement_reserved=self.form(schema.PROCUREMENT_RESERVED),
            glossary=self.form(schema.GLOSSARY),
            forms=MappingProxyType(dict(self.forms)),  # last: every form sheet has been read
        )
        # a stray sheet that a missing-sheet problem names (a misspelt sheet name) is reported there
        named = " ".join(p.message for p in self.problems if p.code == "missing-sheet")
        self.problems += [p for p in stray_sheets(self.book) if f"“{p.ref.sheet}”" not in named]
        return report


def _typed(cls: type[Cells], spec_fields: tuple[Field, ...], values: dict[str, Any], refs: dict[str, CellRef],
           **extra: Any) -> Any:
    """One record of `cls` from the values read for the schema fields: a blank text is "",
    a blank number None. A schema key without a field of `cls` (or the reverse) is a TypeError."""
    typed = {f.key: ("" if values.get(f.key) is None and not f.kind.numeric else values.get(f.key))
             for f in spec_fields}
    return cls(**typed, refs=MappingProxyType(refs), **extra)


def _funds(initial: Decimal | None, full: Decimal | None, executed: Decimal | None) -> Funds:
    return Funds(or_zero(initial), or_zero(full), or_zero(executed))


def _indicator(row: Any) -> Indicator:
    return Indicator(row.level1, row.level2, row.level3, row.target, row.actual, row.weight, row.score,
                     row.reason, row)


def load_report(book: RawBook, selection: schema.Selection = schema.FULL_SELECTION,
                printed: Printed = EVERYTHING) -> tuple[Report, list[Problem]]:
    """The report and every problem found reading it; ``selection`` is what the pack reads,
    ``printed`` what its template prints (a field it does not print is never mandatory)."""
    loader = Loader(book, selection, printed)
    report = loader.report()
    return report, loader.problems


__all__ = ["ROW_ALIASES", "Loader", "clean_text", "income_labels", "is_decoration", "load_report", "normalize_label"]
