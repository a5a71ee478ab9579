"""fields.<record>.<key>: every field of the form sheets is a template name, made from the
schema, so a field added to a form sheet can be printed with no change to the code."""

from __future__ import annotations

import dataclasses
import shutil

from conftest import EXAMPLE_XLSX
from generator import schema
from generator.context import build_context
from generator.extract import paragraphs
from generator.packs import DEFAULT_PACK, PACKS_DIR, load_pack
from generator.pipeline import render_report, validate
from generator.vocabulary import vocabulary_paths
from test_template_edit import BEFORE, edit_like_word


def test_every_form_field_is_a_name_of_the_vocabulary():
    paths = vocabulary_paths()
    for spec in schema.FORMS:
        for f in spec.fields:
            assert f"fields.{spec.record}.{f.key}" in paths, (spec.name, f.key)


def test_fields_print_as_the_workbook_holds_them():
    v = validate(EXAMPLE_XLSX)
    fields = build_context(v.report)["fields"]
    assert fields["Compare"]["total_last"] == "2,729.81"  # 万元, two decimals
    assert fields["Compare"]["total_reason"] == v.report.compare.total_reason
    assert fields["UnitInfo"]["staff_active"] == str(v.report.unit.staff_active)  # a count as it is
    assert fields["ThreePublicMore"]["foreign_amount"] == ""  # a blank (here: a sheet the example lacks) prints nothing
    assert set(fields["Glossary"]) == {"business_items", "operating_items", "other_items"}


def test_a_field_added_to_the_schema_is_printed_with_no_other_change(monkeypatch, make_workbook, set_cell, tmp_path):
    """The schema gains a field, the workbook a row, the template a name: the document prints it."""
    added = schema.text("budget_note", "预算说明", required=False)
    compare = dataclasses.replace(schema.COMPARE, fields=schema.COMPARE.fields + (added,), record="CompareWithNote")
    for name in ("SHEETS", "FORMS"):
        monkeypatch.setattr(schema, name, tuple(compare if s.name == compare.name else s
                                                for s in getattr(schema, name)))
    monkeypatch.setattr(schema, "COMPARE", compare)
    book = make_workbook()
    row = compare.first_row + len(compare.fields) - 1
    set_cell(book, compare.name, f"A{row}", "预算说明", compare.name, f"B{row}", "按预算执行")
    folder = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / DEFAULT_PACK, folder, ignore=shutil.ignore_patterns("template.docx"))
    edit_like_word(PACKS_DIR / DEFAULT_PACK / "template.docx", folder / "template.docx", BEFORE,
                   "<w:r><w:t>预算说明：{{ fields.CompareWithNote.budget_note }}。</w:t></w:r>" + BEFORE)
    pack = load_pack(folder)
    v = validate(book, pack)
    assert v.ok, [p.message for p in v.errors]
    text = "\n".join(paragraphs(render_report(v.report, pack=pack)))
    assert "预算说明：按预算执行。根据预算绩效管理要求" in text
