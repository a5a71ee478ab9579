"""Checks scoped to the pack: a field the pack's template does not print is never mandatory,
and no reason, 上年 row or text is asked for a sentence the document does not write
(generator/printed.py, from the declaration in generator/vocabulary_fields.py). One focused test per
rule, on the worked examples edited in code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import _make_example_module
from generator import schema
from generator.load import load_report
from generator.packs import find_pack
from generator.pipeline import Validation, validate
from generator.printed import EVERYTHING, Printed, printed_by
from generator.schema import FormSheet, ListSheet
from generator.vocabulary import vocabulary_paths
from generator.vocabulary_fields import FIELD_NAMES
from generator.workbook import read_workbook, write_workbook

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"xinjiang-2023": ROOT / "inputs" / "2023.toml", "shanghai-2024": ROOT / "inputs" / "shanghai-2024.toml"}
EXAMPLES = {"xinjiang-2023": ROOT / "inputs" / "2023.xlsx", "shanghai-2024": ROOT / "inputs" / "shanghai-2024.xlsx"}
TP, GL, C = schema.THREE_PUBLIC.name, schema.GENERAL_LAST.name, schema.COMPARE.name


@pytest.fixture
def check(tmp_path) -> Callable[..., Validation]:
    """check(pack_id, mutate=None, pack=None) → the validation of that pack's worked example, edited."""
    module = _make_example_module()

    def run(pack_id: str, mutate: Callable[[dict[str, Any]], Any] | None = None, pack=None) -> Validation:
        data = module.load(SOURCES[pack_id])
        if mutate:
            mutate(data)
        path = tmp_path / f"{pack_id}.xlsx"
        write_workbook(path, data, meta={"pack": pack_id}, selection=find_pack(pack_id).selection)
        return validate(path, pack)

    return run


def pairs(v: Validation) -> set[tuple[str, str]]:
    return {(str(p.ref), p.code) for p in v.problems}


# ---------------------------------------------------------------------------
# The table of what each field prints

def test_field_names_are_schema_fields_and_vocabulary_names():
    specs = schema.all_sheet_specs()
    known = vocabulary_paths()
    for (sheet, key), names in FIELD_NAMES.items():
        spec = specs[sheet]
        assert key in {f.key for f in (spec.fields if isinstance(spec, FormSheet) else spec.columns)}, (sheet, key)
        assert names and all(n in known for n in names), (sheet, key, [n for n in names if n not in known])


def test_a_name_covers_its_children_and_nothing_else():
    printed = Printed(frozenset({"s5.details[].change", "s7.total.movement"}))
    assert printed.reads("s5.details") and printed.reads("s7.total")
    assert not printed.reads("s5.details[].reason") and not printed.reads("s7.total.reason")
    assert not printed.reads("s7.tot")  # a prefix of a name is not its parent


def test_the_shanghai_template_prints_no_per_item_last_year_and_no_total_three_public_reason():
    printed = printed_by(find_pack("shanghai-2024").template)
    assert not printed.prints(GL, "last_amount") and not printed.prints(TP, "total_reason")
    assert printed.prints(TP, "reception_reason") and printed.prints(TP, "budget_reason")
    xinjiang = printed_by(find_pack("xinjiang-2023").template)
    assert xinjiang.prints(GL, "last_amount") and xinjiang.prints(TP, "total_reason")


# ---------------------------------------------------------------------------
# 16.4: a field the template does not print is never mandatory

def test_an_unprinted_field_may_be_left_empty(tmp_path):
    """上年收入支出总计 is required where 与上年相比 of 一 is printed, and only there."""
    data = _make_example_module().load(SOURCES["xinjiang-2023"])
    data[C]["上年收入支出总计"] = ""
    write_workbook(tmp_path / "book.xlsx", data)
    book = read_workbook(tmp_path / "book.xlsx")
    _, problems = load_report(book, printed=EVERYTHING)
    assert [(str(p.ref), p.code) for p in problems] == [(f"{C}!B2", "missing-value")]
    no_total_yoy = Printed(frozenset({"s1.income_grand", "s4.yoy.movement"}))
    report, problems = load_report(book, printed=no_total_yoy)
    assert problems == [] and report.compare.total_last is None  # left empty: None, never an invented 0


