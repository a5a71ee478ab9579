"""The tables of the document in the template context: 公开01–09表 (annex), the
项目支出绩效自评表 and the 部门整体绩效 table, as the typed values of
generator/annex_types.py and generator/performance_types.py. Amounts through the pack's
Formatter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from generator.annex_types import (Annex, ByCodeTable, CodedLine, EconomicRow2, EconomicRow3, FundTable,
                                   NumberedRow, Panel1Row, Panel4Row, Table1, Table4, Table5, Table6, Table7)
from generator.model import ZERO, CodedTable, Indicator, NotApplicable, Project, Report, Score, TwoPanelTable, scored
from generator.money import format_plain
from generator.narrative import Formatter, chinese_numeral
from generator.performance_types import (FirstLevel, FundLine, IndicatorRow, OverallTable, ProjectTable, SecondLevel,
                                         Task, TaskTotals)
from generator.schema import T8, T9


def panel_amount(table: TwoPanelTable[Any], label: str, income: bool = True) -> Decimal:
    """A 收入 row's amount, or a fixed 支出 row's 合计."""
    if income:
        return table.income_amount(label)
    row = table.expense_row(label)
    return row.amounts.total if row else ZERO


def _levels(f: Formatter, indicators: tuple[Indicator, ...], selfeval: bool = True) -> list[FirstLevel]:
    """Group consecutive indicators by 一级 then 二级 (the merged cells of the table); a 目标表
    (``selfeval`` false) leaves the 自评表's columns empty."""
    levels: list[FirstLevel] = []
    for ind in indicators:
        if not levels or levels[-1].name != ind.level1:
            levels.append(FirstLevel(name=ind.level1, seconds=[]))
        seconds = levels[-1].seconds
        if not seconds or seconds[-1].name != ind.level2:
            seconds.append(SecondLevel(name=ind.level2, rows=[]))
        if selfeval:
            row = IndicatorRow(name=ind.level3, target=ind.target, actual=ind.actual,
                               weight=_score_text(ind.weight, format_plain), score=_score_text(ind.score, f.money),
                               reason=ind.reason)
        else:
            row = IndicatorRow(name=ind.level3, target=ind.target, actual="", weight="", score="", reason="")
        seconds[-1].rows.append(row)
    return levels


def _score_text(value: Score, fmt: Callable[[Decimal], str]) -> str:
    """A score or weight as printed: the number, "/" when not applicable, "" when unreadable."""
    if isinstance(value, NotApplicable):
        return value.text
    return "" if value is None else fmt(value)


def project_context(f: Formatter, p: Project) -> ProjectTable:
    rate = p.execution_rate
    dash = "—"
    funds = [FundLine(label="年度资金总额", initial=f.money(p.total.initial), full=f.money(p.total.full),
                      executed=f.money(p.total.executed), weight=_score_text(p.rate_weight, format_plain),
                      rate=f.percent(rate) if rate is not None else dash, score=_score_text(p.rate_score, f.money))]
    rows = [("其中：当年财政拨款", p.fiscal)]
    if p.carry is not None:
        rows.append(("上年结转资金", p.carry))
    rows.append(("其他资金", p.other))
    for label, fund in rows:
        funds.append(FundLine(label=label, initial=f.money(fund.initial), full=f.money(fund.full),
                              executed=f.money(fund.executed), weight=dash, rate=dash, score=dash))
    return ProjectTable(
        name=p.name, department=p.department, implementer=p.implementer, funds=funds,
        goal_expected=p.goal_expected, goal_actual=p.goal_actual, levels=_levels(f, p.indicators),
        total_weight=_score_text(scored([p.rate_weight, *(i.weight for i in p.indicators)]), format_plain),
        total_score=_score_text(p.total_score, format_plain) + ("分" if isinstance(p.total_score, Decimal) else ""),
    )


