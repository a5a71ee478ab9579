"""Which workbook fields each template name is made from: the one declaration of that link,
and what follows from it for a pack's template and its [sheets].

``SOURCES`` maps a name of the vocabulary (generator/vocabulary.py) to the form-sheet fields
and list-sheet columns it is made from. A name covers the names under it: the fields of
``s5.details`` are used by ``s5.details[].change`` as well. Read the other way round
(``FIELD_NAMES``, derived), it says which names print a field: generator/printed.py decides
from it which fields a pack's template prints (a field never printed is not mandatory), and
``unread_fields`` and ``unprinted_fields`` compare a template's names with a pack's selection
(`pjgen packs --check`, `pjgen build`): a name whose fields the pack does not read prints
nothing or a wrong figure, silently (a "主要原因是：…" clause disappears although the workbook
holds the reason).

A field that no name of ``SOURCES`` uses (other than its own ``fields.<record>.<key>``) is
treated as printed whenever the pack reads its sheet: leaving a field out can only keep it
required. A name not in ``SOURCES`` is made from official tables or whole list sheets, which a
pack uses whole or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from generator import schema
from generator.schema import FormSheet, ListSheet, Selection
from generator.sheet_fields import field_sources

Source = tuple[FormSheet | ListSheet, str]  # a form sheet (or list sheet) and the key of one of its fields (columns)

# The leaves of a year-on-year comparison (vocabulary.COMPARE) and of a budget comparison
# (vocabulary.BUDGET): those that need last year's figure or the budget, and the reason
# (``amount``/``actual`` and ``zero`` need only this year's figure).
_COMPARED = ("last", "change", "movement", "verb", "flat")
_BUDGETED = ("budget", "gap", "completion", "relation", "equal")


def _compare(prefix: str, sheet: FormSheet, last: str | tuple[str, ...], reason: str) -> dict[str, tuple[Source, ...]]:
    lasts = (last,) if isinstance(last, str) else last
    out: dict[str, tuple[Source, ...]] = {f"{prefix}.{leaf}": tuple((sheet, k) for k in lasts) for leaf in _COMPARED}
    out[f"{prefix}.reason"] = ((sheet, reason),)
    return out


def _budget(prefix: str, sheet: FormSheet, budget: str | None, reason: str) -> dict[str, tuple[Source, ...]]:
    out: dict[str, tuple[Source, ...]] = {f"{prefix}.{leaf}": ((sheet, budget),) for leaf in _BUDGETED} if budget else {}
    out[f"{prefix}.reason"] = ((sheet, reason),)
    return out


def _fields(prefix: str, sheet: FormSheet, names: Iterable[tuple[str, str]]) -> dict[str, tuple[Source, ...]]:
    return {f"{prefix}.{name}": ((sheet, key),) for name, key in names}


def _items(leaf: str, sources: tuple[Source, ...]) -> dict[str, tuple[Source, ...]]:
    """The 逐项说明 lists of 五（三）, 八 and 九 (``leaf`` of their items; "" the lists themselves)."""
    return {f"{s}.budget_items" + (f"[].{leaf}" if leaf else ""): sources for s in ("s5", "s8", "s9")}


CP, TP, OM, PF = schema.COMPARE, schema.THREE_PUBLIC, schema.OTHER_MATTERS, schema.PERFORMANCE
GL, ITEMS = schema.GENERAL_LAST, schema.ITEM_NOTES
TPM, RESERVED, STAGES = schema.THREE_PUBLIC_MORE, schema.PROCUREMENT_RESERVED, schema.PERFORMANCE_STAGES

SOURCES: dict[str, tuple[Source, ...]] = {
    # 第一部分
    "functions_intro": ((schema.UNIT, "functions_intro"),),
    **_fields("staff", schema.UNIT, (("active", "staff_active"), ("retired_cadre", "staff_retired_cadre"),
                                     ("retired", "staff_retired"))),
    "staff.total": ((schema.UNIT, "staff_active"), (schema.UNIT, "staff_retired_cadre"),
                    (schema.UNIT, "staff_retired")),
    # 第三部分's 主要是：…
    **_fields("glossary", schema.GLOSSARY, ((f.key, f.key) for f in schema.GLOSSARY.fields)),
    # 第二部分 一, 四, 五: against last year and the budget
    **_compare("s1.yoy", CP, "total_last", "total_reason"),
    **_compare("s4.yoy", CP, "fiscal_last", "fiscal_reason"),
    **_budget("s4.budget", CP, "fiscal_budget", "fiscal_budget_reason"),
    **_compare("s5.yoy", CP, "general_last", "general_reason"),
    **_budget("s5.budget", CP, "general_budget", "general_budget_reason"),
    # 五（三）具体情况: the per-科目 上年 rows (which 项 are listed, their names, the change) and their reasons
    "s5.details": ((GL, "code"), (GL, "name"), (GL, "last_amount")),
    "s5.details[].reason": ((GL, "reason"),),
    # 五（三）, 八, 九 逐项说明: the budget decides which 项 are listed and what they are compared with
    **_items("", ((ITEMS, "budget"),)),
    **_items("purpose", ((ITEMS, "purpose"),)),
    **_items("reason", ((ITEMS, "reason"),)),
    # 七 “三公”经费
    **_compare("s7.total", TP, ("abroad_last", "car_buy_last", "car_run_last", "reception_last"), "total_reason"),
    **_compare("s7.abroad", TP, "abroad_last", "abroad_reason"),
    **_compare("s7.car", TP, ("car_buy_last", "car_run_last"), "car_reason"),
    **_compare("s7.reception", TP, "reception_last", "reception_reason"),
    **_budget("s7.budget.total", TP, None, "budget_reason"),
    **_budget("s7.budget.abroad", TP, None, "abroad_budget_reason"),
    **_budget("s7.budget.car_buy", TP, None, "car_buy_budget_reason"),
    **_budget("s7.budget.car_run", TP, None, "car_run_budget_reason"),
    **_budget("s7.budget.reception", TP, None, "reception_budget_reason"),
    # the car against its budget: the reasons of its two parts, as written (generator/context_three_public.py)
    "s7.budget.car.reason": ((TP, "car_buy_budget_reason"), (TP, "car_run_budget_reason")),
    **_fields("s7", TP, (("abroad_groups", "abroad_groups"), ("abroad_people", "abroad_people"),
                         ("abroad_content", "abroad_content"), ("car_bought", "car_bought"),
                         ("car_held", "car_held"), ("car_run_content", "car_run_content"),
                         ("car_gap_reason", "car_gap_reason"), ("reception_batches", "reception_batches"),
                         ("reception_people", "reception_people"), ("reception_content", "reception_content"))),
    **_fields("s7.foreign", TPM, (("amount", "foreign_amount"), ("batches", "foreign_batches"),
                                  ("people", "foreign_people"))),
    "s7.car_buy.content": ((TPM, "car_buy_content"),),
    "s7.asset_vehicles": ((OM, "vehicles"),),
    "s7.vehicles_match": ((TP, "car_held"), (OM, "vehicles")),
    # 十 机关运行经费 (this year's figure is in every leaf of the comparison), 政府采购, 国有资产
    "s10.running": ((OM, "running_amount"),),
    **_compare("s10.running", OM, "running_last", "running_reason"),
    **_fields("s10.procurement", OM, (("any", "procurement_total"), ("total", "procurement_total"),
                                      ("goods", "procurement_goods"), ("works", "procurement_works"),
                                      ("services", "procurement_services"),
                                      ("sme", "procurement_sme"), ("micro", "procurement_micro"))),
    "s10.procurement.sme_share": ((OM, "procurement_sme"), (OM, "procurement_total")),
    "s10.procurement.micro_share": ((OM, "procurement_micro"), (OM, "procurement_total")),
    **_fields("s10.procurement", RESERVED, ((f.key, f.key) for f in RESERVED.fields)),
    **_fields("s10.assets", OM, (("original", "assets_original"), ("building_area", "building_area"),
                                 ("building_value", "building_value"), ("vehicles", "vehicles"),
                                 ("vehicles_value", "vehicles_value"), ("other_use", "veh_other_use"),
                                 ("big_equipment", "big_equipment"),
                                 *((f.key, f.key) for f in OM.fields if f.key.startswith("veh_")
                                   and f.kind is schema.Kind.COUNT))),
    # 十一, 十二
    **_fields("s11", PF, (("achievements", "achievements"), ("problems", "problems"),
                          ("improvements", "improvements"))),
    **_fields("s11.stages", STAGES, ((f.key, f.key) for f in STAGES.fields)),
    "s11.stages.issues_any": ((STAGES, "issues_found"),),
    "s12.paragraphs": ((PF, "other_matters"),),
    "s12.overall_published": ((PF, "overall_published"),),
}
# Fields that serve to be printed through the names above (other fields may serve checks only)
PRINTED_THROUGH_NAMES = frozenset(source for sources in SOURCES.values() for source in sources)
SOURCES.update(field_sources())  # fields.<record>.<key>: the field itself


def _names_of_fields() -> dict[tuple[str, str], tuple[str, ...]]:
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, sources in SOURCES.items():
        for sheet, key in sources:
            if (sheet, key) in PRINTED_THROUGH_NAMES:
                names[(sheet.name, key)].append(name)
    return {field: tuple(found) for field, found in names.items()}


# (sheet name, field key) → the names that print the field, ``SOURCES`` read the other way round.
# Only the fields of PRINTED_THROUGH_NAMES are keys: any other field counts as printed.
FIELD_NAMES: dict[tuple[str, str], tuple[str, ...]] = _names_of_fields()


def covers(name: str, path: str) -> bool:
    """Whether a template that reads ``path`` reads ``name``: ``path`` is ``name`` or a name under
    it (``s5.details[].change`` is under ``s5.details``; ``s7.tot`` is not over ``s7.total``)."""
    return path == name or path.startswith((name + ".", name + "["))


def sources_of(path: str) -> tuple[Source, ...]:
    """The fields the name at ``path`` (a template reference, e.g. ``s7.abroad.reason``) is made
    from: its own, those of the names over it (``s10.running.change`` needs this year's
    机关运行经费 of ``s10.running``) and those of the names under it (``s7.abroad`` uses all of them)."""
    found = list(_used_by(path))
    for name, sources in SOURCES.items():
        if covers(path, name):
            found += sources
    return tuple(dict.fromkeys(found))


def _used_by(path: str) -> Iterable[Source]:
    """The fields a template that reads ``path`` prints: those of ``path`` and of the names over it."""
    for name, sources in SOURCES.items():
        if covers(name, path):
            yield from sources


def _columns(sheet: FormSheet | ListSheet) -> tuple[schema.Field, ...]:
    return sheet.fields if isinstance(sheet, FormSheet) else sheet.columns


def _label(sheet: FormSheet | ListSheet, key: str) -> str:
    return next(f.label for f in _columns(sheet) if f.key == key)


def _reads(selection: Selection, sheet: FormSheet | ListSheet, key: str) -> bool:
    if selection.sheets is None:
        return True
    if sheet.name not in selection.sheets:
        return False
    labels = selection.sheets[sheet.name]
    return labels is None or _label(sheet, key) in labels


def unread_fields(selection: Selection, references: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(written name, sheet, label) for each field a printed name needs that the pack does not read."""
    out: list[tuple[str, str, str]] = []
    for path, written in references:
        for sheet, key in _used_by(path):
            if not _reads(selection, sheet, key):
                item = (written, sheet.name, _label(sheet, key))
                if item not in out:
                    out.append(item)
    return out


def unprinted_fields(selection: Selection, references: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(sheet, label) of each field the pack lists by name in [sheets] that serves to be printed
    (``PRINTED_THROUGH_NAMES``) and that no name of the template prints."""
    if selection.sheets is None:
        return []
    printed = {source for path, _ in references for source in _used_by(path)}
    out: list[tuple[str, str]] = []
    for sheet, key in sorted(PRINTED_THROUGH_NAMES - printed, key=_order):
        labels = selection.sheets.get(sheet.name)
        if labels is not None and _label(sheet, key) in labels:
            out.append((sheet.name, _label(sheet, key)))
    return out


def _order(source: Source) -> tuple[int, int]:
    sheet, key = source
    return schema.SHEET_ORDER.index(sheet.name), [f.key for f in _columns(sheet)].index(key)