def test_a_zero_three_public_item_needs_no_content(check):
    """因公出国（境）费 is 0.00 in the worked example: its 开支内容 may stay empty."""
    v = check("xinjiang-2023", lambda d: d[TP].__setitem__("因公出国（境）费开支内容", ""))
    assert pairs(v) == pairs(check("xinjiang-2023"))
    assert v.report.three_public.abroad_content == ""


def test_a_spent_three_public_item_needs_its_content(check):
    """公务接待费 3.47: its 开支内容 is an error at its cell when empty."""
    v = check("xinjiang-2023", lambda d: d[TP].__setitem__("公务接待费开支内容", ""))
    assert pairs(v) - pairs(check("xinjiang-2023")) == {(f"{TP}!B19", "missing-value")}
    assert not v.ok


def test_unknown_grade_and_problem_counts_may_be_left_empty(check):
    """绩效评级 and 问题 counts a department does not publish: empty, loaded as None (not 0)."""
    stages = schema.PERFORMANCE_STAGES.name

    def unknown(d):
        for label in ("绩效评级为“良”的项目（个）", "绩效评级为“合格”的项目（个）", "绩效评级为“不合格”的项目（个）",
                      "绩效自评发现问题（个）", "已经完成整改的问题（个）", "正在整改的问题（个）"):
            d[stages][label] = ""

    v = check("shanghai-2024", unknown)
    assert pairs(v) == pairs(check("shanghai-2024"))
    s = v.report.performance_stages
    assert (s.grade_good, s.grade_pass, s.grade_fail, s.issues_found, s.issues_fixed, s.issues_fixing) == (None,) * 6


# ---------------------------------------------------------------------------
# 16.5: checks scoped to the pack

def test_no_missing_last_year_where_the_pack_prints_no_per_item_comparison(check):
    def drop_rows(d):
        d[GL] = []

    assert pairs(check("shanghai-2024", drop_rows)) == pairs(check("shanghai-2024"))
    xinjiang = pairs(check("xinjiang-2023", drop_rows)) - pairs(check("xinjiang-2023"))
    assert {code for _, code in xinjiang} == {"missing-last-year"}


def test_no_missing_reason_for_a_total_the_template_does_not_print(check):
    def no_total_reason(d):
        d[TP]["“三公”经费变动原因"] = ""  # 0.54 → 0.39: changed

    assert pairs(check("shanghai-2024", no_total_reason)) == pairs(check("shanghai-2024"))
    assert (f"{TP}!B6", "missing-reason") in pairs(check("xinjiang-2023", no_total_reason))


def test_a_required_reason_is_an_error_at_its_cell_and_only_where_printed(check):
    pack = find_pack("shanghai-2024")
    strict = replace(pack, wording=replace(pack.wording, missing_reason="错误"))

    def no_reasons(d):
        d[TP]["“三公”经费变动原因"] = ""  # not printed by the Shanghai template (nor read by its pack)
        d[TP]["“三公”经费预决算差异原因"] = ""  # printed: 2.85 against 0.39

    v = check("shanghai-2024", no_reasons, strict)
    # (the Shanghai sheet leaves out 资产车辆数与保有量差异原因 and the “三公”经费变动原因: the reason is in row 18)
    assert [(str(p.ref), p.code) for p in v.errors] == [(f"{TP}!B18", "missing-reason")]


def test_the_worked_examples_warn_about_no_field_their_pack_does_not_print():
    for pack_id, path in EXAMPLES.items():
        pack = find_pack(pack_id)
        printed = printed_by(pack.template)
        fields = _fields_by_cell(pack.selection)
        v = validate(path)
        assert v.pack.id == pack_id
        for p in v.problems:
            field = fields.get((p.ref.sheet, p.ref.cell)) if p.ref else None
            if field is not None:
                assert printed.prints(*field), (pack_id, str(p.ref), p.code)


