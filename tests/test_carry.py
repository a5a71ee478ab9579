"""`pjgen init NEW --from OLD` and `pjgen check NEW --prior OLD`."""

from __future__ import annotations

import hashlib
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from generator import schema
from generator.carry import PRIOR_COLUMNS, PRIOR_FIGURES, PRIOR_ROWS, carry_forward, prior_problems, recorded_origin
from generator.cli import app
from generator.extract import iter_blocks
from generator.money import format_money
from generator.pipeline import render_report, validate
from generator.problems import PjgenError
from generator.schema import Carry, FormSheet, Kind, ListSheet
from generator.workbook import CARRY_FILL, read_workbook

from build_support import template  # noqa: F401  (fixture)
from conftest import EXAMPLE_XLSX, example_data_dict

runner = CliRunner()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def _carried_once(_pristine_workbook, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("carried")
    shutil.copyfile(_pristine_workbook, folder / "2023.xlsx")
    carry_forward(folder / "2023.xlsx", folder / "2024.xlsx")
    return folder


@pytest.fixture
def carried(_carried_once, tmp_path) -> tuple[Path, Path]:
    """(last year's workbook = the worked example, next year's carried from it), side by side in tmp_path."""
    for name in ("2023.xlsx", "2024.xlsx"):
        shutil.copyfile(_carried_once / name, tmp_path / name)
    return tmp_path / "2023.xlsx", tmp_path / "2024.xlsx"


def _form_value(ws, spec: FormSheet, key: str) -> Any:
    return ws.cell(spec.row_of(key), 2).value


# ---------------------------------------------------------------------------
# What is carried


def test_every_prior_field_has_its_figure_and_every_figure_is_used():
    forms = {f.prior for s in schema.FORMS for f in s.fields if f.carry is Carry.PRIOR}
    columns = {f.prior for s in schema.LISTS for f in s.columns if f.carry is Carry.PRIOR}
    assert forms == set(PRIOR_FIGURES)
    assert columns == set(PRIOR_COLUMNS)
    assert set(PRIOR_ROWS) == {s.name for s in schema.LISTS if any(f.carry is Carry.PRIOR for f in s.columns)}


def test_last_year_figures_are_last_years_decisions(carried):
    old, new = carried
    wb = load_workbook(new)
    compare, three, other, unit = (wb[s.name] for s in (schema.COMPARE, schema.THREE_PUBLIC, schema.OTHER_MATTERS,
                                                       schema.UNIT))
    # the worked example's 公开01表 总计, 公开04表 总计, 公开05表 合计, 公开07表 决算数, 机关运行经费
    assert Decimal(str(_form_value(compare, schema.COMPARE, "total_last"))) == Decimal("2667.41")
    assert Decimal(str(_form_value(compare, schema.COMPARE, "fiscal_last"))) == Decimal("1891.20")
    assert Decimal(str(_form_value(compare, schema.COMPARE, "general_last"))) == Decimal("1891.20")
    assert [Decimal(str(_form_value(three, schema.THREE_PUBLIC, k)))
            for k in ("abroad_last", "car_buy_last", "car_run_last", "reception_last")] == \
        [Decimal("0.00"), Decimal("0.00"), Decimal("37.86"), Decimal("3.47")]
    assert Decimal(str(_form_value(other, schema.OTHER_MATTERS, "running_last"))) == Decimal("137.48")
    assert _form_value(unit, schema.UNIT, "year") == 2024
    # the new year's own figures and reasons are left empty
    for key in ("total_reason", "fiscal_budget", "general_budget", "general_reason"):
        assert _form_value(compare, schema.COMPARE, key) is None, key
    assert _form_value(other, schema.OTHER_MATTERS, "running_amount") is None


def test_general_last_rows_are_last_years_table_5(carried):
    old, new = carried
    t5 = example_data_dict()[schema.T5.name][1:]  # without the 合计 row
    ws = load_workbook(new)[schema.GENERAL_LAST.name]
    rows = [[ws.cell(r, c).value for c in range(1, 5)] for r in range(2, ws.max_row + 1)]
    rows = [r for r in rows if any(v is not None for v in r)]
    assert [(r[0], r[1], Decimal(str(r[2])), r[3]) for r in rows] == \
        [(code, name, Decimal(total), None) for code, name, total, *_ in t5]


def test_texts_are_kept_and_this_years_columns_left_empty(carried):
    old, new = carried
    data = example_data_dict()
    wb = load_workbook(new)
    assert [wb[schema.FUNCTIONS.name].cell(r, 1).value for r in range(2, 12)] == \
        [row[0] for row in data[schema.FUNCTIONS.name]]
    unit = wb[schema.UNIT.name]
    assert _form_value(unit, schema.UNIT, "unit_name") == data[schema.UNIT.name]["单位名称"]
    assert _form_value(unit, schema.UNIT, "staff_active") == 65
    projects = wb[schema.PROJECTS.name]
    first = data[schema.PROJECTS.name][0]
    assert projects.cell(2, 2).value == first[1]  # 项目名称 kept
    assert all(projects.cell(2, c).value is None for c in range(5, 17))  # this year's funds empty
    indicators = wb[schema.INDICATORS.name]
    assert indicators.cell(2, 5).value == data[schema.INDICATORS.name][0][4]  # 年度指标值 kept
    assert indicators.cell(2, 6).value is None  # 实际完成值 empty
    t1 = wb[schema.T1.name]
    assert t1.cell(5, 1).value == "一般公共预算财政拨款收入" and t1.cell(5, 3).value is None


def test_carried_cells_are_marked_with_their_source(carried):
    old, new = carried
    wb = load_workbook(new)
    cell = wb[schema.COMPARE.name].cell(schema.COMPARE.row_of("total_last"), 2)
    assert cell.fill.fgColor.rgb.endswith(CARRY_FILL.fgColor.rgb[-6:])
    assert "2023.xlsx!收入支出决算总表!C16" in cell.comment.text
    kept = wb[schema.FUNCTIONS.name].cell(2, 1)
    assert kept.comment is not None and "复核" in kept.comment.text
    empty = wb[schema.COMPARE.name].cell(schema.COMPARE.row_of("total_reason"), 2)
    assert empty.comment is None and empty.fill.fgColor.rgb != cell.fill.fgColor.rgb


def test_readme_sheet_lists_carried_and_to_review(carried):
    old, new = carried
    ws = load_workbook(new)[schema.README_SHEET]
    notes = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    for spec in (*schema.FORMS, *schema.LISTS):
        fields = spec.fields if isinstance(spec, FormSheet) else spec.columns
        for f in fields:
            if f.carry is Carry.PRIOR:
                assert f.label in notes[Carry.PRIOR.value], f.label
            elif f.carry is None:
                assert f.label in notes["需填写本年数据"], f.label
    assert "主要职能（10 行）：职能内容" in notes[Carry.KEEP.value]
    assert "绩效自评指标（88 行）" in notes[Carry.KEEP.value]
    assert "绩效自评指标：实际完成值、得分、偏差原因分析及改进措施" in notes["需填写本年数据"]
    assert "2023.xlsx（2023年度）" in notes["上年结转"]


def test_origin_is_recorded_in_a_hidden_sheet(carried):
    old, new = carried
    wb = load_workbook(new)
    meta = wb[schema.META_SHEET]
    assert meta.sheet_state == "hidden"
    assert (meta["A1"].value, meta["B1"].value) == ("origin", "2023.xlsx")
    assert recorded_origin(read_workbook(new)) == old.resolve()


def test_source_is_never_modified_and_target_never_overwritten(make_workbook, tmp_path):
    old = make_workbook(name="2023.xlsx")
    before = _sha(old)
    target = tmp_path / "2024.xlsx"
    target.write_bytes(b"keep me")
    with pytest.raises(PjgenError, match="已存在"):
        carry_forward(old, target)
    assert target.read_bytes() == b"keep me"
    target.unlink()
    carry_forward(old, target)
    assert _sha(old) == before


def test_a_source_with_errors_is_refused(make_workbook, set_cell, tmp_path):
    old = make_workbook(name="2023.xlsx")
    set_cell(old, schema.T2.name, "C5", "abc")
    with pytest.raises(PjgenError, match="有 1 个错误"):
        carry_forward(old, tmp_path / "2024.xlsx")
    assert not (tmp_path / "2024.xlsx").exists()


def test_cli_init_from(make_workbook, tmp_path):
    old = make_workbook(name="2023.xlsx")
    result = runner.invoke(app, ["init", str(tmp_path / "2024.xlsx"), "--from", str(old)])
    assert result.exit_code == 0, result.output
    assert "2024 年度工作簿" in result.output
    assert (tmp_path / "2024.xlsx").is_file()


def test_cli_init_from_into_a_new_pack(_pristine_workbook, tmp_path):
    from generator.packs import find_pack
    from generator.workbook import read_meta

    old = tmp_path / "2023.xlsx"
    shutil.copyfile(_pristine_workbook, old)  # the Xinjiang worked example
    new = tmp_path / "2024.xlsx"
    result = runner.invoke(app, ["init", str(new), "--from", str(old), "--pack", "shanghai-2024"])
    assert result.exit_code == 0, result.output
    pack = find_pack("shanghai-2024")
    meta = read_meta(read_workbook(new))
    assert meta["pack"] == "shanghai-2024" and meta["origin"] == "2023.xlsx"
    wb = load_workbook(new)
    assert [n for n in wb.sheetnames if n != schema.META_SHEET] == list(pack.selection.order())
    assert schema.PERFORMANCE.name in load_workbook(old).sheetnames
    assert schema.PERFORMANCE.name not in wb.sheetnames  # not used by the Shanghai pack
    three = pack.selection.restrict(schema.THREE_PUBLIC)
    compare = pack.selection.restrict(schema.COMPARE)
    # carried into the Shanghai layout's rows (which differ from the full sheet's)
    assert compare.row_of("general_last") != schema.COMPARE.row_of("general_last")
    assert Decimal(str(_form_value(wb[compare.name], compare, "general_last"))) == Decimal("1891.20")
    assert Decimal(str(_form_value(wb[compare.name], compare, "total_last"))) == Decimal("2667.41")
    assert Decimal(str(_form_value(wb[three.name], three, "car_run_last"))) == Decimal("37.86")
    labels = [wb[three.name].cell(r, 1).value for r in range(2, wb[three.name].max_row + 1)]
    assert "因公出国（境）费开支内容" in labels and len(labels) == len(three.fields)


# ---------------------------------------------------------------------------
# check --prior


def test_carried_figures_agree_with_last_year(carried):
    old, new = carried
    assert prior_problems(read_workbook(new), old) == []


def test_a_restated_last_year_figure_is_a_warning_naming_both_cells(carried, set_cell):
    old, new = carried
    set_cell(new, schema.COMPARE.name, "B2", 2600)
    problems = prior_problems(read_workbook(new), old)
    assert [(str(p.ref), p.code, p.is_error) for p in problems] == [("上年及预算对比!B2", "prior-differs", False)]
    assert "2,667.41" in problems[0].message and "2023.xlsx!收入支出决算总表!C16" in problems[0].message


def test_a_restated_subject_is_a_warning_naming_both_cells(carried, set_cell):
    old, new = carried
    set_cell(new, schema.GENERAL_LAST.name, "C5", 1)  # 2013202 一般行政管理事务, 433.87
    problems = prior_problems(read_workbook(new), old)
    assert [(str(p.ref), p.code) for p in problems] == [("一般公共预算支出上年对比!C5", "prior-differs")]
    assert "433.87（2023.xlsx!一般公共预算财政拨款支出决算表!C9）" in problems[0].message


def test_a_subject_of_last_year_left_out_is_a_warning(carried, edit_workbook):
    old, new = carried
    def drop(wb) -> None:
        ws = wb[schema.GENERAL_LAST.name]
        ws.delete_rows(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "2210201"))

    edit_workbook(new, drop)
    problems = prior_problems(read_workbook(new), old)
    assert [p.code for p in problems] == ["prior-missing"]
    assert "2210201" in problems[0].message


