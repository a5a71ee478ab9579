"""Words and numbers as table sheets print them, pjgen's workbook and exports alike: labels
folded for comparison, table codes, numbering, heading aliases, amounts read without raising."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from generator.load_text import ROW_ALIASES, normalize_label
from generator.money import NotANumber, parse_number

CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
# Table codes that may accompany a title in a sheet name or title row.
TABLE_CODE = re.compile(r"(?:公开|财决|部门决算)?\d{1,2}(?:-\d+)?表|Z\d{2}(?:-\d+)?|[（(]?[一二三四五六七八九十]+[）)、.]")
NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])")
UNIT_LINE = re.compile(r"单位[:：]?\s*(万元|元)")
TOTALS = ("合计", "总计")
ECONOMIC_TOTALS = ("人员经费合计", "公用经费合计")
LABEL_LEAVES = ("科目编码", "科目名称", "项目", "行次")

# Other words exports use for a heading.
ALIASES: dict[str, tuple[str, ...]] = {
    "金额": ("决算数", "金额"),
    "决算数": ("决算数", "金额"),
    "科目编码": ("科目编码", "功能分类科目编码", "经济分类科目编码", "编码"),
    "合计": ("合计", "小计"),
    "本年支出小计": ("本年支出小计", "本年支出合计", "小计"),
    "公务用车购置及运行维护费小计": ("公务用车购置及运行维护费小计", "公务用车购置及运行维护费",
                                     "公务用车购置及运行费", "小计"),
    "公务用车购置费": ("公务用车购置费", "购置费"),
    "公务用车运行维护费": ("公务用车运行维护费", "公务用车运行费", "运行维护费", "运行费"),
    "因公出国（境）费": ("因公出国(境)费", "因公出国境费", "因公出国(境)费用"),
}


def norm(text: Any) -> str:
    """A label folded for comparison (generator.load_text.normalize_label, brackets half-width)."""
    if text is None:
        return ""
    return _norm(text) if isinstance(text, str) else _norm(str(text))


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return normalize_label(text).replace("（", "(").replace("）", ")")


def strip_numbering(text: str) -> str:
    return NUMBERING.sub("", text)


def number_or_none(value: Any) -> Decimal | None:
    """The cell as a number; None for a blank or for text that is not a number."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    try:
        return parse_number(value)
    except NotANumber:
        return None


def code_part(value: Any, width: int) -> str | None:
    """One part of a 科目编码 printed in its own 类/款/项 column: '201', '06' (6 typed as a
    number is '06'); '' for a blank cell; None for anything else (a heading such as 类)."""
    text = norm(value)
    if text.endswith(".0"):
        text = text[:-2]
    if not text:
        return ""
    if not text.isdigit() or len(text) > width:
        return None
    return text.zfill(width)


def official_income(spec) -> dict[str, str]:
    """The 收入 labels of a two-panel table as norm() writes them, each with its official label
    (load.ROW_ALIASES included, e.g. 2024's 使用非财政拨款结余（含专用结余）)."""
    return {norm(x): x for x in spec.income_labels} | {
        norm(alias): official for alias, official in ROW_ALIASES.items() if official in spec.income_labels}
