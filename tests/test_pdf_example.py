"""The worked example's PDF as a department publishes it: A4, every font embedded,
bookmarks from the headings, a 目录 whose page numbers are where the headings
really are, the text extractable, and a sane page count."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.convert import convert_to_pdf
from generator.pipeline import render_report, validate

from conftest import need_pdf_tools
from pdf_toc import heading_pages, read_toc

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("pdfinfo", "pdffonts", "pdftotext", "pdftohtml")


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory) -> Path:
    need_pdf_tools(*TOOLS)
    v = validate(ROOT / "inputs" / "2023.xlsx")
    assert v.ok
    tmp = tmp_path_factory.mktemp("example")
    docx = tmp / "example.docx"
    docx.write_bytes(render_report(v.report))
    (pdf,) = convert_to_pdf([docx], tmp)
    return pdf


@pytest.fixture(scope="module")
def pages(example_pdf) -> list[str]:
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(example_pdf)), re.M).group(1))
    return [_run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(example_pdf), "-") for n in range(1, count + 1)]


def test_page_count_and_size(example_pdf, pages):
    assert 30 <= len(pages) <= 90
    sizes = _run("pdfinfo", "-f", "1", "-l", str(len(pages)), str(example_pdf))
    dims = {tuple(sorted(map(float, m))) for m in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", sizes)}
    assert dims and all(abs(a - 595.3) < 1 and abs(b - 841.9) < 1 for a, b in dims), dims  # A4, either way round


def test_every_font_embedded(example_pdf):
    lines = _run("pdffonts", str(example_pdf)).splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines), lines


def test_key_sentences_extractable(example_pdf):
    text = _squash(_run("pdftotext", str(example_pdf), "-"))
    for sentence in (
        "2023年度收入总计2,667.41万元，其中：本年收入合计2,033.40万元",
        "预决算差异率9.88%",
        "5.其他支出（类）73.80万元，占3.89%。",
        "我单位本年度无政府性基金预算财政拨款收入、支出及结转和结余",
        "2023年“为民办实事”工作队经费",
        "本单位无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。",
    ):
        assert _squash(sentence) in text, sentence


def test_bookmarks_follow_the_headings(example_pdf):
    xml = _run("pdftohtml", "-xml", "-i", "-q", "-stdout", str(example_pdf))
    titles = [_squash(t) for t in re.findall(r'<item page="\d+">([^<]*)</item>', xml)]
    for heading in ("第一部分单位概况", "第二部分部门决算情况说明", "七、财政拨款“三公”经费支出决算情况说明",
                    "（一）机关运行经费支出情况", "第三部分专业名词解释", "第四部分部门决算报表（见附表）"):
        assert heading in titles, heading


def test_toc_page_numbers_match_heading_pages(pages):
    toc, first_body = read_toc(pages)
    assert len(toc) >= 20 and first_body is not None
    # the page number printed in the footer is the physical page
    for n, text in enumerate(pages, start=1):
        footer = [line.strip() for line in text.splitlines() if line.strip()][-1]
        assert _squash(footer).strip("—-") == str(n)
    assert heading_pages(pages, toc, first_body) == toc


def test_no_character_lost(example_pdf):
    """Every paragraph of the .docx is in the PDF's text, white space and page footers aside."""
    v = validate(ROOT / "inputs" / "2023.xlsx")
    from generator.extract import iter_blocks

    raw = _run("pdftotext", str(example_pdf), "-")
    body = "\n".join(line for line in raw.splitlines() if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line))
    text = _squash(body.replace("\f", ""))
    # a tab-separated line (编制单位 … ⇥ 金额单位) may come out of the PDF in another order: check its parts
    paragraphs = [_squash(part) for b in iter_blocks(render_report(v.report)) if b.kind == "p"
                  for part in b.text.split("\t") if part.strip()]
    missing = [p for p in paragraphs if p not in text and not p.startswith("右击")]  # the TOC field's placeholder
    assert len(paragraphs) > 150
    assert missing == []
