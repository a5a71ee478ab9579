"""What `pjgen build` says about PDFs: which official fonts were found (when it writes PDFs), and how to
get PDFs when LibreOffice is missing — in the Chinese output and in the --json report's notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from build_support import EXAMPLE
from generator import convert
from generator.cli import app

from test_fontfind import sfnt

runner = CliRunner()


@pytest.fixture
def fake_pdf(monkeypatch):
    """LibreOffice replaced by a converter that writes a small PDF for each document."""

    def fake(docx_paths, out_dir, *, timeout=180, font_dir=None, processes=1, pool=None):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        done = []
        for p in docx_paths:
            pdf = Path(out_dir) / (Path(p).stem + ".pdf")
            pdf.write_bytes(b"%PDF-1.7 fake")
            done.append(convert.Converted(Path(p), pdf))
        return done

    monkeypatch.setattr(convert, "convert_each", fake)
    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")


def test_build_with_pdf_reports_fonts_found_in_the_fonts_folder(tmp_path, fake_pdf):
    fonts = tmp_path / "字体"
    fonts.mkdir()
    (fonts / "hei.ttf").write_bytes(sfnt("SimHei"))
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--fonts", str(fonts)])
    assert result.exit_code == 0, result.output
    text = result.output.replace("\n", "")
    assert "正式字体：已找到 黑体" in text or "均已找到" in text  # a machine may have all four installed


def test_docx_only_build_says_nothing_about_fonts(tmp_path, fake_pdf):
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 0 and "正式字体" not in result.output


def test_json_notes_carry_the_fonts_line(tmp_path, fake_pdf):
    result = runner.invoke(app, ["build", "--json", str(EXAMPLE), "-o", str(tmp_path / "out")])
    report = json.loads(result.stdout)
    assert any(note.startswith("正式字体：") for note in report["notes"])
    assert {Path(o["path"]).suffix for o in report["workbooks"][0]["outputs"]} == {".docx", ".pdf"}


def test_json_notes_say_how_to_get_pdfs(tmp_path, monkeypatch):
    monkeypatch.setenv("PJGEN_SOFFICE", str(tmp_path / "no-soffice"))
    result = runner.invoke(app, ["build", "--json", str(EXAMPLE), "-o", str(tmp_path / "out")])
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["ok"] is True
    (note,) = report["notes"]
    assert "只生成了 Word 文档" in note and "libreoffice.org" in note and "PJGEN_SOFFICE" in note
