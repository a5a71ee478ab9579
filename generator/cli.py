"""pjgen command line: parses arguments, calls the pipeline, prints, sets exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from generator import __version__
from generator.pipeline import Validation, validate
from generator.problems import PjgenError

app = typer.Typer(
    help="pjgen：从 Excel 工作簿生成部门决算公开说明（Word/PDF）。",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
import sys

_WIDTH = None if sys.stdout.isatty() else 160
console = Console(highlight=False, width=_WIDTH)
err_console = Console(stderr=True, highlight=False, width=_WIDTH)


def _fail(exc: PjgenError) -> None:
    err_console.print(f"[bold red]错误：[/]{exc}")
    raise typer.Exit(1)


def print_problems(v: Validation) -> None:
    if not v.problems:
        console.print(f"[green]✓[/] {v.path.name}：未发现问题。")
        return
    table = Table(title=f"{v.path.name} 检查结果", show_lines=False, expand=False)
    table.add_column("位置", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("说明", overflow="fold")
    table.add_column("代码", style="dim", no_wrap=True)
    for p in v.problems:
        level = "[red]错误[/]" if p.is_error else "[yellow]警告[/]"
        table.add_row(str(p.ref) if p.ref else "（工作簿）", level, p.message, p.code)
    console.print(table)
    console.print(f"共 {len(v.errors)} 个错误，{len(v.warnings)} 个警告。")


@app.command()
def check(workbook: Path = typer.Argument(..., help="要检查的 .xlsx 工作簿")) -> None:
    """检查工作簿：列出所有问题（位置、级别、说明）。有错误时退出码为 1。"""
    try:
        v = validate(workbook)
    except PjgenError as exc:
        _fail(exc)
        return
    print_problems(v)
    if not v.ok:
        raise typer.Exit(1)


@app.command()
def init(path: Path = typer.Argument(..., help="新工作簿的路径，如 2024.xlsx")) -> None:
    """生成空白工作簿（含全部工作表、表头、填写说明）。不会覆盖已有文件。"""
    from generator.workbook import write_workbook

    if path.exists():
        err_console.print(f"[bold red]错误：[/]{path} 已存在，不会覆盖。请换一个文件名。")
        raise typer.Exit(1)
    if path.suffix.lower() != ".xlsx":
        err_console.print(f"[bold red]错误：[/]文件名应以 .xlsx 结尾：{path}")
        raise typer.Exit(2)
    write_workbook(path)
    console.print(f"已生成空白工作簿：{path}。填写后运行 pjgen check {path} 检查。")


@app.command()
def version() -> None:
    """显示版本号。"""
    console.print(f"pjgen {__version__}")


@app.command()
def build(
    workbook: Path = typer.Argument(..., help="工作簿 .xlsx"),
    out: Path = typer.Option(Path("outputs"), "-o", "--out", help="输出目录"),
) -> None:
    """检查工作簿并生成部门决算公开说明（.docx）。有错误时不生成任何文件，退出码为 1。"""
    from generator.pipeline import build as run_build

    try:
        result = run_build(workbook, out)
    except PjgenError as exc:
        _fail(exc)
        return
    v = result.validation
    if v.problems:
        print_problems(v)
    if not v.ok:
        err_console.print("[bold red]存在错误，未生成文档。[/]请按上表修改工作簿后重试。")
        raise typer.Exit(1)
    console.print(f"[green]已生成：[/]{result.docx}")
