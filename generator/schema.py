"""The input workbook's schema, written once.

`pjgen init`, the workbook's own 说明 sheet, docs/workbook.md, the reader and the
record classes it reads into (generator/records.py) all come from the definitions in
this module: the form and list sheets here, the nine official tables in
generator/schema_tables.py, the kinds of field and sheet in generator/schema_types.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.schema_tables import OFFICIAL_TABLES, T1, T2, T3, T4, T5, T6, T7, T8, T9, skeleton_rows
from generator.schema_types import (
    KEEP, Carry, Column, Field, FormSheet, Kind, ListSheet, OfficialTable, SheetSpec, TableShape, choice, count,
    full_budget, money, optional_form, text,
)

__all__ = [
    "KEEP", "Carry", "Column", "Field", "FormSheet", "Kind", "ListSheet", "OfficialTable", "SheetSpec", "TableShape",
    "choice", "count", "full_budget", "money", "text", "OFFICIAL_TABLES", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9",
    "skeleton_rows",
]

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
        text("functions_intro", "主要职能概述",
             "“一、主要职能”下、编号各项之前的引言段（如“根据三定方案，主要职能包括：”）；没有的留空",
             required=False, carry=KEEP),
        count("staff_active", "在职人员（人）", carry=KEEP),
        count("staff_retired_cadre", "离休人员（人）", carry=KEEP),
        count("staff_retired", "退休人员（人）", carry=KEEP),
    ),
    record="UnitInfo",
)
FUNCTIONS = ListSheet(
    "主要职能", "“一、主要职能”中编号列出的各项职能，每行一项，按顺序排列。",
    (text("text", "职能内容", "每行一条；照写即可：可带自己的编号（1. （一） 一、），不带编号时多条由程序编号，只有一段时不编号",
           width=90, carry=KEEP),),
    record="FunctionRow",
)
OFFICES = ListSheet(
    "机构设置", "下属预算单位和内设处室（科室），每行一个。没有的不填，文档会写明“无下属预算单位”。"
    "上海格式只对仅有一个单位的部门（“单位构成”不超过一行）用它写第一部分 二“机构设置”。",
    (
        choice("kind", "类别", ("下属预算单位", "内设处室"), carry=KEEP),
        text("name", "名称", width=40, carry=KEEP),
    ),
    optional=True,
    record="OfficeRow",
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
    record="Compare",
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
    record="LastYearRow",
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
    record="ThreePublicNotes",
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
    record="OtherMatters",
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
    record="Performance",
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
    record="ProjectRow",
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
    record="IndicatorRow",
)
OVERALL = FormSheet(
    "部门整体绩效",
    "可选：部门（单位）整体支出绩效目标表或自评表。不公开整体绩效表的单位把“表类型”填“无”。",
    (
        choice("kind", "表类型", ("无", "目标表", "自评表"), carry=KEEP),
        text("goal", "年度总体目标", required=False),
    ),
    record="OverallForm",
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
    record="OverallTaskRow",
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
    record="OverallIndicatorRow",
)

# ---------------------------------------------------------------------------
# Figures some layouts print and others do not (the Shanghai 2024 template, for
# one). Every sheet below is optional and every field may stay empty, so a
# workbook without them still loads.

COMPOSITION = ListSheet(
    "单位构成", "“部门决算单位构成”表：纳入部门决算编制范围的单位，每行一个，按序号顺序；"
    "括注写在单位名称中，如“上海市XX局（本级）”“上海市XX中心（下属事业单位）”。",
    (
        text("name", "单位名称", width=50, carry=KEEP),
        text("note", "备注", required=False, width=20, carry=KEEP),
    ),
    optional=True,
    record="CompositionRow",
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
    record="ItemNoteRow",
)
THREE_PUBLIC_MORE = optional_form(
    "三公经费补充", "“三公”经费的补充说明：外宾接待和公务用车购置用途。",
    (
        money("foreign_amount", "外宾接待支出"),
        count("foreign_batches", "接待外宾批次"),
        count("foreign_people", "接待外宾人次"),
        text("car_buy_content", "公务用车购置主要用于", "有购置费时填写"),
    ),
    record="ThreePublicMore",
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
    record="PerformanceStages",
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
    record="ProcurementReserved",
)
GLOSSARY = optional_form(
    "名词解释", "名词解释中列举的收入内容（“主要是：”之后、“等”之前的文字）；没有该项收入的不列举。",
    (
        text("business_items", "事业收入主要是", carry=KEEP),
        text("operating_items", "经营收入主要是", carry=KEEP),
        text("other_items", "其他收入主要是", carry=KEEP),
    ),
    record="Glossary",
)

README_SHEET = "说明"
# Hidden key/value sheet (column A key, column B value) that pjgen writes and reads
# itself: which pack the workbook was made for, and where it came from.
META_SHEET = "_pjgen"
META_KEYS: tuple[str, ...] = ("pack", "origin")

# Every sheet, in the workbook's order: what the user fills first comes first.
SHEETS: tuple[SheetSpec, ...] = (
    UNIT, FUNCTIONS, OFFICES, *OFFICIAL_TABLES,
    COMPARE, GENERAL_LAST, THREE_PUBLIC, OTHER_MATTERS, PERFORMANCE,
    PROJECTS, INDICATORS, OVERALL, OVERALL_TASKS, OVERALL_INDICATORS,
    COMPOSITION, ITEM_NOTES, THREE_PUBLIC_MORE, PERFORMANCE_STAGES, PROCUREMENT_RESERVED, GLOSSARY,
)
FORMS: tuple[FormSheet, ...] = tuple(s for s in SHEETS if isinstance(s, FormSheet))
LISTS: tuple[ListSheet, ...] = tuple(s for s in SHEETS if isinstance(s, ListSheet))
SHEET_ORDER: tuple[str, ...] = (README_SHEET, *(s.name for s in SHEETS))
REQUIRED_SHEETS: tuple[str, ...] = SHEET_ORDER[1:]


def all_sheet_specs() -> dict[str, SheetSpec]:
    return {s.name: s for s in SHEETS}


# ---------------------------------------------------------------------------
# What one pack uses of the schema


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
