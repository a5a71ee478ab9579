"""`pjgen check` and `pjgen init` through typer's CliRunner: exit codes and messages."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from bad_files import BAD_FILES
from conftest import BASELINE, EXAMPLE_XLSX
from generator.cli import app

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    # a PjgenError ends in typer.Exit (SystemExit), never in an uncaught exception
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_check_worked_example_exits_0():
    result = run("check", EXAMPLE_XLSX)
    assert result.exit_code == 0
    assert f"共 0 个错误，{len(BASELINE)} 个警告。" in result.output
    assert "绩效自评指标!F66" in result.output and "indicator-rate-mismatch" in result.output


def test_check_leaves_the_workbook_untouched(tmp_path):
    path = tmp_path / "2023.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert run("check", path).exit_code == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023.xlsx"]  # nothing written beside it


def test_check_with_errors_exits_1_and_lists_them(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, "上年及预算对比", "B2", "约2730")
    result = run("check", path)
    assert result.exit_code == 1
    assert "上年及预算对比!B2" in result.output and "not-a-number" in result.output
    assert "约2730" in result.output
    assert f"共 1 个错误，{len(BASELINE)} 个警告。" in result.output


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_check_unreadable_file_exits_1_with_one_chinese_error(tmp_path, case):
    build, _, phrase = BAD_FILES[case]
    result = run("check", build(tmp_path))
    assert result.exit_code == 1
    assert result.output.lstrip().startswith("错误：")
    assert phrase in result.output
    assert "检查结果" not in result.output  # no problem table


def test_check_without_argument_is_a_usage_error():
    assert run("check").exit_code == 2


def test_init_then_check_lists_missing_values(tmp_path):
    path = tmp_path / "new.xlsx"
    result = run("init", path)
    assert result.exit_code == 0 and path.is_file()
    assert "已生成空白工作簿" in result.output
    result = run("check", path)
    assert result.exit_code == 1
    assert "missing-value" in result.output
    assert "单位信息!B2" in result.output  # 单位名称
    # the 三公 开支内容 of items that are 0 and the 主要职能概述 (a preamble most documents lack) may stay empty
    assert "共 49 个错误" in result.output


def test_init_refuses_an_existing_file(tmp_path):
    path = tmp_path / "2023.xlsx"
    path.write_bytes(b"keep me")
    result = run("init", path)
    assert result.exit_code == 1
    assert "已存在" in result.output and "不会覆盖" in result.output
    assert path.read_bytes() == b"keep me"


def test_init_wants_an_xlsx_name(tmp_path):
    result = run("init", tmp_path / "new.xls")
    assert result.exit_code == 2
    assert ".xlsx" in result.output
    assert not (tmp_path / "new.xls").exists()


def test_every_command_has_help():
    for command in ("check", "init"):
        result = run(command, "--help")
        assert result.exit_code == 0 and result.output.startswith("用法：")
