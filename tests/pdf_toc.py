"""The 目录 of a built PDF read from its pages' text (pdftotext -layout, one string a page): used by
the PDF tests and by benchmarks/bench_converters.py, which checks the 目录 of every PDF it times."""

from __future__ import annotations

import re

ENTRY = re.compile(r"^\s*(\S.*?)\s*(?:\.{3,}|…+)\s*(\d+)\s*$", re.M)  # a 目录 line: title ……… page


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_toc(pages: list[str]) -> tuple[dict[str, int], int | None]:
    """The 目录's entries (squashed title → printed page) and the first page after it (None: no 目录)."""
    toc: dict[str, int] = {}
    for n, text in enumerate(pages, start=1):
        found = ENTRY.findall(text)
        if found:
            toc.update({squash(t): int(p) for t, p in found})
        elif toc:
            return toc, n
    return toc, None


def heading_pages(pages: list[str], toc: dict[str, int], first_body: int) -> dict[str, int]:
    """The page on which each 目录 title first stands as a line of its own, from ``first_body`` on."""
    located: dict[str, int] = {}
    for n, text in enumerate(pages[first_body - 1:], start=first_body):
        for line in text.splitlines():
            key = squash(line)
            if key in toc:
                located.setdefault(key, n)
    return located
