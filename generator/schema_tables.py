"""The nine official tables (公开01–09表), each amount column one (key, heading) pair.

Part of the schema (generator/schema.py re-exports them). The leaf headings of each
table follow from its shape and its columns (generator/schema_types.py).
"""

from __future__ import annotations

from generator.schema_types import Column as C
from generator.schema_types import OfficialTable, TableShape

T1 = OfficialTable(
    "t1", "公开01表", "收入支出决算总表", TableShape.TWO_PANEL,
    columns=(C("total", "金额"),),
    header_top=(("收入", 3), ("支出", 3)),
    income_labels=(
        "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
        "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
        "本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计",
    ),
    expense_trailer=("本年支出合计", "结余分配", "年末结转和结余", "总计"),
    record="SingleColumn",
)
T2 = OfficialTable(
    "t2", "公开02表", "收入决算表", TableShape.CODED,
    columns=(C("total", "本年收入合计"), C("fiscal", "财政拨款收入"), C("superior", "上级补助收入"),
             C("business", "事业收入"), C("operating", "经营收入"), C("affiliated", "附属单位上缴收入"),
             C("other", "其他收入")),
    header_top=(("项目", 2), ("本年收入合计", 1), ("财政拨款收入", 1), ("上级补助收入", 1),
                ("事业收入", 1), ("经营收入", 1), ("附属单位上缴收入", 1), ("其他收入", 1)),
    record="IncomeColumns",
)
T3 = OfficialTable(
    "t3", "公开03表", "支出决算表", TableShape.CODED,
    columns=(C("total", "本年支出合计"), C("basic", "基本支出"), C("project", "项目支出"),
             C("superior", "上缴上级支出"), C("operating", "经营支出"), C("affiliated", "对附属单位补助支出")),
    header_top=(("项目", 2), ("本年支出合计", 1), ("基本支出", 1), ("项目支出", 1),
                ("上缴上级支出", 1), ("经营支出", 1), ("对附属单位补助支出", 1)),
    record="ExpenseColumns",
)
T4 = OfficialTable(
    "t4", "公开04表", "财政拨款收入支出决算总表", TableShape.TWO_PANEL,
    columns=(C("total", "合计"), C("general", "一般公共预算财政拨款"), C("fund", "政府性基金预算财政拨款"),
             C("soe", "国有资本经营预算财政拨款")),
    header_top=(("收入", 3), ("支出", 6)),
    income_labels=(
        "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
        "本年收入合计", "年初财政拨款结转和结余", "一般公共预算财政拨款结转和结余",
        "政府性基金预算财政拨款结转和结余", "国有资本经营预算财政拨款结转和结余", "总计",
    ),
    expense_trailer=("本年支出合计", "年末财政拨款结转和结余", "总计"),
    record="FiscalColumns",
)
T5 = OfficialTable(
    "t5", "公开05表", "一般公共预算财政拨款支出决算表", TableShape.CODED,
    columns=(C("total", "合计"), C("basic", "基本支出"), C("project", "项目支出")),
    header_top=(("项目", 2), ("本年支出", 3)),
    record="GeneralColumns",
)
T6 = OfficialTable(
    "t6", "公开06表", "一般公共预算财政拨款基本支出决算表", TableShape.ECONOMIC,
    columns=(),  # three 经济分类 blocks of 科目编码 | 科目名称 | 决算数
    header_top=(("人员经费", 3), ("公用经费", 6)),
)
T7 = OfficialTable(
    "t7", "公开07表", "财政拨款“三公”经费支出决算表", TableShape.SINGLE_ROW,
    columns=(C("total", "合计"), C("abroad", "因公出国（境）费"), C("car", "公务用车购置及运行维护费小计"),
             C("car_buy", "公务用车购置费"), C("car_run", "公务用车运行维护费"), C("reception", "公务接待费")),
    header_top=(("预算数", 6), ("决算数", 6)),
    record="ThreePublicColumns",
)
_FUND_COLUMNS = (C("opening", "年初结转和结余"), C("income", "本年收入"), C("spent", "本年支出小计"),
                 C("basic", "基本支出"), C("project", "项目支出"), C("closing", "年末结转和结余"))
_FUND_TOP = (("项目", 2), ("年初结转和结余", 1), ("本年收入", 1), ("本年支出", 3),
             ("年末结转和结余", 1))
T8 = OfficialTable(
    "t8", "公开08表", "政府性基金预算财政拨款收入支出决算表", TableShape.CODED,
    columns=_FUND_COLUMNS, header_top=_FUND_TOP,
    empty_note="本单位无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。",
    record="FundColumns",
)
T9 = OfficialTable(
    "t9", "公开09表", "国有资本经营预算财政拨款收入支出决算表", TableShape.CODED,
    columns=_FUND_COLUMNS, header_top=_FUND_TOP,
    empty_note="本单位无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。",
    record="FundColumns",
)
OFFICIAL_TABLES: tuple[OfficialTable, ...] = (T1, T2, T3, T4, T5, T6, T7, T8, T9)


def skeleton_rows(spec: OfficialTable) -> list[list[str]]:
    """What `pjgen init` pre-fills in an official table: its fixed row labels."""
    if spec.shape is TableShape.CODED:
        return [["", "合计"]]
    if spec.shape is TableShape.TWO_PANEL:
        rows = [[label, str(i), ""] for i, label in enumerate(spec.income_labels, start=1)]
        line = len(spec.income_labels)
        for i, label in enumerate(spec.expense_trailer):
            line += 1
            cells = [label, str(line)]
            if i < len(rows):
                rows[i] = rows[i] + cells
            else:
                rows.append(["", "", ""] + cells)
        return rows
    if spec.shape is TableShape.ECONOMIC:
        return [["人员经费合计", "", "", "公用经费合计", "", ""]]
    return []
