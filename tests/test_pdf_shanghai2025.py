"""The Shanghai 2025 example's PDF: it builds, A4 with the fonts embedded, the cover alone on its page, and its
bookmarks are the four parts of the 2025 document."""

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
UNIT = "上海市普陀区生态环境局"


@pytest.fixture(scope="module")
def shanghai2025_pdf(_needs_tools, tmp_path_factory) -> Path:
    v = validate(ROOT / "inputs" / "shanghai-2025.xlsx")
    assert v.ok
    tmp = tmp_path_factory.mktemp("shanghai2025")
    docx = tmp / "shanghai2025.docx"
    docx.write_bytes(render_report(v.report, pack=v.pack))
    (pdf,) = convert_to_pdf([docx], tmp)
    return pdf


def test_pdf_is_a4_with_fonts_embedded(shanghai2025_pdf):
    info = _run("pdfinfo", str(shanghai2025_pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 15 <= pages <= 60
    lines = _run("pdffonts", str(shanghai2025_pdf)).splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines), lines
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1


def test_pdf_bookmarks_are_the_four_parts_and_its_text_the_2025_frames(shanghai2025_pdf):
    xml = _run("pdftohtml", "-xml", "-i", "-q", "-stdout", str(shanghai2025_pdf))
    titles = [_squash(t) for t in re.findall(r'<item page="\d+">([^<]*)</item>', xml)]
    assert [t for t in titles if t.startswith("第")] == [
        f"第一部分{UNIT}概况", f"第二部分{UNIT}2025年度部门决算表", f"第三部分{UNIT}2025年度部门决算情况说明", "第四部分名词解释"]
    text = _squash(_run("pdftotext", str(shanghai2025_pdf), "-"))
    assert "因公出国（境）费支出决算为0.00万元，与2024年持平" in text
    assert "年初预算为1.27万元，支出决算为1.27万元，决算数与预算数持平。" in text


def test_pdf_cover_stands_alone_and_the_contents_follow(shanghai2025_pdf):
    first = _squash(_run("pdftotext", "-f", "1", "-l", "1", str(shanghai2025_pdf), "-"))
    second = _squash(_run("pdftotext", "-f", "2", "-l", "2", str(shanghai2025_pdf), "-"))
    assert f"{UNIT}2025年度部门决算" in first and "目录" not in first
    assert second.startswith("目录")


def test_pdf_no_table_note_alone_on_a_page(shanghai2025_pdf):
    """Each table's 注 line shares its page with the table's last rows (generator/layout.py)."""
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(shanghai2025_pdf)), re.M).group(1))
    pages = [[line.strip() for line in _run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(shanghai2025_pdf),
                                            "-").splitlines() if line.strip()] for n in range(1, count + 1)]
    notes = 0
    for lines in pages:
        for i, line in enumerate(lines):
            if line.startswith("注：本表反映"):
                notes += 1
                assert i > 0 and not lines[i - 1].startswith(("单位：万元", "注：")), lines[: i + 1]
    assert notes == 9
