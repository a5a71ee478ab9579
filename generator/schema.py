"""The input workbook's schema, written once.

`pjgen init`, the workbook's own 说明 sheet, docs/workbook.md and the reader all
come from the definitions in this module.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace


class Kind(enum.Enum):
    TEXT = "文本"
    MONEY = "金额（万元）"
    COUNT = "整数"
    NUMBER = "数值"
    PERCENT = "百分比"
    CHOICE = "选项"

    @property
    def numeric(self) -> bool:
        return self in (Kind.MONEY, Kind.COUNT, Kind.NUMBER, Kind.PERCENT)


class Carry(enum.Enum):
    """What `pjgen init --from` does with a field when it writes next year's workbook."""

    KEEP = "沿用上年内容，需复核"  # last year's text or structure, a starting point to review
    PRIOR = "取自上年工作簿"  # a figure of last year's 决算 (Field.prior names it), checked by check --prior


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = True
    help: str = ""
    choices: tuple[str, ...] = ()
    width: int = 14
    carry: Carry | None = None  # None: left empty for the new year
    prior: str = ""  # Carry.PRIOR: which figure of last year's workbook (generator/carry.py computes it)
    may_be_absent: bool = False  # added later: a workbook without its row (column) reads it as empty


def money(key: str, label: str, help: str = "", required: bool = True, prior: str = "") -> Field:
    return Field(key, label, Kind.MONEY, required, help, width=14,
                 carry=Carry.PRIOR if prior else None, prior=prior)


def full_budget(key: str, label: str) -> Field:
    """An optional 全年预算数 (the budget as adjusted during the year) beside a 年初预算数: the pack's
    [wording] budget_basis says which of the two its sentences compare with."""
    return Field(key, label, Kind.MONEY, False, "年度中调整后的预算；没有调整或不用的留空（用年初预算数）",
                 width=14, may_be_absent=True)


def count(key: str, label: str, help: str = "", required: bool = True, carry: Carry | None = None) -> Field:
    return Field(key, label, Kind.COUNT, required, help, width=10, carry=carry)


def text(key: str, label: str, help: str = "", required: bool = True, width: int = 40,
         carry: Carry | None = None, prior: str = "") -> Field:
    return Field(key, label, Kind.TEXT, required, help, width=width,
                 carry=Carry.PRIOR if prior else carry, prior=prior)


def choice(key: str, label: str, choices: tuple[str, ...], help: str = "", carry: Carry | None = None) -> Field:
    return Field(key, label, Kind.CHOICE, True, help, choices, width=18, carry=carry)


KEEP = Carry.KEEP


@dataclass(frozen=True)
class FormSheet:
    """Label/value pairs: column A 项目, column B 内容, column C 填写说明."""

    name: str
    help: str
    fields: tuple[Field, ...]
    first_row: int = 2
    optional: bool = False  # the whole sheet may be absent (its fields are then all empty)

    def row_of(self, key: str) -> int:
        for i, f in enumerate(self.fields):
            if f.key == key:
                return self.first_row + i
        raise KeyError(key)


@dataclass(frozen=True)
class ListSheet:
    """A header row and any number of data rows."""

    name: str
    help: str
    columns: tuple[Field, ...]
    header_row: int = 1
    optional: bool = False  # the whole sheet may be absent or empty

    @property
    def first_row(self) -> int:
        return self.header_row + 1


class TableShape(enum.Enum):
    CODED = "coded"  # 科目编码 / 科目名称 / amounts; 合计 row then 类/款/项 rows
    TWO_PANEL = "two-panel"  # 收入 panel | 支出 panel (公开01表, 公开04表)
    ECONOMIC = "economic"  # 公开06表: three 经济分类 blocks side by side
    SINGLE_ROW = "single-row"  # 公开07表: one row of amounts


