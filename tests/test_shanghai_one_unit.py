"""The Shanghai template's one-unit variant: “二、部门决算单位构成（仅有一个单位的部门，
本部分内容为“机构设置”）”. A department whose 单位构成 sheet lists at most one unit
(or is left out) gets the heading “二、机构设置” — in the body and in the 目录 — and
a sentence from the 机构设置 sheet instead of the 单位构成 table. Workbooks are the
Shanghai worked example (inputs/shanghai-2024.toml) edited in code."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from docx import Document
from typer.testing import CliRunner

from conftest import _make_example_module, need_pdf_tools
from generator.cli import app
from generator.extract import paragraphs
from generator.packs import find_pack
from generator.pipeline import render_report, validate
from generator.workbook import read_workbook, write_workbook

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "inputs" / "shanghai-2024.toml"
UNIT = "上海市普陀区规划和自然资源局"
COMPOSITION, OFFICES = "单位构成", "机构设置"
ONE_UNIT_HEADING, MANY_HEADING = "二、机构设置", "二、部门决算单位构成"


def _workbook(tmp_path: Path, mutate: Callable[[dict[str, Any]], Any] | None = None) -> Path:
    data = _make_example_module().load(SOURCE)
    if mutate:
        mutate(data)
    path = tmp_path / "sh.xlsx"
    write_workbook(path, data, meta={"pack": "shanghai-2024"}, selection=find_pack("shanghai-2024").selection)
    return path


def _docx(path: Path) -> bytes:
    v = validate(path)
    assert v.ok, [str(p) for p in v.errors]
    return render_report(v.report, pack=v.pack)


def _one_unit(data: dict[str, Any]) -> None:
    data[COMPOSITION] = data[COMPOSITION][:1]
    data[OFFICES] = [["内设处室", "办公室"], ["内设处室", "规划管理科"], ["内设处室", "自然资源科"]]


def _part_one(texts: list[str]) -> list[str]:
    start = next(i for i, t in enumerate(texts) if t.startswith("第一部分"))
    end = next(i for i, t in enumerate(texts) if t.startswith("第二部分"))
    return texts[start:end]


def test_one_unit_prints_the_offices_under_the_heading_jigou_shezhi(tmp_path):
    data = _docx(_workbook(tmp_path, _one_unit))
    part = _part_one(paragraphs(data))
    at = part.index(ONE_UNIT_HEADING)
    assert part[at + 1] == f"{UNIT}内设3个处室，分别是：办公室、规划管理科、自然资源科。"
    assert MANY_HEADING not in part and not any("编制范围的单位包括" in t for t in part)
    heading = next(p for p in Document(io.BytesIO(data)).paragraphs if p.text == ONE_UNIT_HEADING)
    assert heading.style.name == "Heading 2"  # what the 目录 is built from
    doc = Document(io.BytesIO(data))
    assert not any(t.rows[0].cells[1].text == "单位名称" for t in doc.tables)  # no 单位构成 table


def test_without_the_composition_sheet_the_department_is_one_unit(tmp_path):
    def drop(data):
        del data[COMPOSITION]

    part = _part_one(paragraphs(_docx(_workbook(tmp_path, drop))))
    at = part.index(ONE_UNIT_HEADING)
    assert part[at + 1] == f"{UNIT}未设内设处室。"


def test_subordinates_listed_in_jigou_shezhi_are_printed(tmp_path):
    def mutate(data):
        _one_unit(data)
        data[OFFICES].append(["下属预算单位", "上海市普陀区土地发展中心"])

    part = _part_one(paragraphs(_docx(_workbook(tmp_path, mutate))))
    assert part[part.index(ONE_UNIT_HEADING) + 1] == (
        f"{UNIT}内设3个处室，分别是：办公室、规划管理科、自然资源科；下属预算单位1个，分别是：上海市普陀区土地发展中心。")


def test_five_units_keep_the_composition_table_whatever_jigou_shezhi_says(tmp_path):
    def mutate(data):
        data[OFFICES] = [["内设处室", "办公室"]]

    data = _docx(_workbook(tmp_path, mutate))
    part = _part_one(paragraphs(data))
    assert MANY_HEADING in part and ONE_UNIT_HEADING not in part
    assert not any("内设" in t for t in part)
    table = next(t for t in Document(io.BytesIO(data)).tables if t.rows[0].cells[1].text == "单位名称")
    assert [r.cells[1].text for r in table.rows[1:]][:2] == [f"{UNIT}（本级）", f"{UNIT}执法大队（下属参公事业单位）"]


def test_init_for_the_shanghai_pack_writes_the_jigou_shezhi_sheet(tmp_path):
    target = tmp_path / "sh.xlsx"
    result = CliRunner().invoke(app, ["init", "--pack", "shanghai-2024", str(target)])
    assert result.exit_code == 0, result.output
    sheet = read_workbook(target).sheets[OFFICES]
    assert [sheet.value(1, 1), sheet.value(1, 2)] == ["类别", "名称"]


# ---------------------------------------------------------------------------
# The 目录: LibreOffice builds it from the headings when it writes the PDF

TOOLS = ("pdftotext", "pdfinfo")


@pytest.mark.pdf
def test_one_unit_toc_lists_jigou_shezhi_and_the_pdf_has_the_pack_title(tmp_path):
    from generator.convert import convert_to_pdf
    from test_pdf_example import _run, _squash

    need_pdf_tools(*TOOLS)
    docx = tmp_path / "one.docx"
    docx.write_bytes(_docx(_workbook(tmp_path, _one_unit)))
    (pdf,) = convert_to_pdf([docx], tmp_path)
    toc = _squash(_run("pdftotext", "-layout", "-f", "1", "-l", "3", str(pdf), "-"))
    entry = re.search(r"一、主要职能\.*…*(\d+)二、(\S{4,12}?)\.*…*\d+第二部分", toc)
    assert entry is not None, toc[:400]
    assert entry.group(2) == "机构设置"
    assert re.search(r"^Title:\s+(.*)$", _run("pdfinfo", str(pdf)), re.M).group(1) == f"{UNIT}2024年度部门决算"


# ---------------------------------------------------------------------------
# check: 下属预算单位 listed, yet 单位构成 holds at most one unit


def test_subordinates_with_one_unit_composition_are_a_warning_on_the_composition_sheet(tmp_path):
    def mutate(data):
        _one_unit(data)
        data[OFFICES].append(["下属预算单位", "上海市普陀区土地发展中心"])

    v = validate(_workbook(tmp_path, mutate))
    (p,) = [p for p in v.problems if p.code == "composition-one-unit"]
    assert not p.is_error and str(p.ref) == "单位构成!A3"
    assert "上海市普陀区土地发展中心" in p.message and "只有一个单位" in p.message


def test_one_unit_without_subordinates_is_not_reported(tmp_path):
    v = validate(_workbook(tmp_path, _one_unit))
    assert not any(p.code == "composition-one-unit" for p in v.problems)


def test_packs_without_the_composition_sheet_are_not_told_about_it(tmp_path):
    from conftest import example_data_dict

    data = example_data_dict()  # Xinjiang: 单位构成 is not part of the pack
    data[OFFICES] = [*data.get(OFFICES, []), ["下属预算单位", "昌吉州党员教育中心"]]
    path = tmp_path / "xj.xlsx"
    write_workbook(path, data)
    v = validate(path)
    assert v.report.subordinates == ("昌吉州党员教育中心",) and not v.report.composition
    assert not any(p.code == "composition-one-unit" for p in v.problems)
