"""`pjgen check --format json`, `build --json`, `import --json`: the versioned report of docs/json.md."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator import __version__
from generator.cli import app
from generator.workbook import write_workbook

from conftest import set_cell
from test_import import xinjiang_export

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023.xlsx"
SHANGHAI = ROOT / "inputs" / "shanghai-2024.xlsx"
PROBLEM_KEYS = ["sheet", "cell", "severity", "code", "message"]
WORKBOOK_KEYS = ["workbook", "pack", "ok", "errors", "warnings", "fatal", "problems"]

runner = CliRunner()


def run_json(*args: object) -> tuple[int, dict]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, json.loads(result.stdout)


def test_check_json_has_the_documented_shape():
    code, report = run_json("check", "--format", "json", SHANGHAI)
    assert code == 0
    assert list(report) == ["format", "version", "pjgen", "command", "ok", "notes", "workbooks"]
    assert (report["format"], report["version"], report["pjgen"], report["command"]) == (
        "pjgen-report", 1, __version__, "check")
    (book,) = report["workbooks"]
    assert list(book) == WORKBOOK_KEYS
    assert book["pack"] == "shanghai-2024" and book["ok"] is True and book["errors"] == 0
    assert book["warnings"] == len(book["problems"]) > 0
    first = book["problems"][0]
    assert list(first) == PROBLEM_KEYS
    assert first["severity"] == "warning" and first["sheet"] and first["cell"] and "（" in first["message"]


def test_check_json_reports_an_error_with_sheet_and_cell(tmp_path):
    book = tmp_path / "a.xlsx"
    shutil.copy(EXAMPLE, book)
    set_cell(book, "收入决算表", "C8", "abc")
    code, report = run_json("check", "--format", "json", book)
    assert code == 1 and report["ok"] is False
    errors = [p for p in report["workbooks"][0]["problems"] if p["severity"] == "error"]
    assert [(p["sheet"], p["cell"], p["code"]) for p in errors] == [("收入决算表", "C8", "not-a-number")]
    assert report["workbooks"][0]["errors"] == 1


def test_check_json_of_an_unreadable_workbook(tmp_path):
    bad = tmp_path / "坏 文件.xlsx"
    bad.write_text("not a workbook")
    code, report = run_json("check", "--format", "json", bad)
    assert code == 1
    (book,) = report["workbooks"]
    assert book["ok"] is False and book["fatal"] and book["problems"] == []


def test_check_json_stdout_is_only_json(tmp_path):
    """Notes (the check against last year's workbook) go to standard error, not into the JSON."""
    code, report = run_json("check", "--format", "json", "--prior", EXAMPLE, EXAMPLE)
    assert report["command"] == "check"


def test_table_stays_the_default():
    result = runner.invoke(app, ["check", str(SHANGHAI)])
    assert "检查结果" in result.stdout and not result.stdout.lstrip().startswith("{")


def test_build_json_lists_outputs_and_status(tmp_path):
    code, report = run_json("build", "--json", "--format", "docx", "-o", tmp_path / "out", EXAMPLE)
    assert code == 0 and report["command"] == "build" and report["ok"] is True
    (book,) = report["workbooks"]
    assert book["status"] == "built" and book["pack"] == "xinjiang-2023"
    (output,) = book["outputs"]
    assert output["path"].endswith(".docx") and Path(output["path"]).is_file() and output["changed"] is True
    code, again = run_json("build", "--json", "--format", "docx", "-o", tmp_path / "out", EXAMPLE)
    assert again["workbooks"][0]["status"] == "unchanged"


def test_build_json_of_a_workbook_with_errors(tmp_path):
    book = tmp_path / "a.xlsx"
    shutil.copy(EXAMPLE, book)
    set_cell(book, "收入决算表", "C8", "abc")
    code, report = run_json("build", "--json", "--format", "docx", "-o", tmp_path / "out", book)
    assert code == 1
    assert report["workbooks"][0]["status"] == "invalid" and report["workbooks"][0]["outputs"] == []


def test_import_json(tmp_path):
    target = tmp_path / "2024.xlsx"
    write_workbook(target)
    export = xinjiang_export(tmp_path / "export.xlsx", unit="元", factor=10000)
    code, report = run_json("import", "--json", export, "--into", target)
    assert code == 0 and report["command"] == "import"
    (book,) = report["workbooks"]
    assert book["export"] == str(export)
    assert len(book["tables"]) == 9 and all(t["written"] and t["unit"] == "元" for t in book["tables"])
    assert {t["code"] for t in book["tables"]} >= {"公开01表", "公开09表"}


@pytest.mark.parametrize("command", [["check", "--format", "json"], ["build", "--json", "--format", "docx"]])
def test_json_on_missing_file(tmp_path, command):
    code, report = run_json(*command, tmp_path / "无此文件.xlsx")
    assert code == 1 and report["ok"] is False and "无此文件" in report["workbooks"][0]["fatal"]


def test_every_key_is_documented(tmp_path):
    guide = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    book = tmp_path / "a.xlsx"
    shutil.copy(EXAMPLE, book)
    _, checked = run_json("check", "--format", "json", book)
    _, built = run_json("build", "--json", "--format", "docx", "-o", tmp_path / "out", book)
    target = tmp_path / "t.xlsx"
    write_workbook(target)
    _, imported = run_json("import", "--json", xinjiang_export(tmp_path / "e.xlsx"), "--into", target)
    keys = set(checked) | set(built["workbooks"][0]) | set(imported["workbooks"][0]) | set(PROBLEM_KEYS)
    keys |= set(built["workbooks"][0]["outputs"][0]) | set(imported["workbooks"][0]["tables"][0])
    assert {k for k in keys if f"`{k}`" not in guide} == set()
