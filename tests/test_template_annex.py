"""Structure of the rendered annex parts of the committed Word template.

The committed templates/xinjiang-2023/template.docx (the file people edit in
Word) is rendered with docxtpl exactly as the generator renders it
(``autoescape=True``, a missing key is an error): the worked example's context,
with the self-evaluation tables, the nine tables and the overall tables taken
from the hand-written context of tests/fixtures_context.py. The result is
inspected with python-docx.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_context as fx  # noqa: E402

from generator.context import build_context  # noqa: E402
from generator.packs import DEFAULT_PACK, find_pack  # noqa: E402
from generator.pipeline import validate  # noqa: E402
from generator.render import DocumentInfo, render_docx, undeclared_variables  # noqa: E402

EXAMPLE = ROOT / "inputs" / "2023.xlsx"


class Annex(NamedTuple):
    number: int
    title: str
    header_rows: int  # rows repeated on every page


# What the nine tables of the committed template must be (公开NN表, title, head rows)
ANNEX_TABLES = (
    Annex(1, "收入支出决算总表", 2),
    Annex(2, "收入决算表", 2),
    Annex(3, "支出决算表", 2),
    Annex(4, "财政拨款收入支出决算总表", 2),
    Annex(5, "一般公共预算财政拨款支出决算表", 2),
    Annex(6, "一般公共预算财政拨款基本支出决算表", 2),
    Annex(7, "财政拨款“三公”经费支出决算表", 3),
    Annex(8, "政府性基金预算财政拨款收入支出决算表", 2),
    Annex(9, "国有资本经营预算财政拨款收入支出决算表", 2),
)

EMPTY_NOTES = {
    "t8": "注：本单位无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。",
    "t9": "注：本单位无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。",
}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def template_path() -> Path:
    return find_pack(DEFAULT_PACK).template


@pytest.fixture(scope="module")
def example_context() -> dict:
    pack = find_pack(DEFAULT_PACK)
    validation = validate(EXAMPLE, pack)
    assert validation.ok, validation.errors
    return build_context(validation.report, pack.wording, pack.title)


@pytest.fixture
def make_context(example_context):
    """The worked example's context with the hand-written annex parts of fixtures_context."""
    def make() -> dict:
        ctx = dict(example_context)
        ctx.update(fx.make_context())
        return ctx
    return make


def render(template_path: Path, ctx: dict, info: DocumentInfo | None = None):
    # generator/render.py: autoescape, and a missing key is an error
    return Document(io.BytesIO(render_docx(ctx, template_path, info=info)))


@pytest.fixture(scope="module")
def doc(template_path, example_context):
    ctx = dict(example_context)
    ctx.update(fx.make_context())
    return render(template_path, ctx)


def grid_cells(tr):
    """[(grid_col, tc)] of a w:tr, honouring gridSpan."""
    out, col = [], 0
    for tc in tr.findall(qn("w:tc")):
        out.append((col, tc))
        col += tc.grid_span
    return out


def tc_at(tr, col):
    for c, tc in grid_cells(tr):
        if c == col:
            return tc
    raise AssertionError(f"no cell starts at grid column {col}")


def vmerge(tc) -> str | None:
    tcPr = tc.tcPr
    el = None if tcPr is None else tcPr.find(qn("w:vMerge"))
    if el is None:
        return None
    return el.get(qn("w:val"), "continue")


def tc_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def merge_runs(rows, col):
    """Vertical merge groups in a column: [(text, row_count)]."""
    groups = []
    for tr in rows:
        tc = tc_at(tr, col)
        v = vmerge(tc)
        if v == "restart":
            groups.append([tc_text(tc), 1])
        elif v == "continue":
            assert groups, "continue without restart"
            groups[-1][1] += 1
        else:
            groups.append([tc_text(tc), 1])
    return [tuple(g) for g in groups]


def expected_groups(levels):
    firsts = [(lv["name"], sum(len(s["rows"]) for s in lv["seconds"])) for lv in levels]
    seconds = [(s["name"], len(s["rows"])) for lv in levels for s in lv["seconds"]]
    return firsts, seconds


