"""The xinjiang-2023 pack's template.docx is the file people edit in Word:
its control tags are readable there."""

from __future__ import annotations

import pytest

import re

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from generator.packs import find_pack

CONTROL = re.compile(r"\{%-?\s*(p|tr|tc)\s")


def _control_paragraphs(doc):
    for p in doc.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if CONTROL.search(text):
            yield p, text


@pytest.mark.parametrize("pack_id", ["xinjiang-2023", "shanghai-2024", "shanghai-2025"])
def test_control_tags_are_readable_in_word(pack_id):
    """{%p %} and {%tr %} tags of every shipped template: grey 9 pt and up, never hidden."""
    doc = Document(str(find_pack(pack_id).template))
    styles = {s.style_id: s for s in doc.styles}
    found = list(_control_paragraphs(doc))
    assert len(found) > 20  # {%p for …%}, {%tr for …%} … of narrative, annex and self-evaluation tables
    for p, text in found:
        style_el = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        style = styles[style_el.get(qn("w:val"))] if style_el is not None else doc.styles["Normal"]
        assert style.name != "控制段落", text
        assert style.font.size is not None and style.font.size >= Pt(9), (text, style.name)
        for sz in p.iter(qn("w:sz")):
            assert int(sz.get(qn("w:val"))) >= 18, text  # half-points: 9 pt and more
        assert not list(p.iter(qn("w:vanish"))), text
