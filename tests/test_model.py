"""model.py and records.py: the record classes are made from the schema, field for field;
the official tables' columns are (key, heading) pairs; a misspelt name fails."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from conftest import EXAMPLE_XLSX
from generator import load, model, records, schema
from generator.load import load_report
from generator.problems import CellRef
from generator.workbook import read_workbook

# The official leaf headings of each table (the layout of the 决算 software's export).
OFFICIAL_HEADERS = {
    "t1": ("项目", "行次", "金额", "项目", "行次", "金额"),
    "t2": ("科目编码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
           "附属单位上缴收入", "其他收入"),
    "t3": ("科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
           "对附属单位补助支出"),
    "t4": ("项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
           "国有资本经营预算财政拨款"),
    "t5": ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
    "t6": ("科目编码", "科目名称", "决算数") * 3,
    "t7": ("合计", "因公出国（境）费", "公务用车购置及运行维护费小计", "公务用车购置费", "公务用车运行维护费",
           "公务接待费") * 2,
    "t8": ("科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出小计", "基本支出", "项目支出",
           "年末结转和结余"),
}
OFFICIAL_HEADERS["t9"] = OFFICIAL_HEADERS["t8"]


def _keys(spec: schema.FormSheet | schema.ListSheet) -> tuple[str, ...]:
    return tuple(f.key for f in (spec.fields if isinstance(spec, schema.FormSheet) else spec.columns))


def test_the_schema_lists_each_sheet_once():
    assert schema.SHEET_ORDER == (schema.README_SHEET, *(s.name for s in schema.SHEETS))
    assert len(set(schema.SHEET_ORDER)) == len(schema.SHEET_ORDER)
    assert set(schema.FORMS) | set(schema.LISTS) | set(schema.OFFICIAL_TABLES) == set(schema.SHEETS)


def test_every_form_and_list_sheet_names_its_own_record_class():
    names = [s.record for s in (*schema.FORMS, *schema.LISTS)]
    assert all(names) and len(set(names)) == len(names)


@pytest.mark.parametrize("spec", [*schema.FORMS, *schema.LISTS], ids=lambda s: s.name)
def test_record_fields_are_the_schema_keys_in_order(spec):
    cls = records.record_class(spec)
    assert cls.__name__ == spec.record and getattr(model, spec.record) is cls
    assert cls.field_names() == _keys(spec)
    extra = ("refs", "row") if isinstance(spec, schema.ListSheet) else ("refs",)
    assert tuple(f.name for f in dataclasses.fields(cls)) == _keys(spec) + extra
    assert cls.__dataclass_params__.frozen and "__slots__" in cls.__dict__


def test_a_pack_restriction_of_a_sheet_has_the_same_record_class():
    restricted = schema.Selection({schema.COMPARE.name: frozenset({"上年收入支出总计"})}).restrict(schema.COMPARE)
    assert records.record_class(restricted) is records.record_class(schema.COMPARE)


@pytest.mark.parametrize("spec", schema.OFFICIAL_TABLES, ids=lambda t: t.code)
def test_official_headings_follow_from_the_named_columns(spec):
    assert spec.header == OFFICIAL_HEADERS[spec.key]


@pytest.mark.parametrize("spec", [t for t in schema.OFFICIAL_TABLES if t.columns], ids=lambda t: t.code)
def test_named_columns_are_the_schema_pairs(spec):
    columns = records.columns_class(spec)
    assert columns.__name__ == spec.record
    named = columns(*spec.headings)
    assert {c.key: getattr(named, c.key) for c in spec.columns} == dict(spec.columns)
    assert columns.width() == len(spec.columns)


def test_tables_with_the_same_columns_share_their_class():
    assert records.columns_class(schema.T8) is records.columns_class(schema.T9)


def test_a_field_added_to_the_schema_is_read_without_other_changes(monkeypatch, make_workbook, set_cell):
    """Adding a field is a schema change only: its record gains it and the loader reads it."""
    added = schema.text("budget_note", "预算说明", required=False)
    compare = dataclasses.replace(schema.COMPARE, fields=schema.COMPARE.fields + (added,), record="CompareWithNote")
    monkeypatch.setattr(schema, "COMPARE", compare)
    monkeypatch.setattr(schema, "SHEETS", tuple(compare if s.name == compare.name else s for s in schema.SHEETS))
    path = make_workbook()
    row = compare.first_row + len(compare.fields) - 1
    set_cell(path, compare.name, f"A{row}", "预算说明", compare.name, f"B{row}", "按预算执行")
    rep, problems = load.load_report(read_workbook(path))
    assert problems == []
    assert rep.compare.budget_note == "按预算执行"
    assert rep.compare.ref("budget_note") == CellRef(compare.name, f"B{row}")
    assert rep.compare.total_last == Decimal("2729.81")


@pytest.fixture(scope="module")
def report():
    rep, problems = load_report(read_workbook(EXAMPLE_XLSX))
    assert problems == []
    return rep


def test_a_misspelt_field_is_an_error_not_a_default(report):
    with pytest.raises(AttributeError):
        report.compare.total_lsat  # noqa: B018
    with pytest.raises(AttributeError):
        report.compare.ref("total_lsat")
    with pytest.raises(AttributeError):
        report.t7.actual.car_runn  # noqa: B018
    with pytest.raises(KeyError):  # a 收入 label that the official table does not have
        report.t1.income_amount("本年收入总计")
    with pytest.raises(KeyError):
        report.t4.expense_row("年末结转")
    assert not hasattr(report.compare, "get") and not hasattr(report.compare, "amount")


def test_records_are_frozen_and_keep_their_cells(report):
    with pytest.raises(FrozenInstanceError):
        report.compare.total_last = Decimal(0)  # type: ignore[misc]
    assert str(report.three_public.ref("car_run_last")) == "三公经费说明!B4"
    project = report.projects[0]
    assert project.head.ref("total_score").sheet == "绩效自评项目"
    assert project.indicators[0].ref("score").sheet == "绩效自评指标"
    t2 = report.t2.total
    assert t2.amounts.total == sum(t2.amounts.values()[1:]) and str(t2.refs.fiscal) == "收入决算表!D5"


def test_a_blank_text_is_empty_and_a_blank_number_is_none(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, "上年及预算对比", "B2", None, "上年及预算对比", "B3", None)
    rep, _ = load_report(read_workbook(path))
    assert rep.compare.total_last is None and rep.compare.total_reason == ""


def test_records_are_dataclasses_that_compare_without_their_cells():
    refs = {"kind": CellRef("部门整体绩效", "B2"), "goal": CellRef("部门整体绩效", "B3")}
    a = model.OverallForm("自评表", "目标", refs=refs)
    b = model.OverallForm(kind="自评表", goal="目标", refs={})  # other cells, same values
    assert a == b and hash(a) == hash(b) and a != model.OverallForm("目标表", "目标", refs=refs)
    assert a.ref("goal") == refs["goal"] and repr(a) == "OverallForm(kind='自评表', goal='目标')"
    assert model.FunctionRow("职能", refs={}).row == 0  # list rows default to row 0
    with pytest.raises(TypeError):
        model.OverallForm("自评表", refs={})  # a missing field
    with pytest.raises(TypeError):
        model.OverallForm("自评表", "目标", refs={}, goals="x")  # a misspelt one
    with pytest.raises(TypeError):
        model.OverallForm("自评表", "目标", {}, "one too many")
    assert model.GeneralColumns(1, 2, 3).values() == (1, 2, 3) and model.GeneralColumns.width() == 3