def all_text(document) -> str:
    return "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def is_header(tr) -> bool:
    trPr = tr.trPr
    return trPr is not None and trPr.find(qn("w:tblHeader")) is not None


def is_cant_split(tr) -> bool:
    trPr = tr.trPr
    return trPr is not None and trPr.find(qn("w:cantSplit")) is not None


def table_sections(document):
    """Index of the section each table lies in (body order)."""
    result, section = [], 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            result.append(section)
        elif child.tag == qn("w:p") and child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            section += 1
    return result


N_PROJECT_TABLES = 2  # head table + indicator table per project


# ---------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------
def test_template_declares_only_names_the_context_provides(template_path, example_context):
    names = undeclared_variables(template_path)
    assert {"unit_name", "year", "projects", "annex", "overall"} <= names
    assert names <= set(example_context)


def test_the_hand_written_parts_are_the_typed_contexts_shape():
    """fixtures_context writes projects, annex and overall by hand: every name it gives is one the
    typed context has (generator/vocabulary.py, made from it), so that the fixture cannot drift from
    what the generator builds; the Xinjiang template reading it (StrictUndefined) proves it gives
    every name that template prints."""
    from generator.vocabulary import context_paths, vocabulary_paths

    written = context_paths(fx.make_context())
    assert {"projects[].levels[].seconds[].rows[].reason", "annex.t6.rows[].c3", "overall.tasks[].fiscal"} <= written
    assert written - set(vocabulary_paths()) == set()


def test_number_of_tables(doc):
    # 2 projects × 2 + nine annex tables + overall 目标表 (2 tables)
    assert len(doc.tables) == 2 * N_PROJECT_TABLES + 9 + 2


def test_number_of_tables_without_projects_and_overall(template_path, make_context):
    ctx = make_context()
    ctx["projects"] = []
    ctx["overall"] = None
    d = render(template_path, ctx)
    assert len(d.tables) == 9
    assert "部门（单位）整体支出绩效" not in all_text(d)
    assert "项目支出绩效自评表" not in all_text(d)


def test_no_template_tag_left(doc):
    text = all_text(doc).replace(fx.TRICKY, "")
    assert "{%" not in text and "{{" not in text and "%}" not in text


def test_tricky_value_appears_literally(doc):
    text = all_text(doc)
    assert text.count(fx.TRICKY) == 2  # project 1's goal_actual and a table 02 row name
    assert "R&amp;D" not in text and "&lt;" not in text


def test_selfeval_head_table_layout(doc):
    head = doc.tables[0]
    rows = head._tbl.tr_lst
    ctx = fx.make_context()
    p1 = ctx["projects"][0]
    # 项目名称 over two grid columns, the name over the other seven
    assert [(c, tc.grid_span, tc_text(tc)) for c, tc in grid_cells(rows[0])] == [
        (0, 2, "项目名称"), (2, 7, p1["name"])]
    assert [(c, tc.grid_span) for c, tc in grid_cells(rows[1])] == [(0, 2), (2, 3), (5, 1), (6, 3)]
    # funds: head row + one row per fund (上年结转资金 included), label merged over them
    funds_rows = rows[2:2 + 1 + len(p1["funds"])]
    assert merge_runs(funds_rows, 0) == [("项目资金（万元）", 1 + len(p1["funds"]))]
    labels = [tc_text(tc_at(tr, 1)) for tr in funds_rows[1:]]
    assert labels == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert [tc_text(tc_at(funds_rows[1], c)) for c in range(3, 9)] == [
        "32.40", "44.00", "43.73", "10", "99.38%", "9.84"]
    # 年度总体目标 over the two goal rows
    goal_rows = rows[2 + 1 + len(p1["funds"]):]
    assert len(goal_rows) == 2
    assert merge_runs(goal_rows, 0) == [("年度总体目标", 2)]
    assert tc_text(tc_at(goal_rows[1], 5)).startswith("通过对乡镇")


