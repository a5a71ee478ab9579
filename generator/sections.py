"""The sections of 第二部分 as the template context holds them, typed: each field carries its
vocabulary description (generator/described.py), so generator/vocabulary.py lists what
generator/context.py builds. Figures are preformatted strings."""

from __future__ import annotations

from dataclasses import dataclass

from generator.described import doc
from generator.phrases import Budget, BudgetItem, Compare


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


@dataclass(slots=True, frozen=True)
class Section5:
    """五、一般公共预算财政拨款支出决算情况 (公开05表)."""
    amount: str = doc("一般公共预算财政拨款支出合计")
    share_of_expense: str = doc("占本年支出合计的比例")
    yoy: Compare = doc("与上年比较")
    budget: Budget = doc("与年初预算比较")
    classes: list[ClassShare] = doc("支出结构：金额不为 0 的各类")
    details: list[Detail] = doc("具体情况：各项级科目（本年和上年都为 0 的不列）")
    budget_items: list[BudgetItem] = doc("逐项说明的项级科目（本年决算和预算都为 0 的不列；有预算而未支出的也列，决算数 "
                                         "0.00）；主要用于、年初／全年预算数、原因取自“项级科目说明”")
