"""One vocabulary for every pack: generator/vocabulary.py lists exactly what
context.py builds, docs/template-context.md is generated from it, and
`pjgen packs --check` reports template tags outside it with their place."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from conftest import EXAMPLE_XLSX, example_data_dict
from generator.cli import app
from generator.context import build_context
from generator.packcheck import check_pack
from generator.packs import DEFAULT_PACK, PACKS_DIR, available_packs
from generator.pipeline import validate
from generator.render import template_references
from generator.vocabulary import context_paths, vocabulary_paths
from generator.workbook import write_workbook
from test_golden_document import _edge

ROOT = Path(__file__).resolve().parent.parent


def _make_docs():
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _variant(data) -> None:
    """The edge case plus filled 公开08/09表, so every list of the context has items."""
    _edge(data)
    for sheet in ("政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表"):
        data[sheet] = [["", "合计", "0", "5", "5", "5", "0", "0"], ["229", "其他支出", "0", "5", "5", "5", "0", "0"]]


def test_vocabulary_is_exactly_what_the_context_holds(tmp_path):
    data = example_data_dict()
    _variant(data)
    path = tmp_path / "variant.xlsx"
    write_workbook(path, data)
    built = set()
    for book in (EXAMPLE_XLSX, path):
        report = validate(book).report
        built |= context_paths(build_context(report))
    listed = set(vocabulary_paths())
    assert built - listed == set(), "context names missing from generator/vocabulary.py"
    assert listed - built == set(), "generator/vocabulary.py lists names the context does not have"


def test_template_context_md_is_generated_from_the_vocabulary():
    make_docs = _make_docs()
    assert make_docs.CONTEXT_TARGET.read_text(encoding="utf-8") == make_docs.render_context_docs(), \
        "docs/template-context.md is stale: run python scripts/make_docs.py"
    text = make_docs.CONTEXT_TARGET.read_text(encoding="utf-8")
    for path in vocabulary_paths():
        assert f"`{path}`" in text


def test_shipped_packs_pass_their_own_check():
    for pack in available_packs():
        assert check_pack(pack.folder) == [], pack.id


def test_loop_variables_resolve_to_the_list_they_iterate():
    refs = template_references(PACKS_DIR / DEFAULT_PACK / "template.docx")
    assert ("functions[].text", "f.text") in refs
    assert ("annex.t7.budget[]", "annex.t7.budget[0]") in refs
    assert not any(path.startswith("loop") for path, _ in refs)


def _broken_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, folder)
    doc = Document(str(folder / "template.docx"))
    paragraph = next(p for p in doc.paragraphs if "{{ s1.income_grand }}" in p.text)
    paragraph.runs[0].text = paragraph.runs[0].text.replace("{{ s1.income_grand }}", "{{ s1.income_sum }}")
    cell = doc.tables[0].rows[1].cells[2]  # 项目支出绩效自评表: 主管部门
    assert cell.text == "{{ p.department }}"
    cell.paragraphs[0].runs[0].text = "{{ p.dept }}"
    doc.save(str(folder / "template.docx"))
    manifest = folder / "pack.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"第三部分 专业名词解释"', '"第三部分 名词解释"'),
                        encoding="utf-8")
    return folder


def test_check_reports_unknown_tags_with_their_place_and_missing_parts(tmp_path):
    folder = _broken_copy(tmp_path)
    problems = check_pack(folder)
    assert len(problems) == 3, problems
    income, dept, part = problems
    assert income.startswith("模板中的“s1.income_sum”（s1.income_sum）不在模板可用的名称中。“s1”下可用：")
    assert "一、收入支出决算总体情况说明 之后第" in income and "年度收入总计{{ s1.income_sum }}万元" in income
    assert dept.startswith("模板中的“p.dept”（projects[].dept）不在模板可用的名称中。“projects[]”下可用：")
    assert "department" in dept and "第 1 个表格第 2 行第 3 格 “…{{ p.dept }}…”" in dept
    assert "“parts” 中的“第三部分 名词解释”在模板中找不到" in part


def test_packs_check_command_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["packs", "--check", str(PACKS_DIR / DEFAULT_PACK)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["packs", "--check", str(_broken_copy(tmp_path))])
    assert bad.exit_code == 1
    assert "s1.income_sum" in bad.output and "共 3 个问题" in bad.output


def test_check_reports_a_tag_that_does_not_parse(tmp_path):
    folder = tmp_path / "typo"
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, folder)
    doc = Document(str(folder / "template.docx"))
    paragraph = next(p for p in doc.paragraphs if "{{ s1.income_grand }}" in p.text)
    paragraph.runs[0].text = paragraph.runs[0].text.replace("{{ s1.income_grand }}", "{{ s1.income_grand }")
    doc.save(str(folder / "template.docx"))
    (problem,) = check_pack(folder)
    assert problem.startswith("Word 模板 template.docx 的标记有误：")