def test_selfeval_second_project_has_no_carry_over_row(doc):
    head = doc.tables[N_PROJECT_TABLES]
    rows = head._tbl.tr_lst
    labels = [tc_text(tc_at(tr, 1)) for tr in rows[3:6]]
    assert labels == ["年度资金总额", "其中：当年财政拨款", "其他资金"]
    assert tc_text(tc_at(rows[6], 0)) == "年度总体目标"


@pytest.mark.parametrize("index", [0, 1])
def test_indicator_merges_span_exactly_their_groups(doc, index):
    project = fx.make_context()["projects"][index]
    table = doc.tables[index * N_PROJECT_TABLES + 1]
    rows = table._tbl.tr_lst
    body = rows[1:-1]  # head row, indicator rows, 总分 row
    n_rows = sum(len(s["rows"]) for lv in project["levels"] for s in lv["seconds"])
    assert len(body) == n_rows
    firsts, seconds = expected_groups(project["levels"])
    assert merge_runs(body, 1) == firsts
    assert merge_runs(body, 2) == seconds
    # label column: merged over every indicator row; empty, unmerged cell in the head row
    assert merge_runs(rows[:-1], 0) == [("", 1), ("年度绩效指标完成情况", n_rows)]
    # 三级 names in order
    names = [tc_text(tc_at(tr, 3)) for tr in body]
    assert names == [r["name"] for lv in project["levels"] for s in lv["seconds"] for r in s["rows"]]


def test_indicator_group_sizes_of_fixture():
    # guards the fixture itself: 3 一级 / 6 二级 groups, and 30 indicators
    p1, p2 = fx.make_context()["projects"]
    assert expected_groups(p1["levels"])[0] == [("产出指标", 4), ("成本指标", 2), ("效益指标", 3)]
    assert len(expected_groups(p1["levels"])[1]) == 6
    assert sum(n for _, n in expected_groups(p2["levels"])[0]) == 30


def test_total_row(doc):
    rows = doc.tables[1]._tbl.tr_lst
    total = rows[-1]
    assert [(c, tc.grid_span, tc_text(tc)) for c, tc in grid_cells(total)] == [
        (0, 6, "总分"), (6, 1, "100"), (7, 1, "99.07分"), (8, 1, "")]
    assert vmerge(grid_cells(total)[0][1]) is None


def test_indicator_head_repeats_and_rows_do_not_split(doc):
    rows = doc.tables[1]._tbl.tr_lst
    assert is_header(rows[0])
    assert not any(is_header(tr) for tr in rows[1:])
    assert all(is_cant_split(tr) for tr in rows)