def test_check_compares_with_the_recorded_origin_automatically(carried, set_cell):
    old, new = carried
    set_cell(new, schema.OTHER_MATTERS.name, "B3", 100)
    result = runner.invoke(app, ["check", str(new)])
    assert "已与上年工作簿" in result.output
    assert "prior-differs" in result.output and "其他重要事项!B3" in result.output


def _pack_warning_unreviewed(folder: Path, on: bool) -> Path:
    """The Xinjiang pack copied, with [carry] warn_unreviewed set as given."""
    from generator.packs import PACKS_DIR

    pack = folder / "pack"
    shutil.copytree(PACKS_DIR / "xinjiang-2023", pack)
    with (pack / "pack.toml").open("a", encoding="utf-8") as fh:
        fh.write(f"\n[carry]\nwarn_unreviewed = {'true' if on else 'false'}\n")
    return pack


def _unreviewed_cells(output: str) -> list[str]:
    return [m.group(1) for line in output.splitlines() if "carried-unreviewed" in line
            for m in [re.search(r"(\S+![A-Z]+\d+)", line)] if m]


def test_a_pack_can_ask_check_to_warn_about_unreviewed_carried_text(carried, set_cell, tmp_path):
    old, new = carried
    pack = _pack_warning_unreviewed(tmp_path, on=True)
    unit_name = f"{schema.UNIT.name}!B{schema.UNIT.row_of('unit_name')}"
    result = runner.invoke(app, ["check", str(new), "--pack-dir", str(pack)])
    assert unit_name in _unreviewed_cells(result.output)
    assert f"{schema.FUNCTIONS.name}!A2" in _unreviewed_cells(result.output)  # a list sheet's carried row too
    assert not any(c.startswith(schema.COMPARE.name) for c in _unreviewed_cells(result.output))  # figures are not texts
    from generator.carry import unreviewed_problems
    problem = next(p for p in unreviewed_problems(read_workbook(new), old) if str(p.ref) == unit_name)
    assert not problem.is_error and f"2023.xlsx!{unit_name}" in problem.message
    set_cell(new, schema.UNIT.name, f"B{schema.UNIT.row_of('unit_name')}", "某某局（本年更名）")
    result = runner.invoke(app, ["check", str(new), "--pack-dir", str(pack)])
    cells = _unreviewed_cells(result.output)
    assert unit_name not in cells and f"{schema.FUNCTIONS.name}!A2" in cells


