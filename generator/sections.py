"""The sections of 第二部分 as the template context holds them, typed: each field carries its
vocabulary description (generator/described.py), so generator/vocabulary.py lists what
generator/context.py builds. Figures are preformatted strings."""

from __future__ import annotations

from dataclasses import dataclass

from generator.described import doc
from generator.phrases import Budget, BudgetItem, CarCompare, Compare, Item, Share, ShareCompare


@dataclass(slots=True, frozen=True)
class Section1:
    """一、收入支出决算总体情况 (公开01表)."""
    income_grand: str = doc("收入总计")
    income_total: str = doc("本年收入合计")
    nonfiscal_surplus: str = doc("使用非财政拨款结余")
    opening: str = doc("年初结转和结余")
    expense_grand: str = doc("支出总计")
    expense_total: str = doc("本年支出合计")
    distribution: str = doc("结余分配")
    closing: str = doc("年末结转和结余")
    yoy: Compare = doc("收入支出总计与上年比较（“与上年相比，……”句式）")


@dataclass(slots=True, frozen=True)
class Section2:
    """二、收入决算情况 (公开02表合计行)."""
    total: str = doc("本年收入合计")
    fiscal: Share = doc("财政拨款收入")
    superior: Share = doc("上级补助收入")
    business: Share = doc("事业收入")
    operating: Share = doc("经营收入")
    affiliated: Share = doc("附属单位上缴收入")
    other: Share = doc("其他收入")
    listed: list[Item] = doc("同上六项收入的列表，按此顺序；list_zero_items 为 false 时不列金额为 0 的项")


@dataclass(slots=True, frozen=True)
class Section3:
    """三、支出决算情况 (公开03表合计行)."""
    total: str = doc("本年支出合计")
    basic: Share = doc("基本支出")
    project: Share = doc("项目支出")
    superior: Share = doc("上缴上级支出")
    operating: Share = doc("经营支出")
    affiliated: Share = doc("对附属单位补助支出")
    listed: list[Item] = doc("同上五项支出的列表，按此顺序；list_zero_items 为 false 时不列金额为 0 的项")


@dataclass(slots=True, frozen=True)
class Section4:
    """四、财政拨款收入支出决算总体情况 (公开04表)."""
    income_grand: str = doc("财政拨款收入总计")
    opening: str = doc("年初财政拨款结转和结余")
    income: str = doc("本年财政拨款收入")
    expense_grand: str = doc("财政拨款支出总计")
    closing: str = doc("年末财政拨款结转和结余")
    expense: str = doc("本年财政拨款支出")
    yoy: Compare = doc("财政拨款收入支出总计与上年比较")
    budget: Budget = doc("本年财政拨款支出与年初预算比较")


@dataclass(slots=True, frozen=True)
class ClassShare:
    """A 类 of 公开05表 in the 支出结构 sentence."""
    num: str = doc("序号")
    name: str = doc("类级科目名称")
    amount: str = doc("金额")
    share: str = doc("占比")


@dataclass(slots=True, frozen=True)
class Detail:
    """A 项 of 公开05表 against last year's 决算."""
    num: str = doc("序号")
    path: str = doc("类（类）款（款）项（项）")
    amount: str = doc("本年决算数")
    change: str = doc("与上年决算比较的短语")
    reason: str = doc("变动原因")


_BUDGET_ITEMS = "逐项说明的项级科目：主要用于、年初／全年预算数、原因取自“项级科目说明”；本年决算和预算都为 0 的不列"


@dataclass(slots=True, frozen=True)
class Section5:
    """五、一般公共预算财政拨款支出决算情况 (公开05表)."""
    amount: str = doc("一般公共预算财政拨款支出合计")
    share_of_expense: str = doc("占本年支出合计的比例")
    yoy: Compare = doc("与上年比较")
    budget: Budget = doc("与年初预算比较")
    classes: list[ClassShare] = doc("支出结构：金额不为 0 的各类")
    details: list[Detail] = doc("具体情况：各项级科目（本年和上年都为 0 的不列）")
    budget_items: list[BudgetItem] = doc(_BUDGET_ITEMS + "；有预算而未支出、不在公开05表中的项也列（决算数 0.00），"
                                         "但公开08/09表中有的项属政府性基金／国有资本经营预算，列在 s8／s9")


@dataclass(slots=True, frozen=True)
class Section6:
    """六、一般公共预算财政拨款基本支出决算情况 (公开06表)."""
    basic: str = doc("基本支出")
    personnel: str = doc("人员经费")
    personnel_items: str = doc("人员经费包括的款级科目（金额不为 0），以顿号分隔")
    public: str = doc("公用经费")
    public_items: str = doc("公用经费包括的款级科目（金额不为 0），以顿号分隔")