def test_selfeval_table_fits_portrait_text_width(doc):
    for table in doc.tables[:2 * N_PROJECT_TABLES]:
        widths = [int(gc.get(qn("w:w"))) for gc in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(widths) == 9
        assert abs(sum(widths) / 1440 * 25.4 - 156) < 0.5
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"


ANNEX_FIRST = 2 * N_PROJECT_TABLES


@pytest.mark.parametrize("spec", ANNEX_TABLES, ids=lambda s: f"t{s.number}")
def test_annex_header_rows_repeat(doc, spec):
    table = doc.tables[ANNEX_FIRST + spec.number - 1]
    rows = table._tbl.tr_lst
    assert [is_header(tr) for tr in rows] == [True] * spec.header_rows + [False] * (len(rows) - spec.header_rows)
    assert all(is_cant_split(tr) for tr in rows)


def test_annex_titles_and_labels_in_order(doc):
    text = all_text(doc)
    pos = [text.index(f"公开{n:02d}表") for n in range(1, 10)]
    assert pos == sorted(pos)
    assert text.count("编制单位：" + fx.UNIT) == 9


def test_annex_data_rows(doc):
    ctx = fx.make_context()
    t2 = doc.tables[ANNEX_FIRST + 1]
    rows = t2._tbl.tr_lst
    assert len(rows) == 2 + len(ctx["annex"]["t2"]["rows"])
    # indent + name, amounts right-aligned
    assert tc_text(tc_at(rows[4], 1)) == "\u3000组织事务"
    cell = t2.rows[2].cells[2]  # the 合计 row
    assert cell.paragraphs[0].style.name == "表格金额"
    assert cell.text == "2,033.40"
    # 01: six columns; 06: totals footer
    t6 = doc.tables[ANNEX_FIRST + 5]
    footer = t6._tbl.tr_lst[-1]
    assert [(c, tc.grid_span, tc_text(tc)) for c, tc in grid_cells(footer)] == [
        (0, 2, "人员经费合计"), (2, 1, "1,043.46"), (3, 5, "公用经费合计"), (8, 1, "137.48")]
    # 07: three head rows, one data row of 12 amounts
    t7 = doc.tables[ANNEX_FIRST + 6]
    assert len(t7._tbl.tr_lst) == 4
    assert [tc_text(tc) for tc in t7._tbl.tr_lst[-1].findall(qn("w:tc"))] == \
        ctx["annex"]["t7"]["budget"] + ctx["annex"]["t7"]["actual"]


def test_annex_multilevel_headers(doc):
    t7 = doc.tables[ANNEX_FIRST + 6]
    r0, r1, r2 = t7._tbl.tr_lst[:3]
    assert [(c, tc.grid_span, tc_text(tc)) for c, tc in grid_cells(r0)] == [(0, 6, "预算数"), (6, 6, "决算数")]
    assert (tc_text(tc_at(r1, 2)), tc_at(r1, 2).grid_span) == ("公务用车购置及运行维护费", 3)
    assert vmerge(tc_at(r1, 0)) == "restart" and vmerge(tc_at(r2, 0)) == "continue"
    t8 = doc.tables[ANNEX_FIRST + 7]
    h0, h1 = t8._tbl.tr_lst[:2]
    assert (tc_text(tc_at(h0, 0)), tc_at(h0, 0).grid_span) == ("项目", 2)
    assert (tc_text(tc_at(h0, 4)), tc_at(h0, 4).grid_span) == ("本年支出", 3)
    assert [tc_text(tc_at(h1, c)) for c in (4, 5, 6)] == ["小计", "基本支出", "项目支出"]


def test_landscape_sections(doc):
    sections = doc.sections
    orient = ["L" if s.page_width > s.page_height else "P" for s in sections]
    assert orient == ["P", "L", "P", "L"]
    for s in sections:
        assert round(s.top_margin.mm) == 37 and round(s.left_margin.mm) == 28
    where = table_sections(doc)
    annex = where[ANNEX_FIRST:ANNEX_FIRST + 9]
    # 01 portrait, 02-04 landscape, 05 portrait, 06-09 landscape; overall in the last section
    assert [orient[i] for i in annex] == ["P", "L", "L", "L", "P", "L", "L", "L", "L"]
    assert all(orient[i] == "P" for i in where[:ANNEX_FIRST])
    assert orient[where[-1]] == "L" and where[-1] == len(sections) - 1


def test_empty_notes(doc):
    text = all_text(doc)
    assert EMPTY_NOTES["t8"] in text
    assert EMPTY_NOTES["t9"] in text


def test_no_empty_note_when_table_has_data(template_path, make_context):
    ctx = make_context()
    ctx["annex"]["t8"] = {"empty": False, "rows": [
        {"code": "", "indent": "", "name": "合计", "v": ["1.00", "2.00", "3.00", "1.00", "2.00", "0.00"]}]}
    d = render(template_path, ctx)
    text = all_text(d)
    assert EMPTY_NOTES["t8"] not in text
    assert EMPTY_NOTES["t9"] in text
    t8 = d.tables[ANNEX_FIRST + 7]
    assert len(t8._tbl.tr_lst) == 3


def test_overall_target_table(doc):
    ctx = fx.make_context()
    tasks, indicators = doc.tables[-2:]
    assert "部门（单位）整体支出绩效目标表" in all_text(doc)
    rows = tasks._tbl.tr_lst
    assert merge_runs(rows[1:-1], 0) == [("年度主要任务", 3 + len(ctx["overall"]["tasks"]))]
    heads = [tc_text(tc) for tc in indicators._tbl.tr_lst[0].findall(qn("w:tc"))]
    assert heads == ["", "一级指标", "二级指标", "三级指标", "指标值"]
    firsts, seconds = expected_groups(ctx["overall"]["levels"])
    body = indicators._tbl.tr_lst[1:]
    assert merge_runs(body, 0) == [("年度绩效指标", sum(n for _, n in firsts))]
    assert tc_at(body[0], 4).grid_span == 3  # 指标值 over the three 预算金额 columns
    assert merge_runs(body, 1) == firsts
    assert merge_runs(body, 2) == seconds


def test_overall_selfeval_table(template_path, make_context):
    ctx = make_context()
    ctx["overall"] = fx.overall_selfeval()
    d = render(template_path, ctx)
    text = all_text(d)
    assert "部门（单位）整体支出绩效自评表" in text and "（2023年度）" in text
    indicators = d.tables[-1]
    heads = [tc_text(tc) for tc in indicators._tbl.tr_lst[0].findall(qn("w:tc"))]
    assert heads[-5:] == ["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert len(d.tables) == 2 * N_PROJECT_TABLES + 9 + 2


def test_styles_are_zh_cn_and_theme_free(template_path):
    d = Document(str(template_path))
    styles = d.styles.element
    lang = styles.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    for rfonts in styles.iter(qn("w:rFonts")):
        assert rfonts.get(qn("w:eastAsiaTheme")) is None and rfonts.get(qn("w:asciiTheme")) is None
    for name, font in (("Normal", "仿宋_GB2312"), ("Heading 1", "黑体"), ("Heading 3", "楷体_GB2312"),
                       ("Title", "方正小标宋简体"), ("表格文字", "宋体")):
        rfonts = d.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == font, name
    h2 = d.styles["Heading 2"].element.pPr.find(qn("w:outlineLvl"))
    assert h2.get(qn("w:val")) == "1"


def test_render_is_deterministic(template_path, make_context):
    info = DocumentInfo(title="标题", subject="部门决算", year=2023)
    a = render_docx(make_context(), template_path, info=info)
    b = render_docx(make_context(), template_path, info=info)
    assert a == b


def test_committed_template_contains_the_annex_parts(template_path):
    d = Document(str(template_path))
    text = all_text(d)
    assert "{%p for p in projects %}" in text
    for spec in ANNEX_TABLES:
        assert spec.title in text
    assert "{%p if overall %}" in text


# Word refuses parts whose elements are out of schema order (LibreOffice does
# not care, so the PDF would not show it). docxtpl's {% vm %} appends w:vMerge
# at the end of w:tcPr: a w:vAlign on such a cell would break the order.
SEQUENCES = {
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
              "tblLook", "tblCaption", "tblDescription"],
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
}


def out_of_order(root):
    bad = []
    for name, seq in SEQUENCES.items():
        rank = {qn("w:" + n): i for i, n in enumerate(seq)}
        for el in root.iter(qn("w:" + name)):
            ranks = [rank[c.tag] for c in el if c.tag in rank]
            if ranks != sorted(ranks):
                bad.append((name, [c.tag.split("}")[1] for c in el]))
    return bad


def test_rendered_parts_are_in_schema_order(doc):
    assert out_of_order(doc.element.body) == []
    assert out_of_order(doc.styles.element) == []
    assert out_of_order(doc.sections[0].footer._element) == []


def test_settings_in_schema_order(template_path):
    d = Document(str(template_path))
    names = [el.tag.split("}")[1] for el in d.settings.element]
    assert "updateFields" in names
    assert names.index("savePreviewPicture") < names.index("updateFields") < names.index("compat")
