"""Builds any number of workbooks: each is validated and rendered (in worker
processes with ``jobs`` > 1), its .docx written through ``output.publish`` and,
for a PDF, handed at once to one LibreOffice pool (``jobs`` soffice processes
side by side, or the long-lived pool given in the options), which converts it
while the next workbooks render (``conversions``). A failing workbook, or a
document LibreOffice cannot convert, never stops the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import workers
from generator.conversions import Conversions
from generator.output import (
    Manifest,
    OutputFailed,
    Written,
    is_current,
    prepare_out_dir,
    publish,
    remove_if_empty,
    sha256_bytes,
    sha256_file,
    staging_dir,
)
from generator.packs import Pack
from generator.pipeline import (
    Validation,
    output_name,
    render_report,
    validate,
)
from generator.problems import (
    ConversionFailed,
    OutputLocked,
    PjgenError,
    TemplateMissing,
    WorkbookNotFound,
    describe_os_error,
)

if TYPE_CHECKING:
    from generator.convert import SofficePool

FORMATS = ("docx", "pdf")


# ---------------------------------------------------------------------------
# Building


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path = Path("outputs")
    formats: tuple[str, ...] = FORMATS
    pdf_required: bool = False  # PDF asked for explicitly: no LibreOffice is an error, not a note
    template: Path | None = None  # None: each workbook's pack's template.docx
    pack: Pack | None = None  # None: the pack each workbook records (--pack / --pack-dir override)
    font_dir: Path | None = None
    jobs: int = 1  # worker processes for rendering, and soffice processes for PDF
    timeout: float = 180
    pool: SofficePool | None = None  # a running pool (e.g. the web server's) instead of one per run


@dataclass
class BuildResult:
    """What happened to one workbook."""

    path: Path
    validation: Validation | None = None  # None when the workbook could not be read; report is not kept
    name: str | None = None  # output file name without suffix
    outputs: list[Written] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # failures other than validation problems

    @property
    def status(self) -> str:
        """``failed``, ``invalid`` (validation errors), ``unchanged`` or ``built``."""
        if self.errors or self.validation is None:
            return "failed"
        if not self.validation.ok:
            return "invalid"
        if self.outputs and not any(w.changed for w in self.outputs):
            return "unchanged"
        return "built"

    @property
    def ok(self) -> bool:
        return self.status in ("built", "unchanged")

    def _output(self, suffix: str) -> Path | None:
        return next((w.path for w in self.outputs if w.path.suffix == suffix), None)

    @property
    def docx(self) -> Path | None:
        return self._output(".docx")

    @property
    def pdf(self) -> Path | None:
        return self._output(".pdf")

    @property
    def backups(self) -> list[Written]:
        return [w for w in self.outputs if w.backup is not None]


@dataclass
class BuildRun:
    results: list[BuildResult]
    notes: list[str] = field(default_factory=list)  # about the whole run, e.g. PDF skipped

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def unchanged(self) -> bool:
        return bool(self.results) and all(r.status == "unchanged" for r in self.results)


class Reporter:
    """Progress callbacks (no-ops here); the CLI overrides them to drive its progress bar."""

    def started(self, total: int) -> None:
        pass

    def finished(self, result: BuildResult) -> None:
        """A workbook is validated, rendered and its .docx written."""

    def converting(self, count: int) -> None:
        pass

    def converted(self) -> None:
        pass


def collect_workbooks(items: Iterable[Path]) -> list[Path]:
    """Expand folders into their .xlsx files (name order); keep files as given, once each.

    Excel's lock files (~$name.xlsx) and hidden files are skipped. A path that
    does not exist stays in the list: building it reports the problem.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for item in items:
        item = Path(item)
        if item.is_dir():
            books = sorted(
                p for p in item.iterdir()
                if p.suffix.lower() == ".xlsx" and p.is_file() and not p.name.startswith(("~$", "."))
            )
            if not books:
                raise WorkbookNotFound(f"文件夹 {item} 中没有 .xlsx 工作簿。")
        else:
            books = [item]
        for book in books:
            key = book.resolve()
            if key not in seen:
                seen.add(key)
                found.append(book)
    return found


