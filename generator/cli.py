"""pjgen command line: parses arguments, calls the pipeline, prints, sets exit codes.

Start-up time matters (``pjgen --help`` well under a second): at import this module
loads only typer and ``generator.cli_zh`` (typer's texts in Chinese); rich, openpyxl,
docxtpl and the pipeline are imported inside the commands that use them.

Everything printed that comes from the user (file names, cell text) goes through
``Text`` objects or ``escape``, never into rich markup: a file named ``[bold]a.xlsx``
prints as is. A new command is one compact block: a function under ``@app.command()``
that catches ``PjgenError`` with ``_fail``.
"""

from __future__ import annotations

import atexit
import enum
import gc
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, List, Optional

import typer

from generator import __version__
from generator.cli_zh import ChineseGroup, is_verbose, technical_detail
from generator.problems import PjgenError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table
    from rich.text import Text

    from generator.build import BuildResult, BuildRun
    from generator.pipeline import Validation
    from generator.workbook import RawBook

app = typer.Typer(
    cls=ChineseGroup,
    help="pjgen：从 Excel 工作簿生成部门决算公开说明（Word/PDF）。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _LazyConsole:
    """A rich Console made on first use: rich is not imported for ``pjgen --help``."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            width = None if sys.stdout.isatty() else 160
            self._console = Console(stderr=self._stderr, highlight=False, emoji=False, width=width)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.real(), name)


console = _LazyConsole(stderr=False)
err_console = _LazyConsole(stderr=True)


def _text(*parts: str | tuple[str, str]) -> Text:
    """A line from plain strings and (string, style) pairs; nothing is read as markup."""
    from rich.text import Text

    return Text.assemble(*parts)


def _error(message: str) -> None:
    err_console.print(_text(("错误：", "bold red"), message))


class Format(str, enum.Enum):
    docx = "docx"
    pdf = "pdf"


def _fail(exc: PjgenError) -> None:
    """Print a PjgenError (and, with --verbose, what the library said) and exit 1."""
    _error(str(exc))
    if is_verbose() and exc.__cause__ is not None:
        err_console.print(_text((technical_detail(exc.__cause__), "dim")))
    raise typer.Exit(1)


def print_problems(v: Validation) -> None:
    from rich.table import Table
    from rich.text import Text

    if not v.problems:
        console.print(_text(("✓", "green"), f" {v.path.name}：未发现问题。"))
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


# ---------------------------------------------------------------------------
# Template packs: --pack / --pack-dir (the `packs` command follows `diff`)

_PACK_HELP = "模板包名称（pjgen packs 列出全部），代替工作簿中记录的模板包"
_PACK_DIR_HELP = "自制模板包的文件夹（内含 template.docx 和 pack.toml）"


def _pack(pack_id: Optional[str], pack_dir: Optional[Path]):
    """The pack chosen on the command line, or None (each workbook's own)."""
    from generator.packs import choose_pack

    if pack_id and pack_dir:
        _error("--pack 和 --pack-dir 只能用一个。")
        raise typer.Exit(2)
    if not pack_id and pack_dir is None:
        return None
    try:
        return choose_pack({}, pack_id, pack_dir)
    except PjgenError as exc:
        _fail(exc)


@app.command()
def check(
    workbook: Path = typer.Argument(..., help="要检查的 .xlsx 工作簿", metavar="工作簿"),
    prior: Optional[Path] = typer.Option(
        None, "--prior", metavar="上年工作簿",
        help="上年工作簿：逐项核对本工作簿中的上年数（由 init --from 生成的工作簿会自动核对）"),
    pack: Optional[str] = typer.Option(None, "--pack", help=_PACK_HELP, metavar="模板包"),
    pack_dir: Optional[Path] = typer.Option(None, "--pack-dir", help=_PACK_DIR_HELP, metavar="文件夹"),
) -> None:
    """检查工作簿：列出所有问题（位置、级别、说明）。有错误时退出码为 1。"""
    with _gc_paused():
        from generator.pipeline import validate_book
        from generator.workbook import read_workbook

        chosen = _pack(pack, pack_dir)
        try:
            book = read_workbook(workbook)  # read once: checked here and against last year's workbook
            v = validate_book(book, chosen)
            _check_prior(v, book, prior)
        except PjgenError as exc:
            _fail(exc)
            return
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


def _check_prior(v: Validation, book: RawBook, prior: Optional[Path]) -> None:
    """Compare the last-year figures with last year's workbook (given, or recorded by init --from)."""
    from generator.carry import prior_problems, recorded_origin, unreviewed_problems

    if prior is None:
        prior = recorded_origin(book)
        if prior is None:
            return
        if not prior.exists():
            console.print(_text(("注意：", "yellow"), f"工作簿记录的上年工作簿 {prior} 不存在，未核对上年数（可用 --prior 指定）。"))
            return
    v.problems.extend(prior_problems(book, prior))
    if v.pack is not None and v.pack.warn_unreviewed:
        v.problems.extend(unreviewed_problems(book, prior, v.pack.selection))
    console.print(_text(f"已与上年工作簿 {prior} 核对上年数。"))


@app.command()
def init(
    path: Path = typer.Argument(..., help="新工作簿的路径，如 2024.xlsx", metavar="路径"),
    source: Optional[Path] = typer.Option(
        None, "--from", metavar="上年工作簿", help="上年工作簿：沿用其文字内容，并以其决算数填写上年数"),
    pack: Optional[str] = typer.Option(None, "--pack", help="模板包名称（pjgen packs 列出全部）；默认 xinjiang-2023",
                                       metavar="模板包"),
    pack_dir: Optional[Path] = typer.Option(None, "--pack-dir", help=_PACK_DIR_HELP, metavar="文件夹"),
) -> None:
    """生成空白工作簿（只含所选模板包需要的工作表和项目、表头、填写说明）。不会覆盖已有文件。"""
    import io

    from generator.output import create_new
    from generator.packs import choose_pack
    from generator.workbook import write_workbook

    if path.suffix.lower() != ".xlsx":
        _error(f"文件名应以 .xlsx 结尾：{path}")
        raise typer.Exit(2)
    if source is not None:
        from generator.carry import carry_forward

        try:
            result = carry_forward(source, path, _pack(pack, pack_dir))
        except PjgenError as exc:
            _fail(exc)
            return
        console.print(_text(f"已根据 {source.name} 生成 {result.year} 年度工作簿：{path}。"))
        console.print(_text(f"取自上年工作簿（上年决算数，check 时核对）：{'；'.join(result.carried)}。"))
        console.print(_text(f"沿用上年内容（浅黄色单元格，需复核）：{'；'.join(result.review)}。"))
        console.print(_text(f"本年数据请导入或填写（pjgen import 导出表.xlsx --into {path}），然后运行 pjgen check {path}。"))
        return
    chosen = _pack(pack, pack_dir) or choose_pack({})
    buffer = io.BytesIO()
    write_workbook(buffer, meta={"pack": chosen.id}, selection=chosen.selection)
    try:
        create_new(path, buffer.getvalue())
    except PjgenError as exc:
        _fail(exc)
    console.print(_text(f"已生成空白工作簿：{path}（模板包 {chosen.id}）。填写后运行 pjgen check {path} 检查。"))


@app.command("import")
def import_(
    export: Path = typer.Argument(..., help="决算软件导出（或单位保存）的报表工作簿 .xlsx", metavar="导出表"),
    into: Path = typer.Option(..., "--into", metavar="工作簿", help="要填入的 pjgen 工作簿（pjgen init 生成）"),
    replace: bool = typer.Option(False, "--replace", help="覆盖目标工作簿中已有数据的公开表"),
) -> None:
    """把导出报表中的公开01–09表填入工作簿：按表名、栏目名和栏次、科目编码和项目名称对应，元自动换算为万元。"""
    from rich.table import Table
    from rich.text import Text

    from generator.importer import import_tables

    try:
        result = import_tables(export, into, replace)
    except PjgenError as exc:
        _fail(exc)
        return
    table = Table(title=Text(f"从 {export.name} 导入"), expand=False)
    for head in ("公开表", "导出表中的工作表", "单位", "结果"):
        table.add_column(head, overflow="fold")
    for t in result.tables:
        unit = t.unit + ("（换算为万元）" if t.unit == "元" else "") + ("" if t.unit_stated else "（未注明，按万元）")
        done = Text(f"已导入 {len(t.rows)} 行", "green") if t.written else Text(t.skipped, "yellow")
        table.add_row(f"{t.spec.code} {t.spec.name}", Text(t.sheet), unit, done)
    for spec in result.missing:
        table.add_row(f"{spec.code} {spec.name}", "（未找到）", "", Text("导出表中没有此表，未导入", "red"))
    console.print(table)
    for title, lines in (("无法对应、未导入的内容", result.unplaced), ("元换算为万元产生的尾差", result.tail)):
        if lines:
            console.print(_text((f"{title}（{len(lines)} 处）：", "yellow")))
            for line in lines:
                console.print(_text(f"  {line}"))
    if result.written:
        console.print(_text(f"已写入 {into}。请运行 pjgen check {into} 检查。"))
    else:
        err_console.print(_text(("没有导入任何表。", "bold red")))
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """显示版本号。"""
    console.print(_text(f"pjgen {__version__}"))


# ---------------------------------------------------------------------------
# build


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
        console.print(_text(("注意：", "yellow"), f"{w.path.name} 在上次生成后被修改过，已备份到 {w.backup}，再写入新文件。"))
    if single:
        for message in result.errors:
            _error(message)
        for w in result.outputs:
            if w.changed:
                console.print(_text(("已生成：", "green"), str(w.path)))
            else:
                console.print(_text(("无变化：", "cyan"), f"{w.path}（与上次生成的文件相同，未重写）"))


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
        err_console.print(_text(("存在错误，未生成文档。", "bold red"), "请按上表修改工作簿后重试。"))
    for note in run.notes:
        err_console.print(_text(("注意：", "yellow"), note))
    if run.unchanged:
        console.print("自上次生成以来没有变化，未重写任何文件。")


@app.command()
def build(
    workbooks: List[Path] = typer.Argument(..., help="工作簿 .xlsx，或存放工作簿的文件夹；可以给多个", metavar="工作簿"),
    out: Path = typer.Option(Path("outputs"), "-o", "--out", help="输出目录", metavar="目录"),
    formats: Optional[List[Format]] = typer.Option(
        None, "--format", "-f", help="输出格式，可重复（--format docx --format pdf）。默认两种都生成；未安装 LibreOffice 时只生成 docx"
    ),
    template: Optional[Path] = typer.Option(
        None, "--template", help="Word 模板文件，代替模板包中的 template.docx", show_default="模板包的 template.docx",
        metavar="文件"
    ),
    pack: Optional[str] = typer.Option(None, "--pack", help=_PACK_HELP, metavar="模板包"),
    pack_dir: Optional[Path] = typer.Option(None, "--pack-dir", help=_PACK_DIR_HELP, metavar="文件夹"),
    fonts: Optional[Path] = typer.Option(
        None, "--fonts", help="存放正式字体文件（如方正小标宋简体、仿宋_GB2312）的文件夹，生成 PDF 时优先使用", metavar="文件夹"
    ),
    jobs: int = typer.Option(1, "-j", "--jobs", min=1, help="同时处理的工作簿数（并行进程数；PDF 也由同样多个 LibreOffice 进程同时转换）", metavar="个数"),
) -> None:
    """检查工作簿并生成部门决算公开说明（.docx 和 .pdf）。

    可以一次处理多个工作簿或整个文件夹：逐个检查和生成，某个失败时继续处理其他工作簿，最后列出汇总表；有任何失败时退出码为 1。有错误的工作簿不生成任何文件。

    上次生成后在 Word 中修改过的文件，先备份到输出目录的“备份”文件夹再覆盖。
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from generator.build import BuildOptions, build_many, collect_workbooks

    chosen = tuple(dict.fromkeys(f.value for f in formats)) if formats else ("docx", "pdf")
    options = BuildOptions(
        out_dir=out, formats=chosen, pdf_required=bool(formats) and "pdf" in chosen,
        template=template, pack=_pack(pack, pack_dir), font_dir=fonts, jobs=jobs,
    )
    try:
        paths = collect_workbooks(workbooks)
        progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err_console.real(), transient=True, disable=not err_console.is_terminal,
        )
        with progress:
            run = build_many(paths, options, _progress_reporter(progress))
    except PjgenError as exc:
        _fail(exc)
        return
    _print_run(run)
    if not run.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------
# diff


def _marked(old: str, new: str) -> tuple[Text, Text]:
    from rich.text import Text

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
    old: Path = typer.Argument(..., help="原工作簿 .xlsx", metavar="原工作簿"),
    new: Path = typer.Argument(..., help="修改后的工作簿 .xlsx", metavar="新工作簿"),
    template: Optional[Path] = typer.Option(
        None, "--template", help="Word 模板文件，代替模板包中的 template.docx", show_default="模板包的 template.docx",
        metavar="文件"
    ),
    pack: Optional[str] = typer.Option(None, "--pack", help=_PACK_HELP, metavar="模板包"),
    pack_dir: Optional[Path] = typer.Option(None, "--pack-dir", help=_PACK_DIR_HELP, metavar="文件夹"),
) -> None:
    """比较两个工作簿：列出改动的单元格（工作表!单元格，原值 → 新值），以及文档中因此改变的句子和表格单元格。"""
    from rich.table import Table
    from rich.text import Text

    from generator.diff import compare_workbooks

    try:
        result = compare_workbooks(old, new, template, _pack(pack, pack_dir))
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
            err_console.print(_text((f"{label} {v.path.name} 有错误，无法生成文档进行比较。", "bold red")))
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


# ---------------------------------------------------------------------------
# packs (the --pack / --pack-dir options are read by _pack above)


@app.command()
def packs(
    check_dir: Optional[Path] = typer.Option(
        None, "--check", help="检查一个模板包文件夹：模板中的标记和 pack.toml", metavar="文件夹"),
) -> None:
    """列出可用的模板包（各省格式）；--check 文件夹 检查自制的模板包。"""
    from rich.table import Table
    from rich.text import Text

    from generator.packs import available_packs

    if check_dir is not None:
        from generator.packcheck import check_pack

        findings = check_pack(check_dir)
        for f in findings:
            _error(f)
        if findings:
            err_console.print(f"共 {len(findings)} 个问题。")
            raise typer.Exit(1)
        console.print(_text(("✓", "green"), f" {check_dir}：模板包没有问题。"))
        return
    try:
        found = available_packs()
    except PjgenError as exc:
        _fail(exc)
        return
    table = Table(title="模板包", expand=False)
    for head in ("名称（--pack）", "地区", "年度"):
        table.add_column(head, no_wrap=True)
    table.add_column("说明", overflow="fold")
    for p in found:
        table.add_row(Text(p.id), Text(p.region), str(p.year), Text(p.description))
    console.print(table)

# ---------------------------------------------------------------------------
# serve


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；0.0.0.0 供局域网中的其他电脑访问（需要令牌）", metavar="地址"),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="端口；0 表示自动选择空闲端口", metavar="端口"),
    token: Optional[str] = typer.Option(None, "--token", help="访问令牌；监听非本机地址时不给则自动生成", metavar="令牌"),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器"),
    processes: int = typer.Option(1, "-j", "--jobs", min=1, help="常驻的 LibreOffice 进程数（同时转换的 PDF 数）", metavar="个数"),
    max_size: float = typer.Option(20, "--max-size", min=0.1, help="每个工作簿的上传上限（MB）", metavar="MB"),
    keep_minutes: float = typer.Option(60, "--keep-minutes", min=1, help="上传的文件多久不用后删除（分钟）", metavar="分钟"),
    fonts: Optional[Path] = typer.Option(None, "--fonts", help="正式字体文件所在文件夹，生成 PDF 时优先使用", metavar="文件夹"),
    time_limit: float = typer.Option(120, "--time-limit", min=1, help="每次检查或生成的时间上限（秒），超过即停止并告知", metavar="秒"),
    max_files: int = typer.Option(50, "--max-files", min=1, help="批量上传一次最多的工作簿数", metavar="个数"),
) -> None:
    """启动网页版：在浏览器中检查工作簿、生成文档、比较修改、批量处理。按 Ctrl+C 停止。"""
    from generator.web.app import MB, Limits, WebSettings
    from generator.web.serve import free_port, run

    settings = WebSettings(max_upload=int(max_size * MB), idle=keep_minutes * 60, token=token,
                           pdf_processes=processes, font_dir=fonts, limits=Limits(seconds=time_limit),
                           max_batch=max_files)

    def announce(plan) -> None:
        if plan.warning:
            err_console.print(_text((plan.warning, "bold yellow")))
        console.print(_text(f"pjgen 网页版已启动：{plan.url}  （按 Ctrl+C 停止）"))
        if plan.shared_url and plan.shared_url != plan.url:
            console.print(_text(f"局域网中的其他电脑请打开：{plan.shared_url}"))

    try:
        run(settings, host, port or free_port(host), open_browser=not no_browser, announce=announce)
    except OSError as exc:
        from generator.problems import describe_os_error

        _error(f"无法在 {host}:{port or '自动选择的端口'} 启动服务：{describe_os_error(exc)}。请换一个端口（--port）或地址（--host）。")
        raise typer.Exit(1)
