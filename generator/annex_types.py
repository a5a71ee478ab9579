"""第四部分's nine 决算报表 (公开01–09表) as the template context holds them, typed: each field
carries its vocabulary description (generator/described.py). Amounts are preformatted
strings; generator/context_tables.py fills these from the model."""

from __future__ import annotations

from dataclasses import dataclass

from generator.described import doc

_AMOUNT = "金额"
_CODE, _NAME, _ACTUAL = "科目编码", "科目名称", "决算数"


@dataclass(slots=True, frozen=True)
class CodedLine:
    """A row of a table by 科目编码 (公开02/03/05/08/09表)."""
    code: str = doc("科目编码（合计行为空）")
    indent: str = doc("缩进（每低一级一个全角空格），印在科目名称前")
    name: str = doc("科目名称")
    v: list[str] = doc("各金额列，按表的列顺序", item=_AMOUNT)


_CODED_ROWS = "表中各行，第一行为合计行"


@dataclass(slots=True, frozen=True)
class PanelRow:
    """A printed row of 公开01/04表: the 收入 panel's cells beside the 支出 panel's label."""
    inc_label: str = doc("收入栏项目")
    inc_line: str = doc("收入栏行次")
    inc_amount: str = doc("收入栏金额")
    exp_label: str = doc("支出栏项目")
    exp_line: str = doc("支出栏行次")


@dataclass(slots=True, frozen=True)
class Panel1Row(PanelRow):
    """A row of 公开01表: one 支出 amount."""
    exp_amount: str = doc("支出栏金额")


@dataclass(slots=True, frozen=True)
class Panel4Row(PanelRow):
    """A row of 公开04表: the 支出 total and its three funds."""
    exp_total: str = doc("支出合计")
    exp_general: str = doc("一般公共预算财政拨款")
    exp_fund: str = doc("政府性基金预算财政拨款")
    exp_soe: str = doc("国有资本经营预算财政拨款")


@dataclass(slots=True, frozen=True)
class NumberedRow:
    """A row of 公开01/04表 laid out with numbered rows (一、一般公共预算财政拨款收入 …)."""
    inc_label: str = doc("收入栏项目")
    inc_amount: str = doc("收入栏金额")
    exp_label: str = doc("支出栏项目")
    exp_amounts: list[str] = doc("支出栏金额（公开01表 1 列；公开04表 4 列：合计、一般公共预算、政府性基金、国有资本经营）",
                                 item=_AMOUNT)


_BODY = "带序号的各行（一、一般公共预算财政拨款收入 | 一、一般公共服务支出 …），金额为 0 的格为空"
_FOOT = "表末的合计行（本年收入合计 | 本年支出合计 …），字段同 body"
_PANEL_ROWS = "收入栏与支出栏并排的各行"


@dataclass(slots=True, frozen=True)
class Table1:
    """公开01表 收入支出决算总表."""
    rows: list[Panel1Row] = doc(_PANEL_ROWS)
    body: list[NumberedRow] = doc(_BODY)
    foot: list[NumberedRow] = doc(_FOOT)


@dataclass(slots=True, frozen=True)
class Table4:
    """公开04表 财政拨款收入支出决算总表."""
    rows: list[Panel4Row] = doc(_PANEL_ROWS)
    body: list[NumberedRow] = doc(_BODY)
    foot: list[NumberedRow] = doc(_FOOT)


@dataclass(slots=True, frozen=True)
class ByCodeTable:
    """公开02/03表: rows by 科目编码."""
    rows: list[CodedLine] = doc(_CODED_ROWS)


@dataclass(slots=True, frozen=True)
class Table5:
    """公开05表 一般公共预算财政拨款支出决算表."""
    rows: list[CodedLine] = doc(_CODED_ROWS)
    detail: list[CodedLine] = doc("合计行以外的各行（合计印在表末的版式）")
    total: list[str] = doc("合计行的 3 列金额", item=_AMOUNT)


@dataclass(slots=True, frozen=True)
class EconomicRow2:
    """A row of 公开06表 in two blocks side by side: 1 人员经费, 2 公用经费."""
    c1: str = doc(_CODE)
    n1: str = doc(_NAME)
    a1: str = doc(_ACTUAL)
    c2: str = doc(_CODE)
    n2: str = doc(_NAME)
    a2: str = doc(_ACTUAL)


@dataclass(slots=True, frozen=True)
class EconomicRow3(EconomicRow2):
    """A row of 公开06表 in three blocks side by side: 1 人员经费, 2 and 3 公用经费."""
    c3: str = doc(_CODE)
    n3: str = doc(_NAME)
    a3: str = doc(_ACTUAL)


@dataclass(slots=True, frozen=True)
class Table6:
    """公开06表 一般公共预算财政拨款基本支出决算表."""
    rows: list[EconomicRow3] = doc("三栏并排的各行：c 科目编码、n 科目名称、a 决算数；1 人员经费，2、3 公用经费")
    personnel_total: str = doc("人员经费合计")
    public_total: str = doc("公用经费合计")
    two_blocks: list[EconomicRow2] = doc("两栏并排的各行：1 人员经费，2 公用经费")


@dataclass(slots=True, frozen=True)
class Table7:
    """公开07表 财政拨款“三公”经费支出决算表."""
    budget: list[str] = doc("预算数 6 列：合计、因公出国（境）费、公务用车购置及运行维护费小计、购置费、运行维护费、公务接待费",
                            item=_AMOUNT)
    actual: list[str] = doc("决算数 6 列，顺序同 budget", item=_AMOUNT)
    empty: bool = doc("是否空表（预算数和决算数都为 0，bool）")
    note: str = doc("空表时印的说明（[wording] empty_table_note）")


@dataclass(slots=True, frozen=True)
class FundTable:
    """公开08/09表: a fund's table, empty for a unit without that fund."""
    rows: list[CodedLine] = doc(_CODED_ROWS + "；空表时没有行")
    empty: bool = doc("是否空表（bool）")
    note: str = doc("空表说明文字")
    no_data: str = doc("空表时印的简短说明（[wording] empty_table_note，如“本表无数据”）")


@dataclass(slots=True, frozen=True)
class Annex:
    """部门决算报表 (公开01–09表)."""
    t1: Table1 = doc("公开01表 收入支出决算总表")
    t2: ByCodeTable = doc("公开02表 收入决算表（7 列金额）")
    t3: ByCodeTable = doc("公开03表 支出决算表（6 列金额）")
    t4: Table4 = doc("公开04表 财政拨款收入支出决算总表")
    t5: Table5 = doc("公开05表 一般公共预算财政拨款支出决算表（3 列金额）")
    t6: Table6 = doc("公开06表 一般公共预算财政拨款基本支出决算表")
    t7: Table7 = doc("公开07表 财政拨款“三公”经费支出决算表")
    t8: FundTable = doc("公开08表 政府性基金预算财政拨款收入支出决算表（6 列金额）")
    t9: FundTable = doc("公开09表 国有资本经营预算财政拨款收入支出决算表（6 列金额）")
