"""pjgen command line: parses arguments, calls the pipeline, prints, sets exit codes."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from generator import __version__
from generator.build import BuildResult, BuildRun, Reporter
from generator.pipeline import Validation, validate
from generator.problems import PjgenError

app = typer.Typer(
    help="pjgen：从 Excel 工作簿生成部门决算公开说明（Word/PDF）。",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_WIDTH = None if sys.stdout.isatty() else 160
console = Console(highlight=False, width=_WIDTH)
err_console = Console(stderr=True, highlight=False, width=_WIDTH)

from generator.render import DEFAULT_TEMPLATE as TEMPLATE_DEFAULT  # noqa: E402


class Format(str, enum.Enum):
    docx = "docx"
    pdf = "pdf"


def _fail(exc: PjgenError) -> None:
    err_console.print(f"[bold red]错误：[/]{escape(str(exc))}")
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
        table.add_row(Text(str(p.ref)) if p.ref else "（工作簿）", level, Text(p.message), p.code)
    console.print(table)
    console.print(f"共 {len(v.errors)} 个错误，{len(v.warnings)} 个警告。")


@app.command()
def check(
    workbook: Path = typer.Argument(..., help="要检查的 .xlsx 工作簿"),
    prior: Optional[Path] = typer.Option(
        None, "--prior", help="上年工作簿：逐项核对本工作簿中的上年数（由 init --from 生成的工作簿会自动核对）"),
) -> None:
    """检查工作簿：列出所有问题（位置、级别、说明）。有错误时退出码为 1。"""
    try:
        v = validate(workbook)
        _check_prior(v, prior)
    except PjgenError as exc:
        _fail(exc)
        return
    print_problems(v)
    if not v.ok:
        raise typer.Exit(1)


def _check_prior(v: Validation, prior: Optional[Path]) -> None:
    """Compare the last-year figures with last year's workbook (given, or recorded by init --from)."""
    from generator.carry import prior_problems, recorded_origin
    from generator.workbook import read_workbook

    book = read_workbook(v.path)
    if prior is None:
        prior = recorded_origin(book)
        if prior is None:
            return
        if not prior.exists():
            console.print(f"[yellow]注意：[/]工作簿记录的上年工作簿 {escape(str(prior))} 不存在，未核对上年数"
                          "（可用 --prior 指定）。")
            return
    v.problems.extend(prior_problems(book, prior))
    console.print(f"已与上年工作簿 {escape(str(prior))} 核对上年数。")


@app.command()
def init(
    path: Path = typer.Argument(..., help="新工作簿的路径，如 2024.xlsx"),
    source: Optional[Path] = typer.Option(
        None, "--from", help="上年工作簿：沿用其文字内容，并以其决算数填写上年数"),
) -> None:
    """生成空白工作簿（含全部工作表、表头、填写说明）。不会覆盖已有文件。"""
    from generator.workbook import write_workbook

    if path.exists():
        err_console.print(f"[bold red]错误：[/]{path} 已存在，不会覆盖。请换一个文件名。")
        raise typer.Exit(1)
    if path.suffix.lower() != ".xlsx":
        err_console.print(f"[bold red]错误：[/]文件名应以 .xlsx 结尾：{path}")
        raise typer.Exit(2)
    if source is not None:
        from generator.carry import carry_forward

        try:
            result = carry_forward(source, path)
        except PjgenError as exc:
            _fail(exc)
            return
        console.print(f"已根据 {escape(source.name)} 生成 {result.year} 年度工作簿：{escape(str(path))}。")
        console.print(f"已填入上年决算数：{escape('；'.join(result.carried))}。")
        console.print(f"沿用上年内容（浅黄色单元格，需复核）：{escape('；'.join(result.review))}。")
        console.print(f"本年数据请导入或填写（pjgen import 导出表.xlsx --into {escape(str(path))}），"
                      f"然后运行 pjgen check {escape(str(path))}。")
        return
    write_workbook(path)
    console.print(f"已生成空白工作簿：{path}。填写后运行 pjgen check {path} 检查。")