def _fields_by_cell(selection: schema.Selection) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, cell) → (sheet, field key) for the form fields, and the list columns of the
    first hundred rows, as pjgen init lays them out for ``selection``."""
    from openpyxl.utils import get_column_letter

    cells = {}
    for spec in schema.all_sheet_specs().values():
        if not selection.uses(spec.name):
            continue
        spec = selection.restrict(spec)
        if isinstance(spec, FormSheet):
            cells |= {(spec.name, f"B{spec.row_of(f.key)}"): (spec.name, f.key) for f in spec.fields}
        elif isinstance(spec, ListSheet):
            cells |= {(spec.name, f"{get_column_letter(i)}{row}"): (spec.name, f.key)
                      for i, f in enumerate(spec.columns, start=1) for row in range(spec.first_row, 100)}
    return cells


# ---------------------------------------------------------------------------
# The parse of a template is kept on disk, under the hash of its bytes

def test_a_parsed_template_is_kept_by_content(tmp_path, monkeypatch):
    from generator import printed as printed_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    printed_module._printed.cache_clear()
    template = find_pack("shanghai-2024").template
    first = printed_by(template)
    (kept,) = (tmp_path / "cache" / "pjgen" / "printed").glob("*.json")
    assert first.reads("s7.budget.total.reason") and not first.reads("s5.details")
    kept.write_text('["s5.details[].change"]', encoding="utf-8")  # what the cache says is used
    printed_module._printed.cache_clear()
    assert printed_by(template).reads("s5.details")
    kept.write_text("not json", encoding="utf-8")  # a damaged cache is parsed again
    printed_module._printed.cache_clear()
    assert printed_by(template) == first
    assert printed_by(tmp_path / "missing.docx") is EVERYTHING


def test_the_template_decides_what_is_required(check, tmp_path, monkeypatch):
    """A template that prints no comparison with last year: 上年收入支出总计 may be empty, and no
    reason is asked for; the pack's own template still asks for both."""
    from docx import Document

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("{{ unit_name }}{{ year }}年度收入总计{{ s1.income_grand }}万元。")
    doc.save(template)

    def mutate(d):
        d[C]["上年收入支出总计"] = ""
        d[TP]["公务接待费变动原因"] = ""

    v = check("xinjiang-2023", mutate)
    assert {(f"{C}!B2", "missing-value"), (f"{TP}!B9", "missing-reason")} <= pairs(v)
    path = v.path
    plain = validate(path, template=template)
    assert not {code for _, code in pairs(plain)} & {"missing-value", "missing-reason"}


def test_packs_check_reports_a_printed_reason_the_manifest_does_not_read(tmp_path):
    """Issue 19's silent loss: the 三公 reasons removed from a copy of the Xinjiang pack's [sheets]."""
    import shutil

    from generator.packcheck import check_pack

    folder = tmp_path / "mine"
    shutil.copytree(find_pack("xinjiang-2023").folder, folder)
    kept = [f.label for f in schema.THREE_PUBLIC.fields if not f.key.endswith("reason")]
    manifest = folder / "pack.toml"
    text = manifest.read_text(encoding="utf-8")
    assert f'"{TP}" = "全部"' in text
    manifest.write_text(text.replace(f'"{TP}" = "全部"', f'"{TP}" = {kept!r}'.replace("'", '"')), encoding="utf-8")
    problems = check_pack(folder)
    printed = {p.split("模板中的“")[1].split("”")[0] for p in problems}
    assert {"s7.total.reason", "s7.abroad.reason", "s7.car.reason", "s7.reception.reason",
            "s7.budget.total.reason", "s7.budget.car_run.reason", "s7.car_gap_reason"} <= printed
    assert all("三公经费说明" in p and "[sheets]" in p for p in problems)
