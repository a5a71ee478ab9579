"""`pjgen init` marks as 必填 exactly what `pjgen check` requires for the pack: a required field
the pack's template does not print is 选填 in the workbook it writes (header note and bold label),
as it is for check (generator/printed.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from generator import schema
from generator.cli import app
from generator.packs import PACKS_DIR, find_pack, load_pack
from generator.pipeline import validate

ROOT = Path(__file__).resolve().parent.parent
GL = schema.GENERAL_LAST.name
runner = CliRunner()


def staff_pack(tmp_path: Path) -> Path:
    """The Shanghai pack reading every field of 单位信息: its template prints no 人员情况."""
    folder = tmp_path / "staff-2024"
    shutil.copytree(PACKS_DIR / "shanghai-2024", folder)
    manifest = folder / "pack.toml"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines = ['"单位信息" = "全部"' if line.startswith('"单位信息" = ') else
             'id = "staff-2024"' if line.startswith("id = ") else line for line in lines]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def marked_required(path: Path) -> set[tuple[str, str]]:
    """(sheet, cell) of each form field whose note says 必填."""
    wb = load_workbook(path)
    marked = set()
    for ws in wb.worksheets:
        spec = schema.all_sheet_specs().get(ws.title)
        if isinstance(spec, schema.FormSheet):
            for row in range(2, ws.max_row + 1):
                note = ws.cell(row, 3).value
                if isinstance(note, str) and note.startswith("必填"):
                    assert ws.cell(row, 1).font.b, (ws.title, row)  # a required label is bold
                    marked.add((ws.title, f"B{row}"))
    return marked


@pytest.mark.parametrize("pack", ["xinjiang-2023", "shanghai-2024", "shanghai-2025", "staff"])
def test_init_marks_as_required_what_check_requires(tmp_path, pack):
    chosen = load_pack(staff_pack(tmp_path)) if pack == "staff" else find_pack(pack)
    path = tmp_path / "new.xlsx"
    result = runner.invoke(app, ["init", "--pack-dir", str(chosen.folder), str(path)])
    assert result.exit_code == 0, result.output
    missing = {(p.ref.sheet, p.ref.cell) for p in validate(path, chosen).problems if p.code == "missing-value"}
    assert missing and marked_required(path) == missing


def test_a_staff_count_the_template_does_not_print_is_optional(tmp_path):
    path = tmp_path / "new.xlsx"
    runner.invoke(app, ["init", "--pack-dir", str(staff_pack(tmp_path)), str(path)])
    unit = load_workbook(path)[schema.UNIT.name]
    notes = {unit.cell(r, 1).value: unit.cell(r, 3).value for r in range(2, unit.max_row + 1)}
    assert notes["在职人员（人）"].startswith("选填") and notes["单位名称"].startswith("必填")


def test_the_readme_says_the_marks_follow_the_template(tmp_path):
    path = tmp_path / "new.xlsx"
    assert runner.invoke(app, ["init", "--pack", "shanghai-2024", str(path)]).exit_code == 0
    readme = load_workbook(path)[schema.README_SHEET]
    check = next(readme.cell(r, 2).value for r in range(1, readme.max_row + 1) if readme.cell(r, 1).value == "检查")
    assert "必填、选填按本模板包的 Word 模板标注" in check and "可以不填" not in check


def list_notes(path: Path, sheet: str) -> dict[str, str]:
    ws = load_workbook(path)[sheet]
    spec = schema.all_sheet_specs()[sheet]
    return {c.value: c.comment.text for c in ws[spec.header_row] if c.comment}


def general_last_pack(folder: Path) -> Path:
    """The Shanghai 2024 pack also reading 一般公共预算支出上年对比, which its template never prints
    (the shipped pack does not read it)."""
    target = folder / "general-2024"
    shutil.copytree(PACKS_DIR / "shanghai-2024", target)
    manifest = target / "pack.toml"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines = ['id = "general-2024"' if line.startswith("id = ") else line for line in lines]
    at = next(i for i, line in enumerate(lines) if line.startswith('"项级科目说明" = '))
    lines.insert(at, f'"{GL}" = "全部"')
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_the_shipped_shanghai_pack_does_not_ask_for_the_per_item_comparison():
    assert not find_pack("shanghai-2024").selection.uses(GL)
    assert find_pack("xinjiang-2023").selection.uses(GL)


def test_list_columns_the_template_does_not_print_are_optional(tmp_path):
    """A pack reading 一般公共预算支出上年对比 whose template prints no per-科目 上年 comparison: its
    上年 column is 选填; the Xinjiang pack prints it: 必填."""
    for args, note in ((["--pack-dir", str(general_last_pack(tmp_path))], "选填"), (["--pack", "xinjiang-2023"], "必填")):
        path = tmp_path / f"{note}.xlsx"
        result = runner.invoke(app, ["init", *args, str(path)])
        assert result.exit_code == 0, result.output
        assert list_notes(path, GL)["上年决算数"].startswith(note), args


def test_next_years_workbook_follows_the_pack_too(tmp_path):
    path = tmp_path / "next.xlsx"
    result = runner.invoke(app, ["init", "--from", str(ROOT / "inputs" / "shanghai-2024.xlsx"),
                                 "--pack-dir", str(general_last_pack(tmp_path)), str(path)])
    assert result.exit_code == 0, result.output
    assert list_notes(path, GL)["上年决算数"].startswith("选填")


def test_the_web_pages_blank_workbook_follows_the_pack_too(tmp_path, monkeypatch):
    from generator.web.work import blank

    installed = tmp_path / "installed"
    general_last_pack(installed)
    monkeypatch.setenv("PJGEN_PACKS", str(installed))
    blank(tmp_path / "blank.xlsx", "general-2024")
    assert list_notes(tmp_path / "blank.xlsx", GL)["上年决算数"].startswith("选填")
