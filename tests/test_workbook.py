"""workbook.py: reading .xlsx files (and refusing what is not one), writing the template."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bad_files import BAD_FILES, rewrite_zip, sheet_part
from conftest import BASELINE, EXAMPLE_XLSX, flat
from generator import schema
from generator.pipeline import validate
from generator.problems import PjgenError
from generator.packs import DEFAULT_PACK, find_pack
from generator.workbook import read_workbook, readme_lines, write_workbook

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_unreadable_file_raises_one_chinese_error(tmp_path, case):
    build, error, phrase = BAD_FILES[case]
    path = build(tmp_path)
    with pytest.raises(error) as info:
        read_workbook(path)
    assert isinstance(info.value, PjgenError)
    message = str(info.value)
    assert phrase in message and _CHINESE.search(message)
    assert "Traceback" not in message


def test_openpyxl_parses_with_defusedxml():
    import defusedxml  # noqa: F401  (a declared dependency)
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


# ---------------------------------------------------------------------------
# Reading


def test_reading_leaves_the_file_untouched(tmp_path):
    path = tmp_path / "2023.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    validate(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_wrong_dimension_tag_does_not_hide_cells(tmp_path):
    # Other programs often write <dimension ref="A1"/>; openpyxl's read-only mode trusts it.
    path = tmp_path / "dimension.xlsx"

    def lie(name, data):
        if name.startswith("xl/worksheets/sheet"):
            return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
        return data

    rewrite_zip(EXAMPLE_XLSX, path, lie)
    assert b'<dimension ref="A1"/>' in zipfile.ZipFile(path).read(sheet_part("收入决算表"))
    assert flat(validate(path).problems) == BASELINE


def test_raw_values_keep_cell_types():
    book = read_workbook(EXAMPLE_XLSX)
    assert list(book.sheets) == list(find_pack(DEFAULT_PACK).selection.order())  # the worked example's pack
    t2 = book.sheets["收入决算表"]
    assert t2.value(5, 2) == "合计"
    assert isinstance(t2.value(5, 3), (int, float)) and not isinstance(t2.value(5, 3), bool)
    assert t2.ref(5, 3).cell == "C5" and str(t2.ref(5, 3)) == "收入决算表!C5"
    assert t2.formulas_without_value == set()
    indicators = book.sheets["绩效自评指标"]
    assert indicators.value(2, 6) == "=3次"  # text that looks like a formula stays text
    assert indicators.formulas_without_value == set()


def test_formula_cells_without_cached_values_are_recorded(tmp_path):
    path = tmp_path / "formula.xlsx"
    write_workbook(path)
    wb = load_workbook(path)
    wb["收入决算表"]["C5"] = "=SUM(C6:C9)"
    wb["收入决算表"]["D5"] = 12.5
    wb.save(path)
    sheet = read_workbook(path).sheets["收入决算表"]
    assert sheet.formulas_without_value == {(5, 3)}
    assert sheet.value(5, 3) is None and sheet.value(5, 4) == 12.5


# ---------------------------------------------------------------------------
# Writing: the template `pjgen init` gives


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("init") / "new.xlsx"
    write_workbook(path)
    return path


def test_template_has_every_sheet_in_order(template):
    wb = load_workbook(template)
    assert wb.sheetnames == list(schema.SHEET_ORDER)


def test_template_headers_follow_the_schema(template):
    wb = load_workbook(template)
    for spec in schema.FORMS:
        ws = wb[spec.name]
        assert [ws.cell(spec.row_of(f.key), 1).value for f in spec.fields] == [f.label for f in spec.fields]
    for spec in schema.LISTS:
        ws = wb[spec.name]
        assert [ws.cell(spec.header_row, c).value for c in range(1, len(spec.columns) + 1)] == \
            [f.label for f in spec.columns]
    for spec in schema.OFFICIAL_TABLES:
        ws = wb[spec.name]
        assert ws["A1"].value == spec.name
        assert [ws.cell(4, c).value for c in range(1, len(spec.header) + 1)] == list(spec.header)
        assert spec.code in [c.value for c in ws[2]]


def test_template_readme_sheet_is_readme_lines(template):
    ws = load_workbook(template)[schema.README_SHEET]
    lines = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(3, 3 + len(readme_lines()))]
    assert lines == [line if isinstance(line, tuple) else (line, None) for line in readme_lines()]


def test_template_offers_choices_as_dropdowns(template):
    ws = load_workbook(template)["单位信息"]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert '"' + ",".join(schema.UNIT_KINDS) + '"' in lists


def test_template_validates_with_missing_values_not_crashes(template):
    v = validate(template)
    errors = {p.code for p in v.errors}
    assert errors == {"missing-value"}
    # every required form field is reported at its cell
    required = {f"{spec.name}!B{spec.row_of(f.key)}" for spec in schema.FORMS for f in spec.fields if f.required}
    assert {str(p.ref) for p in v.errors} == required


def test_written_values_read_back(tmp_path, example_data):
    path = tmp_path / "round.xlsx"
    write_workbook(path, example_data)
    book = read_workbook(path)
    unit = book.sheets["单位信息"]
    assert unit.value(2, 2) == example_data["单位信息"]["单位名称"]
    assert unit.value(3, 2) == 2023  # counts are written as numbers
    t5 = book.sheets["一般公共预算财政拨款支出决算表"]
    for i, row in enumerate(example_data["一般公共预算财政拨款支出决算表"]):
        assert str(t5.value(5 + i, 1) or "") == row[0]
        assert f"{t5.value(5 + i, 3):.2f}" == row[2]


# ---------------------------------------------------------------------------
# docs/workbook.md is generated from the schema by scripts/make_docs.py


def _make_docs_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_docs", Path(__file__).parent.parent / "scripts" / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_workbook_md_is_up_to_date():
    make_docs = _make_docs_module()
    committed = make_docs.TARGET.read_text(encoding="utf-8")
    assert committed == make_docs.render_docs(), "docs/workbook.md is stale: run python scripts/make_docs.py"


def test_docs_cover_every_sheet_and_field():
    text = _make_docs_module().render_docs()
    for i, name in enumerate(schema.SHEET_ORDER, 1):
        assert f"## {i}. {name}\n" in text
    for spec in (*schema.FORMS, *schema.LISTS):
        for f in getattr(spec, "fields", None) or spec.columns:
            assert f"| {f.label} |" in text
    for spec in schema.OFFICIAL_TABLES:
        assert spec.code in text


def test_docs_list_exactly_the_problem_codes_the_checks_emit():
    generator = Path(__file__).parent.parent / "generator"
    files = [*sorted(generator.glob("load*.py")), generator / "carry.py", *sorted((generator / "checks").glob("*.py"))]
    source = "".join(f.read_text(encoding="utf-8") for f in files)
    emitted = set(re.findall(r'(?:error|Problem|warning)\(\s*"([a-z0-9-]+)"', source))
    emitted |= set(re.findall(r'code="([a-z0-9-]+)"', source))
    warnings = set(re.findall(r'warning\(\s*"([a-z0-9-]+)"', source))
    # a code whose level a pack may change is a warning by default (…, severity or MISSING_REASON_SEVERITY)
    warnings |= set(re.findall(r'Problem\(\s*"([a-z0-9-]+)"[^\n]*severity or [A-Z_]+_SEVERITY\)', source))
    documented = _make_docs_module().PROBLEM_CODES
    assert set(documented) == emitted
    assert {code for code, (level, _) in documented.items() if level == "警告"} == warnings


def test_worked_example_is_generated_from_its_source(_pristine_workbook):
    """inputs/2023.xlsx holds exactly what inputs/2023.toml says (run scripts/make_example.py after editing)."""
    committed = read_workbook(EXAMPLE_XLSX)
    fresh = read_workbook(_pristine_workbook)
    assert list(committed.sheets) == list(fresh.sheets)
    for name, sheet in fresh.sheets.items():
        assert committed.sheets[name].values == sheet.values, name
