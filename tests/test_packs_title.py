"""The document title is a pack manifest field (pack.toml ``title``): it names the
output files, fills the .docx metadata and the template's ``title``; the Xinjiang
title is unchanged; `pjgen packs --check` reports a bad title and a cover that says
something else."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from conftest import EXAMPLE_XLSX
from generator.cli import app
from generator.context import build_context
from generator.packcheck import check_pack
from generator.packs import DEFAULT_PACK, PACKS_DIR, find_pack, read_manifest
from generator.pipeline import document_title, output_name, validate
from generator.vocabulary import TITLE_NAMES, VOCABULARY

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI_XLSX = ROOT / "inputs" / "shanghai-2024.xlsx"
PUTUO = "上海市普陀区规划和自然资源局"
CHANGJI = "中共昌吉回族自治州委员会组织部"


def _build(args: list[str], out: Path) -> Path:
    result = CliRunner().invoke(app, ["build", "--format", "docx", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    (docx,) = out.glob("*.docx")
    return docx


def _copy(tmp_path: Path, pack_id: str = "shanghai-2024", title: str | None = None) -> Path:
    folder = tmp_path / "my-pack"
    shutil.copytree(PACKS_DIR / pack_id, folder)
    manifest = folder / "pack.toml"
    text = manifest.read_text(encoding="utf-8").replace(f'id = "{pack_id}"', 'id = "my-pack"')
    if title is not None:
        lines = [f"title = {title}" if line.startswith("title = ") else line for line in text.splitlines()]
        text = "\n".join(lines) + "\n"
    manifest.write_text(text, encoding="utf-8")
    return folder


def test_shanghai_build_is_named_and_titled_as_the_published_document(tmp_path):
    docx = _build([str(SHANGHAI_XLSX)], tmp_path / "out")
    assert docx.name == f"{PUTUO}2024年度部门决算.docx"
    assert Document(str(docx)).core_properties.title == f"{PUTUO}2024年度部门决算"


def test_xinjiang_title_file_name_and_context_are_unchanged(tmp_path):
    docx = _build([str(EXAMPLE_XLSX)], tmp_path / "out")
    assert docx.name == f"{CHANGJI}2023年度部门决算公开说明.docx"
    assert Document(str(docx)).core_properties.title == f"{CHANGJI}2023年度部门决算公开说明"
    v = validate(EXAMPLE_XLSX)
    assert v.pack.title == "{{ unit_name }}{{ year }}年度部门决算公开说明"
    assert document_title(v.report) == document_title(v.report, v.pack)  # no pack: the default pack's title
    assert build_context(v.report)["title"] == f"{CHANGJI}2023年度部门决算公开说明"


def test_context_title_is_the_file_name_and_the_cover(tmp_path):
    v = validate(SHANGHAI_XLSX)
    ctx = build_context(v.report, v.pack.wording, v.pack.title)
    assert ctx["title"] == output_name(v.report, v.pack) == f"{PUTUO}2024年度部门决算"
    # the cover reads as the title: unit name, then 2024年度部门决算
    data = _build([str(SHANGHAI_XLSX)], tmp_path / "out").read_bytes()
    cover = [p.text for p in Document(io.BytesIO(data)).paragraphs if p.style.name == "Title"]
    assert "".join(cover) == ctx["title"]


def test_a_pack_dir_pack_with_its_own_title(tmp_path):
    folder = _copy(tmp_path, title='"{{ unit_name }}{{ year }}年度部门决算（{{ last_year }}年度对比）"')
    doc = Document(str(folder / "template.docx"))  # the cover follows, as a person would edit it in Word
    cover = [p for p in doc.paragraphs if p.style.name == "Title"][1]
    cover.runs[0].text = "{{ year }}年度部门决算（{{ last_year }}年度对比）"
    doc.save(str(folder / "template.docx"))
    assert check_pack(folder) == []
    docx = _build(["--pack-dir", str(folder), str(SHANGHAI_XLSX)], tmp_path / "out")
    title = f"{PUTUO}2024年度部门决算（2023年度对比）"
    assert docx.name == f"{title}.docx"
    assert Document(str(docx)).core_properties.title == title


def test_a_pack_without_title_gets_the_default_title(tmp_path):
    folder = _copy(tmp_path, DEFAULT_PACK)
    manifest = folder / "pack.toml"
    manifest.write_text("\n".join(line for line in manifest.read_text(encoding="utf-8").splitlines()
                                  if not line.startswith("title = ")), encoding="utf-8")
    pack, problems = read_manifest(folder)
    assert problems == [] and pack.title == find_pack(DEFAULT_PACK).title


@pytest.mark.parametrize(("title", "says"), [
    ('"{{ unit_name }}{{ year }}年度{{ unitname }}"', "“{{ unitname }}” 不是标题可用的名称"),
    ('"{{ unit_name }}{{ year }年度部门决算"', "有多余或不成对的花括号"),
    ('"{{ year }}年度部门决算"', "应含 {{ unit_name }}"),
    ('""', "应为一行文字"),
    ("2024", "应为一行文字"),
])
def test_bad_title_is_reported_by_packs_check(tmp_path, title, says):
    folder = _copy(tmp_path, title=title)
    problems = check_pack(folder)
    assert len(problems) == 1 and "“title”" in problems[0] and says in problems[0], problems
    result = CliRunner().invoke(app, ["packs", "--check", str(folder)])
    assert result.exit_code == 1 and says in result.output.replace("\n", "")  # the console wraps long lines
    build = CliRunner().invoke(app, ["build", "--pack-dir", str(folder), "-o", str(tmp_path / "out"),
                                     str(SHANGHAI_XLSX)])
    assert build.exit_code == 1 and "“title”" in build.output.replace("\n", "")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))


def test_cover_that_is_not_the_title_is_reported(tmp_path):
    folder = _copy(tmp_path, title='"{{ unit_name }}{{ year }}年度部门决算公开"')
    (problem,) = check_pack(folder)
    assert "“title” 为“{{ unit_name }}{{ year }}年度部门决算公开”" in problem
    assert "封面的标题却是“{{ unit_name }} / {{ year }}年度部门决算”" in problem


def test_a_cover_printing_title_agrees_with_any_title(tmp_path):
    folder = _copy(tmp_path, title='"{{ unit_name }}部门决算（{{ year }}）"')
    doc = Document(str(folder / "template.docx"))
    first, second = [p for p in doc.paragraphs if p.style.name == "Title"]
    first.runs[0].text = "{{ title }}"
    second._p.getparent().remove(second._p)
    doc.save(str(folder / "template.docx"))
    assert check_pack(folder) == []
    data = _build(["--pack-dir", str(folder), str(SHANGHAI_XLSX)], tmp_path / "out").read_bytes()
    assert [p.text for p in Document(io.BytesIO(data)).paragraphs if p.style.name == "Title"] == \
        [f"{PUTUO}部门决算（2024）"]


def test_title_names_are_top_level_names_of_the_vocabulary():
    assert all(isinstance(VOCABULARY[n], str) for n in TITLE_NAMES)
