"""What each request does with its workbooks, run inside a worker process (see ``jobs``).

Every function takes paths inside one upload folder and returns plain JSON-able
data (messages still naming the stored files; the server replaces those names with
the officer's). A PjgenError stops the request with its Chinese message.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from generator.output import safe_file_name
from generator.web.present import for_web, token_spans, validation_json

_NEXT_NAME_BYTES = 180  # the next year's file name stays well inside the 255 bytes file systems allow


def read(path: Path, reading: Any = None) -> Any:
    """The workbook, read with the server's reading limits (``Limits.reading``; None: the reader's own).
    The one place where the web hands its limits to the reader."""
    from generator.workbook import read_workbook

    return read_workbook(path) if reading is None else read_workbook(path, limits=reading)


def check(path: Path, prior: Path | None, prior_name: str | None, reading: Any = None) -> dict[str, Any]:
    """``pjgen check`` (with ``--prior`` when last year's workbook came along): problems and sheet views."""
    from generator.pipeline import validate_book

    book = read(path, reading)  # the content check: a non-.xlsx file gets the CLI's message here
    v = validate_book(book)
    notes: list[str] = []
    if prior is not None:
        from generator.carry import prior_problems, unreviewed_problems

        v.problems.extend(prior_problems(book, prior))
        if v.pack is not None and v.pack.warn_unreviewed:
            v.problems.extend(unreviewed_problems(book, prior, v.pack.selection))
        notes.append(f"已与上年工作簿 {prior_name} 核对上年数。")
    else:
        from generator.carry import recorded_origin

        origin = recorded_origin(book)
        if origin is not None:
            notes.append(f"这个工作簿由上年工作簿 {origin.name} 生成：把它作为第二个文件一起上传，即可逐项核对上年数。")
    return {**validation_json(v, book.sheets), "notes": notes}


def build_docx(path: Path, out: Path, template: Path | None) -> dict[str, Any]:
    """``pjgen build --format docx`` of one workbook into ``out``."""
    from generator.build import BuildOptions, build_many

    result = build_many([path], BuildOptions(out_dir=out, formats=("docx",), template=template)).results[0]
    answer: dict[str, Any] = {"status": result.status, "errors": list(result.errors),
                              "docx": result.docx}  # a Path: never scrubbed
    answer["validation"] = validation_json(result.validation) if result.validation is not None else None
    if result.docx is not None:
        from docx import Document

        answer["unit"] = Document(str(result.docx)).core_properties.subject or ""
    return answer


def _unit_cell() -> str:
    from generator import schema

    return f"{schema.UNIT.name}!B{schema.UNIT.row_of('unit_name')}"


def diff(old: Path, new: Path, template: Path | None) -> dict[str, Any]:
    """``pjgen diff``: changed cells and the document's changed sentences and cells."""
    from generator.diff import compare_workbooks

    c = compare_workbooks(old, new, template)
    text = None
    if c.text is not None:
        text = []
        for t in c.text:
            spans = token_spans(t.old, t.new) if t.old is not None and t.new is not None else None
            text.append({"kind": t.kind, "where": t.where, "old": t.old, "new": t.new, "spans": spans})
    unit = next((x for x in c.cells if str(x.ref) == _unit_cell() and x.old and x.new), None)
    return {
        "cells": [{"ref": str(x.ref), "old": x.old, "new": x.new} for x in c.cells],
        "text": text,
        "other_unit": f"两个工作簿的单位名称不同（原：{unit.old}；新：{unit.new}）：请确认比较的是同一单位的工作簿。"
        if unit is not None else None,
        "old": validation_json(c.old),
        "new": validation_json(c.new),
    }


def next_year(source: Path, pack_id: str | None) -> dict[str, Any]:
    """``pjgen init NEW --from OLD [--pack ID]``; the new file is named after the unit and the year."""
    from generator.carry import carry_forward
    from generator.packs import find_pack
    from generator.pipeline import validate

    # Beside its source, so that the workbook's record of it holds when the user keeps both together.
    draft = source.parent / f".next-{secrets.token_hex(4)}.xlsx"
    result = carry_forward(source, draft, find_pack(pack_id) if pack_id else None, reword=for_web)
    report = validate(draft).report
    unit = report.unit_name if report is not None else ""
    name = safe_file_name(f"{unit}{result.year}年度决算工作簿.xlsx")
    while len(name.encode()) > _NEXT_NAME_BYTES:
        unit = unit[:-1]
        name = safe_file_name(f"{unit}{result.year}年度决算工作簿.xlsx")
    target = source.parent / name
    draft.rename(target)
    return {"path": target, "year": result.year, "carried": result.carried, "review": result.review}


def blank(target: Path, pack_id: str) -> None:
    """``pjgen init --pack ID``: a blank workbook."""
    from generator.packs import find_pack, workbook_meta
    from generator.printed import printed_by
    from generator.workbook import write_workbook

    pack = find_pack(pack_id)
    write_workbook(target, meta=workbook_meta(pack), selection=pack.selection, readme_reword=for_web,
                   printed=printed_by(pack.template))
