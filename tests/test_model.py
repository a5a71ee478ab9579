"""model.py: the typed records match the schema, field for field, and a misspelt name fails."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from conftest import EXAMPLE_XLSX
from generator import model, schema
from generator.load import load_report
from generator.problems import CellRef
from generator.workbook import read_workbook

# Each form and list sheet of the schema, and the record class it is read into.
SHEET_MODELS = {
    schema.UNIT: model.UnitInfo, schema.FUNCTIONS: model.FunctionRow, schema.OFFICES: model.OfficeRow,
    schema.COMPARE: model.Compare, schema.GENERAL_LAST: model.LastYearRow,
    schema.THREE_PUBLIC: model.ThreePublicNotes, schema.OTHER_MATTERS: model.OtherMatters,
    schema.PERFORMANCE: model.Performance, schema.PROJECTS: model.ProjectRow, schema.INDICATORS: model.IndicatorRow,
    schema.OVERALL: model.OverallForm, schema.OVERALL_TASKS: model.OverallTaskRow,
    schema.OVERALL_INDICATORS: model.OverallIndicatorRow,
    schema.COMPOSITION: model.CompositionRow, schema.ITEM_NOTES: model.ItemNoteRow,
    schema.THREE_PUBLIC_MORE: model.ThreePublicMore, schema.PERFORMANCE_STAGES: model.PerformanceStages,
    schema.PROCUREMENT_RESERVED: model.ProcurementReserved, schema.GLOSSARY: model.Glossary,
}

# The named amount columns of each official table, against the schema's column headings.
COLUMN_HEADINGS = {
    "t1": {"total": "金额"},
    "t2": {"total": "本年收入合计", "fiscal": "财政拨款收入", "superior": "上级补助收入", "business": "事业收入",
           "operating": "经营收入", "affiliated": "附属单位上缴收入", "other": "其他收入"},
    "t3": {"total": "本年支出合计", "basic": "基本支出", "project": "项目支出", "superior": "上缴上级支出",
           "operating": "经营支出", "affiliated": "对附属单位补助支出"},
    "t4": {"total": "合计", "general": "一般公共预算财政拨款", "fund": "政府性基金预算财政拨款",
           "soe": "国有资本经营预算财政拨款"},
    "t5": {"total": "合计", "basic": "基本支出", "project": "项目支出"},
    "t7": {"total": "合计", "abroad": "因公出国（境）费", "car": "公务用车购置及运行维护费小计",
           "car_buy": "公务用车购置费", "car_run": "公务用车运行维护费", "reception": "公务接待费"},
    "t8": {"opening": "年初结转和结余", "income": "本年收入", "spent": "本年支出小计", "basic": "基本支出",
           "project": "项目支出", "closing": "年末结转和结余"},
}
COLUMN_HEADINGS["t9"] = COLUMN_HEADINGS["t8"]


def _amount_headings(spec: schema.OfficialTable) -> tuple[str, ...]:
    if spec.shape is schema.TableShape.CODED:
        return spec.header[2:]
    if spec.shape is schema.TableShape.TWO_PANEL:
        return spec.header[5:]  # the 支出 panel's amount columns
    return spec.header[: len(spec.header) // 2]  # 公开07表: 预算数 block (决算数 repeats it)


def test_every_form_and_list_sheet_has_a_record_class():
    assert set(SHEET_MODELS) == set(schema.FORMS) | set(schema.LISTS)


@pytest.mark.parametrize("spec", list(SHEET_MODELS), ids=lambda s: s.name)
def test_record_fields_are_the_schema_keys_in_order(spec):
    keys = tuple(f.key for f in (spec.fields if isinstance(spec, schema.FormSheet) else spec.columns))
    assert SHEET_MODELS[spec].field_names() == keys


@pytest.mark.parametrize("spec", [t for t in schema.OFFICIAL_TABLES if t.key in model.TABLE_COLUMNS],
                         ids=lambda t: t.code)
def test_named_columns_match_the_official_headings(spec):
    columns = model.TABLE_COLUMNS[spec.key]
    heads = _amount_headings(spec)
    assert columns.width() == len(heads)
    named = columns(*heads)
    assert {name: getattr(named, name) for name in COLUMN_HEADINGS[spec.key]} == COLUMN_HEADINGS[spec.key]


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


def test_records_are_built_like_dataclasses_and_compare_without_their_cells():
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
