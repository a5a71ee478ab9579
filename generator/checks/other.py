"""其他重要事项: 机关运行经费, 政府采购, 国有资产 (车辆)."""

from __future__ import annotations

from typing import Iterator

from generator.checks.common import fmt, mismatch
from generator.checks.reasons import missing_reason
from generator.model import Report, or_zero
from generator.printed import EVERYTHING, Printed
from generator.problems import Problem, warning


def check_running_cost(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    other = report.other
    running = other.running_amount
    if running is None or report.unit.unit_kind == "事业单位" or report.t6.public_ref is None:
        return
    if running != report.t6.public_total:
        yield warning("running-cost-differs",
                      f"机关运行经费 {fmt(running)} 与公开06表公用经费合计 {fmt(report.t6.public_total)} 不一致。"
                      "行政单位和参公事业单位两者通常相等，请确认。", other.ref("running_amount"))


def check_procurement(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    o = report.other
    if o.procurement_total is None:
        return
    total = o.procurement_total
    yield from mismatch(o.ref("procurement_total"), "政府采购支出总额", total,
                        [or_zero(o.procurement_goods), or_zero(o.procurement_works),
                         or_zero(o.procurement_services)], "货物、工程、服务",
                        part_refs=[o.ref("procurement_goods"), o.ref("procurement_works"), o.ref("procurement_services")])
    sme, micro = or_zero(o.procurement_sme), or_zero(o.procurement_micro)
    if sme > total:
        yield Problem("amount-too-large", f"授予中小企业合同金额 {fmt(sme)} 大于政府采购支出总额 {fmt(total)}。请核对。",
                      o.ref("procurement_sme"))
    if micro > sme:
        yield Problem("amount-too-large", f"授予小微企业合同金额 {fmt(micro)} 大于授予中小企业合同金额 {fmt(sme)}。请核对。",
                      o.ref("procurement_micro"))


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

