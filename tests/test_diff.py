"""pjgen diff: changed input cells and the sentences and table cells they change."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from build_support import EXAMPLE, edit_workbook, template  # noqa: F401  (fixture)
from generator.cli import app
from generator.diff import TextChange, compare_documents, compare_workbooks, inline_spans, split_sentences

runner = CliRunner()
CELL = ("上年及预算对比", "B2")  # 上年收入支出总计 2729.81


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    return edit_workbook(EXAMPLE, tmp_path_factory.mktemp("diff") / "corrected.xlsx", {CELL: 2739.81})


@pytest.fixture(scope="module")
def comparison(corrected, template):
    return compare_workbooks(EXAMPLE, corrected, template)


def test_names_the_corrected_cell(comparison):
    assert [(str(c.ref), c.old, c.new) for c in comparison.cells] == [("上年及预算对比!B2", "2729.81", "2739.81")]


def test_lists_the_changed_sentences(comparison):
    changed = [t for t in comparison.text if t.kind == "sentence"]
    assert len(changed) == 1
    (sentence,) = changed
    assert "收入支出总体与上年相比" in sentence.old
    assert "减少62.40万元，下降2.29%" in sentence.old
    assert "减少72.40万元，下降2.64%" in sentence.new
    assert sentence.where.startswith("一、收入支出决算总体情况")
    assert [t for t in comparison.text if t.kind == "cell"] == []  # last year's total is in no table


def test_cli_shows_cell_and_sentence(corrected, template):
    result = runner.invoke(app, ["diff", str(EXAMPLE), str(corrected), "--template", str(template)])
    assert result.exit_code == 0, result.output
    flat = result.output.replace("\n", "").replace("│", "").replace(" ", "")
    assert "上年及预算对比!B2" in result.output
    assert "2729.81" in result.output and "2739.81" in result.output
    assert "减少62.40万元" in flat and "减少72.40万元" in flat


def test_table_cells_that_change(template, tmp_path):
    # an indicator's 年度指标值 is printed in its project's self-evaluation table only
    new = edit_workbook(EXAMPLE, tmp_path / "new.xlsx", {("绩效自评指标", "E2"): ">=4次"})
    result = compare_workbooks(EXAMPLE, new, template)
    assert [(str(c.ref), c.old, c.new) for c in result.cells] == [("绩效自评指标!E2", ">=3次", ">=4次")]
    assert [(t.kind, t.old, t.new) for t in result.text] == [("cell", ">=3次", ">=4次")]
    where = result.text[0].where
    assert "2023年“为民办实事”工作队经费" in where  # which project's table
    assert "开展走访慰问活动次数" in where and "年度指标值" in where  # row and column


def test_formula_without_value_is_shown(tmp_path):
    from generator.diff import NO_VALUE, compare_cells
    from generator.workbook import read_workbook

    new = edit_workbook(EXAMPLE, tmp_path / "new.xlsx", {("上年及预算对比", "B2"): "=B4+1"})
    changes = compare_cells(read_workbook(EXAMPLE), read_workbook(new))
    assert [(str(c.ref), c.old, c.new) for c in changes] == [("上年及预算对比!B2", "2729.81", NO_VALUE)]


def test_same_workbook_changes_nothing(template):
    result = compare_workbooks(EXAMPLE, EXAMPLE, template)
    assert result.cells == [] and result.text == []
    assert not result.changed


def test_workbook_with_errors_lists_cells_only(template, tmp_path):
    bad = edit_workbook(EXAMPLE, tmp_path / "bad.xlsx", {CELL: "两千"})
    result = runner.invoke(app, ["diff", str(EXAMPLE), str(bad), "--template", str(template)])
    assert result.exit_code == 1
    assert "上年及预算对比!B2" in result.output and "两千" in result.output
    assert "无法生成文档" in result.output


def _docx(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_compare_documents_sentences_and_cells():
    old = _docx(
        ["一、收入情况", "收入100.00万元。支出90.00万元。结余10.00万元。"],
        [["项目", "金额"], ["收入", "100.00"], ["支出", "90.00"]],
    )
    new = _docx(
        ["一、收入情况", "收入110.00万元。支出90.00万元。结余20.00万元。新增一句。"],
        [["项目", "金额"], ["收入", "110.00"], ["支出", "90.00"]],
    )
    changes = compare_documents(old, new)
    assert [(t.kind, t.old, t.new) for t in changes] == [
        ("sentence", "收入100.00万元。", "收入110.00万元。"),
        ("sentence", "结余10.00万元。", "结余20.00万元。"),
        ("sentence", None, "新增一句。"),
        ("cell", "100.00", "110.00"),
    ]
    assert changes[0].where == "一、收入情况"
    assert "第2行第2列" in changes[3].where and "收入" in changes[3].where and "金额" in changes[3].where


def test_removed_row():
    old = _docx(["标题"], [["项目", "金额"], ["甲", "1.00"], ["乙", "2.00"]])
    new = _docx(["标题"], [["项目", "金额"], ["乙", "2.00"], ["", ""]])
    changes = compare_documents(old, new)
    assert ("cell", "甲", None) in [(t.kind, t.old, t.new) for t in changes]
    assert all(isinstance(t, TextChange) for t in changes)


def test_split_sentences_and_inline_spans():
    assert split_sentences("甲。乙；丙。") == ["甲。", "乙；丙。"]
    assert split_sentences("无句号") == ["无句号"]
    assert inline_spans("减少62.40万元", "减少72.40万元") == [("=", "减少"), ("-", "6"), ("+", "7"), ("=", "2.40万元")]
