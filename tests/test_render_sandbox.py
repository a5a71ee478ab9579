"""A template reads the context's names and nothing of Python's: Jinja's sandbox refuses
``__class__`` and friends and bounds ``range``, so a pack from elsewhere cannot run code or
loop for ever. Each case is a Chinese error of `pjgen build`, no traceback, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from generator.cli import app
from generator.packs import DEFAULT_PACK, PACKS_DIR

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _pack_with(tmp_path: Path, tag: str) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, folder)
    doc = Document(str(folder / "template.docx"))
    paragraph = next(p for p in doc.paragraphs if "{{ s1.income_grand }}" in p.text)
    run = next(r for r in paragraph.runs if "{{ s1.income_grand }}" in r.text)
    run.text = run.text.replace("{{ s1.income_grand }}", tag)
    doc.save(str(folder / "template.docx"))
    return folder


@pytest.mark.parametrize(("tag", "said"), [
    ("{{ unit_name.__class__.__mro__ }}", "模板不能使用的内容"),
    ("{{ s1.__class__.__init__.__globals__ }}", "模板不能使用的内容"),
    ("{{ cycler.__init__.__globals__.os }}", "模板不能使用的内容"),
    ("{% for i in range(200001) %}x{% endfor %}", "循环的次数过多"),
])
def test_a_template_reaching_beyond_the_context_is_refused(tmp_path, tag, said):
    pack = _pack_with(tmp_path, tag)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(ROOT / "inputs" / "2023.xlsx"), "--pack-dir", str(pack), "-o", str(out),
                                 "--format", "docx"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, (SystemExit, type(None)))
    assert said in result.output.replace("\n", "")
    assert not list(out.glob("*.docx"))


def test_the_shipped_templates_render_in_the_sandbox(tmp_path):
    """The same names read as before: the worked example builds (its bytes are compared in the golden tests)."""
    result = runner.invoke(app, ["build", str(ROOT / "inputs" / "2023.xlsx"), "-o", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 0, result.output
