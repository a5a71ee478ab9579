"""``pjgen check``: every problem of one workbook (and of its last-year figures) as a Chinese
table or a JSON report; :func:`print_problems` is also what ``build`` and ``diff`` print."""

from __future__ import annotations

import atexit
import enum
import gc
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

import typer

from generator.cli_options import PackDirOption, PackOption, chosen_pack
from generator.cli_output import console, err_console, failing, text

if TYPE_CHECKING:
    from generator.pipeline import Validation
    from generator.workbook import RawBook


class Report(str, enum.Enum):
    table = "table"
    json = "json"


def print_problems(v: Validation) -> None:
    from rich.table import Table
    from rich.text import Text

    if not v.problems:
        console.print(text(("✓", "green"), f" {v.path.name}：未发现问题。"))
        return
    table = Table(title=Text(f"{v.path.name} 检查结果"), show_lines=False, expand=False)
    table.add_column("位置", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("说明", overflow="fold")
    table.add_column("代码", style="dim", no_wrap=True)
    for p in v.problems:
        level = Text("错误", "red") if p.is_error else Text("警告", "yellow")
        table.add_row(Text(str(p.ref)) if p.ref else "（工作簿）", level, Text(p.message), p.code)
    console.print(table)
    console.print(f"共 {len(v.errors)} 个错误，{len(v.warnings)} 个警告。")


def check(
    workbook: Path = typer.Argument(..., help="要检查的 .xlsx 工作簿", metavar="工作簿"),
    prior: Optional[Path] = typer.Option(
        None, "--prior", metavar="上年工作簿",
        help="上年工作簿：逐项核对本工作簿中的上年数（由 init --from 生成的工作簿会自动核对）"),
    pack: PackOption = None,
    pack_dir: PackDirOption = None,
    report: Report = typer.Option(Report.table, "--format", help="输出格式：table（中文表格）或 json（格式说明见文档 json.md）",
                                  metavar="格式"),
) -> None:
    """检查工作簿：列出所有问题（位置、级别、说明）。有错误时退出码为 1。"""
    as_json = report is Report.json
    with _gc_paused():
        from generator.pipeline import validate_book
        from generator.workbook import read_workbook

        command = "check" if as_json else None
        chosen = chosen_pack(pack, pack_dir, command, [workbook])
        with failing(command, [workbook]):
            book = read_workbook(workbook)  # read once: checked here and against last year's workbook
            v = validate_book(book, chosen)
            _check_prior(v, book, prior, err_console if as_json else console)
        if as_json:
            from generator import report_json

            report_json.emit(report_json.report("check", [report_json.workbook(workbook, v)]))
        else:
            print_problems(v)
    if not v.ok:
        raise typer.Exit(1)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while one workbook is checked, nor over everything when the
    process exits: what a check allocates is small and freed by reference counting, and the
    collector's passes over everything imported (openpyxl, rich) took a third of ``pjgen check``."""
    enabled = gc.isenabled()
    gc.disable()
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)  # at exit, the interpreter's last collection has nothing to go over
    try:
        yield
    finally:
        if enabled:
            # What was allocated meanwhile joins the oldest generation without being gone
            # over now (freeze + unfreeze); it is collected as usual later on.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _check_prior(v: Validation, book: RawBook, prior: Optional[Path], out=console) -> None:
    """Compare the last-year figures with last year's workbook (given, or recorded by init --from)."""
    from generator.carry import prior_problems, recorded_origin, unreviewed_problems
    from generator.schema import FULL_SELECTION

    if prior is None:
        prior = recorded_origin(book)
        if prior is None:
            return
        if not prior.exists():
            out.print(text(("注意：", "yellow"), f"工作簿记录的上年工作簿 {prior} 不存在，未核对上年数（可用 --prior 指定）。"))
            return
    v.problems.extend(prior_problems(book, prior, v.pack.selection if v.pack is not None else FULL_SELECTION))
    if v.pack is not None and v.pack.warn_unreviewed:
        v.problems.extend(unreviewed_problems(book, prior, v.pack.selection))
    out.print(text(f"已与上年工作簿 {prior} 核对上年数。"))