@dataclass(slots=True, frozen=True)
class Fund:
    """八、九: 政府性基金 and 国有资本经营预算财政拨款 (公开08/09表合计行)."""
    budget_items: list[BudgetItem] = doc(_BUDGET_ITEMS + "；表中有行而未支出、有预算的项也列（决算数 0.00）")
    empty: bool = doc("是否空表（bool）")
    opening: str = doc("年初结转和结余")
    income: str = doc("本年收入")
    expense: str = doc("本年支出")
    basic: str = doc("其中基本支出")
    project: str = doc("其中项目支出")
    closing: str = doc("年末结转和结余")


@dataclass(slots=True, frozen=True)
class ThreePublicBudget:
    """The “三公” items' budget against actual."""
    total: Budget = doc("合计")
    abroad: Budget = doc("因公出国（境）费")
    car_buy: Budget = doc("公务用车购置费")
    car_run: Budget = doc("公务用车运行维护费")
    reception: Budget = doc("公务接待费")
    car: Budget = doc("公务用车购置及运行维护费（差异原因取购置费、运行维护费的预决算差异原因：填了一项即为该项；"
                      "两项不同时为“公务用车购置费方面，……；公务用车运行维护费方面，……”）")


@dataclass(slots=True, frozen=True)
class CarBuy:
    amount: str = doc("购置费")
    zero: bool = doc("购置费为 0（bool）")
    content: str = doc("主要用于")


@dataclass(slots=True, frozen=True)
class CarRun:
    amount: str = doc("运行维护费")
    zero: bool = doc("运行维护费为 0（bool）")


@dataclass(slots=True, frozen=True)
class Foreign:
    amount: str = doc("外宾接待支出")
    batches: str = doc("接待外宾批次")
    people: str = doc("接待外宾人次")


@dataclass(slots=True, frozen=True)
class Section7:
    """七、“三公”经费 (公开07表 and 三公经费说明)."""
    total: Compare = doc("“三公”经费合计与上年比较")
    abroad: ShareCompare = doc("因公出国（境）费")
    car: CarCompare = doc("公务用车购置及运行维护费")
    reception: ShareCompare = doc("公务接待费")
    abroad_groups: str = doc("因公出国（境）团组数（工作簿未填时为空）")
    abroad_people: str = doc("因公出国（境）人次（工作簿未填时为空）")
    abroad_content: str = doc("因公出国（境）主要内容")
    car_bought: str = doc("公务用车购置数（工作簿未填时为空）")
    car_held: str = doc("公务用车保有量（工作簿未填时为空）")
    car_run_content: str = doc("公务用车运行维护费主要用途")
    asset_vehicles: str = doc("资产中的车辆数（工作簿未填时为空）")
    vehicles_match: bool = doc("保有量与资产车辆数是否一致（bool）")
    car_gap_reason: str = doc("不一致的原因")
    reception_batches: str = doc("公务接待批次（工作簿未填时为空）")
    reception_people: str = doc("公务接待人次（工作簿未填时为空）")
    reception_content: str = doc("公务接待主要内容")
    budget: ThreePublicBudget = doc("“三公”经费预算与决算")
    none: bool = doc("无“三公”经费财政拨款支出（预算和决算都为 0，bool）")
    car_buy: CarBuy = doc("公务用车购置")
    car_run: CarRun = doc("公务用车运行维护")
    foreign: Foreign = doc("外宾接待（公务接待费中）")


@dataclass(slots=True, frozen=True)
class Procurement:
    """政府采购."""
    any: bool = doc("有无政府采购（bool）")
    total: str = doc("政府采购支出总额")
    goods: str = doc("货物")
    works: str = doc("工程")
    services: str = doc("服务")
    sme: str = doc("授予中小企业合同金额")
    sme_share: str = doc("占政府采购支出总额的比例")
    micro: str = doc("其中授予小微企业合同金额")
    micro_share: str = doc("占政府采购支出总额的比例")
    sme_reserved: str = doc("面向中小企业预留项目预算金额")
    micro_reserved: str = doc("面向小微企业预留项目预算金额")
    sme_reserved_awarded: str = doc("预留项目中由中小企业中标或成交的金额")
    micro_reserved_awarded: str = doc("预留项目中由小微企业中标或成交的金额")
    sme_other_awarded: str = doc("其他项目中由中小企业中标或成交的金额")