def test_carried_text_is_not_warned_about_without_the_pack_setting(carried, tmp_path):
    old, new = carried
    for args in ([], ["--pack-dir", str(_pack_warning_unreviewed(tmp_path, on=False))]):
        result = runner.invoke(app, ["check", str(new), *args])
        assert "已与上年工作簿" in result.output
        assert "carried-unreviewed" not in result.output


def test_check_says_when_the_recorded_origin_is_gone(carried):
    old, new = carried
    old.unlink()
    result = runner.invoke(app, ["check", str(new)])
    assert "不存在，未核对上年数" in result.output
    assert "prior-differs" not in result.output


def test_check_prior_option_on_any_workbook(make_workbook, tmp_path):
    """--prior compares a workbook made without init --from: the worked example against itself
    differs in every last-year figure (its last year is 2022)."""
    this = make_workbook(name="2023.xlsx")
    result = runner.invoke(app, ["check", str(this), "--prior", str(this)])
    assert result.output.count("prior-differs") >= 5


# ---------------------------------------------------------------------------
# End to end: the worked example carried one year on, filled with new figures

FACTOR = Decimal(2)


def _tripled(value: Any) -> Any:
    if value in ("", None):
        return None
    try:
        return Decimal(value) * FACTOR
    except ArithmeticError:
        return value


