"""The command line's one way to end on an error (cli_output.failing) and the shared
--pack/--pack-dir options: the JSON report of a failure names every workbook given, the
Chinese message goes to stderr, exit codes hold for every command that shares the options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023.xlsx"

runner = CliRunner()


def test_build_json_failure_before_any_workbook_names_each_argument(tmp_path):
    first, second = tmp_path / "甲", tmp_path / "乙"
    first.mkdir()
    second.mkdir()
    result = runner.invoke(app, ["build", "--json", "--format", "docx", "-o", str(tmp_path / "out"), str(first), str(second)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["command"] == "build" and report["ok"] is False
    assert [w["workbook"] for w in report["workbooks"]] == [str(first), str(second)]
    assert all("没有 .xlsx 工作簿" in w["fatal"] for w in report["workbooks"])
    assert result.stderr.startswith("错误：文件夹") and not (tmp_path / "out").exists()


def test_import_json_failure_names_the_target(tmp_path):
    target = tmp_path / "目标.xlsx"
    result = runner.invoke(app, ["import", "--json", str(tmp_path / "导出.xlsx"), "--into", str(target)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["command"] == "import"
    (book,) = report["workbooks"]
    assert book["workbook"] == str(target) and "找不到目标工作簿" in book["fatal"]
    assert "错误：找不到目标工作簿" in result.stderr and not target.exists()


def test_failure_without_json_prints_only_the_chinese_message(tmp_path):
    result = runner.invoke(app, ["diff", str(tmp_path / "无此文件.xlsx"), str(EXAMPLE)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("错误：") and "无此文件.xlsx" in result.stderr


@pytest.mark.parametrize("command", [
    ["check", str(EXAMPLE)],
    ["build", "--format", "docx", str(EXAMPLE)],
    ["diff", str(EXAMPLE), str(EXAMPLE)],
    ["init", "新.xlsx"],
])
def test_pack_and_pack_dir_together_are_refused(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--pack", "xinjiang-2023", "--pack-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == "错误：--pack 和 --pack-dir 只能用一个。\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["check", str(EXAMPLE)], ["build", str(EXAMPLE)], ["diff", str(EXAMPLE), str(EXAMPLE)]])
def test_an_unknown_pack_is_named(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--pack", "无此模板包"])
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：") and "无此模板包" in result.stderr
    assert list(tmp_path.iterdir()) == []


JSON_MODES = {"check": ["check", "--format", "json"], "build": ["build", "--json", "--format", "docx"]}


@pytest.mark.parametrize("command", sorted(JSON_MODES))
def test_an_unknown_pack_in_json_mode_is_a_json_report(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*JSON_MODES[command], "--pack", "无此模板包", str(EXAMPLE)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["command"], report["ok"]) == (command, False)
    (book,) = report["workbooks"]
    assert book["workbook"] == str(EXAMPLE) and book["pack"] is None and "无此模板包" in book["fatal"]
    assert result.stderr.startswith("错误：") and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", sorted(JSON_MODES))
def test_a_broken_pack_folder_in_json_mode_is_a_json_report(tmp_path, command):
    result = runner.invoke(app, [*JSON_MODES[command], "--pack-dir", str(tmp_path), str(EXAMPLE)])
    assert result.exit_code == 1
    (book,) = json.loads(result.stdout)["workbooks"]
    assert book["ok"] is False and "pack.toml" in book["fatal"]


@pytest.mark.parametrize("command", sorted(JSON_MODES))
def test_pack_and_pack_dir_together_in_json_mode_is_a_json_report(tmp_path, command):
    result = runner.invoke(app, [*JSON_MODES[command], "--pack", "xinjiang-2023", "--pack-dir", str(tmp_path),
                                 str(EXAMPLE)])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["workbooks"][0]["fatal"] == "--pack 和 --pack-dir 只能用一个。"
    assert result.stderr == "错误：--pack 和 --pack-dir 只能用一个。\n"


@pytest.mark.parametrize("json_mode", [True, False])
def test_a_template_that_is_no_word_document_is_named(tmp_path, json_mode):
    """A workbook given as --template: one Chinese sentence (and the JSON report), no traceback."""
    out = tmp_path / "out"
    args = ["build", *(["--json"] if json_mode else []), "--format", "docx", "-o", str(out), "--template",
            str(EXAMPLE), str(EXAMPLE)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and isinstance(result.exception, (SystemExit, type(None)))  # no traceback
    expected = "Word 模板 2023.xlsx 不是 Word 文档"
    if json_mode:
        (book,) = json.loads(result.stdout)["workbooks"]
        assert book["status"] == "failed" and expected in book["fatal"]
    else:
        assert expected in result.stdout + result.stderr
    assert not list(out.glob("*.docx"))


@pytest.mark.parametrize("command", sorted(JSON_MODES))
def test_a_command_line_that_does_not_parse_is_a_json_report_too(command):
    """As docs/json.md says: no workbook looked at, the usage error in usage_error, exit code 2,
    the Chinese lines on stderr as ever."""
    result = runner.invoke(app, [*JSON_MODES[command], "--无此选项", str(EXAMPLE)])
    assert result.exit_code == 2 and "没有选项 --无此选项" in result.stderr
    report = json.loads(result.stdout)
    assert (report["command"], report["ok"], report["workbooks"]) == (command, False, [])
    assert report["usage_error"] == "没有选项 --无此选项。"


@pytest.mark.parametrize("args, command", [
    (["check", "--format=json", "a.xlsx"], "check"),
    (["check", "a.xlsx", "--format", "json"], "check"),
    (["check", "--format", "table", "a.xlsx"], None),
    (["build", "-o", "check", "--json", "a.xlsx"], "build"),
    (["build", "--format", "json", "a.xlsx"], None),  # build's --format is docx/pdf
    (["import", "e.xlsx", "--json"], "import"),
    (["diff", "--json", "a.xlsx"], None),
    (["check", "--", "--json"], None),
])
def test_a_json_command_line_is_told_from_its_words(args, command):
    from generator.cli_zh import json_command

    assert json_command(args) == command


def test_a_value_json_mode_refuses_prints_no_json():
    """A --format value check does not know: JSON was not asked for."""
    result = runner.invoke(app, ["check", "--format", "jsn", str(EXAMPLE)])
    assert (result.exit_code, result.stdout) == (2, "")