def overall_context(f: Formatter, r: Report) -> OverallTable | None:
    o = r.overall
    if o is None:
        return None
    selfeval = o.kind == "自评表"
    tasks = [Task(name=t.name, content=t.content, total=f.money(t.total), fiscal=f.money(t.fiscal),
                  other=f.money(t.other)) for t in o.tasks]
    return OverallTable(
        title="部门（单位）整体支出绩效" + ("自评表" if selfeval else "目标表"),
        year=str(r.year), unit=r.unit_name, tasks=tasks,
        tasks_total=TaskTotals(**{k: f.money(sum((getattr(t, k) for t in o.tasks), ZERO))
                                  for k in ("total", "fiscal", "other")}),
        goal=o.goal, is_selfeval=selfeval, levels=_levels(f, o.indicators, selfeval),
    )


_INDENT = "\u3000"


def _coded_rows(f: Formatter, table: CodedTable[Any]) -> list[CodedLine]:
    rows = []
    if table.total is not None:
        rows.append(CodedLine(code="", indent="", name="合计", v=[f.table_money(a) for a in table.total.amounts]))
    for row in table.rows:
        rows.append(CodedLine(code=row.code, indent=_INDENT * max(row.level - 1, 0), name=row.name,
                             v=[f.table_money(a) for a in row.amounts]))
    return rows


def _zip_panels(f: Formatter, table: TwoPanelTable[Any]) -> list[tuple[dict[str, str], Any]]:
    """The two panels side by side: each printed row's 收入 cells and label (the fields of a
    PanelRow), with its 支出 row (or None)."""
    out = []
    for i in range(max(len(table.income), len(table.expense))):
        inc = table.income[i] if i < len(table.income) else None
        exp = table.expense[i] if i < len(table.expense) else None
        row = {"inc_label": inc.label if inc else "", "inc_line": inc.line if inc else "",
               "inc_amount": f.table_money(inc.amount) if inc else "",
               "exp_label": exp.label if exp else "", "exp_line": exp.line if exp else ""}
        out.append((row, exp))
    return out


def _blank(f: Formatter, v: Decimal) -> str:
    """An amount of 公开01/04表's numbered panels: "" for zero unless the pack's ``panel_zero`` prints 0.00."""
    return "" if v == 0 and f.wording.panel_zero == "空白" else f.money(v)


def _numbered(labels: list[str]) -> list[str]:
    return [f"{chinese_numeral(i)}、{label}" for i, label in enumerate(labels, start=1)]


def _panel_rows(left: list[tuple[str, list[str]]], right: list[tuple[str, list[str]]], width: int
                ) -> list[NumberedRow]:
    """Pair two columns of (label, amounts) row by row, padding the shorter one."""
    rows = []
    for i in range(max(len(left), len(right))):
        inc = left[i] if i < len(left) else ("", [""])
        exp = right[i] if i < len(right) else ("", [""] * width)
        rows.append(NumberedRow(inc_label=inc[0], inc_amount=inc[1][0], exp_label=exp[0], exp_amounts=exp[1]))
    return rows


_T1_SOURCES = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
               "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_T4_FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def numbered_panels(f: Formatter, r: Report) -> dict[str, dict[str, list[NumberedRow]]]:
    """公开01/04表 laid out with numbered rows (一、一般公共预算财政拨款收入 …) and the
    totals paired at the foot (本年收入合计 | 本年支出合计 …); zero cells empty."""
    t1, t4 = r.t1, r.t4

    def inc(table: TwoPanelTable[Any], label: str) -> list[str]:
        return [_blank(f, panel_amount(table, label))]

    def amounts(row: Any, width: int) -> list[str]:
        return [_blank(f, a) for a in row.amounts][:width] if row else [""] * width

    def exp(table: TwoPanelTable[Any], label: str, width: int) -> list[str]:
        return amounts(table.expense_row(label), width)

    def classes(table: TwoPanelTable[Any], width: int) -> list[tuple[str, list[str]]]:
        rows = table.expense_classes
        return [(n, amounts(c, width)) for n, c in zip(_numbered([c.label for c in rows]), rows)]

    body1 = _panel_rows([(n, inc(t1, s)) for n, s in zip(_numbered(list(_T1_SOURCES)), _T1_SOURCES)],
                        classes(t1, 1), 1)
    foot1 = _panel_rows([(lbl, inc(t1, lbl)) for lbl in ("本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计")],
                        [(lbl, exp(t1, lbl, 1)) for lbl in ("本年支出合计", "结余分配", "年末结转和结余", "总计")], 1)
    body4 = _panel_rows([(n, inc(t4, s)) for n, s in zip(_numbered(list(_T4_FUNDS)), _T4_FUNDS)],
                        classes(t4, 4), 4)
    left4 = [("本年收入合计", inc(t4, "本年收入合计")), ("年初财政拨款结转和结余", inc(t4, "年初财政拨款结转和结余"))]
    left4 += [(n, inc(t4, f + "结转和结余")) for n, f in zip(_numbered(list(_T4_FUNDS)), _T4_FUNDS)]
    left4 += [("总计", inc(t4, "总计"))]
    right4 = [("本年支出合计", exp(t4, "本年支出合计", 4)), ("年末财政拨款结转和结余", exp(t4, "年末财政拨款结转和结余", 4))]
    right4 += [("", [""] * 4)] * 3 + [("总计", exp(t4, "总计", 4))]
    return {"t1": {"body": body1, "foot": foot1}, "t4": {"body": body4, "foot": _panel_rows(left4, right4, 4)}}


