"""pjgen build for one workbook: reproducible .docx, rebuilds, backups, formats and options."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from build_support import EXAMPLE, edit_workbook, template  # noqa: F401  (fixture)
from generator import convert
from generator.cli import app
from generator.convert import find_soffice
from generator.extract import paragraphs
from generator.output import BACKUP_DIR, MANIFEST_NAME
from generator.build import BuildOptions, build, build_many
from generator.pipeline import render_report, validate

UNIT = "中共昌吉回族自治州委员会组织部"
STEM = f"{UNIT}2023年度部门决算公开说明"
runner = CliRunner()


def pjgen(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def docx_only(template: Path, out: Path) -> BuildOptions:
    return BuildOptions(out_dir=out, formats=("docx",), template=template)


@pytest.fixture
def no_soffice(monkeypatch):
    monkeypatch.setenv(convert.SOFFICE_ENV, "/nonexistent/soffice")
    assert find_soffice() is None


@pytest.fixture
def fake_converter(monkeypatch):
    """convert_each replaced by a recorder that writes a small PDF for each document."""
    calls: list[dict] = []

    def fake(docx_paths, out_dir, *, timeout=180, font_dir=None, processes=1, pool=None):
        calls.append({"docx": [Path(p) for p in docx_paths], "font_dir": font_dir})
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        done = []
        for p in docx_paths:
            pdf = Path(out_dir) / (Path(p).stem + ".pdf")
            pdf.write_bytes(b"%PDF-1.7 " + Path(p).read_bytes()[:50])
            done.append(convert.Converted(Path(p), pdf))
        return done

    monkeypatch.setattr(convert, "convert_each", fake)
    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")
    return calls


# --- determinism ------------------------------------------------------------


def test_rebuild_is_byte_identical(template, tmp_path):
    first = build(EXAMPLE, tmp_path / "a", docx_only(template, tmp_path / "a"))
    second = build(EXAMPLE, tmp_path / "b", docx_only(template, tmp_path / "b"))
    assert first.docx is not None and second.docx is not None
    assert first.docx.name == f"{STEM}.docx"
    assert first.docx.read_bytes() == second.docx.read_bytes()


def test_docx_carries_no_clock_time(template):
    v = validate(EXAMPLE)
    data = render_report(v.report, template)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    assert {i.date_time for i in infos} == {(2024, 1, 1, 0, 0, 0)}
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    props = Document(io.BytesIO(data)).core_properties
    assert (props.author, props.last_modified_by, props.revision) == ("pjgen", "pjgen", 1)
    assert props.created == props.modified == dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    assert props.title == STEM


def test_year_sets_the_document_date(template, tmp_path):
    book = edit_workbook(EXAMPLE, tmp_path / "2022.xlsx", {("单位信息", "B3"): 2022})
    v = validate(book)
    assert v.ok, [p.message for p in v.errors]
    props = Document(io.BytesIO(render_report(v.report, template))).core_properties
    assert props.created == dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)


# --- rebuilding ------------------------------------------------------------


def test_second_build_says_nothing_changed(template, tmp_path):
    out = tmp_path / "out"
    first = pjgen("build", EXAMPLE, "-o", out, "--format", "docx", "--template", template)
    assert first.exit_code == 0, first.output
    target = out / f"{STEM}.docx"
    stamp = target.stat().st_mtime_ns
    second = pjgen("build", EXAMPLE, "-o", out, "--format", "docx", "--template", template)
    assert second.exit_code == 0, second.output
    assert "没有变化" in second.output
    assert target.stat().st_mtime_ns == stamp  # not even rewritten


def test_corrected_workbook_is_rebuilt(template, tmp_path):
    out = tmp_path / "out"
    build(EXAMPLE, out, docx_only(template, out))
    fixed = edit_workbook(EXAMPLE, tmp_path / "fixed.xlsx", {("上年及预算对比", "B2"): 2739.81})
    result = build(fixed, out, docx_only(template, out))
    assert result.status == "built" and result.outputs[0].changed
    assert result.backups == []  # the old file was pjgen's own: replaced, not backed up
    assert any("72.40万元" in p for p in paragraphs(result.docx.read_bytes()))


def test_hand_edited_output_is_backed_up_not_overwritten(template, tmp_path):
    out = tmp_path / "out"
    assert pjgen("build", EXAMPLE, "-o", out, "-f", "docx", "--template", template).exit_code == 0
    target = out / f"{STEM}.docx"
    built = target.read_bytes()
    doc = Document(target)
    doc.add_paragraph("财务科补充的一句话。")
    doc.save(target)
    edited = target.read_bytes()

    result = pjgen("build", EXAMPLE, "-o", out, "-f", "docx", "--template", template)
    assert result.exit_code == 0, result.output
    backups = list((out / BACKUP_DIR).iterdir())
    assert len(backups) == 1
    assert backups[0].read_bytes() == edited
    assert backups[0].name.startswith(STEM) and backups[0].suffix == ".docx"
    assert target.read_bytes() == built
    assert "备份" in result.output and backups[0].name in result.output.replace("\n", "")


def test_output_open_in_word_is_reported(template, tmp_path):
    out = tmp_path / "out"
    build(EXAMPLE, out, docx_only(template, out))
    fixed = edit_workbook(EXAMPLE, tmp_path / "fixed.xlsx", {("上年及预算对比", "B2"): 2739.81})
    target = out / f"{STEM}.docx"
    before = target.read_bytes()
    (out / ("~$" + target.name[2:])).write_bytes(b"owner")
    result = pjgen("build", fixed, "-o", out, "-f", "docx", "--template", template)
    assert result.exit_code == 1
    assert "Word/WPS" in result.output and "关闭" in result.output
    assert target.read_bytes() == before


def test_input_workbook_is_never_written(template, tmp_path):
    book = edit_workbook(EXAMPLE, tmp_path / "in.xlsx", {})
    old = 1_600_000_000
    os.utime(book, (old, old))
    data = book.read_bytes()
    assert pjgen("build", book, "-o", tmp_path, "-f", "docx", "--template", template).exit_code == 0
    assert book.read_bytes() == data and book.stat().st_mtime == old
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([MANIFEST_NAME, "in.xlsx", f"{STEM}.docx"])


def test_workbook_with_errors_writes_nothing(template, tmp_path):
    book = edit_workbook(EXAMPLE, tmp_path / "bad.xlsx", {("上年及预算对比", "B2"): "两千"})
    out = tmp_path / "out"
    result = pjgen("build", book, "-o", out, "--template", template)
    assert result.exit_code == 1
    assert "上年及预算对比!B2" in result.output
    assert not any(p.suffix in (".docx", ".pdf") for p in out.glob("*"))


# --- formats, template, fonts ----------------------------------------------


def test_missing_libreoffice_still_writes_docx(template, tmp_path, no_soffice):
    result = pjgen("build", EXAMPLE, "-o", tmp_path, "--template", template)
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{STEM}.docx").is_file()
    assert not (tmp_path / f"{STEM}.pdf").exists()
    assert "只生成了 Word 文档" in result.output and "libreoffice.org" in result.output
    assert "PJGEN_SOFFICE" in result.output


def test_missing_libreoffice_with_explicit_pdf_fails(template, tmp_path, no_soffice):
    result = pjgen("build", EXAMPLE, "-o", tmp_path / "out", "--format", "pdf", "--template", template)
    assert result.exit_code == 1
    assert "libreoffice.org" in result.output and "--format docx" in result.output
    assert not (tmp_path / "out").exists()


def test_pdf_only_writes_no_docx(template, tmp_path, fake_converter):
    result = pjgen("build", EXAMPLE, "-o", tmp_path, "-f", "pdf", "--template", template)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([MANIFEST_NAME, f"{STEM}.pdf"])


def test_fonts_folder_is_passed_to_the_converter(template, tmp_path, fake_converter):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    result = pjgen("build", EXAMPLE, "-o", tmp_path / "out", "--fonts", fonts, "--template", template)
    assert result.exit_code == 0, result.output
    assert [c["font_dir"] for c in fake_converter] == [fonts]
    assert (tmp_path / "out" / f"{STEM}.pdf").read_bytes().startswith(b"%PDF")


def test_unchanged_pdf_is_not_converted_again(template, tmp_path, fake_converter):
    out = tmp_path / "out"
    assert pjgen("build", EXAMPLE, "-o", out, "--template", template).exit_code == 0
    again = pjgen("build", EXAMPLE, "-o", out, "--template", template)
    assert again.exit_code == 0 and "没有变化" in again.output
    assert len(fake_converter) == 1
    other_fonts = tmp_path / "fonts"
    other_fonts.mkdir()
    assert pjgen("build", EXAMPLE, "-o", out, "--template", template, "--fonts", other_fonts).exit_code == 0
    assert len(fake_converter) == 2  # other fonts: another PDF


def test_other_template(tmp_path):
    from docx import Document as NewDocument

    small = tmp_path / "small.docx"
    doc = NewDocument()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("单位：{{ unit_name }}，年度：{{ year }}。")
    doc.save(small)
    run = build_many([EXAMPLE], docx_only(small, tmp_path))
    assert paragraphs(run.results[0].docx.read_bytes()) == [STEM, f"单位：{UNIT}，年度：2023。"]


def test_missing_template_is_one_error_line(tmp_path):
    result = pjgen("build", EXAMPLE, "-o", tmp_path, "--template", tmp_path / "nope.docx")
    assert result.exit_code == 1
    assert "找不到 Word 模板" in result.output


@pytest.mark.pdf
def test_build_writes_docx_and_pdf(template, tmp_path):
    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing; run scripts/setup-system.sh")
        pytest.skip("needs LibreOffice (soffice)")
    result = pjgen("build", EXAMPLE, "-o", tmp_path, "--template", template)
    assert result.exit_code == 0, result.output
    docx, pdf = tmp_path / f"{STEM}.docx", tmp_path / f"{STEM}.pdf"
    assert docx.is_file()
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert not list(tmp_path.glob(".pjgen-work-*"))
