"""Library results as the pages show them: problems split into 说明 and 怎么改, the part of a
sheet shown beside them, and the CLI's advice reworded for the web (page and button, not command)."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from generator.pipeline import Validation
from generator.problems import Problem
from generator.workbook import RawSheet

SHEET_ROWS, SHEET_COLS = 400, 30  # the part of a sheet shown beside the problems

CHECK_PAGE = "“上传检查”页"
BLANK_PAGE = "“空白工作簿 / 下一年”页"

# The CLI's advice names commands and options; on the web the same advice names the page and button.
_WEB_ADVICE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"请先运行 pjgen check \S+? 并修改后再试。"),
     f"请先在{CHECK_PAGE}检查这个工作簿，按列出的问题修改后再上传。"),
    (re.compile(r"请用 pjgen init 生成的模板补上这张表。"),
     f"请在{BLANK_PAGE}下载空白工作簿，把这张表复制过来补上。"),
    (re.compile(r"可用 pjgen init 生成新模板对照"), f"可在{BLANK_PAGE}下载空白工作簿对照"),
    (re.compile(r"请确认模板包完整，或用 --pack、--pack-dir、--template 指定模板。"),
     "请联系管理员确认服务器上的模板包完整。"),
    (re.compile(r"自制的模板包请用 --pack-dir 文件夹 指定。"), "自制的模板包请联系管理员安装到服务器上。"),
    (re.compile(r"。?pjgen check 会(逐项)?与上年工作簿核对(，不一致时给出警告)?。"),
     f"。在{CHECK_PAGE}把上年工作簿作为第二个文件一起上传，即可逐项核对。"),
    (re.compile(r"（可用 --prior 指定）"), f"（可在{CHECK_PAGE}把上年工作簿作为第二个文件一起上传）"),
    (re.compile(r"（可用 pjgen import 从决算软件导出的报表导入）"), ""),
    (re.compile(r"填好后运行 pjgen check 工作簿\.xlsx，程序会列出"),
     f"填好后在 pjgen 网页版的{CHECK_PAGE}上传本工作簿，页面会列出"),
    (re.compile(r"本工作簿由 pjgen init --from 根据"), f"本工作簿由 pjgen 网页版{BLANK_PAGE}根据"),
    (re.compile(r"请先用 pjgen init（或 pjgen init --from 上年工作簿）生成。"),
     f"请先在{BLANK_PAGE}下载空白工作簿或生成下一年的工作簿。"),
]


def for_web(message: str) -> str:
    """The CLI's message with its command-line advice replaced by the page that does the same."""
    for pattern, replacement in _WEB_ADVICE:
        message = pattern.sub(replacement, message)
    return message


def split_advice(message: str) -> tuple[str, str]:
    """A problem message as (说明, 怎么改): the advice is the closing sentence starting with 请.

    A comma or semicolon left before the advice is closed with a full stop, so 说明
    never ends in a dangling “…以内，”."""
    for mark in ("。请", "，请", "；请"):
        at = message.rfind(mark)
        if at >= 0:
            return message[:at] + "。", message[at + 1:]
    return message, ""


def problem_json(p: Problem) -> dict[str, Any]:
    what, how = split_advice(for_web(p.message))
    return {
        "level": p.severity.value,
        "error": p.is_error,
        "ref": str(p.ref) if p.ref else "",
        "sheet": p.ref.sheet if p.ref else "",
        "cell": p.ref.cell if p.ref else "",
        "what": what,
        "how": how,
        "code": p.code,
    }


def _cell_text(value: Any) -> str:
    from generator.diff import EMPTY, show_value

    text = show_value(value)
    return "" if text == EMPTY else text


def sheet_view(sheet: RawSheet, cells: list[str]) -> dict[str, Any]:
    """The top-left part of a sheet (and every problem cell inside reach) as rows of text."""
    rows = min(max([sheet.max_row] + [coordinate_from_string(c)[1] for c in cells]), SHEET_ROWS)
    cols = min(max([sheet.max_col] + [column_index_from_string(coordinate_from_string(c)[0]) for c in cells]),
               SHEET_COLS)
    grid = [[_cell_text(sheet.value(r, c)) for c in range(1, cols + 1)] for r in range(1, rows + 1)]
    return {"name": sheet.name, "rows": grid, "cells": cells}


def validation_json(v: Validation, sheets: dict[str, RawSheet] | None = None) -> dict[str, Any]:
    """Counts and problems; with ``sheets``, the view of every sheet that has a problem."""
    result: dict[str, Any] = {
        "errors": len(v.errors),
        "warnings": len(v.warnings),
        "problems": [problem_json(p) for p in v.problems],
    }
    if sheets is not None:
        by_sheet: dict[str, list[str]] = {}
        for p in v.problems:
            if p.ref and p.ref.sheet in sheets:
                by_sheet.setdefault(p.ref.sheet, []).append(p.ref.cell)
        result["sheets"] = [sheet_view(sheets[name], cells) for name, cells in by_sheet.items()]
    return result


_TOKEN = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?|[A-Za-z]+|\s+|.", re.S)


def token_spans(old: str, new: str) -> list[tuple[str, str]]:
    """Where two sentences differ, as ("=", "-", "+", text) spans; a figure such as 2.29% is
    one token, so a changed figure is marked whole, never digit by digit."""
    from difflib import SequenceMatcher

    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    spans: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if spans and spans[-1][0] == op:
            spans[-1] = (op, spans[-1][1] + text)
        else:
            spans.append((op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", "".join(a[i1:i2]))
        else:
            add("-", "".join(a[i1:i2]))
            add("+", "".join(b[j1:j2]))
    return spans