def _economic_rows(f: Formatter, blocks: list[list[Any]]) -> list[dict[str, str]]:
    """公开06表's blocks side by side: per row, c/n/a (科目编码, 名称, 决算数) of each block."""
    rows = []
    for i in range(max((len(b) for b in blocks), default=0)):
        row: dict[str, str] = {}
        for n, block in enumerate(blocks, start=1):
            item = block[i] if i < len(block) else None
            row.update({f"c{n}": item.code if item else "", f"n{n}": item.name if item else "",
                        f"a{n}": f.table_money(item.amount) if item else ""})
        rows.append(row)
    return rows


def _fund_table(f: Formatter, table: CodedTable[Any], note: str) -> FundTable:
    return FundTable(rows=_coded_rows(f, table) if not table.is_empty else [], empty=table.is_empty, note=note,
                     no_data=f.wording.empty_table_note)


def annex_context(f: Formatter, r: Report) -> Annex:
    t1 = [Panel1Row(**row, exp_amount=f.table_money(exp.amounts.total) if exp else "")
          for row, exp in _zip_panels(f, r.t1)]
    t4 = []
    for row, exp in _zip_panels(f, r.t4):
        a = exp.amounts if exp else None
        t4.append(Panel4Row(**row, exp_total=f.table_money(a.total) if a else "",
                            exp_general=f.table_money(a.general) if a else "",
                            exp_fund=f.table_money(a.fund) if a else "", exp_soe=f.table_money(a.soe) if a else ""))
    three = _economic_rows(f, [[i for i in r.t6.items if i.block == b] for b in (1, 2, 3)])
    two = _economic_rows(f, [[i for i in r.t6.items if i.block == 1], [i for i in r.t6.items if i.block != 1]])
    t5_rows = _coded_rows(f, r.t5)
    numbered = numbered_panels(f, r)
    t7_empty = not any(r.t7.budget) and not any(r.t7.actual)
    return Annex(
        t1=Table1(rows=t1, **numbered["t1"]),
        t2=ByCodeTable(rows=_coded_rows(f, r.t2)), t3=ByCodeTable(rows=_coded_rows(f, r.t3)),
        t4=Table4(rows=t4, **numbered["t4"]),
        t5=Table5(rows=t5_rows, detail=t5_rows[1:] if r.t5.total else t5_rows,
                  total=[f.table_money(a) for a in r.t5.totals]),
        t6=Table6(rows=[EconomicRow3(**row) for row in three], personnel_total=f.table_money(r.t6.personnel_total),
                  public_total=f.table_money(r.t6.public_total), two_blocks=[EconomicRow2(**row) for row in two]),
        t7=Table7(budget=[f.table_money(a) for a in r.t7.budget], actual=[f.table_money(a) for a in r.t7.actual],
                  empty=t7_empty, note=f.wording.empty_table_note),
        t8=_fund_table(f, r.t8, T8.empty_note), t9=_fund_table(f, r.t9, T9.empty_note),
    )
