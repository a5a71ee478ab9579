"""`pjgen check` and `pjgen init` through typer's CliRunner: exit codes and messages."""

from __future__ import annotations

import os
import zipfile

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE_XLSX
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
    assert "共 0 个错误，1 个警告。" in result.output
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
    assert "共 1 个错误，1 个警告。" in result.output


def _xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"junk" * 200)
    return path


def _csv(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("科目编码,科目名称,合计\n201,一般公共服务支出,1551.68\n", encoding="utf-8")
    return path


def _truncated(tmp_path):
    data = EXAMPLE_XLSX.read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _directory(tmp_path):
    path = tmp_path / "folder.xlsx"
    path.mkdir()
    return path


def _broken_xml(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(EXAMPLE_XLSX) as zin, zipfile.ZipFile(path, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, data[: len(data) // 2] if name == "xl/worksheets/sheet5.xml" else data)
    return path


@pytest.mark.parametrize(
    ("build", "phrase"),
    [
        (lambda tmp_path: tmp_path / "不存在.xlsx", "找不到工作簿文件"),
        (_xls, "旧版 Excel（.xls）"),
        (_csv, "不是 .xlsx 工作簿"),
        (_truncated, "无法读取"),
        (_directory, "是文件夹"),
        (_broken_xml, "损坏"),
    ],
    ids=["missing", "xls", "csv-renamed", "truncated-zip", "directory", "broken-xml"],
)
def test_check_unreadable_file_exits_1_with_one_chinese_error(tmp_path, build, phrase):
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
    assert "共 53 个错误" in result.output


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
        assert result.exit_code == 0 and "Usage" in result.output
