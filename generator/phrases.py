"""The comparison phrases of the template context, typed: year on year (``Compare``) and
budget against actual (``Budget``), with the variants that add a share or the 逐项说明 columns.
Each field carries its vocabulary description (see generator/described.py)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.described import doc

_MOVEMENT = "变动短语，由模板自组句子：增加X万元，增长Y%／减少X万元，下降Y%／持平；上年为 0 时按 [wording] zero_base"
_VERB = "增加／减少（持平时为空）"
_FLAT = "与上年持平（bool）"
_ZERO = "本年金额为 0（bool）"
_SHARE = "占“三公”经费的比例"


@dataclass(slots=True, frozen=True)
class Movement:
    """The parts of a comparison a template composes itself (上海: 收入支出总计增加X万元，增长Y%)."""
    movement: str = doc(_MOVEMENT)
    verb: str = doc(_VERB)
    flat: bool = doc(_FLAT)
    zero: bool = doc(_ZERO)


@dataclass(slots=True, frozen=True)
class Compare:
    """A figure against last year's."""
    amount: str = doc("本年金额")
    last: str = doc("上年金额")
    change: str = doc("与上年比较的短语：比上年增加X万元，增长Y%／与上年持平（措辞见模板包 [wording]；上年为 0 时按 zero_base）")
    reason: str = doc("变动原因（工作簿填写；未填为空）")
    movement: str = doc(_MOVEMENT)
    verb: str = doc(_VERB)
    flat: bool = doc(_FLAT)
    zero: bool = doc(_ZERO)


@dataclass(slots=True, frozen=True)
class ShareCompare(Compare):
    """A part of the “三公” total against last year's, with its share of the total."""
    share: str = doc(_SHARE)


@dataclass(slots=True, frozen=True)
class CarCompare(ShareCompare):
    """公务用车购置及运行维护费 against last year's, with its two parts."""
    buy: str = doc("公务用车购置费")
    run: str = doc("公务用车运行维护费")


@dataclass(slots=True, frozen=True)
class Budget:
    """Actual spending against the budget."""
    budget: str = doc("比较所用的预算数：年初预算，或 [wording] budget_basis 为“全年预算”且填了全年预算时的全年预算")
    basis: str = doc("比较所用的预算：“年初预算”或“全年预算”，可印作“完成{{ basis }}的X%”")
    initial: str = doc("年初预算数（两个预算都印时用）")
    full: str = doc("全年预算数（工作簿未填时为空）")
    actual: str = doc("决算数")
    gap: str = doc("预决算差异短语：预决算差异率Y%／未安排预算（预算为 0 时不写百分比；决算也为 0 且 [wording] "
                   "zero_budget 不空时为“预决算差异率”加其文字）")
    reason: str = doc("差异原因（工作簿填写）")
    completion: str = doc("完成预算的比例，如 95.46%（决算／预算；预算为 0 时为空，不写百分比；预算和决算都为 0 时为 "
                          "[wording] zero_budget，默认为空）")
    relation: str = doc("决算数大于／小于预算数：“大于”“小于”（相等时为空）")
    equal: bool = doc("决算数与预算数相等（bool）：预决算持平的不说明原因")


@dataclass(slots=True, frozen=True)
class BudgetItem(Budget):
    """One 项级科目 of the 逐项说明 lists: its budget against actual, and what names it."""
    num: str = doc("序号")
    code: str = doc("科目编码")
    path: str = doc("类（类）款（款）项（项）")
    purpose: str = doc("主要用于")


_SHARE_OF = "占比，如 93.01%（各项四舍五入；[wording] share_balance 可使各项之和恰为 100%）"


@dataclass(slots=True, frozen=True)
class Share:
    """A part of a total and its share of it."""
    amount: str = doc("金额")
    share: str = doc(_SHARE_OF)


@dataclass(slots=True, frozen=True)
class Item:
    """A named part of a total in a listing (收入、支出 by kind)."""
    name: str = doc("名称（如 财政拨款收入）")
    amount: str = doc("金额")
    share: str = doc(_SHARE_OF)
