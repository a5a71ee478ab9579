"""One declaration links workbook fields and template names (generator/vocabulary_fields.py):
``SOURCES`` (name → the fields it is made from) is written, ``FIELD_NAMES`` (field → the names
that print it) is derived, and both what `check` requires (generator/printed.py) and what
`packs --check` reports follow from it. Each rule on which the two former tables disagreed
has its test here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import _make_example_module
from generator import schema
from generator.packs import find_pack
from generator.pipeline import validate
from generator.printed import Printed, printed_by
from generator.render import template_references
from generator.schema import Selection
from generator.vocabulary import vocabulary_paths
from generator.vocabulary_fields import FIELD_NAMES, PRINTED_THROUGH_NAMES, SOURCES, unprinted_fields, unread_fields
from generator.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
UNIT, C, GL, TP = schema.UNIT.name, schema.COMPARE.name, schema.GENERAL_LAST.name, schema.THREE_PUBLIC.name
OM, PF, ITEMS = schema.OTHER_MATTERS.name, schema.PERFORMANCE.name, schema.ITEM_NOTES.name
TPM, RESERVED = schema.THREE_PUBLIC_MORE.name, schema.PROCUREMENT_RESERVED.name
STAGES, GLOSSARY = schema.PERFORMANCE_STAGES.name, schema.GLOSSARY.name
DECLARED = sorted((sheet.name, key) for sheet, key in PRINTED_THROUGH_NAMES)


# ---------------------------------------------------------------------------
# The derived direction

def test_field_names_are_the_sources_read_the_other_way_round():
    assert sorted(FIELD_NAMES) == DECLARED
    for name, sources in SOURCES.items():
        for sheet, key in sources:
            if (sheet, key) in PRINTED_THROUGH_NAMES:
                assert name in FIELD_NAMES[(sheet.name, key)], (name, sheet.name, key)
    for field, names in FIELD_NAMES.items():
        for name in names:
            assert field in {(sheet.name, key) for sheet, key in SOURCES[name]}, (field, name)


# The declared fields that each shipped template does not print, read off the templates by hand:
# Xinjiang has no 逐项说明, no 外宾接待 or 购置用途 of 三公, no 采购预留, no 预算绩效管理 stages, no 名词解释
# 主要是：…; Shanghai no 人员情况, no 财政拨款 budget, no per-科目 上年 comparison, no 三公 total or
# per-item budget reasons, no 采购 shares to SMEs, no 资产 values, no 十一/十二 texts.
_SHANGHAI = {
    (UNIT, "staff_active"), (UNIT, "staff_retired_cadre"), (UNIT, "staff_retired"),
    (C, "fiscal_budget"), (C, "fiscal_budget_reason"),
    (GL, "code"), (GL, "name"), (GL, "last_amount"), (GL, "reason"),
    (TP, "total_reason"), (TP, "car_gap_reason"), (TP, "abroad_budget_reason"), (TP, "car_buy_budget_reason"),
    (TP, "car_run_budget_reason"), (TP, "reception_budget_reason"),
    (OM, "procurement_sme"), (OM, "procurement_micro"), (OM, "assets_original"), (OM, "building_area"),
    (OM, "building_value"), (OM, "vehicles_value"), (OM, "veh_other_use"),
    (PF, "achievements"), (PF, "problems"), (PF, "improvements"), (PF, "overall_published"), (PF, "other_matters"),
}
NOT_PRINTED = {
    "xinjiang-2023": {
        (ITEMS, "purpose"), (ITEMS, "budget"), (ITEMS, "reason"),
        *((TPM, key) for key in ("foreign_amount", "foreign_batches", "foreign_people", "car_buy_content")),
        *((RESERVED, key) for key in ("sme_reserved", "micro_reserved", "sme_reserved_awarded",
                                      "micro_reserved_awarded", "sme_other_awarded")),
        *((STAGES, key) for key in ("systems", "mechanism", "target_count", "target_amount", "track_count",
                                    "track_amount", "selfeval_count", "selfeval_amount", "average_score",
                                    "grade_excellent", "grade_good", "grade_pass", "grade_fail", "issues_found",
                                    "issues_fixed", "issues_fixing")),
        *((GLOSSARY, key) for key in ("business_items", "operating_items", "other_items")),
    },
    "shanghai-2024": _SHANGHAI,
    "shanghai-2025": _SHANGHAI,
}


@pytest.mark.parametrize("pack_id", sorted(NOT_PRINTED))
def test_what_each_shipped_template_prints(pack_id):
    template = find_pack(pack_id).template
    printed = printed_by(template)
    assert {field for field in DECLARED if not printed.prints(*field)} == NOT_PRINTED[pack_id]
    # packs --check reads the same declaration: a pack listing every declared field by label
    references = template_references(template)
    assert set(unprinted_fields(_listing_all(), references)) == {
        (sheet, _label(sheet, key)) for sheet, key in NOT_PRINTED[pack_id]}


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(sorted(vocabulary_paths())), max_size=30))
def test_check_and_packs_check_agree_on_every_template(paths):
    """For any set of names a template may read, the fields `check` treats as printed are the
    fields `packs --check` does not report as unprinted."""
    printed = Printed(frozenset(paths))
    unprinted = set(unprinted_fields(_listing_all(), [(p, p) for p in paths]))
    assert {(sheet, _label(sheet, key)) for sheet, key in DECLARED if not printed.prints(sheet, key)} == unprinted


def _label(sheet: str, key: str) -> str:
    spec = schema.all_sheet_specs()[sheet]
    return next(f.label for f in (spec.fields if isinstance(spec, schema.FormSheet) else spec.columns) if f.key == key)


def _listing_all() -> Selection:
    """A selection that lists every declared field by its label."""
    labels: dict[str, set[str]] = {}
    for sheet, key in DECLARED:
        labels.setdefault(sheet, set()).add(_label(sheet, key))
    return Selection({sheet: frozenset(found) for sheet, found in labels.items()})


# ---------------------------------------------------------------------------
# What check requires: the rules on which printed.py's former table was wrong

def test_a_field_printed_as_it_is_written_is_required(tmp_path, monkeypatch):
    """{{ fields.Compare.total_last }} prints 上年收入支出总计: left empty, check names its cell
    (the former table knew only the computed names and let it go)."""
    from docx import Document

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = tmp_path / "fields.docx"
    doc = Document()
    doc.add_paragraph("{{ unit_name }}上年收入支出总计{{ fields.Compare.total_last }}万元。")
    doc.save(template)
    data = _make_example_module().load(ROOT / "inputs" / "2023.toml")
    data[C]["上年收入支出总计"] = ""
    book = tmp_path / "book.xlsx"
    write_workbook(book, data, meta={"pack": "xinjiang-2023"})
    problems = {(str(p.ref), p.code) for p in validate(book, template=template).problems}
    assert (f"{C}!B2", "missing-value") in problems


def test_each_staff_count_is_required_by_the_names_made_from_it():
    assert Printed(frozenset({"staff.active"})).prints(UNIT, "staff_active")
    assert not Printed(frozenset({"staff.active"})).prints(UNIT, "staff_retired")
    assert all(Printed(frozenset({"staff.total"})).prints(UNIT, key)
               for key in ("staff_active", "staff_retired_cadre", "staff_retired"))


def test_whether_the_overall_table_is_published_is_asked_only_where_printed():
    assert not Printed(frozenset({"s12.paragraphs"})).prints(PF, "overall_published")
    assert Printed(frozenset({"s12.overall_published"})).prints(PF, "overall_published")


def test_the_procurement_total_is_required_by_the_names_made_from_it():
    assert not Printed(frozenset({"s10.procurement.goods"})).prints(OM, "procurement_total")
    shares = Printed(frozenset({"s10.procurement.sme_share"}))
    assert shares.prints(OM, "procurement_total") and shares.prints(OM, "procurement_sme")
    assert Printed(frozenset({"s10.procurement.any"})).prints(OM, "procurement_total")


# ---------------------------------------------------------------------------
# What packs --check reports: the rules on which vocabulary_fields.py's former table was wrong

def _without(sheet: schema.FormSheet | schema.ListSheet, *labels: str) -> Selection:
    columns = sheet.fields if isinstance(sheet, schema.FormSheet) else sheet.columns
    return Selection({sheet.name: frozenset(f.label for f in columns if f.label not in labels)})


def _reported(selection: Selection, name: str) -> set[str]:
    return {label for written, _, label in unread_fields(selection, [(name, name)]) if written == name}


def test_a_running_cost_comparison_needs_this_years_running_cost():
    assert _reported(_without(schema.OTHER_MATTERS, "机关运行经费"), "s10.running.change") == {"机关运行经费"}


@pytest.mark.parametrize("name", ["s7.vehicles_match", "s7.asset_vehicles"])
def test_the_vehicles_of_the_assets_are_needed_by_the_three_public_vehicles(name):
    selection = Selection({TP: None, **_without(schema.OTHER_MATTERS, "车辆数（辆）").sheets})
    assert _reported(selection, name) == {"车辆数（辆）"}


@pytest.mark.parametrize("name", ["s10.procurement.sme_share", "s10.procurement.any"])
def test_procurement_shares_and_any_need_the_total(name):
    assert "政府采购支出总额" in _reported(_without(schema.OTHER_MATTERS, "政府采购支出总额"), name)


@pytest.mark.parametrize("sheet, label, name", [
    (schema.GENERAL_LAST, "主要原因", "s5.details[].reason"),
    (schema.ITEM_NOTES, "主要用于", "s8.budget_items[].purpose"),
    (schema.ITEM_NOTES, "年初预算数", "s5.budget_items[].completion"),
])
def test_list_sheet_columns_are_needed_by_the_names_made_from_them(sheet, label, name):
    assert _reported(_without(sheet, label), name) == {label}


def test_a_list_sheet_column_nothing_prints_is_reported():
    selection = Selection({GL: frozenset({"科目编码", "科目名称", "上年决算数", "主要原因"})})
    assert unprinted_fields(selection, [("s5.budget", "s5.budget")]) == [
        (GL, "科目编码"), (GL, "科目名称"), (GL, "上年决算数"), (GL, "主要原因")]
    assert unprinted_fields(selection, [("s5.details[].change", "d.change"), ("s5.details[].reason", "d.reason")]) == []


@pytest.mark.parametrize("sheet, label, name", [
    (schema.THREE_PUBLIC_MORE, "外宾接待支出", "s7.foreign.amount"),
    (schema.PROCUREMENT_RESERVED, "面向中小企业预留项目预算金额", "s10.procurement.sme_reserved"),
    (schema.PERFORMANCE_STAGES, "绩效自评发现问题（个）", "s11.stages.issues_any"),
    (schema.GLOSSARY, None, "glossary.business_items"),
])
def test_supplementary_sheets_are_needed_by_the_names_made_from_them(sheet, label, name):
    """The 三公 supplement, 采购预留, 预算绩效管理 and 名词解释 sheets: a pack that prints their names
    without reading them loses the text silently."""
    label = label or sheet.fields[0].label
    assert _reported(_without(sheet, label), name) == {label}


def test_the_cars_budget_reason_is_made_from_its_parts_budget_reasons_not_the_yearly_one():
    """七's 公务用车 against its budget states the budget reasons of 购置费 and 运行维护费 (as
    generator/context_three_public.py writes it), not the reason of the change on last year."""
    sheet = schema.THREE_PUBLIC
    assert _reported(_without(sheet, "公务用车购置费预决算差异原因", "公务用车运行维护费预决算差异原因"),
                     "s7.budget.car.reason") == {"公务用车购置费预决算差异原因", "公务用车运行维护费预决算差异原因"}
    assert _reported(_without(sheet, "公务用车购置及运行维护费变动原因"), "s7.budget.car.reason") == set()
