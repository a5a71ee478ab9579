"""A pack's [sheets] and its template's names are linked: a printed name whose fields the
pack does not read, and a field read that nothing prints, are reported by `packs --check`
and by `build`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE_XLSX
from generator import schema
from generator.cli import app
from generator.packs import DEFAULT_PACK, PACKS_DIR, load_pack
from generator.render import template_references
from generator.vocabulary import vocabulary_paths
from generator.vocabulary_fields import SOURCES, covers, sources_of, unprinted_fields, unread_fields

runner = CliRunner()
REASONS = ("“三公”经费变动原因", "因公出国（境）费变动原因", "公务用车购置及运行维护费变动原因", "公务接待费变动原因")


def pack_copy(tmp_path: Path, pack_id: str, old: str, new: str) -> Path:
    """A copy of a shipped pack with one line of its pack.toml replaced."""
    folder = tmp_path / f"{pack_id}-copy"
    shutil.copytree(PACKS_DIR / pack_id, folder)
    manifest = folder / "pack.toml"
    text = manifest.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new).replace(f'id = "{pack_id}"', f'id = "{folder.name}"')
    manifest.write_text(text, encoding="utf-8")
    return folder


def without_three_public_reasons(tmp_path: Path) -> Path:
    labels = [f.label for f in schema.THREE_PUBLIC.fields if f.label not in REASONS]
    listed = "[" + ", ".join(f'"{label}"' for label in labels) + "]"
    return pack_copy(tmp_path, DEFAULT_PACK, '"三公经费说明" = "全部"', f'"三公经费说明" = {listed}')


def test_every_source_is_a_name_of_the_vocabulary_and_a_field_of_its_sheet():
    known = vocabulary_paths()
    for path, sources in SOURCES.items():
        assert path in known, path
        for sheet, key in sources:
            columns = sheet.fields if isinstance(sheet, schema.FormSheet) else sheet.columns
            assert key in {f.key for f in columns}, (path, key)


def test_a_name_uses_the_fields_of_the_names_under_it():
    assert ((schema.THREE_PUBLIC, "abroad_reason") in sources_of("s7.abroad")
            and (schema.THREE_PUBLIC, "abroad_last") in sources_of("s7.abroad"))
    assert sources_of("s7.abroad.reason") == ((schema.THREE_PUBLIC, "abroad_reason"),)


def test_a_name_uses_the_fields_of_the_names_over_it():
    assert set(sources_of("s10.running.change")) == {(schema.OTHER_MATTERS, "running_amount"),
                                                     (schema.OTHER_MATTERS, "running_last")}
    assert set(sources_of("s5.details[].reason")) == {(schema.GENERAL_LAST, key)
                                                      for key in ("code", "name", "last_amount", "reason")}


@pytest.mark.parametrize("pack_id", ["xinjiang-2023", "shanghai-2024", "shanghai-2025"])
def test_shipped_packs_read_what_they_print_and_print_what_they_read(pack_id):
    pack = load_pack(PACKS_DIR / pack_id)
    references = template_references(pack.template)
    assert unread_fields(pack.selection, references) == []
    assert unprinted_fields(pack.selection, references) == []
    result = runner.invoke(app, ["packs", "--check", str(PACKS_DIR / pack_id)])
    assert result.exit_code == 0, result.output


def test_packs_check_reports_printed_reasons_the_pack_does_not_read(tmp_path):
    folder = without_three_public_reasons(tmp_path)
    result = runner.invoke(app, ["packs", "--check", str(folder)])
    assert result.exit_code == 1
    output = result.output.replace("\n", "")  # the console wraps long lines
    for name, label in (("s7.abroad.reason", "因公出国（境）费变动原因"), ("s7.car.reason", "公务用车购置及运行维护费变动原因"),
                        ("s7.reception.reason", "公务接待费变动原因"), ("s7.total.reason", "“三公”经费变动原因")):
        assert f"“{name}”" in output and f"“三公经费说明”的“{label}”" in output, name
    assert "[sheets]" in output


def test_build_reports_them_too(tmp_path):
    folder = without_three_public_reasons(tmp_path)
    result = runner.invoke(app, ["build", "--pack-dir", str(folder), "--format", "docx", "-o", str(tmp_path / "out"),
                                 str(EXAMPLE_XLSX)])
    output = result.output.replace("\n", "")
    assert result.exit_code == 0, result.output  # a warning: the document is written
    assert "pack-fields" in output and "因公出国（境）费变动原因" in output


def test_packs_check_reports_a_field_read_that_nothing_prints(tmp_path):
    folder = pack_copy(tmp_path, "shanghai-2024", '"因公出国（境）费变动原因", ',
                       '"“三公”经费变动原因", "因公出国（境）费变动原因", ')
    result = runner.invoke(app, ["packs", "--check", str(folder)])
    assert result.exit_code == 1
    output = result.output.replace("\n", "")
    assert "列出了工作表“三公经费说明”的““三公”经费变动原因”，但模板中没有名称用到它" in output


@pytest.mark.parametrize("pack_id", ["xinjiang-2023", "shanghai-2024", "shanghai-2025"])
def test_the_build_scan_finds_the_names_the_check_finds(pack_id):
    """build scans the template's tags (fast) instead of parsing it: the same names that draw on
    fields, those written through a loop's variable included (``i.reason`` in a loop over s5.details)."""
    from generator.packcheck import written_names

    template = PACKS_DIR / pack_id / "template.docx"

    def drawing_on_fields(paths):
        return {path for path in paths if any(covers(name, path) for name in SOURCES)}

    exact = drawing_on_fields(path for path, _ in template_references(template))
    assert exact and drawing_on_fields(path for path, _ in written_names(template)) == exact


def test_the_build_scan_resolves_a_loop_variable(tmp_path):
    from docx import Document

    from generator.packcheck import written_names

    template = tmp_path / "loop.docx"
    doc = Document()
    doc.add_paragraph("{%p for i in s5.details %}")
    doc.add_paragraph("{{ i.path }}{{ i.reason }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for i in s8.budget_items %}{{ i.purpose }}{%p endfor %}")
    doc.save(template)
    names = dict(written_names(template))
    assert {path: written for path, written in names.items() if "." in path} == {
        "s5.details": "s5.details", "s5.details[].path": "i.path", "s5.details[].reason": "i.reason",
        "s8.budget_items": "s8.budget_items", "s8.budget_items[].purpose": "i.purpose"}
    assert not any(path.endswith("[]") for path in names)  # a loop's own variable is not read as a name
