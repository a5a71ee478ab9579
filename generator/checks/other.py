"""其他重要事项: 机关运行经费, 政府采购, 国有资产 (车辆)."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from generator.checks.common import fmt, mismatch
from generator.checks.reasons import missing_reason
from generator.model import Report, or_zero
from generator.printed import EVERYTHING, Printed
from generator.problems import CellRef, Problem, warning


# How a unit's name or 备注 says what kind of unit it is: “（下属事业单位）”, “（下属参公事业单位）”,
# “参照公务员法管理事业单位”.
_INSTITUTION = "事业单位"
_CIVIL_SERVICE = ("参公", "参照公务员法")


def includes_institution(report: Report) -> bool:
    """Whether the department's 决算 includes a 事业单位 that is not 参公: a row of 单位构成
    (its name or 备注) or a 下属预算单位 of 机构设置 says 事业单位 and neither 参公 nor
    参照公务员法. Its 公用经费 are in 公开06表 but not in 机关运行经费, which counts the
    行政单位 and 参公事业单位 only."""
    texts = [f"{row.name}{row.note}" for row in report.composition] + list(report.subordinates)
    return any(_INSTITUTION in t and not any(c in t for c in _CIVIL_SERVICE) for t in texts)


def check_running_cost(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """机关运行经费 = 公开06表 公用经费合计 for a 行政单位 or 参公事业单位 on its own. A department
    that includes a (non-参公) 事业单位 legitimately has less 机关运行经费 than 公用经费, never more;
    a 事业单位 itself is not compared."""
    other = report.other
    running = other.running_amount
    if running is None or report.unit.unit_kind == "事业单位" or report.t6.public_ref is None:
        return
    public, where = report.t6.public_total, f"公开06表公用经费合计（{report.t6.public_ref}）"
    if includes_institution(report):
        if running > public:
            yield warning("running-cost-differs",
                          f"机关运行经费 {fmt(running)} 大于{where} {fmt(public)}。机关运行经费是行政单位和参公事业单位的"
                          "公用经费，不应超过部门的公用经费合计，请核对。", other.ref("running_amount"))
        return
    if running != public:
        yield warning("running-cost-differs",
                      f"机关运行经费 {fmt(running)} 与{where} {fmt(public)} 不一致。行政单位和参公事业单位两者通常相等，"
                      "请确认；部门含非参公的事业单位时，请在“单位构成”的单位名称或备注中写明（如“（下属事业单位）”）。",
                      other.ref("running_amount"))


def _not_above(part: Decimal | None, part_ref: CellRef | None, part_what: str,
               whole: Decimal | None, whole_ref: CellRef | None, whole_what: str) -> Iterator[Problem]:
    """``part`` cannot exceed ``whole`` (either empty: not compared); an error naming both cells."""
    if part is None or whole is None or part <= whole:
        return
    yield Problem("amount-too-large", f"{part_what}（{part_ref}）{fmt(part)} 大于{whole_what}（{whole_ref}）{fmt(whole)}。"
                                      "前者是后者的一部分，请核对。", part_ref)


def check_procurement(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """政府采购: 总额 = 货物 + 工程 + 服务; 小微企业 ≤ 中小企业 ≤ 总额, for the contracts awarded
    and for the reserved project budgets (政府采购预留) alike."""
    o, r = report.other, report.procurement_reserved
    total = o.procurement_total
    if total is None:
        return
    yield from mismatch(o.ref("procurement_total"), "政府采购支出总额", total,
                        [or_zero(o.procurement_goods), or_zero(o.procurement_works),
                         or_zero(o.procurement_services)], "货物、工程、服务",
                        part_refs=[o.ref("procurement_goods"), o.ref("procurement_works"), o.ref("procurement_services")])
    total_ref, total_what = o.ref("procurement_total"), "政府采购支出总额"
    yield from _not_above(o.procurement_sme, o.ref("procurement_sme"), "授予中小企业合同金额",
                          total, total_ref, total_what)
    yield from _not_above(o.procurement_micro, o.ref("procurement_micro"), "授予小微企业合同金额",
                          o.procurement_sme, o.ref("procurement_sme"), "授予中小企业合同金额")
    yield from _not_above(r.sme_reserved, r.ref("sme_reserved"), "面向中小企业预留项目预算金额",
                          total, total_ref, total_what)
    yield from _not_above(r.micro_reserved, r.ref("micro_reserved"), "面向小微企业预留项目预算金额",
                          r.sme_reserved, r.ref("sme_reserved"), "面向中小企业预留项目预算金额")
    yield from _not_above(r.micro_reserved_awarded, r.ref("micro_reserved_awarded"),
                          "预留项目中由小微企业中标或成交的金额", r.sme_reserved_awarded,
                          r.ref("sme_reserved_awarded"), "预留项目中由中小企业中标或成交的金额")
    awarded = [v for v in (r.sme_reserved_awarded, r.sme_other_awarded) if v is not None]
    if awarded and sum(awarded) > total:
        yield Problem("amount-too-large",
                      f"由中小企业中标或成交的金额（{r.ref('sme_reserved_awarded')}、{r.ref('sme_other_awarded')}）"
                      f"合计 {fmt(sum(awarded))} 大于{total_what}（{total_ref}）{fmt(total)}。请核对。",
                      r.ref("sme_reserved_awarded"))


def check_assets(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    o = report.other
    if o.vehicles is None:
        return
    parts = o.vehicle_kinds().values()
    if o.vehicles != sum(parts):
        yield Problem("total-mismatch", f"车辆数 {o.vehicles} 辆，但各类用车之和为 {sum(parts)} 辆。请核对。",
                      o.ref("vehicles"))
    if (o.veh_other or 0) > 0 and not o.veh_other_use:
        yield warning("missing-text", "有其他用车，但未填写“其他用车主要是”。", o.ref("veh_other_use"))
    held = report.three_public.car_held
    if held is not None and held != o.vehicles and not report.three_public.car_gap_reason:
        yield missing_reason(f"公务用车保有量 {held} 辆与资产中的车辆 {o.vehicles} 辆不同，请填写差异原因。",
                             report.three_public.ref("car_gap_reason"))

