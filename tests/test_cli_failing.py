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