@app.command("import")
def import_(
    export: Path = typer.Argument(..., help="决算软件导出（或单位保存）的报表工作簿 .xlsx"),
    into: Path = typer.Option(..., "--into", help="要填入的 pjgen 工作簿（pjgen init 生成）"),
    replace: bool = typer.Option(False, "--replace", help="覆盖目标工作簿中已有数据的公开表"),
) -> None:
    """把导出报表中的公开01–09表填入工作簿：按表名、栏目名和栏次、科目编码和项目名称对应，元自动换算为万元。"""
    from generator.importer import import_tables

    try:
        result = import_tables(export, into, replace)
    except PjgenError as exc:
        _fail(exc)
        return
    table = Table(title=f"从 {export.name} 导入", expand=False)
    for head in ("公开表", "导出表中的工作表", "单位", "结果"):
        table.add_column(head, overflow="fold")
    for t in result.tables:
        unit = t.unit + ("（换算为万元）" if t.unit == "元" else "") + ("" if t.unit_stated else "（未注明，按万元）")
        done = f"[green]已导入 {len(t.rows)} 行[/]" if t.written else f"[yellow]{escape(t.skipped)}[/]"
        table.add_row(f"{t.spec.code} {t.spec.name}", Text(t.sheet), unit, done)
    for spec in result.missing:
        table.add_row(f"{spec.code} {spec.name}", "（未找到）", "", "[red]导出表中没有此表，未导入[/]")
    console.print(table)
    for title, lines in (("无法对应、未导入的内容", result.unplaced), ("元换算为万元产生的尾差", result.tail)):
        if lines:
            console.print(f"[yellow]{title}（{len(lines)} 处）：[/]")
            for line in lines:
                console.print(f"  {escape(line)}")
    if result.written:
        console.print(f"已写入 {escape(str(into))}。请运行 pjgen check {escape(str(into))} 检查。")
    else:
        err_console.print("[bold red]没有导入任何表。[/]")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """显示版本号。"""
    console.print(f"pjgen {__version__}")


# ---------------------------------------------------------------------------
# build


class _ProgressBar(Reporter):
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("生成文档", total=None)

    def started(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def finished(self, result: BuildResult) -> None:
        self.progress.update(self.task, advance=1, description=f"生成文档：{result.path.name}")

    def converting(self, count: int) -> None:
        self.progress.update(self.task, description=f"转换 PDF（{count} 个文档，LibreOffice）")

    def converted(self) -> None:
        self.progress.update(self.task, description="完成")


_STATUS = {
    "built": "[green]已生成[/]",
    "unchanged": "[cyan]无变化[/]",
    "invalid": "[red]有错误，未生成[/]",
    "failed": "[red]失败[/]",
}


def _print_events(result: BuildResult, single: bool) -> None:
    """Backups, failures and (for one workbook) each output written."""
    for w in result.backups:
        console.print(f"[yellow]注意：[/]{escape(w.path.name)} 在上次生成后被修改过，已备份到 {escape(str(w.backup))}，再写入新文件。")
    if single:
        for message in result.errors:
            err_console.print(f"[bold red]错误：[/]{escape(message)}")
        for w in result.outputs:
            if w.changed:
                console.print(f"[green]已生成：[/]{escape(str(w.path))}")
            else:
                console.print(f"[cyan]无变化：[/]{escape(str(w.path))}（与上次生成的文件相同，未重写）")


def _summary(run: BuildRun) -> Table:
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
        table.add_row(Text(str(r.path)), _STATUS[r.status], warnings, errors, shown)
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
        err_console.print("[bold red]存在错误，未生成文档。[/]请按上表修改工作簿后重试。")
    for note in run.notes:
        err_console.print(f"[yellow]注意：[/]{escape(note)}")
    if run.unchanged:
        console.print("自上次生成以来没有变化，未重写任何文件。")


@app.command()
def build(
    workbooks: List[Path] = typer.Argument(..., help="工作簿 .xlsx，或存放工作簿的文件夹；可以给多个"),
    out: Path = typer.Option(Path("outputs"), "-o", "--out", help="输出目录"),
    formats: Optional[List[Format]] = typer.Option(
        None, "--format", "-f", help="输出格式，可重复（--format docx --format pdf）。默认两种都生成；未安装 LibreOffice 时只生成 docx"
    ),
    template: Path = typer.Option(
        TEMPLATE_DEFAULT, "--template", help="Word 模板", show_default="templates/决算公开说明.docx"
    ),
    fonts: Optional[Path] = typer.Option(None, "--fonts", help="存放正式字体文件（如方正小标宋简体、仿宋_GB2312）的文件夹，生成 PDF 时优先使用"),
    jobs: int = typer.Option(1, "-j", "--jobs", min=1, help="同时处理的工作簿数（并行进程数）"),
) -> None:
    """检查工作簿并生成部门决算公开说明（.docx 和 .pdf）。

    可以一次处理多个工作簿或整个文件夹：逐个检查和生成，某个失败时继续处理其他工作簿，最后列出汇总表；有任何失败时退出码为 1。有错误的工作簿不生成任何文件。

    上次生成后在 Word 中修改过的文件，先备份到输出目录的“备份”文件夹再覆盖。
    """
    from generator.build import BuildOptions, build_many, collect_workbooks

    chosen = tuple(dict.fromkeys(f.value for f in formats)) if formats else ("docx", "pdf")
    options = BuildOptions(
        out_dir=out, formats=chosen, pdf_required=bool(formats) and "pdf" in chosen,
        template=template, font_dir=fonts, jobs=jobs,
    )
    try:
        paths = collect_workbooks(workbooks)
        progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err_console, transient=True, disable=not err_console.is_terminal,
        )
        with progress:
            run = build_many(paths, options, _ProgressBar(progress))
    except PjgenError as exc:
        _fail(exc)
        return
    _print_run(run)
    if not run.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------
