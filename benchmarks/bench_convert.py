"""Time PDF conversion: one convert_to_pdf call for N documents vs N calls of one.

    .venv/bin/python benchmarks/bench_convert.py [--count 20]

Needs LibreOffice (scripts/setup-system.sh). Not a test: it prints timings.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.convert import convert_to_pdf, find_soffice

BODY = "本部门严格执行预算管理制度，加强资金管理，收支决算情况说明如下。" * 6


def _toc(paragraph_element: OxmlElement) -> None:
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), kind)
        else:
            child = OxmlElement("w:instrText")
            child.set(qn("xml:space"), "preserve")
            child.text = text
        run.append(child)
        paragraph_element.append(run)


def make_docx(path: Path, number: int) -> Path:
    doc = Document()
    doc.add_paragraph(f"第{number}号部门决算公开说明", style="Title")
    _toc(doc.add_paragraph()._p)
    for part in ("部门概况", "部门决算情况说明", "名词解释"):
        doc.add_paragraph(part, style="Heading 1")
        for section in ("一、总体情况", "二、具体情况"):
            doc.add_paragraph(section, style="Heading 2")
            for _ in range(3):
                doc.add_paragraph(BODY)
    doc.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("soffice not found; run scripts/setup-system.sh")
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-") as tmp:
        root = Path(tmp)
        sources = [make_docx(root / f"doc{n:02}.docx", n) for n in range(args.count)]
        convert_to_pdf(sources[:1], root / "warm-up")  # page cache, fontconfig cache

        start = time.perf_counter()
        convert_to_pdf(sources, root / "batch")
        batch = time.perf_counter() - start

        start = time.perf_counter()
        for source in sources:
            convert_to_pdf([source], root / "single")
        single = time.perf_counter() - start

    n = args.count
    print(f"soffice: {soffice}")
    print(f"(a) one call, {n} documents : {batch:6.2f} s  ({batch / n:.3f} s per document)")
    print(f"(b) {n} calls, one document : {single:6.2f} s  ({single / n:.3f} s per document)")
    print(f"ratio (b)/(a): {single / batch:.1f}x")


if __name__ == "__main__":
    main()