def _fill_new_year(path: Path, tables: bool = True) -> None:
    """What the officer does: this year's figures (every amount of the worked example ×2) and texts."""
    data = example_data_dict()
    wb = load_workbook(path)
    for spec in schema.OFFICIAL_TABLES if tables else ():
        ws = wb[spec.name]
        for row in ws.iter_rows(min_row=spec.first_row):
            for c in row:
                c.value = None
        amount_cols = {i for i, h in enumerate(spec.header) if h not in ("科目编码", "科目名称", "项目", "行次")}
        for r, row in enumerate(data[spec.name], start=spec.first_row):
            for c, value in enumerate(row):
                ws.cell(r, c + 1, _tripled(value) if c in amount_cols else (value or None))
    for spec in schema.FORMS:
        if spec.name not in data:  # an optional sheet the worked example leaves out
            continue
        ws = wb[spec.name]
        for f in spec.fields:
            if f.carry is None and f.label in data[spec.name]:
                value = data[spec.name][f.label]
                ws.cell(spec.row_of(f.key), 2, _tripled(value) if f.kind is Kind.MONEY else value)
    for spec in (schema.PROJECTS, schema.INDICATORS):
        ws = wb[spec.name]
        for r, row in enumerate(data[spec.name], start=spec.first_row):
            for c, (f, value) in enumerate(zip(spec.columns, row), start=1):
                if f.carry is None:
                    cell = ws.cell(r, c, None if value == "" else (Decimal(value) if f.kind.numeric else value))
                    if isinstance(value, str) and value.startswith("="):  # 指标值 "=3次" is text
                        cell.data_type = "s"
    # Doubling doubles the worked example's deliberate 尾差 too: 公开01表's 本年支出合计 2,584.88 +
    # 年末结转和结余 82.54 is 0.01 above its 总计 2,667.41; keep that gap at 0.01.
    if tables:
        t1 = wb[schema.T1.name]
        assert t1["D12"].value == "年末结转和结余"
        t1["F12"] = Decimal(str(t1["F12"].value)) - Decimal("0.01")
    wb.save(path)