@dataclass(frozen=True)
class OfficialTable:
    """One of the nine 决算公开 tables, in its official layout.

    Rows 1–2 hold the title and the 编制单位/金额单位 line, rows 3–4 the column
    headings (`header_top` spans, `header` leaves); data start at row 5.
    """

    key: str  # t1 … t9
    code: str  # 公开01表
    name: str  # sheet name and table title
    shape: TableShape
    header: tuple[str, ...]  # leaf column headings, in column order
    header_top: tuple[tuple[str, int], ...] = ()  # (heading, span) above the leaves
    first_row: int = 5
    # TWO_PANEL: labels expected in the 收入 panel and the fixed 支出 trailer rows
    income_labels: tuple[str, ...] = ()
    expense_trailer: tuple[str, ...] = ()
    empty_note: str = ""

    @property
    def amount_columns(self) -> int:
        return len(self.header) - 2 if self.shape is TableShape.CODED else len(self.header)


# ---------------------------------------------------------------------------
# The nine official tables

_CODED_HEAD = ("科目编码", "科目名称")

T1 = OfficialTable(
    "t1", "公开01表", "收入支出决算总表", TableShape.TWO_PANEL,
    header=("项目", "行次", "金额", "项目", "行次", "金额"),
    header_top=(("收入", 3), ("支出", 3)),
    income_labels=(
        "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
        "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
        "本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计",
    ),
    expense_trailer=("本年支出合计", "结余分配", "年末结转和结余", "总计"),
)
T2 = OfficialTable(
    "t2", "公开02表", "收入决算表", TableShape.CODED,
    header=_CODED_HEAD + ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                          "附属单位上缴收入", "其他收入"),
    header_top=(("项目", 2), ("本年收入合计", 1), ("财政拨款收入", 1), ("上级补助收入", 1),
                ("事业收入", 1), ("经营收入", 1), ("附属单位上缴收入", 1), ("其他收入", 1)),
)
T3 = OfficialTable(
    "t3", "公开03表", "支出决算表", TableShape.CODED,
    header=_CODED_HEAD + ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                          "对附属单位补助支出"),
    header_top=(("项目", 2), ("本年支出合计", 1), ("基本支出", 1), ("项目支出", 1),
                ("上缴上级支出", 1), ("经营支出", 1), ("对附属单位补助支出", 1)),
)
T4 = OfficialTable(
    "t4", "公开04表", "财政拨款收入支出决算总表", TableShape.TWO_PANEL,
    header=("项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款",
            "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
    header_top=(("收入", 3), ("支出", 6)),
    income_labels=(
        "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
        "本年收入合计", "年初财政拨款结转和结余", "一般公共预算财政拨款结转和结余",
        "政府性基金预算财政拨款结转和结余", "国有资本经营预算财政拨款结转和结余", "总计",
    ),
    expense_trailer=("本年支出合计", "年末财政拨款结转和结余", "总计"),
)
T5 = OfficialTable(
    "t5", "公开05表", "一般公共预算财政拨款支出决算表", TableShape.CODED,
    header=_CODED_HEAD + ("合计", "基本支出", "项目支出"),
    header_top=(("项目", 2), ("本年支出", 3)),
)
T6 = OfficialTable(
    "t6", "公开06表", "一般公共预算财政拨款基本支出决算表", TableShape.ECONOMIC,
    header=("科目编码", "科目名称", "决算数") * 3,
    header_top=(("人员经费", 3), ("公用经费", 6)),
)
T7 = OfficialTable(
    "t7", "公开07表", "财政拨款“三公”经费支出决算表", TableShape.SINGLE_ROW,
    header=("合计", "因公出国（境）费", "公务用车购置及运行维护费小计", "公务用车购置费",
            "公务用车运行维护费", "公务接待费") * 2,
    header_top=(("预算数", 6), ("决算数", 6)),
)
_FUND_HEAD = _CODED_HEAD + ("年初结转和结余", "本年收入", "本年支出小计", "基本支出", "项目支出",
                            "年末结转和结余")
_FUND_TOP = (("项目", 2), ("年初结转和结余", 1), ("本年收入", 1), ("本年支出", 3),
             ("年末结转和结余", 1))
T8 = OfficialTable(
    "t8", "公开08表", "政府性基金预算财政拨款收入支出决算表", TableShape.CODED,
    header=_FUND_HEAD, header_top=_FUND_TOP,
    empty_note="本单位无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。",
)
T9 = OfficialTable(
    "t9", "公开09表", "国有资本经营预算财政拨款收入支出决算表", TableShape.CODED,
    header=_FUND_HEAD, header_top=_FUND_TOP,
    empty_note="本单位无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。",
)
OFFICIAL_TABLES: tuple[OfficialTable, ...] = (T1, T2, T3, T4, T5, T6, T7, T8, T9)

# ---------------------------------------------------------------------------
# Everything else the document states

SCORE_RULES = ("阈值线性", "比例")
UNIT_KINDS = ("行政单位", "参照公务员法管理事业单位", "事业单位")

UNIT = FormSheet(
    "单位信息", "单位基本情况与人员情况（第一部分 单位概况）。",
    (
        text("unit_name", "单位名称", "与决算报表编制单位一致，如：中共昌吉回族自治州委员会组织部", carry=KEEP),
        Field("year", "年度", Kind.COUNT, help="决算年度，如 2023", width=10, carry=Carry.PRIOR, prior="上年年度加 1"),
        choice("unit_kind", "单位性质", UNIT_KINDS, "决定机关运行经费与公用经费是否应当一致", carry=KEEP),
        text("functions_intro", "主要职能概述", "“一、主要职能”下的第一段", carry=KEEP),
        count("staff_active", "在职人员（人）", carry=KEEP),
        count("staff_retired_cadre", "离休人员（人）", carry=KEEP),
        count("staff_retired", "退休人员（人）", carry=KEEP),
    ),
)
FUNCTIONS = ListSheet(
    "主要职能", "“一、主要职能”中编号列出的各项职能，每行一项，按顺序排列。",
    (text("text", "职能内容", "每行一条；照写即可：可带自己的编号（1. （一） 一、），不带编号时多条由程序编号，只有一段时不编号",
           width=90, carry=KEEP),),
)
OFFICES = ListSheet(
    "机构设置", "下属预算单位和内设处室（科室），每行一个。没有的不填，文档会写明“无下属预算单位”。"
    "上海格式只对仅有一个单位的部门（“单位构成”不超过一行）用它写第一部分 二“机构设置”。",
    (
        choice("kind", "类别", ("下属预算单位", "内设处室"), carry=KEEP),
        text("name", "名称", width=40, carry=KEEP),
    ),
    optional=True,
)
COMPARE = FormSheet(
    "上年及预算对比", "文档中与上年、与年初预算比较所需的数和原因说明。",
    (
        money("total_last", "上年收入支出总计", "上年度决算收入总计", prior="公开01表 收入总计"),
        text("total_reason", "收入支出总计变动原因", "“主要原因是：”之后的文字，不含句号", required=False),
        money("fiscal_last", "上年财政拨款收入支出总计", prior="公开04表 收入总计"),
        text("fiscal_reason", "财政拨款收支变动原因", required=False),
        money("fiscal_budget", "财政拨款年初预算数"),
        text("fiscal_budget_reason", "财政拨款预决算差异原因", required=False),
        money("general_last", "上年一般公共预算财政拨款支出", prior="公开05表 合计"),
        text("general_reason", "一般公共预算财政拨款支出变动原因", required=False),
        money("general_budget", "一般公共预算财政拨款支出年初预算数"),
        text("general_budget_reason", "一般公共预算预决算差异原因", required=False),
        full_budget("fiscal_budget_full", "财政拨款全年预算数"),
        full_budget("general_budget_full", "一般公共预算财政拨款支出全年预算数"),
    ),
)
GENERAL_LAST = ListSheet(
    "一般公共预算支出上年对比",
    "上年一般公共预算财政拨款支出（类/款/项），与公开05表的科目对应；项级填变动原因。"
    "本年没有而上年有的科目也要列出（连同其类、款行），文档会写明减少 100%。",
    (
        text("code", "科目编码", width=12, prior="公开05表 科目编码"),
        text("name", "科目名称", width=36, prior="公开05表 科目名称"),
        money("last_amount", "上年决算数", prior="公开05表 科目合计"),
        text("reason", "主要原因", "本年与上年不同时必填（项级）", required=False, width=60),
    ),
)
THREE_PUBLIC = FormSheet(
    "三公经费说明", "“三公”经费的上年数、实物量和各项原因说明；本年预算数与决算数取自公开07表。",
    (
        money("abroad_last", "上年因公出国（境）费", prior="公开07表 决算数 因公出国（境）费"),
        money("car_buy_last", "上年公务用车购置费", prior="公开07表 决算数 公务用车购置费"),
        money("car_run_last", "上年公务用车运行维护费", prior="公开07表 决算数 公务用车运行维护费"),
        money("reception_last", "上年公务接待费", prior="公开07表 决算数 公务接待费"),
        text("total_reason", "“三公”经费变动原因", required=False),
        text("abroad_reason", "因公出国（境）费变动原因", required=False),
        text("car_reason", "公务用车购置及运行维护费变动原因", required=False),
        text("reception_reason", "公务接待费变动原因", required=False),
        count("abroad_groups", "因公出国（境）团组数（个）"),
        count("abroad_people", "因公出国（境）人次"),
        text("abroad_content", "因公出国（境）费开支内容", "该项支出为 0 时可不填", required=False),
        count("car_bought", "公务用车购置数（辆）"),
        count("car_held", "公务用车保有量（辆）"),
        text("car_run_content", "公务用车运行维护费开支内容", "该项支出为 0 时可不填", required=False),
        text("car_gap_reason", "资产车辆数与保有量差异原因", "两数一致时可不填", required=False),
        count("reception_batches", "国内公务接待批次"),
        count("reception_people", "国内公务接待人次"),
        text("reception_content", "公务接待费开支内容", "该项支出为 0 时可不填", required=False),
        text("budget_reason", "“三公”经费预决算差异原因", required=False),
        text("abroad_budget_reason", "因公出国（境）费预决算差异原因", required=False),
        text("car_buy_budget_reason", "公务用车购置费预决算差异原因", required=False),
        text("car_run_budget_reason", "公务用车运行维护费预决算差异原因", required=False),
        text("reception_budget_reason", "公务接待费预决算差异原因", required=False),
        full_budget("abroad_budget_full", "因公出国（境）费全年预算数"),
        full_budget("car_buy_budget_full", "公务用车购置费全年预算数"),
        full_budget("car_run_budget_full", "公务用车运行维护费全年预算数"),
        full_budget("reception_budget_full", "公务接待费全年预算数"),
    ),
)
OTHER_MATTERS = FormSheet(
    "其他重要事项", "机关运行经费、政府采购、国有资产占用情况（第二部分 十）。",
    (
        money("running_amount", "机关运行经费"),
        money("running_last", "上年机关运行经费", prior="其他重要事项 机关运行经费"),
        text("running_reason", "机关运行经费变动原因", required=False),
        money("procurement_total", "政府采购支出总额"),
        money("procurement_goods", "政府采购货物支出"),
        money("procurement_works", "政府采购工程支出"),
        money("procurement_services", "政府采购服务支出"),
        money("procurement_sme", "授予中小企业合同金额"),
        money("procurement_micro", "其中：授予小微企业合同金额"),
        money("assets_original", "固定资产原值"),
        Field("building_area", "房屋面积（平方米）", Kind.NUMBER),
        money("building_value", "房屋价值"),
        count("vehicles", "车辆数（辆）"),
        money("vehicles_value", "车辆价值"),
        count("veh_minister", "副部（省）级及以上领导用车（辆）"),
        count("veh_head", "主要负责人用车（辆）"),
        count("veh_confidential", "机要通信用车（辆）"),
        count("veh_emergency", "应急保障用车（辆）"),
        count("veh_enforcement", "执法执勤用车（辆）"),
        count("veh_special", "特种专业技术用车（辆）"),
        count("veh_retiree", "离退休干部服务用车（辆）"),
        count("veh_other", "其他用车（辆）"),
        text("veh_other_use", "其他用车主要是", "有其他用车时必填", required=False),
        count("big_equipment", "单价100万元（含）以上设备（不含车辆）（台/套）"),
    ),
)
PERFORMANCE = FormSheet(
    "预算绩效", "第二部分 十一 预算绩效的说明文字、绩效自评得分规则，以及 十二 其他需说明的事项。",
    (
        choice("score_rule", "预算执行率得分规则", SCORE_RULES,
               "阈值线性：执行率低于60%得0分，60%～100%线性，100%得满分；比例：执行率×分值", carry=KEEP),
        text("achievements", "预算绩效管理取得的成效", "“预算绩效管理取得的成效：”之后的文字"),
        text("problems", "发现的问题及原因"),
        text("improvements", "下一步改进措施"),
        choice("overall_published", "部门整体绩效自评表是否公开", ("是", "否"), carry=KEEP),
        text("other_matters", "其他需说明的事项", "可不填；多段用换行分隔", required=False),
    ),
)
PROJECTS = ListSheet(
    "绩效自评项目",
    "项目支出绩效自评表的表头和资金：每个项目一行。执行率由程序计算；得分、总分按单位自评填写，程序会核对。",
    (
        text("no", "序号", "与“绩效自评指标”表的序号对应", width=6, carry=KEEP),
        text("name", "项目名称", width=36, carry=KEEP),
        text("department", "主管部门", width=24, carry=KEEP),
        text("implementer", "实施单位", width=24, carry=KEEP),
        money("initial_total", "年初预算数-年度资金总额"),
        money("full_total", "全年预算数-年度资金总额"),
        money("executed_total", "全年执行数-年度资金总额"),
        money("initial_fiscal", "年初预算数-当年财政拨款"),
        money("full_fiscal", "全年预算数-当年财政拨款"),
        money("executed_fiscal", "全年执行数-当年财政拨款"),
        money("initial_carry", "年初预算数-上年结转资金", "不用此行的留空", required=False),
        money("full_carry", "全年预算数-上年结转资金", required=False),
        money("executed_carry", "全年执行数-上年结转资金", required=False),
        money("initial_other", "年初预算数-其他资金"),
        money("full_other", "全年预算数-其他资金"),
        money("executed_other", "全年执行数-其他资金"),
        Field("rate_weight", "执行率分值", Kind.NUMBER, help="通常为 10", width=8, carry=KEEP),
        Field("rate_score", "执行率得分", Kind.NUMBER, width=8),
        text("goal_expected", "年度总体目标-预期目标", width=50, carry=KEEP),
        text("goal_actual", "年度总体目标-实际完成情况", width=50),
        Field("total_score", "总分", Kind.NUMBER, width=8),
    ),
    optional=True,
)
INDICATORS = ListSheet(
    "绩效自评指标",
    "项目支出绩效自评表的绩效指标：每个指标一行，按表中顺序排列；一级、二级指标相同的行会在表中合并。",
    (
        text("no", "项目序号", width=8, carry=KEEP),
        text("level1", "一级指标", width=12, carry=KEEP),
        text("level2", "二级指标", width=14, carry=KEEP),
        text("level3", "三级指标", width=36, carry=KEEP),
        text("target", "年度指标值", width=16, carry=KEEP),
        text("actual", "实际完成值", width=16),
        Field("weight", "分值", Kind.NUMBER, width=8, carry=KEEP),
        Field("score", "得分", Kind.NUMBER, width=8),
        text("reason", "偏差原因分析及改进措施", required=False, width=40),
    ),
    optional=True,
)
OVERALL = FormSheet(
    "部门整体绩效",
    "可选：部门（单位）整体支出绩效目标表或自评表。不公开整体绩效表的单位把“表类型”填“无”。",
    (
        choice("kind", "表类型", ("无", "目标表", "自评表"), carry=KEEP),
        text("goal", "年度总体目标", required=False),
    ),
)
OVERALL_TASKS = ListSheet(
    "整体绩效任务", "整体绩效表的年度主要任务，每个任务一行；合计由程序计算。",
    (
        text("name", "任务名称", width=36, carry=KEEP),
        text("content", "主要内容", width=60, carry=KEEP),
        money("total", "预算金额-总额"),
        money("fiscal", "预算金额-财政拨款"),
        money("other", "预算金额-其他资金"),
        money("executed", "实际执行数", "自评表填写", required=False),
    ),
    optional=True,
)
OVERALL_INDICATORS = ListSheet(
    "整体绩效指标", "整体绩效表的年度绩效指标，每行一个；自评表还要填完成值、分值、得分。",
    (
        text("level1", "一级指标", width=12, carry=KEEP),
        text("level2", "二级指标", width=14, carry=KEEP),
        text("level3", "三级指标", width=36, carry=KEEP),
        text("target", "指标值", width=16, carry=KEEP),
        text("actual", "实际完成值", required=False, width=16),
        Field("weight", "分值", Kind.NUMBER, required=False, width=8),
        Field("score", "得分", Kind.NUMBER, required=False, width=8),
        text("reason", "偏差原因分析及改进措施", required=False, width=40),
    ),
    optional=True,
)

# ---------------------------------------------------------------------------
# Figures some layouts print and others do not (the Shanghai 2024 template, for
# one). Every sheet below is optional and every field may stay empty, so a
# workbook without them still loads.

def optional_form(name: str, description: str, fields: tuple[Field, ...]) -> FormSheet:
    """A form sheet that only some layouts use: it may be absent and every field may stay empty."""
    return FormSheet(name, description, tuple(replace(f, required=False) for f in fields), optional=True)


COMPOSITION = ListSheet(
    "单位构成", "“部门决算单位构成”表：纳入部门决算编制范围的单位，每行一个，按序号顺序；"
    "括注写在单位名称中，如“上海市XX局（本级）”“上海市XX中心（下属事业单位）”。",
    (
        text("name", "单位名称", width=50, carry=KEEP),
        text("note", "备注", required=False, width=20, carry=KEEP),
    ),
    optional=True,
)
ITEM_NOTES = ListSheet(
    "项级科目说明",
    "逐项说明的项级科目（一般公共预算、政府性基金、国有资本经营预算财政拨款支出）：主要用途、年初预算数和"
    "预决算差异原因。决算数取自公开05/08/09表；年初预算数与决算数相同时可不填原因。",
    (
        text("code", "科目编码", width=12, carry=KEEP),
        text("name", "科目名称", width=36, carry=KEEP),
        text("purpose", "主要用于", "“主要用于：”之后的文字，不含句号", required=False, width=40, carry=KEEP),
        money("budget", "年初预算数", required=False),
        text("reason", "预决算差异原因", "年初预算数与决算数不同时必填", required=False, width=60),
        full_budget("budget_full", "全年预算数"),
    ),
    optional=True,
)
THREE_PUBLIC_MORE = optional_form(
    "三公经费补充", "“三公”经费的补充说明：外宾接待和公务用车购置用途。",
    (
        money("foreign_amount", "外宾接待支出"),
        count("foreign_batches", "接待外宾批次"),
        count("foreign_people", "接待外宾人次"),
        text("car_buy_content", "公务用车购置主要用于", "有购置费时填写"),
    ),
)
PERFORMANCE_STAGES = optional_form(
    "预算绩效管理", "预算绩效管理情况：制度、工作机制，以及绩效目标、跟踪、自评各环节的项目数和金额。",
    (
        text("systems", "预算绩效管理制度", "“本部门建立了如下预算绩效管理制度：”之后的文字，不含句号"),
        text("mechanism", "工作机制建设情况", "不含句号"),
        count("target_count", "编报绩效目标的项目数（个）"),
        money("target_amount", "编报绩效目标的项目预算金额"),
        count("track_count", "绩效跟踪评价的项目数（个）"),
        money("track_amount", "绩效跟踪评价的项目预算金额"),
        count("selfeval_count", "绩效自评的项目数（个）"),
        money("selfeval_amount", "绩效自评的项目预算金额"),
        Field("average_score", "绩效自评平均得分", Kind.NUMBER, width=10),
        count("grade_excellent", "绩效评级为“优”的项目（个）"),
        count("grade_good", "绩效评级为“良”的项目（个）"),
        count("grade_pass", "绩效评级为“合格”的项目（个）"),
        count("grade_fail", "绩效评级为“不合格”的项目（个）"),
        count("issues_found", "绩效自评发现问题（个）"),
        count("issues_fixed", "已经完成整改的问题（个）"),
        count("issues_fixing", "正在整改的问题（个）"),
    ),
)
PROCUREMENT_RESERVED = optional_form(
    "政府采购预留", "面向中小企业、小微企业预留的政府采购项目预算金额及其授予情况。",
    (
        money("sme_reserved", "面向中小企业预留项目预算金额"),
        money("micro_reserved", "面向小微企业预留项目预算金额"),
        money("sme_reserved_awarded", "预留项目中由中小企业中标或成交的金额"),
        money("micro_reserved_awarded", "预留项目中由小微企业中标或成交的金额"),
        money("sme_other_awarded", "其他项目中由中小企业中标或成交的金额"),
    ),
)
GLOSSARY = optional_form(
    "名词解释", "名词解释中列举的收入内容（“主要是：”之后、“等”之前的文字）；没有该项收入的不列举。",
    (
        text("business_items", "事业收入主要是", carry=KEEP),
        text("operating_items", "经营收入主要是", carry=KEEP),
        text("other_items", "其他收入主要是", carry=KEEP),
    ),
)

README_SHEET = "说明"
# Hidden key/value sheet (column A key, column B value) that pjgen writes and reads
# itself: which pack the workbook was made for, and where it came from.
META_SHEET = "_pjgen"
META_KEYS: tuple[str, ...] = ("pack", "origin")

FORMS: tuple[FormSheet, ...] = (UNIT, COMPARE, THREE_PUBLIC, OTHER_MATTERS, PERFORMANCE, OVERALL,
                                THREE_PUBLIC_MORE, PERFORMANCE_STAGES, PROCUREMENT_RESERVED, GLOSSARY)
LISTS: tuple[ListSheet, ...] = (FUNCTIONS, OFFICES, GENERAL_LAST, PROJECTS, INDICATORS,
                                OVERALL_TASKS, OVERALL_INDICATORS, COMPOSITION, ITEM_NOTES)

# Sheet order in the workbook: what the user fills first comes first.
SHEET_ORDER: tuple[str, ...] = (
    README_SHEET, UNIT.name, FUNCTIONS.name, OFFICES.name,
    *(t.name for t in OFFICIAL_TABLES),
    COMPARE.name, GENERAL_LAST.name, THREE_PUBLIC.name, OTHER_MATTERS.name, PERFORMANCE.name,
    PROJECTS.name, INDICATORS.name, OVERALL.name, OVERALL_TASKS.name, OVERALL_INDICATORS.name,
    COMPOSITION.name, ITEM_NOTES.name, THREE_PUBLIC_MORE.name, PERFORMANCE_STAGES.name,
    PROCUREMENT_RESERVED.name, GLOSSARY.name,
)
REQUIRED_SHEETS: tuple[str, ...] = tuple(s for s in SHEET_ORDER if s != README_SHEET)


def all_sheet_specs() -> dict[str, FormSheet | ListSheet | OfficialTable]:
    specs: dict[str, FormSheet | ListSheet | OfficialTable] = {}
    for s in (*FORMS, *LISTS, *OFFICIAL_TABLES):
        specs[s.name] = s
    return specs


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


# ---------------------------------------------------------------------------
# What one pack uses of the schema

SheetSpec = FormSheet | ListSheet | OfficialTable


@dataclass(frozen=True)
class Selection:
    """The sheets a pack needs and, per sheet, the fields (labels) it uses.

    ``sheets`` maps a sheet name to None (every field) or to the labels used.
    ``None`` as a whole selects the full schema. The 说明 sheet is always written.
    A field or sheet outside the selection is neither written by ``pjgen init``
    nor read or reported by ``pjgen check``.
    """

    sheets: dict[str, frozenset[str] | None] | None = None

    def uses(self, sheet: str) -> bool:
        return self.sheets is None or sheet == README_SHEET or sheet in self.sheets

    def order(self) -> tuple[str, ...]:
        return tuple(name for name in SHEET_ORDER if self.uses(name))

    def restrict(self, spec: SheetSpec) -> SheetSpec:
        """``spec`` reduced to the selected fields (official tables are used whole)."""
        labels = None if self.sheets is None else self.sheets.get(spec.name)
        if labels is None or isinstance(spec, OfficialTable):
            return spec
        if isinstance(spec, FormSheet):
            return replace(spec, fields=tuple(f for f in spec.fields if f.label in labels))
        return replace(spec, columns=tuple(f for f in spec.columns if f.label in labels))


FULL_SELECTION = Selection()


def field_labels(spec: SheetSpec) -> tuple[str, ...]:
    """The labels a pack may select in a sheet (official tables: none, they are used whole)."""
    if isinstance(spec, FormSheet):
        return tuple(f.label for f in spec.fields)
    if isinstance(spec, ListSheet):
        return tuple(f.label for f in spec.columns)
    return ()
