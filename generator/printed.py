"""What a pack's template prints: which workbook fields reach the document.

A field is *printed* when the template reads a vocabulary name computed from it
(``FIELD_NAMES`` below: the field's sheet and key → the vocabulary paths made from
it). A field the template never prints is not mandatory, and the checks do not ask
for it (no missing reason for a sentence the document does not write). A field
that is not listed in ``FIELD_NAMES`` is treated as printed whenever the pack
reads its sheet: leaving a field out of the table can only keep it required.

The template's names come from ``render.template_references`` (the parser behind
``pjgen packs --check``), kept per template content (see ``printed_by``).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator import __version__, schema
from generator.problems import PjgenError

# The COMPARE/BUDGET leaves of the vocabulary that use last year's figure or the budget
# (``amount``/``actual`` and ``zero`` need only this year's figure).
_YOY = ("last", "change", "movement", "verb", "flat")
_BUDGET = ("budget", "gap", "completion", "relation", "equal")


def _yoy(*prefixes: str) -> tuple[str, ...]:
    return tuple(f"{p}.{leaf}" for p in prefixes for leaf in _YOY)


def _budget(*prefixes: str) -> tuple[str, ...]:
    return tuple(f"{p}.{leaf}" for p in prefixes for leaf in _BUDGET)


_C, _GL, _TP, _OM = schema.COMPARE.name, schema.GENERAL_LAST.name, schema.THREE_PUBLIC.name, schema.OTHER_MATTERS.name
_UNIT, _PERF, _ITEMS = schema.UNIT.name, schema.PERFORMANCE.name, schema.ITEM_NOTES.name


def _items(leaf: str) -> tuple[str, ...]:
    """The 逐项说明 lists of 五（三）, 八 and 九 (``leaf`` of their items; "" the lists)."""
    return tuple(f"{s}.budget_items" + (f"[].{leaf}" if leaf else "") for s in ("s5", "s8", "s9"))

# (sheet, field key) → the vocabulary paths computed from the field. A path covers its
# children: "s5.details" is printed by a template that reads s5.details[].change.
FIELD_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    (_UNIT, "functions_intro"): ("functions_intro",),
    (_UNIT, "staff_active"): ("staff",),
    (_UNIT, "staff_retired_cadre"): ("staff",),
    (_UNIT, "staff_retired"): ("staff",),
    (_C, "total_last"): _yoy("s1.yoy"),
    (_C, "total_reason"): ("s1.yoy.reason",),
    (_C, "fiscal_last"): _yoy("s4.yoy"),
    (_C, "fiscal_reason"): ("s4.yoy.reason",),
    (_C, "fiscal_budget"): _budget("s4.budget"),
    (_C, "fiscal_budget_reason"): ("s4.budget.reason",),
    (_C, "general_last"): _yoy("s5.yoy"),
    (_C, "general_reason"): ("s5.yoy.reason",),
    (_C, "general_budget"): _budget("s5.budget"),
    (_C, "general_budget_reason"): ("s5.budget.reason",),
    # the per-科目 上年 rows: only the 具体情况 list of 五（三） prints them
    (_GL, "code"): ("s5.details",),
    (_GL, "name"): ("s5.details",),
    (_GL, "last_amount"): ("s5.details",),
    (_GL, "reason"): ("s5.details[].reason",),
    (_TP, "abroad_last"): _yoy("s7.total", "s7.abroad"),
    (_TP, "car_buy_last"): _yoy("s7.total", "s7.car"),
    (_TP, "car_run_last"): _yoy("s7.total", "s7.car"),
    (_TP, "reception_last"): _yoy("s7.total", "s7.reception"),
    (_TP, "total_reason"): ("s7.total.reason",),
    (_TP, "abroad_reason"): ("s7.abroad.reason",),
    (_TP, "car_reason"): ("s7.car.reason", "s7.budget.car.reason"),
    (_TP, "reception_reason"): ("s7.reception.reason",),
    (_TP, "abroad_groups"): ("s7.abroad_groups",),
    (_TP, "abroad_people"): ("s7.abroad_people",),
    (_TP, "abroad_content"): ("s7.abroad_content",),
    (_TP, "car_bought"): ("s7.car_bought",),
    (_TP, "car_held"): ("s7.car_held", "s7.vehicles_match"),
    (_TP, "car_run_content"): ("s7.car_run_content",),
    (_TP, "car_gap_reason"): ("s7.car_gap_reason",),
    (_TP, "reception_batches"): ("s7.reception_batches",),
    (_TP, "reception_people"): ("s7.reception_people",),
    (_TP, "reception_content"): ("s7.reception_content",),
    (_TP, "budget_reason"): ("s7.budget.total.reason",),
    (_TP, "abroad_budget_reason"): ("s7.budget.abroad.reason",),
    (_TP, "car_buy_budget_reason"): ("s7.budget.car_buy.reason",),
    (_TP, "car_run_budget_reason"): ("s7.budget.car_run.reason",),
    (_TP, "reception_budget_reason"): ("s7.budget.reception.reason",),
    (_OM, "running_amount"): ("s10.running",),
    (_OM, "running_last"): _yoy("s10.running"),
    (_OM, "running_reason"): ("s10.running.reason",),
    (_OM, "procurement_total"): ("s10.procurement",),
    (_OM, "procurement_goods"): ("s10.procurement.goods",),
    (_OM, "procurement_works"): ("s10.procurement.works",),
    (_OM, "procurement_services"): ("s10.procurement.services",),
    (_OM, "procurement_sme"): ("s10.procurement.sme", "s10.procurement.sme_share"),
    (_OM, "procurement_micro"): ("s10.procurement.micro", "s10.procurement.micro_share"),
    (_OM, "assets_original"): ("s10.assets.original",),
    (_OM, "building_area"): ("s10.assets.building_area",),
    (_OM, "building_value"): ("s10.assets.building_value",),
    (_OM, "vehicles"): ("s10.assets.vehicles", "s7.asset_vehicles", "s7.vehicles_match"),
    (_OM, "vehicles_value"): ("s10.assets.vehicles_value",),
    **{(_OM, key): (f"s10.assets.{key}",) for key in (
        "veh_minister", "veh_head", "veh_confidential", "veh_emergency", "veh_enforcement", "veh_special",
        "veh_retiree", "veh_other", "big_equipment")},
    (_OM, "veh_other_use"): ("s10.assets.other_use",),
    (_ITEMS, "purpose"): _items("purpose"),
    (_ITEMS, "budget"): _items(""),
    (_ITEMS, "reason"): _items("reason"),
    (_PERF, "achievements"): ("s11.achievements",),
    (_PERF, "problems"): ("s11.problems",),
    (_PERF, "improvements"): ("s11.improvements",),
    (_PERF, "other_matters"): ("s12.paragraphs",),
}


@dataclass(frozen=True)
class Printed:
    """The vocabulary paths a template reads (None: a template that prints everything,
    for callers that know no pack)."""

    paths: frozenset[str] | None = None

    def reads(self, name: str) -> bool:
        """Whether the template reads ``name`` or one of its children."""
        if self.paths is None:
            return True
        return any(p == name or p.startswith((name + ".", name + "[]")) for p in self.paths)

    def prints(self, sheet: str, key: str) -> bool:
        """Whether the field ``key`` of ``sheet`` reaches the document."""
        names = FIELD_NAMES.get((sheet, key))
        return names is None or any(self.reads(n) for n in names)


EVERYTHING = Printed()


def printed_by(template: Path) -> Printed:
    """What ``template`` prints.

    Parsing a template takes a few tenths of a second (docxtpl and jinja2), more than the
    rest of ``pjgen check``: the result is kept for the process, and on disk in the user's
    cache folder under the hash of the template's bytes (so an edited template is parsed
    again, and a cache that cannot be written or read is simply not used).

    A template that cannot be read prints, for this purpose, everything: the checks then
    ask for every field, and rendering reports the template's own problem."""
    try:
        data = Path(template).read_bytes()
    except OSError:
        return EVERYTHING
    return _printed(hashlib.sha256(CACHE_VERSION.encode() + data).hexdigest(), Path(template))


# Part of the cache key: change it when what template_references returns changes.
CACHE_VERSION = f"pjgen {__version__} template_references 1\n"


def cache_dir() -> Path:
    """Where parsed templates are kept: $XDG_CACHE_HOME/pjgen (default ~/.cache/pjgen)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pjgen" / "printed"


@lru_cache(maxsize=16)
def _printed(digest: str, template: Path) -> Printed:
    cached = cache_dir() / f"{digest}.json"
    try:
        paths = json.loads(cached.read_text(encoding="utf-8"))
        if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
            return Printed(frozenset(paths))
    except (OSError, ValueError):
        pass
    from generator.render import template_references

    try:
        paths = sorted({p for p, _ in template_references(template)})
    except PjgenError:
        return EVERYTHING
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(paths, ensure_ascii=False), encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass
    return Printed(frozenset(paths))