def test_next_years_document_states_last_years_figures(carried, template):
    old, new = carried
    _fill_new_year(new)
    v = validate(new)
    assert v.ok, [(str(p.ref), p.code) for p in v.errors]
    assert prior_problems(read_workbook(new), old) == []
    last = validate(old).report
    text = "\n".join(b.text for b in iter_blocks(render_report(v.report, template)) if b.kind == "p")

    def grew(amount: Decimal) -> str:
        # this year is 2 × last year: up by last year's figure, 100.00 % (from a zero base the
        # change would be 2 × last year's figure, from this year's 与上年持平)
        return f"增加{format_money(amount)}万元，增长100.00%"

    t1_total = last.t1.income_row("总计").amount
    t4_total = last.t4.income_row("总计").amount
    t5_total = last.t5.total.amounts.total
    assert f"2024年度" in text
    assert f"收入支出总体与上年相比，{grew(t1_total)}" in text
    assert f"财政拨款收入支出总体与上年相比，{grew(t4_total)}" in text
    assert re.search(f"一般公共预算财政拨款支出{format_money(t5_total * FACTOR)}万元，占[^。]*。与上年相比，"
                     f"{grew(t5_total)}", text)
    items = [r for r in last.t5.rows if r.level == 3]
    for row in items:
        amount = row.amounts.total
        expected = f"{row.name}（项）：支出决算数为{format_money(amount * FACTOR)}万元，比上年决算{grew(amount)}"
        assert expected in text, row.code
    three = last.t7.actual
    assert f"“三公”经费支出{format_money(three.total * FACTOR)}万元，比上年{grew(three.total)}" in text
    assert f"公务用车购置及运行维护费支出{format_money(three.car * FACTOR)}万元，占" in text
    assert re.search(f"公务用车购置及运行维护费支出[^；]*比上年{grew(three.car)}", text)
    assert re.search(f"公务接待费支出[^；]*比上年{grew(three.reception)}", text)
    assert re.search("因公出国（境）费支出0.00万元，占0.00%，与上年持平", text)
    running = last.other.running_amount
    assert f"机关运行经费支出{format_money(running * FACTOR)}万元，比上年{grew(running)}" in text


