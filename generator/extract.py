"""Text of a built .docx in reading order: paragraphs and table cells.

Used by `pjgen diff` and by the tests that compare the document with the
published reference.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Iterator

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "p" paragraph, "cell" table cell
    text: str
    style: str = ""
    table: int = -1  # index of the table for cells
    row: int = -1
    col: int = -1


def iter_blocks(docx_bytes: bytes) -> Iterator[Block]:
    """The body's paragraphs and table cells in order. A merged cell is reported once, at its
    top-left grid position (``col`` counts grid columns, as python-docx's ``row.cells`` does)."""
    doc = Document(io.BytesIO(docx_bytes))
    table_no = -1
    for child in doc.element.body.iterchildren(_P, _TBL):
        if child.tag == _P:
            item = Paragraph(child, doc)
            yield Block("p", item.text, item.style.name if item.style is not None else "")
            continue
        table_no += 1
        for r, tr in enumerate(child.iterchildren(_TR)):
            col = _grid_before(tr)
            for tc in tr.iterchildren(_TC):
                span = _tc_val(tc, "w:gridSpan")
                if _tc_val(tc, "w:vMerge", default=None) != "continue":
                    text = "\n".join(Paragraph(p, doc).text for p in tc.iterchildren(_P))
                    yield Block("cell", text, "", table_no, r, col)
                col += int(span) if span else 1


def _tc_val(tc, tag: str, default: str | None = "") -> str | None:
    """The w:val of a cell property (w:gridSpan, w:vMerge); ``default`` when the property is absent,
    "continue" for a w:vMerge written without a value (the OOXML default)."""
    props = tc.find(qn("w:tcPr"))
    el = props.find(qn(tag)) if props is not None else None
    if el is None:
        return default
    return el.get(qn("w:val"), "continue" if tag == "w:vMerge" else default)


def _grid_before(tr) -> int:
    props = tr.find(qn("w:trPr"))
    el = props.find(qn("w:gridBefore")) if props is not None else None
    return int(el.get(qn("w:val"), "0")) if el is not None else 0


def paragraphs(docx_bytes: bytes) -> list[str]:
    return [b.text for b in iter_blocks(docx_bytes) if b.kind == "p"]
