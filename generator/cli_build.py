"""``pjgen build``: one workbook, several or whole folders into .docx/.pdf, with a progress bar
on a terminal, each workbook's problems and outputs, and a summary table for a batch."""

from __future__ import annotations

import contextlib
import enum
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from generator.cli_check import print_problems
from generator.cli_options import JsonOption, PackDirOption, PackOption, TemplateOption, chosen_pack
from generator.cli_output import console, err_console, error, failing, fonts_line, text

if TYPE_CHECKING:
    from rich.progress import Progress
    from rich.table import Table

    from generator.build import BuildResult, BuildRun
    from generator.converter import Converter


class Format(str, enum.Enum):
    docx = "docx"
    pdf = "pdf"


def build(
    workbooks: List[Path] = typer.Argument(..., help="工作簿 .xlsx，或存放工作簿的文件夹；可以给多个", metavar="工作簿"),
    out: Path = typer.Option(Path("outputs"), "-o", "--out", help="输出目录", metavar="目录"),
    formats: Optional[List[Format]] = typer.Option(
        None, "--format", "-f", help="输出格式，可重复（--format docx --format pdf）。默认两种都生成；未安装 LibreOffice 时只生成 docx"
    ),
    template: TemplateOption = None,
    pack: PackOption = None,
    pack_dir: PackDirOption = None,
    fonts: Optional[Path] = typer.Option(
        None, "--fonts", help="存放正式字体文件（如方正小标宋简体、仿宋_GB2312）的文件夹，生成 PDF 时优先使用", metavar="文件夹"
    ),
    jobs: int = typer.Option(1, "-j", "--jobs", min=1, help="同时处理的工作簿数（并行进程数；PDF 也由同样多个 LibreOffice 进程同时转换）", metavar="个数"),
    as_json: JsonOption = False,
) -> None:
    """检查工作簿并生成部门决算公开说明（.docx 和 .pdf）。

    可以一次处理多个工作簿或整个文件夹：逐个检查和生成，某个失败时继续处理其他工作簿，最后列出汇总表；有任何失败时退出码为 1。有错误的工作簿不生成任何文件。

    上次生成后在 Word 中修改过的文件，先备份到输出目录的“备份”文件夹再覆盖。
    """
    chosen = tuple(dict.fromkeys(f.value for f in formats)) if formats else ("docx", "pdf")
    with failing("build" if as_json else None, workbooks), contextlib.ExitStack() as converters:
        converter = _start_converter(converters, chosen, workbooks, jobs, fonts)
        if jobs > 1 and (len(workbooks) > 1 or not workbooks[0].is_file()):
            from generator import workers

            workers.start_early()  # the render workers' fork server imports while this process does
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from generator.build import BuildOptions, build_many, collect_workbooks

        options = BuildOptions(
            out_dir=out, formats=chosen, pdf_required=bool(formats) and "pdf" in chosen, template=template,
            pack=chosen_pack(pack, pack_dir, "build" if as_json else None, workbooks), font_dir=fonts, jobs=jobs,
            pool=converter,
        )
        paths = collect_workbooks(workbooks)
        progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err_console.real(), transient=True, disable=not err_console.is_terminal,
        )
        with progress:
            run = build_many(paths, options, _progress_reporter(progress))
    notes = [fonts_line(fonts)] if any(w.path.suffix == ".pdf" for r in run.results for w in r.outputs) else []
    if as_json:
        from generator import report_json

        report_json.emit(report_json.build_report(run, notes))
    else:
        _print_run(run)
        for note in notes:
            console.print(text(note))
    if not run.ok:
        raise typer.Exit(1)


def _start_converter(stack: contextlib.ExitStack, formats: tuple[str, ...], workbooks: List[Path], jobs: int,
                     fonts: Optional[Path]) -> Optional[Converter]:
    """Start LibreOffice now, in the background, when PDFs are asked for: before the
    workbooks are read and the heavier modules imported, so that its start-up (a second)
    overlaps all of that. One process per workbook up to ``jobs`` (a folder counts as
    ``jobs``). None when it cannot be started: ``build_many`` then says why."""
    if "pdf" not in formats:
        return None
    from generator import convert

    files = {Path(w) for w in workbooks}
    count = len(files) if all(f.is_file() for f in files) else jobs
    return stack.enter_context(convert.started(max(1, min(jobs, count)), font_dir=fonts))


def _progress_reporter(progress: Progress):
    from generator.build import Reporter

    class ProgressBar(Reporter):
        def __init__(self) -> None:
            self.task = progress.add_task("生成文档", total=None)

        def started(self, total: int) -> None:
            progress.update(self.task, total=total)

        def finished(self, result: BuildResult) -> None:
            progress.update(self.task, advance=1, description=f"生成文档：{result.path.name}")

        def converting(self, count: int) -> None:
            progress.update(self.task, description=f"转换 PDF（{count} 个文档，LibreOffice）")

        def converted(self) -> None:
            progress.update(self.task, description="完成")

    return ProgressBar()


_STATUS = {
    "built": ("已生成", "green"),
    "unchanged": ("无变化", "cyan"),
    "invalid": ("有错误，未生成", "red"),
    "failed": ("失败", "red"),
}


def _print_events(result: BuildResult, single: bool) -> None:
    """Backups, failures and (for one workbook) each output written."""
    for w in result.backups:
        console.print(text(("注意：", "yellow"), f"{w.path.name} 在上次生成后被修改过，已备份到 {w.backup}，再写入新文件。"))
    if single:
        for message in result.errors:
            error(message)
        for w in result.outputs:
            if w.changed:
                console.print(text(("已生成：", "green"), str(w.path)))
            else:
                console.print(text(("无变化：", "cyan"), f"{w.path}（与上次生成的文件相同，未重写）"))


def _summary(run: BuildRun) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="生成结果", expand=False)
    table.add_column("工作簿", overflow="fold")
    table.add_column("结果", no_wrap=True)
    table.add_column("警告", justify="right", no_wrap=True)
    table.add_column("错误", justify="right", no_wrap=True)
    table.add_column("输出", overflow="fold")
    for r in run.results:
        v = r.validation
        warnings = str(len(v.warnings)) if v else "—"
        errors = str(len(v.errors)) if v else "—"
        shown = Text("、".join(w.path.name for w in r.outputs))
        for message in r.errors:
            shown.append(("\n" if shown else "") + message, style="red")
        table.add_row(Text(str(r.path)), Text(*_STATUS[r.status]), warnings, errors, shown)
    return table


def _print_run(run: BuildRun) -> None:
    single = len(run.results) == 1
    for r in run.results:
        if r.validation is not None and r.validation.problems and (single or r.status == "invalid"):
            print_problems(r.validation)
    for r in run.results:
        _print_events(r, single)
    if not single:
        console.print(_summary(run))
        counts = {s: sum(r.status == s for r in run.results) for s in _STATUS}
        console.print(
            f"共 {len(run.results)} 个工作簿：{counts['built']} 个已生成，{counts['unchanged']} 个无变化，"
            f"{counts['invalid']} 个有错误，{counts['failed']} 个失败。"
        )
    elif run.results[0].status == "invalid":
        err_console.print(text(("存在错误，未生成文档。", "bold red"), "请按上表修改工作簿后重试。"))
    for note in run.notes:
        err_console.print(text(("注意：", "yellow"), note))
    if run.unchanged:
        console.print("自上次生成以来没有变化，未重写任何文件。")
