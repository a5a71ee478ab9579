"""Synthetic departments of the shapes real departments have, built from the worked examples'
sources: each shape edits the source data, writes a workbook and renders it with a pack."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from generator import schema
from generator.extract import paragraphs
from generator.packs import find_pack
from generator.pipeline import render_report, validate
from generator.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"xinjiang-2023": ROOT / "inputs" / "2023.toml", "shanghai-2024": ROOT / "inputs" / "shanghai-2024.toml",
           "shanghai-2025": ROOT / "inputs" / "shanghai-2025.toml"}
PACKS = tuple(SOURCES)


def _make_example():
    spec = importlib.util.spec_from_file_location("make_example_shapes", ROOT / "scripts" / "make_example.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_MAKE = _make_example()


def source_data(pack_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    path = SOURCES[pack_id]
    return _MAKE.load(path), _MAKE.load_meta(path)


# Free text the workbook gives (names, codes and choices excepted): what "every input emptied" empties.
_KEEP = {"unit_name", "code", "name", "no", "level1", "level2", "level3", "target", "department", "implementer",
         "kind"}


def prose_fields(spec: schema.FormSheet | schema.ListSheet) -> list[tuple[int, schema.Field]]:
    fields = spec.fields if isinstance(spec, schema.FormSheet) else spec.columns
    return [(i, f) for i, f in enumerate(fields)
            if f.kind is schema.Kind.TEXT and not f.choices and f.key not in _KEEP]


def blank_prose(data: dict[str, Any]) -> None:
    """Every free-text input of the workbook emptied (reasons, contents, purposes, 制度 …)."""
    for name, spec in schema.all_sheet_specs().items():
        if name not in data or isinstance(spec, schema.OfficialTable):
            continue
        if isinstance(spec, schema.FormSheet):
            for _, f in prose_fields(spec):
                if f.label in data[name]:
                    data[name][f.label] = ""
        elif spec is schema.FUNCTIONS:
            data[name] = []
        elif spec not in (schema.PROJECTS, schema.INDICATORS, schema.OVERALL_TASKS, schema.OVERALL_INDICATORS):
            for row in data[name]:
                for i, _ in prose_fields(spec):
                    if i < len(row):
                        row[i] = ""


def build_text(pack_id: str, edit: Callable[[dict[str, Any]], Any] | None, tmp_path: Path) -> list[str]:
    """The document's paragraphs for the pack's worked example edited by ``edit``."""
    return render_texts(find_pack(pack_id), edit, tmp_path)


EMPTY_LEAD_IN = re.compile(r"[：:][。；;，]|主要原因(?:是|为)?[：:]?[。；;，]|(?:包括|主要用于)[：:]?[。；;，]")


def empty_lead_ins(texts: list[str]) -> list[str]:
    """Sentences whose label is followed by nothing: "……：。", "……：；", "主要原因是。"."""
    return [t for t in texts if EMPTY_LEAD_IN.search(t)]


def unfinished(texts: list[str]) -> list[str]:
    """Paragraphs that are sentences (they hold a comma) but stop short of their end: a clause whose
    text was left out took its ending with it ("……2025年度“三公”经费支出决算数")."""
    return [t for t in texts if "，" in t and not t.rstrip().endswith(("。", "：", "；", ":"))]


def three_public_all_spent(data: dict[str, Any]) -> None:
    """Every 三公 item with a budget and spending that differs from it and from last year."""
    data["财政拨款“三公”经费支出决算表"] = [
        ["10.00", "2.00", "6.00", "1.00", "5.00", "2.00", "9.00", "1.50", "6.50", "1.00", "5.50", "1.00"]]


def pack_with(pack_id: str, **wording: Any):
    """The shipped pack with some [wording] changed; a pack that lists its fields also reads the
    optional 全年预算 fields (a pack comparing with 全年预算 lists them in its [sheets])."""
    pack = find_pack(pack_id)
    sheets = pack.selection.sheets
    if sheets is not None:
        full = {spec.name: {f.label for f in (spec.fields if isinstance(spec, schema.FormSheet) else spec.columns)
                            if f.may_be_absent}
                for spec in (schema.COMPARE, schema.ITEM_NOTES, schema.THREE_PUBLIC)}
        sheets = {name: (None if labels is None else labels | full.get(name, set())) for name, labels in sheets.items()}
    return replace(pack, wording=replace(pack.wording, **wording), selection=schema.Selection(sheets))


def render_texts(pack, edit: Callable[[dict[str, Any]], Any] | None, tmp_path: Path) -> list[str]:
    data, meta = source_data(pack.id)
    if edit is not None:
        edit(data)
    path = tmp_path / f"{pack.id}.xlsx"
    write_workbook(path, data, meta=meta)
    report = validate(path, pack).report
    assert report is not None
    return paragraphs(render_report(report, pack=pack))


def sentences_of(texts: list[str]) -> list[str]:
    """Every sentence (up to and including its 。) of the paragraphs."""
    return [s + "。" for t in texts for s in t.split("。") if s.strip()]


def render_blocks(pack, edit: Callable[[dict[str, Any]], Any] | None, tmp_path: Path):
    """The document's blocks (paragraphs and table cells, generator.extract.Block)."""
    from generator.extract import iter_blocks

    data, meta = source_data(pack.id)
    if edit is not None:
        edit(data)
    path = tmp_path / f"{pack.id}.xlsx"
    write_workbook(path, data, meta=meta)
    report = validate(path, pack).report
    assert report is not None
    return list(iter_blocks(render_report(report, pack=pack)))


def no_funds_no_three_public(data: dict[str, Any]) -> None:
    """Empty 公开07/08/09表: no 三公 budget or spending, no 政府性基金 or 国有资本经营 funds."""
    data["财政拨款“三公”经费支出决算表"] = [["0.00"] * 12]
    data["政府性基金预算财政拨款收入支出决算表"] = []
    data["国有资本经营预算财政拨款收入支出决算表"] = []
