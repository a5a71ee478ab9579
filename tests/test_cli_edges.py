"""Edges of the command line: Chinese texts everywhere (typer's own included), file
names printed literally, `init` atomic, no empty output folder after a refused build,
no library's English text unless --verbose, and heavy libraries imported where used."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from bad_files import BAD_FILES
from conftest import EXAMPLE_XLSX
from generator import output
from generator.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent

# ASCII words a Chinese message may contain: names of programs, formats, keys, files and
# the test's own arguments. Option names (--out) and command names are left out as well.
ALLOWED_WORDS = {
    "pjgen", "xlsx", "xls", "docx", "pdf", "csv", "xml", "excel", "wps", "word", "libreoffice", "soffice",
    "ctrl", "outputs", "templates", "root", "foo", "chek", "abc", "doc", "nope",
    "template", "pack", "toml", "xinjiang", "shanghai",  # template pack files (template.docx, pack.toml) and ids
    "json", "table",  # report formats (check --format table|json)
}


def pjgen(*args: object):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def english_words(text: str, *literal: object) -> set[str]:
    """ASCII words of three letters or more that are not allowed, ignoring the given literal strings (paths)."""
    for item in sorted((str(x) for x in literal), key=len, reverse=True):
        text = text.replace(item, " ")
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)
    commands = {name for path, _ in all_commands() for name in path}
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in ALLOWED_WORDS | commands}


def all_commands():
    root = get_command(app)
    yield [], root
    for name, command in root.commands.items():
        yield [name], command


# ---------------------------------------------------------------------------
# typer's own texts


@pytest.mark.parametrize("path", [p for p, _ in all_commands()], ids=lambda p: " ".join(p) or "pjgen")
def test_every_help_page_is_chinese(path):
    result = pjgen(*path, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert "选项：" in result.output and "显示本帮助并退出" in result.output
    assert english_words(result.output, ROOT) == set()


def test_help_without_arguments_is_chinese():
    result = pjgen()
    assert result.exit_code == 2
    assert result.output.startswith("用法：") and "命令：" in result.output
    assert english_words(result.output) == set()


USAGE_ERRORS = {
    "missing-argument": (["check"], "缺少参数“工作簿”"),
    "missing-second-argument": (["diff", "a.xlsx"], "缺少参数“新工作簿”"),
    "no-such-option": (["check", "--foo", "a.xlsx"], "没有选项 --foo"),
    "option-without-value": (["build", "a.xlsx", "-o"], "选项 -o 后面缺少值"),
    "bad-integer": (["build", "-j", "abc", "a.xlsx"], "选项 -j/--jobs 的值“abc”无效：应为不小于 1 的整数"),
    "below-minimum": (["build", "-j", "0", "a.xlsx"], "选项 -j/--jobs 的值“0”无效：应为不小于 1 的整数"),
    "bad-choice": (["build", "-f", "doc", "a.xlsx"], "的值“doc”无效：可选：docx、pdf"),
    "no-such-command": (["chek", "a.xlsx"], "没有命令“chek”。您是否想用：check？"),
    "unknown-command": (["nope"], "可用的命令：check、init"),
    "extra-argument": (["check", "a.xlsx", "b.xlsx"], "多余的参数：b.xlsx"),
    "flag-with-value": (["check", "--help=x"], "不带值"),
}


@pytest.mark.parametrize("case", sorted(USAGE_ERRORS))
def test_usage_errors_are_chinese(case):
    args, phrase = USAGE_ERRORS[case]
    result = pjgen(*args)
    assert result.exit_code == 2
    assert phrase in result.output
    assert "错误：" in result.output
    assert english_words(result.output) == set(), result.output


def test_usage_error_shows_typer_wording_only_with_verbose():
    plain = pjgen("build", "-j", "abc", "a.xlsx")
    verbose = pjgen("build", "-j", "abc", "a.xlsx", "--verbose")
    assert "Invalid value" not in plain.output
    assert verbose.exit_code == 2 and "原始信息：" in verbose.output
    assert english_words(verbose.output.split("原始信息：")[0]) == set()


def test_verbose_is_accepted_anywhere():
    for args in (["--verbose", "check", EXAMPLE_XLSX], ["check", EXAMPLE_XLSX, "--verbose"]):
        result = pjgen(*args)
        assert result.exit_code == 0, result.output
        assert "共 0 个错误" in result.output


def test_a_sub_app_added_later_is_chinese_too():
    from generator.cli_zh import ChineseGroup

    main = typer.Typer(cls=ChineseGroup, add_completion=False, rich_markup_mode=None)
    packs = typer.Typer(help="模板包。")

    @main.command()
    def first() -> None:
        """第一个。"""

    @packs.command("list")
    def list_packs(limit: int = typer.Option(3, min=1, help="个数")) -> None:
        """列出模板包。"""
        typer.echo(f"共 {limit} 个")

    main.add_typer(packs, name="packs")
    help_page = runner.invoke(main, ["packs", "list", "--help"])
    assert help_page.exit_code == 0 and help_page.output.startswith("用法：")
    assert "［默认：3；不小于 1］" in help_page.output
    assert english_words(help_page.output, "packs", "list", "limit", "first") == set()
    bad = runner.invoke(main, ["packs", "list", "--limit", "x"])
    assert bad.exit_code == 2 and "选项 --limit 的值“x”无效：应为不小于 1 的整数" in bad.output
    assert runner.invoke(main, ["packs", "list", "--limit", "5"]).output == "共 5 个\n"


@given(st.lists(st.sampled_from(["--verbose", "--", "check", "a.xlsx", "-o", "x", "--help"]), max_size=8))
def test_take_verbose_removes_the_flag_before_double_dash_only(args):
    from generator.cli_zh import take_verbose

    rest, verbose = take_verbose(args)
    cut = args.index("--") if "--" in args else len(args)
    assert verbose == ("--verbose" in args[:cut])
    assert rest == [a for a in args[:cut] if a != "--verbose"] + args[cut:]


# ---------------------------------------------------------------------------
# File names printed literally


@pytest.mark.parametrize("name", ["[bold]a.xlsx", "[red on blue]b.xlsx", "c:smile:.xlsx", "[link=x]d.xlsx"])
def test_check_prints_the_file_name_literally(tmp_path, name):
    path = tmp_path / name
    shutil.copyfile(EXAMPLE_XLSX, path)
    result = pjgen("check", path)
    assert result.exit_code == 0
    assert f"{name} 检查结果" in result.output


@pytest.mark.parametrize("name", ["[bold]missing.xlsx", "x:smile:.xlsx"])
def test_errors_print_the_file_name_literally(tmp_path, name):
    result = pjgen("check", tmp_path / name)
    assert result.exit_code == 1
    assert name in result.output


def test_init_prints_the_file_name_literally(tmp_path):
    path = tmp_path / "[bold]新.xlsx"
    result = pjgen("init", path)
    assert result.exit_code == 0
    assert f"已生成空白工作簿：{path}" in result.output


def test_build_prints_the_file_name_literally(tmp_path, make_workbook):
    book = make_workbook(name="[bold]c.xlsx")
    result = pjgen("build", book, "-o", tmp_path / "[red]out", "-f", "docx")
    assert result.exit_code == 0, result.output
    assert f"已生成：{tmp_path / '[red]out'}" in result.output


# ---------------------------------------------------------------------------
# init


def test_init_into_a_missing_folder_is_a_chinese_error(tmp_path):
    folder = tmp_path / "no" / "such"
    result = pjgen("init", folder / "x.xlsx")
    assert result.exit_code == 1
    assert f"文件夹 {folder} 不存在" in result.output
    assert english_words(result.output, folder) == set()
    assert not (tmp_path / "no").exists()


def test_init_where_a_folder_is_a_file_is_a_chinese_error(tmp_path):
    (tmp_path / "file").write_text("x")
    result = pjgen("init", tmp_path / "file" / "x.xlsx")
    assert result.exit_code == 1
    assert "不是文件夹" in result.output


def test_init_without_permission_is_a_chinese_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    result = pjgen("init", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "没有权限" in result.output and "Permission" not in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_init_interrupted_while_writing_leaves_nothing(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", disk_full)
    result = pjgen("init", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.output and "No space" not in result.output
    assert list(tmp_path.iterdir()) == []  # neither the workbook nor a temporary file


def test_init_never_replaces_a_file_that_appears_meanwhile(tmp_path, monkeypatch):
    from generator.output import OutputExists, create_new

    target = tmp_path / "x.xlsx"
    real_link = os.link

    def someone_else_first(src, dst, *args, **kwargs):
        Path(dst).write_bytes(b"theirs")
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(output.os, "link", someone_else_first)
    with pytest.raises(OutputExists):
        create_new(target, b"ours")
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["x.xlsx"]


def test_create_new_without_hard_links_still_refuses_to_replace(tmp_path, monkeypatch):
    from generator.output import create_new

    def unsupported(src, dst, *args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", unsupported)
    create_new(tmp_path / "new.xlsx", b"data")
    assert (tmp_path / "new.xlsx").read_bytes() == b"data"
    assert [p.name for p in tmp_path.iterdir()] == ["new.xlsx"]


# ---------------------------------------------------------------------------
# Refused builds leave no new folder


def test_refused_build_leaves_no_new_output_folder(tmp_path, make_workbook, set_cell):
    book = make_workbook()
    set_cell(book, "上年及预算对比", "B2", "约2730")
    out = tmp_path / "new" / "deeper" / "out"
    result = pjgen("build", book, "-o", out, "-f", "docx")
    assert result.exit_code == 1 and "未生成文档" in result.output
    assert not (tmp_path / "new").exists()


def test_unreadable_workbook_build_leaves_no_new_output_folder(tmp_path):
    out = tmp_path / "out"
    result = pjgen("build", tmp_path / "missing.xlsx", "-o", out, "-f", "docx")
    assert result.exit_code == 1
    assert not out.exists()


def test_refused_build_keeps_an_existing_output_folder(tmp_path, make_workbook, set_cell):
    book = make_workbook()
    set_cell(book, "上年及预算对比", "B2", "约2730")
    out = tmp_path / "out"
    out.mkdir()
    assert pjgen("build", book, "-o", out, "-f", "docx").exit_code == 1
    assert out.is_dir() and list(out.iterdir()) == []


# ---------------------------------------------------------------------------
# No library's English text unless --verbose


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_unreadable_files_are_described_in_chinese(tmp_path, case):
    path = BAD_FILES[case][0](tmp_path)
    result = pjgen("check", path)
    assert result.exit_code == 1
    assert english_words(result.output, path, path.name) == set(), result.output


def test_verbose_adds_the_library_text(tmp_path):
    path = BAD_FILES["xml-bomb"][0](tmp_path)
    plain = pjgen("check", path)
    verbose = pjgen("--verbose", "check", path)
    assert "Unable to read workbook" not in plain.output and "原始信息" not in plain.output
    assert verbose.exit_code == 1
    assert "原始信息：" in verbose.output and "Forbidden" in verbose.output


def test_output_folder_that_is_a_file_is_described_in_chinese(tmp_path, make_workbook):
    book = make_workbook()
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder")
    result = pjgen("build", book, "-o", blocker / "sub", "-f", "docx")
    assert result.exit_code == 1
    assert "无法创建输出文件夹" in result.output
    assert english_words(result.output, blocker / "sub") == set(), result.output


def test_disk_full_during_build_is_a_chinese_error(tmp_path, make_workbook, monkeypatch):
    book = make_workbook()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", disk_full)
    result = pjgen("build", book, "-o", tmp_path / "out", "-f", "docx")
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.output and "No space" not in result.output
    assert not (tmp_path / "out").exists()


def test_os_errors_are_described_in_chinese():
    from generator.problems import describe_os_error

    assert describe_os_error(FileExistsError(errno.EEXIST, "File exists")) == "文件已存在"
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert describe_os_error(OSError(12345, "Strange")) == "系统错误（错误号 12345）"


# ---------------------------------------------------------------------------
# Heavy libraries are imported where used (a regression guard, not a timing)

HEAVY = ["docxtpl", "docx", "openpyxl", "jinja2", "babel", "lxml", "rich", "pydantic"]


def imported_by(*argv: str) -> set[str]:
    script = textwrap.dedent(f"""
        import runpy, sys
        sys.argv = ["pjgen", *{list(argv)!r}]
        try:
            runpy.run_module("generator", run_name="__main__")
        except SystemExit:
            pass
        print(" ".join(m for m in {HEAVY!r} if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split("\n")[-2].split())


def test_importing_the_cli_loads_no_heavy_library():
    done = subprocess.run(
        [sys.executable, "-c", f"import sys, generator.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    assert done.stdout.split() == []


def test_help_loads_no_heavy_library():
    assert imported_by("--help") == set()
    assert imported_by("build", "--help") == set()


def test_check_loads_only_what_reading_and_printing_need():
    # pydantic: typer converts the command line's values with it (its public route)
    assert imported_by("check", str(EXAMPLE_XLSX)) <= {"openpyxl", "lxml", "rich", "babel", "pydantic"}
    assert not imported_by("check", str(EXAMPLE_XLSX)) & {"docxtpl", "docx", "jinja2"}