@dataclass(slots=True, frozen=True)
class Assets:
    """国有资产占用."""
    original: str = doc("资产总额（原值）")
    building_area: str = doc("房屋面积（平方米）")
    building_value: str = doc("房屋价值")
    vehicles: str = doc("车辆总数")
    vehicles_value: str = doc("车辆原值")
    veh_minister: str = doc("部级领导干部用车")
    veh_head: str = doc("主要负责人用车")
    veh_confidential: str = doc("机要通信用车")
    veh_emergency: str = doc("应急保障用车")
    veh_enforcement: str = doc("执法执勤用车")
    veh_special: str = doc("特种专业技术用车")
    veh_retiree: str = doc("离退休干部服务用车")
    veh_other: str = doc("其他用车")
    other_use: str = doc("其他用车的用途")
    big_equipment: str = doc("单位价值100万元以上设备台数")


@dataclass(slots=True, frozen=True)
class Section10:
    """十、其他重要事项."""
    unit_kind_note: str = doc("行政单位时为“（行政单位和参照公务员法管理事业单位）”，事业单位为空")
    running: Compare = doc("机关运行经费与上年比较")
    procurement: Procurement = doc("政府采购")
    assets: Assets = doc("国有资产占用")


@dataclass(slots=True, frozen=True)
class Stages:
    """预算绩效管理情况."""
    systems: str = doc("预算绩效管理制度")
    mechanism: str = doc("工作机制建设情况")
    target_count: str = doc("编报绩效目标的项目数")
    target_amount: str = doc("其预算金额")
    track_count: str = doc("绩效跟踪评价的项目数")
    track_amount: str = doc("其预算金额")
    selfeval_count: str = doc("绩效自评的项目数")
    selfeval_amount: str = doc("其预算金额")
    average_score: str = doc("绩效自评平均得分，如 99.33")
    grade_excellent: str = doc("评级为“优”的项目数")
    grade_good: str = doc("评级为“良”的项目数")
    grade_pass: str = doc("评级为“合格”的项目数")
    grade_fail: str = doc("评级为“不合格”的项目数")
    issues_found: str = doc("发现问题数")
    issues_fixed: str = doc("已完成整改数")
    issues_fixing: str = doc("正在整改数")
    issues_any: bool = doc("发现了问题（bool）")


@dataclass(slots=True, frozen=True)
class Section11:
    """十一、预算绩效."""
    overall_count: str = doc("整体支出绩效自评个数")
    overall_budget: str = doc("整体自评预算总额")
    overall_executed: str = doc("整体自评执行总额")
    project_count: str = doc("项目绩效自评个数")
    project_budget: str = doc("自评项目全年预算数")
    project_executed: str = doc("自评项目全年执行数")
    achievements: str = doc("取得的成效")
    problems: str = doc("发现的问题及原因")
    improvements: str = doc("下一步改进措施")
    stages: Stages = doc("预算绩效管理情况（“预算绩效管理”工作表）")


@dataclass(slots=True, frozen=True)
class Section12:
    """十二、其他需说明的事项."""
    overall_published: bool = doc("部门整体绩效自评表是否随说明公开（bool）")
    paragraphs: list[str] = doc("其他需说明的事项，逐段", item="段落文字")


# ---------------------------------------------------------------------------
# 第一部分

@dataclass(slots=True, frozen=True)
class Function:
    """A 主要职能 item."""
    num: str = doc("序号（一、二……）")
    no: str = doc("序号（1、2……）")
    text: str = doc("职能内容（照工作簿所写）")
    own_number: bool = doc("这一条自带编号（1. （一） 一、 等，bool）")


@dataclass(slots=True, frozen=True)
class Staff:
    """人员情况."""
    total: str = doc("实有人数")
    active: str = doc("在职人员")
    retired_cadre: str = doc("离休人员")
    retired: str = doc("退休人员")


@dataclass(slots=True, frozen=True)
class Named:
    """下属预算单位 or 内设处室: how many and their names."""
    count: str = doc("个数（\"0\" 表示没有）")
    names: str = doc("名称，以顿号分隔")


@dataclass(slots=True, frozen=True)
class CompositionRow:
    """A row of 部门决算单位构成表."""
    num: str = doc("序号")
    name: str = doc("单位名称（含括注）")
    note: str = doc("备注")


@dataclass(slots=True, frozen=True)
class Glossary:
    """名词解释's 主要是：… lists."""
    business_items: str = doc("事业收入主要是")
    operating_items: str = doc("经营收入主要是")
    other_items: str = doc("其他收入主要是")
