"""Text of a built .docx in reading order: paragraphs and table cells.

Used by `pjgen diff` and by the tests that compare the document with the
published reference.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Iterator

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "p" paragraph, "cell" table cell
    text: str
    style: str = ""
    table: int = -1  # index of the table for cells
    row: int = -1
    col: int = -1


def iter_blocks(docx_bytes: bytes) -> Iterator[Block]:
    doc = Document(io.BytesIO(docx_bytes))
    table_no = -1
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            yield Block("p", item.text, item.style.name if item.style is not None else "")
        elif isinstance(item, Table):
            table_no += 1
            seen: set[int] = set()
            alive = []  # keep the lxml proxies alive so their ids stay unique
            for r, row in enumerate(item.rows):
                for c, cell in enumerate(row.cells):
                    key = id(cell._tc)
                    if key in seen:  # a merged cell is reported once, at its top-left
                        continue
                    seen.add(key)
                    alive.append(cell._tc)
                    yield Block("cell", cell.text, "", table_no, r, c)


def paragraphs(docx_bytes: bytes) -> list[str]:
    return [b.text for b in iter_blocks(docx_bytes) if b.kind == "p"]