# diff


def _marked(old: str, new: str) -> tuple[Text, Text]:
    from generator.diff import inline_spans

    before, after = Text(), Text()
    for op, text in inline_spans(old, new):
        if op == "=":
            before.append(text)
            after.append(text)
        elif op == "-":
            before.append(text, style="bold red")
        else:
            after.append(text, style="bold green")
    return before, after


@app.command()
def diff(
    old: Path = typer.Argument(..., help="原工作簿 .xlsx"),
    new: Path = typer.Argument(..., help="修改后的工作簿 .xlsx"),
    template: Path = typer.Option(
        TEMPLATE_DEFAULT, "--template", help="Word 模板", show_default="templates/决算公开说明.docx"
    ),
) -> None:
    """比较两个工作簿：列出改动的单元格（工作表!单元格，原值 → 新值），以及文档中因此改变的句子和表格单元格。"""
    from generator.diff import compare_workbooks

    try:
        result = compare_workbooks(old, new, template)
    except PjgenError as exc:
        _fail(exc)
        return
    if not result.cells:
        console.print("两个工作簿的内容相同。")
    else:
        table = Table(title=f"改动的单元格（{len(result.cells)} 个）", expand=False)
        table.add_column("位置", no_wrap=True)
        table.add_column("原值", overflow="fold")
        table.add_column("新值", overflow="fold")
        for c in result.cells:
            table.add_row(Text(str(c.ref)), Text(c.old), Text(c.new))
        console.print(table)
    for label, v in (("原工作簿", result.old), ("新工作簿", result.new)):
        if not v.ok:
            print_problems(v)
            err_console.print(f"[bold red]{label} {escape(v.path.name)} 有错误，无法生成文档进行比较。[/]")
    if result.text is None:
        raise typer.Exit(1)
    if not result.text:
        console.print("文档内容没有变化。")
        return
    table = Table(title=f"文档中改变的内容（{len(result.text)} 处）", expand=False, show_lines=True)
    table.add_column("位置", overflow="fold", max_width=36)
    table.add_column("原文", overflow="fold")
    table.add_column("新文", overflow="fold")
    for t in result.text:
        if t.old is not None and t.new is not None:
            before, after = _marked(t.old, t.new)
        else:
            before = Text(t.old if t.old is not None else "（无）", style="red" if t.old is not None else "dim")
            after = Text(t.new if t.new is not None else "（无）", style="green" if t.new is not None else "dim")
        table.add_row(Text(t.where), before, after)
    console.print(table)
