"""Render pages of the worked example's PDF to PNG for docs/screenshots/.

    .venv/bin/python scripts/make_screenshots.py

Builds inputs/2023.xlsx (docx → pdf through LibreOffice) in a temporary folder,
finds the pages to show by their text (pdftotext), and renders them with
pdftoppm: the first page, a page of 第二部分, one 决算报表 page and one
项目支出绩效自评表 page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.convert import convert_to_pdf  # noqa: E402
from generator.pipeline import render_report, validate  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
# file name → text that identifies the page (the first page after the 目录 holding it)
PAGES = {
    "01-first-page.png": None,
    "02-part-two.png": "五、一般公共预算财政拨款支出决算情况说明",
    "03-annex-table.png": "公开02表",
    "04-selfeval-table.png": "项目支出绩效自评表",
}


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]


def main() -> int:
    v = validate(ROOT / "inputs" / "2023.xlsx")
    if not v.ok:
        print("inputs/2023.xlsx has errors; run pjgen check", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "example.docx"
        docx.write_bytes(render_report(v.report))
        (pdf,) = convert_to_pdf([docx], Path(tmp))
        texts = page_texts(pdf)
        after_toc = next(i for i, t in enumerate(texts) if "第一部分" in t and "主要职能" in t and "……" not in t
                         and "..." not in t)
        for name, marker in PAGES.items():
            if marker is None:
                page = 1
            else:
                page = 1 + next(i for i, t in enumerate(texts) if i >= after_toc and marker in t.replace(" ", ""))
            stem = OUT / name.removesuffix(".png")
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", "-f", str(page), "-l", str(page),
                            str(pdf), str(stem)], check=True)
            print(f"{name}: page {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
