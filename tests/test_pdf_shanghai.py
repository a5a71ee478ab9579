"""The Shanghai example's PDF: A4, fonts embedded, bookmarks from the four parts'
headings, and 目录 page numbers that are where the headings are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.convert import convert_to_pdf
from generator.pipeline import render_report, validate
from test_pdf_example import _run, _squash
from test_pdf_example import example_pdf as _needs_tools  # noqa: F401  (skips/fails like the Xinjiang PDF tests)

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shanghai_pdf(_needs_tools, tmp_path_factory) -> Path:
    v = validate(ROOT / "inputs" / "shanghai-2024.xlsx")
    assert v.ok
    tmp = tmp_path_factory.mktemp("shanghai")
    docx = tmp / "shanghai.docx"
    docx.write_bytes(render_report(v.report, pack=v.pack))
    (pdf,) = convert_to_pdf([docx], tmp)
    return pdf


@pytest.fixture(scope="module")
def pages(shanghai_pdf) -> list[str]:
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(shanghai_pdf)), re.M).group(1))
    return [_run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(shanghai_pdf), "-")
            for n in range(1, count + 1)]


def test_fonts_embedded_and_a4(shanghai_pdf, pages):
    assert 15 <= len(pages) <= 60
    lines = _run("pdffonts", str(shanghai_pdf)).splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines), lines
    sizes = _run("pdfinfo", "-f", "1", "-l", str(len(pages)), str(shanghai_pdf))
    dims = {tuple(sorted(map(float, m))) for m in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", sizes)}
    assert all(abs(a - 595.3) < 1 and abs(b - 841.9) < 1 for a, b in dims), dims


def test_bookmarks_are_the_four_parts_in_order(shanghai_pdf):
    xml = _run("pdftohtml", "-xml", "-i", "-q", "-stdout", str(shanghai_pdf))
    titles = [_squash(t) for t in re.findall(r'<item page="\d+">([^<]*)</item>', xml)]
    unit = "上海市普陀区规划和自然资源局"
    parts = [f"第一部分{unit}概况", f"第二部分{unit}2024年度部门决算表", f"第三部分{unit}2024年度部门决算情况说明",
             "第四部分名词解释"]
    assert [t for t in titles if t.startswith("第")] == parts
    for heading in ("二、部门决算单位构成", "七、财政拨款“三公”经费支出决算表", "十、预算绩效管理情况",
                    "（二）政府采购支出情况"):
        assert heading in titles, heading


def test_toc_page_numbers_match_heading_pages(pages):
    entry = re.compile(r"^\s*(\S.*?)\s*(?:\.{3,}|…+)\s*(\d+)\s*$", re.M)
    toc: dict[str, int] = {}
    for text in pages[:4]:
        toc.update({_squash(t): int(p) for t, p in entry.findall(text)})
    assert len(toc) >= 25
    for title, page in toc.items():
        if title.startswith(("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")):  # entries on one line
            assert title in _squash(pages[page - 1]), (title, page)


def test_no_table_note_stands_alone_on_a_page(pages):
    """Each table's 注 line shares its page with the table's last rows. In this example the
    公开06表 fills its last page: Writer would put the 注 line alone on the next one, so the export
    carries the table's last two rows over with it, under a copy of the heading."""
    notes = 0
    for text in pages:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for i, line in enumerate(lines):
            if line.startswith("注：本表反映"):
                notes += 1
                assert i > 0 and not lines[i - 1].startswith(("单位：万元", "注：")), lines[: i + 1]
    assert notes == 9
    sixth = next(text for text in pages if "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况" in text)
    assert "人员经费合计" in sixth and "公用经费合计" in sixth  # the totals row went over with the note
