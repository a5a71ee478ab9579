"""Page layout: no table row split across pages, a table's last rows kept with its 注 line, and the
Shanghai cover on a page of its own with the 目录 after it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.layout import KEEP_ROWS, keep_table_ends
from generator.pipeline import render_report, validate

ROOT = Path(__file__).resolve().parent.parent


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _keeps(row) -> bool:
    return all(p.find(qn("w:pPr")) is not None and p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
               for p in row.iter(qn("w:p")))


@pytest.fixture(scope="module")
def shanghai_docx(tmp_path_factory) -> Path:
    v = validate(ROOT / "inputs" / "shanghai-2024.xlsx")
    path = tmp_path_factory.mktemp("layout") / "shanghai.docx"
    path.write_bytes(render_report(v.report, pack=v.pack))
    return path


def test_rows_never_split_and_the_last_rows_keep_with_the_note(shanghai_docx):
    body = Document(str(shanghai_docx)).element.body
    tables = list(body.iter(qn("w:tbl")))
    assert len(tables) >= 9
    noted = 0
    for table in tables:
        rows = table.findall(qn("w:tr"))
        assert all(row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for row in rows)
        follower = table.getnext()
        if follower is not None and _text(follower).startswith("注："):
            noted += 1
            assert all(_keeps(row) for row in rows[-KEEP_ROWS:])
            assert not any(_keeps(row) for row in rows[:-KEEP_ROWS])
    assert noted >= 7  # 公开01–07表 each have their 注 line


def test_a_table_without_a_note_keeps_only_its_rows_whole():
    doc = Document()
    table = doc.add_table(rows=4, cols=2)
    doc.add_paragraph("第二部分")
    keep_table_ends(doc.element.body)
    rows = table._tbl.findall(qn("w:tr"))
    assert all(row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for row in rows)
    assert not any(_keeps(row) for row in rows)


def test_shanghai_toc_starts_a_page(shanghai_docx):
    toc = next(p for p in Document(str(shanghai_docx)).paragraphs if p.text == "目  录")
    assert toc.paragraph_format.page_break_before


@pytest.mark.pdf
def test_shanghai_pdf_cover_alone_and_no_note_alone_on_a_page(tmp_path):
    from generator.convert import convert_to_pdf
    from test_pdf_example import _run
    from conftest import need_pdf_tools

    need_pdf_tools("pdftotext", "pdfinfo")
    v = validate(ROOT / "inputs" / "shanghai-2024.xlsx")
    docx = tmp_path / "shanghai.docx"
    docx.write_bytes(render_report(v.report, pack=v.pack))
    (pdf,) = convert_to_pdf([docx], tmp_path)
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))
    pages = [_run("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-") for n in range(1, count + 1)]
    body = [[line.strip() for line in page.splitlines() if line.strip() and not re.fullmatch(r"—\s*\d+\s*—", line.strip())]
            for page in pages]
    assert "目 录" not in pages[0] and "年度部门决算" in pages[0]
    assert body[1][0].replace(" ", "") == "目录"
    # 公开01表 (收入支出决算总表) used to leave its 注 line alone on a page: now its last rows come along
    note = "注：本表反映部门本年度的总收支和年末结转结余情况。"
    (page,) = [lines for lines in body if note in lines]
    before = page[:page.index(note)]
    assert any(line.startswith("总计") for line in before), page
    # LibreOffice moves the last page of a table only whole: a table whose last page is full (公开06表
    # of this example) may still leave its note alone there; Word keeps the rows with the note.
