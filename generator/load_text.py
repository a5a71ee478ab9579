"""How the loader and the importer read labels and texts: labels compared as a person reads
them, the 2024 label aliases of 公开01/04表, cleaned cell text, and the decoration rows that 决算
software exports around the data."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.schema import OfficialTable
from generator.workbook import RawSheet


def normalize_label(text: Any) -> str:
    """Compare labels the way a person reads them: width, spaces and brackets folded."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = re.sub(r"\s+", "", s)
    return s.replace("“", '"').replace("”", '"')


# Other labels under which a 收入 row of 公开01/04表 is published (the 2024 national layout
# writes “使用非财政拨款结余（含专用结余）”), each with the official label it stands for.
ROW_ALIASES: dict[str, str] = {
    "使用非财政拨款结余（含专用结余）": "使用非财政拨款结余",
}


def income_labels(spec: OfficialTable) -> dict[str, str]:
    """The 收入 row labels of a two-panel table, normalized, each with its official label
    (the aliases of ROW_ALIASES included)."""
    wanted = {normalize_label(lbl): lbl for lbl in spec.income_labels}
    wanted |= {normalize_label(alias): official for alias, official in ROW_ALIASES.items()
               if official in spec.income_labels}
    return wanted



def clean_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_decoration(sheet: RawSheet, row: int) -> bool:
    """Rows that 决算 software exports around the data: 栏次 numbering, 注： footnotes,
    a repeated heading row. They are not data and are skipped."""
    first = next((normalize_label(sheet.value(row, c)) for c in range(1, 4) if normalize_label(sheet.value(row, c))), "")
    return first in ("栏次", "项目", "科目编码") or first.startswith(("注:", "注：", "说明:", "说明："))