@dataclass
class Rendered:
    """A worker's result for one workbook (picklable: the Report itself is dropped)."""

    path: Path
    validation: Validation | None = None
    name: str | None = None
    data: bytes | None = None
    input_sha256: str | None = None
    error: str | None = None


def render_workbook(path: Path, template: Path | None, pack: Pack | None = None) -> Rendered:
    """Validate and render one workbook. Never raises PjgenError: it becomes ``error``."""
    try:
        v = validate(path, pack, template)
        slim = Validation(v.path, None, v.problems, v.pack)
        if not v.ok or v.report is None:
            return Rendered(Path(path), slim)
        if v.pack is not None:
            from generator.packcheck import field_link_warnings

            slim.problems.extend(field_link_warnings(v.pack, template))
        data = render_report(v.report, template, v.pack)
        return Rendered(Path(path), slim, output_name(v.report, v.pack), data, sha256_file(path))
    except PjgenError as exc:
        return Rendered(Path(path), error=str(exc))


def _render_all(paths: Sequence[Path], template: Path | None, jobs: int,
                pack: Pack | None = None) -> Iterator[Rendered]:
    """Rendered workbooks in input order; in ``jobs`` worker processes when > 1."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield render_workbook(path, template, pack)
        return
    pool = workers.pool(min(jobs, len(paths)))
    try:
        futures: list[Future[Rendered]] = [pool.submit(render_workbook, path, template, pack) for path in paths]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def no_soffice_message(required: bool) -> str:
    from generator.soffice_find import HOW_TO_GET_PDF

    if required:
        return f"未找到 LibreOffice（soffice），无法生成 PDF；只需要 Word 文档时用 --format docx。{HOW_TO_GET_PDF}"
    return f"未找到 LibreOffice（soffice），本次只生成了 Word 文档（.docx），没有生成 PDF。{HOW_TO_GET_PDF}"


@dataclass
class _PendingPdf:
    result: BuildResult
    staged_docx: Path
    record: dict[str, str | None]


class _Build:
    """One run of build_many: owns the manifest and the staging folder."""

    def __init__(self, options: BuildOptions, want_docx: bool, want_pdf: bool, count: int = 1) -> None:
        self.options = options
        self.out_dir = Path(options.out_dir)
        self.want_docx = want_docx
        self.want_pdf = want_pdf
        self.fonts = str(Path(options.font_dir).resolve()) if options.font_dir else None
        self.manifest = Manifest(self.out_dir)
        self.names: dict[str, Path] = {}
        self.pending: list[_PendingPdf] = []
        self.stage: Path | None = None
        self.conversions: Conversions | None = None  # made with the staging folder
        self.converters = contextlib.ExitStack()
        self.pool = options.pool
        if want_pdf and self.pool is None:  # LibreOffice starts while the documents render
            from generator import convert

            self.pool = self.converters.enter_context(convert.started(
                max(1, min(options.jobs, count)), font_dir=options.font_dir, timeout=options.timeout))

    def write_docx(self, r: Rendered) -> BuildResult:
        result = BuildResult(r.path, r.validation, r.name)
        if r.error is not None:
            result.errors.append(r.error)
            return result
        if r.data is None or r.name is None:
            return result  # validation errors: nothing is written
        if r.name in self.names:
            first = self.names[r.name]
            result.errors.append(
                f"与 {first.name} 的单位名称和年度相同，会生成同名文件“{r.name}”，未写入。请检查两个工作簿的“单位信息”。"
            )
            return result
        self.names[r.name] = r.path
        docx_hash = sha256_bytes(r.data)
        record = {"input": str(r.path), "input_sha256": r.input_sha256}
        if self.want_docx:
            try:
                result.outputs.append(publish(self.out_dir / f"{r.name}.docx", r.data, self.manifest, **record))
            except (OutputLocked, OutputFailed) as exc:
                result.errors.append(str(exc))
                return result  # no PDF either: the two files stay a matching pair
            finally:
                self._save_manifest(result)
        if self.want_pdf:
            pdf = self.out_dir / f"{r.name}.pdf"
            pdf_record = {**record, "source_sha256": docx_hash, "fonts": self.fonts}
            if is_current(pdf, self.manifest, source_sha256=docx_hash, fonts=self.fonts):
                result.outputs.append(Written(pdf, changed=False))
                return result
            try:
                if self.stage is None:
                    self.stage = staging_dir(self.out_dir)
                    self.conversions = Conversions(
                        self.stage / "pdf", self.pool, timeout=self.options.timeout,
                        font_dir=self.options.font_dir, processes=self.options.jobs)
                staged = self.stage / f"{r.name}.docx"
                staged.write_bytes(r.data)
            except OutputFailed as exc:
                result.errors.append(str(exc))
                return result
            except OSError as exc:
                result.errors.append(f"无法在 {self.out_dir} 中写入临时文件：{describe_os_error(exc)}。请检查磁盘空间。")
                return result
            self.pending.append(_PendingPdf(result, staged, pdf_record))
            assert self.conversions is not None
            self.conversions.add(staged)  # converted while the next workbooks render
        return result

    def _save_manifest(self, result: BuildResult | None = None) -> None:
        try:
            self.manifest.save()
        except (OutputLocked, OutputFailed) as exc:
            message = f"无法更新生成记录 {self.manifest.path.name}：{exc}"
            if result is not None:
                result.errors.append(message)
            else:
                for p in self.pending:
                    p.result.errors.append(message)

    def convert(self) -> None:
        """Wait for the PDFs (converted since each .docx was written) and publish them."""
        assert self.conversions is not None
        for p, outcome in zip(self.pending, self.conversions.outcomes()):
            if isinstance(outcome, (ConversionFailed, OutputLocked)):
                p.result.errors.append(str(outcome))
                continue
            if outcome.pdf is None:
                p.result.errors.append(outcome.error or "PDF 转换失败。")
                continue
            try:
                p.result.outputs.append(publish(self.out_dir / outcome.pdf.name, outcome.pdf, self.manifest, **p.record))
            except (OutputLocked, OutputFailed) as exc:
                p.result.errors.append(str(exc))
        self._save_manifest()

    def cleanup(self) -> None:
        if self.conversions is not None:
            self.conversions.close()
        self.converters.close()
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)


def build_many(paths: Sequence[Path], options: BuildOptions = BuildOptions(), reporter: Reporter | None = None) -> BuildRun:
    """Build every workbook; keeps going past failing ones.

    Raises PjgenError only for what stops the whole run: no template, an
    unusable output folder, or PDF asked for explicitly without LibreOffice.
    """
    from generator.convert import find_soffice

    reporter = reporter or Reporter()
    unknown = sorted(set(options.formats) - set(FORMATS))
    if unknown or not options.formats:
        raise PjgenError(f"不支持的输出格式：{'、'.join(unknown) or '（空）'}。可选：docx、pdf。")
    template = Path(options.template) if options.template is not None else None
    if template is None and options.pack is not None:
        template = options.pack.template
    if template is not None and not template.is_file():
        raise TemplateMissing(f"找不到 Word 模板：{template}。请确认模板包完整，或用 --pack、--pack-dir、--template 指定模板。")
    notes: list[str] = []
    want_pdf = "pdf" in options.formats
    if want_pdf and find_soffice() is None:
        if options.pdf_required:
            raise ConversionFailed(no_soffice_message(required=True))
        want_pdf = False
        notes.append(no_soffice_message(required=False))
    want_docx = "docx" in options.formats or not want_pdf  # without LibreOffice the .docx is still written
    created = prepare_out_dir(Path(options.out_dir))

    run = BuildRun([], notes)
    build = _Build(options, want_docx, want_pdf, len(paths))
    reporter.started(len(paths))
    try:
        for rendered in _render_all(list(paths), template, options.jobs, options.pack):
            result = build.write_docx(rendered)
            run.results.append(result)
            reporter.finished(result)
        if build.pending:
            reporter.converting(len(build.pending))
            build.convert()
            reporter.converted()
    finally:
        build.cleanup()
        remove_if_empty(created)  # nothing written (refused or failed): no new empty folder
    return run


def build(path: Path, out_dir: Path, options: BuildOptions | None = None) -> BuildResult:
    """Build one workbook into ``out_dir``; see ``build_many``."""
    opts = dataclasses.replace(options or BuildOptions(), out_dir=Path(out_dir), jobs=1)
    return build_many([Path(path)], opts).results[0]