def test_example_file_is_untouched_by_the_carry(tmp_path):
    """The committed worked example is only read."""
    copy = tmp_path / "2023.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, copy)
    before = _sha(EXAMPLE_XLSX)
    carry_forward(EXAMPLE_XLSX, tmp_path / "2024.xlsx")
    assert _sha(EXAMPLE_XLSX) == before
    assert recorded_origin(read_workbook(tmp_path / "2024.xlsx")) == EXAMPLE_XLSX.resolve()


def test_from_last_years_workbook_and_this_years_export_to_a_checked_workbook(carried, tmp_path):
    """The README's walk-through: init --from, import (an export in 元), the texts typed, check."""
    from test_import import xinjiang_export

    old, new = carried
    export = xinjiang_export(tmp_path / "export.xlsx", unit="元", factor=2, shift=1, title_rows=2)
    assert runner.invoke(app, ["import", str(export), "--into", str(new)]).exit_code == 0
    _fill_new_year(new, tables=False)
    edit = load_workbook(new)
    t1 = edit[schema.T1.name]
    t1["F12"] = Decimal(str(t1["F12"].value)) - Decimal("0.01")  # the doubled 尾差, see _fill_new_year
    edit.save(new)
    result = runner.invoke(app, ["check", str(new)])
    assert result.exit_code == 0, result.output
    assert "已与上年工作簿" in result.output and "prior-" not in result.output
    assert validate(new).report.t1.income_row("总计").amount == 2 * validate(old).report.t1.income_row("总计").amount


def test_shanghai_units_item_purposes_and_glossary_are_kept_for_review(tmp_path):
    """The Shanghai sheets that usually stay: 单位构成, 项级科目说明 (but not its budget or reason), 名词解释."""
    source = Path(__file__).resolve().parent.parent / "inputs" / "shanghai-2024.xlsx"
    old = tmp_path / "2024.xlsx"
    wb = load_workbook(source)
    wb[schema.GLOSSARY.name].cell(schema.GLOSSARY.row_of("business_items"), 2).value = "开展专业业务活动取得的收入"
    wb.save(old)
    result = carry_forward(old, tmp_path / "2025.xlsx")
    assert result.year == 2025
    before, after = load_workbook(old), load_workbook(tmp_path / "2025.xlsx")

    def rows(wb, sheet: str) -> list[tuple]:
        return [r for r in wb[sheet].iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]

    assert rows(after, schema.COMPOSITION.name) == rows(before, schema.COMPOSITION.name)
    notes_before, notes_after = rows(before, schema.ITEM_NOTES.name), rows(after, schema.ITEM_NOTES.name)
    assert len(notes_after) == len(notes_before) == 13
    assert [r[:3] for r in notes_after] == [r[:3] for r in notes_before]  # 科目编码, 科目名称, 主要用于
    assert all(all(v is None for v in r[3:]) for r in notes_after)  # 年初/全年预算数 and 原因 are this year's
    glossary = after[schema.GLOSSARY.name]
    kept = [_form_value(glossary, schema.GLOSSARY, k) for k in ("business_items", "operating_items", "other_items")]
    assert kept == [_form_value(before[schema.GLOSSARY.name], schema.GLOSSARY, k)
                    for k in ("business_items", "operating_items", "other_items")]
    assert kept[0] == "开展专业业务活动取得的收入" and len(rows(after, schema.COMPOSITION.name)) == 5
