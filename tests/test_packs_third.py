"""A third pack without Python: copy a shipped pack, edit its template.docx as Word
would (python-docx here): change a sentence and drop a section, build with
--pack-dir, and find the change in the output.

Runs for every shipped pack that has a worked example; the Shanghai pack's case
runs once the pack is on the branch.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from generator.cli import app
from generator.extract import paragraphs
from generator.packcheck import check_pack
from generator.packs import PACKS_DIR

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"xinjiang-2023": ROOT / "inputs" / "2023.xlsx", "shanghai-2024": ROOT / "inputs" / "shanghai-2024.xlsx",
            "shanghai-2025": ROOT / "inputs" / "shanghai-2025.xlsx"}
MARK = "经本省财政部门审定，"
CONTROL = re.compile(r"\{%(-?)\s*p\s+(\w+)")


def _heading_level(p) -> int:
    name = p.style.name if p.style is not None else ""
    m = re.fullmatch(r"Heading (\d)", name)
    return int(m.group(1)) if m else 0


def _droppable_section(doc):
    """A 二级 section (its heading and everything up to the next 一级/二级 heading) made of
    paragraphs only, with balanced {%p %} tags: what a person would select and delete."""
    body = list(doc.element.body.iterchildren())
    paras = {id(p._p): p for p in doc.paragraphs}
    for i, el in enumerate(body):
        head = paras.get(id(el))
        if head is None or _heading_level(head) != 2:
            continue
        block, depth = [el], 0
        for nxt in body[i + 1:]:
            p = paras.get(id(nxt))
            if p is None or nxt.find(".//" + qn("w:sectPr")) is not None:
                block = None
                break
            if 0 < _heading_level(p) <= 2:
                break
            for _, word in CONTROL.findall(p.text):
                depth += 1 if word in ("for", "if") else -1 if word in ("endfor", "endif") else 0
            block.append(nxt)
        if block and depth == 0 and len(block) > 1:
            return head.text, block
    raise AssertionError("no section made of paragraphs only")


def _edit_like_word(template: Path) -> tuple[str, str]:
    """Change a sentence and drop a section; returns (the changed paragraph's start, the dropped heading)."""
    doc = Document(str(template))
    target = next(p for p in doc.paragraphs if _heading_level(p) == 0 and "{{" in p.text
                  and p.text.split("{{", 1)[0].strip() and not p.text.lstrip().startswith("{%")
                  and p.runs and "。" in p.text)  # fixed text first: the change can be found
    fixed_start = target.text.split("{{", 1)[0]
    target.runs[0].text = MARK + target.runs[0].text
    heading, block = _droppable_section(doc)
    for el in block:
        el.getparent().remove(el)
    doc.save(str(template))
    return fixed_start, heading


@pytest.mark.parametrize("pack_id", sorted(EXAMPLES))
def test_a_pack_edited_in_word_builds_with_the_change(tmp_path, pack_id):
    source = PACKS_DIR / pack_id
    if not (source / "pack.toml").is_file() or not EXAMPLES[pack_id].is_file():
        pytest.skip(f"{pack_id} pack or its worked example is not on this branch yet")
    folder = tmp_path / "my-province"
    shutil.copytree(source, folder)
    start, dropped = _edit_like_word(folder / "template.docx")
    # the only findings a dropped section may cause: fields of [sheets] that nothing prints any more
    assert all("但模板中没有名称用到它" in p for p in check_pack(folder)), check_pack(folder)

    runner = CliRunner()
    original = runner.invoke(app, ["build", "--format", "docx", "-o", str(tmp_path / "a"), str(EXAMPLES[pack_id])])
    edited = runner.invoke(app, ["build", "--format", "docx", "--pack-dir", str(folder), "-o", str(tmp_path / "b"),
                                 str(EXAMPLES[pack_id])])
    assert original.exit_code == 0 and edited.exit_code == 0, (original.output, edited.output)
    (before,) = (tmp_path / "a").glob("*.docx")
    (after,) = (tmp_path / "b").glob("*.docx")
    old, new = paragraphs(before.read_bytes()), paragraphs(after.read_bytes())
    assert dropped in old and dropped not in new
    changed = [t for t in new if t.startswith(MARK)]
    assert len(changed) >= 1 and changed[0][len(MARK):].startswith(start)
    assert changed[0][len(MARK):] in old  # the rest of the sentence, figures included, is unchanged
    assert not any(t.startswith(MARK) for t in old)
