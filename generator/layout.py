"""Page layout of a rendered document: a table's last rows and its 注 line stay together.

Applied after rendering, because a table's rows come from a template loop ({%tr for %}): the
template has one row for all of them, so "the last two rows" exist only in the rendered body.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

KEEP_ROWS = 2  # rows kept with the 注 line below a table (and with each other)
NOTE_STARTS = ("注", "说明")


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _set(parent: Any, tag: str, before: tuple[str, ...] = ()) -> None:
    """Add the empty flag element ``tag`` to ``parent`` (w:pPr or w:trPr) unless it is there."""
    if parent.find(qn(tag)) is not None:
        return
    flag = OxmlElement(tag)
    for name in before:  # keep the schema's element order where it matters
        found = parent.find(qn(name))
        if found is not None:
            found.addprevious(flag)
            return
    parent.append(flag)


def _properties(element: Any, tag: str) -> Any:
    props = element.find(qn(tag))
    if props is None:
        props = OxmlElement(tag)
        element.insert(0, props)
    return props


def _keep_next(row: Any) -> None:
    for p in row.iter(qn("w:p")):
        _set(_properties(p, "w:pPr"), "w:keepNext",
             before=("w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
                     "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
                     "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                     "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                     "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                     "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                     "w:pPrChange"))


def keep_table_ends(body: Any) -> None:
    """No table row split across pages (cantSplit); a table followed by its 注/说明 line keeps its
    last KEEP_ROWS rows with that line, so the note never stands alone at the top of a page."""
    for table in body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        for row in rows:
            _set(_properties(row, "w:trPr"), "w:cantSplit")
        follower = table.getnext()
        if follower is None or follower.tag != qn("w:p") or not _text(follower).strip().startswith(NOTE_STARTS):
            continue
        for row in rows[-KEEP_ROWS:]:
            _keep_next(row)
