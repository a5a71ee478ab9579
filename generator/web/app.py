"""The web application: pages and the JSON endpoints their scripts call.

Every endpoint that takes a workbook saves it into a new upload folder (see
``store``) and hands the path to the library functions the CLI uses:
``pipeline.validate``, ``build.build_many``, ``diff.compare_workbooks``,
``workbook.write_workbook``. PDF conversion runs outside the request, in
``PdfService``'s threads, on one warm ``convert.SofficePool``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import threading
import zipfile
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.build import BuildOptions, BuildResult, Reporter, build_many, no_soffice_message
from generator.pipeline import Validation, validate_book
from generator.problems import PjgenError, Problem
from generator.web.store import Store, Upload
from generator.workbook import RawSheet, read_workbook, write_workbook

log = logging.getLogger("pjgen.web")
_R = TypeVar("_R")

HERE = Path(__file__).parent
SESSION_COOKIE = "pjgen_session"
TOKEN_COOKIE = "pjgen_token"
MB = 1024 * 1024
_FORM_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the files
_SHEET_ROWS, _SHEET_COLS = 400, 30  # the part of a sheet shown beside the problems
_ZIP_MEMBERS = 200


@dataclass
class WebSettings:
    max_upload: int = 20 * MB  # per workbook
    max_batch: int = 50  # workbooks per batch
    idle: float = 3600  # seconds an unused upload is kept
    token: str | None = None  # when set, every page and endpoint needs it
    pdf_processes: int = 1  # warm LibreOffice processes
    timeout: float = 180
    font_dir: Path | None = None
    template: Path | None = None  # None: each workbook's template pack decides
    root: Path | None = None  # folder for the uploads (default: a new temporary folder)
    sweep_every: float = 60  # seconds between clean-ups of idle uploads


class UploadRefused(Exception):
    """The request cannot be served; the message (Chinese) goes back to the page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------
# PDF in the background


class PdfService:
    """Converts documents in ``processes`` threads on one lazily started SofficePool."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._pool: Any = None
        self._lock = threading.Lock()
        self.threads = ThreadPoolExecutor(max_workers=settings.pdf_processes, thread_name_prefix="pjgen-pdf")

    def available(self) -> bool:
        from generator.convert import find_soffice

        return find_soffice() is not None

    def pool(self) -> Any:
        from generator.convert import SofficePool

        with self._lock:
            if self._pool is None:
                self._pool = SofficePool(
                    self.settings.pdf_processes, font_dir=self.settings.font_dir, timeout=self.settings.timeout
                )
            return self._pool

    def warm(self) -> None:
        """Start LibreOffice now (in the background), so the first PDF waits for conversion only."""
        if self.available():
            self.threads.submit(lambda: self.pool().warm())

    def convert(self, docx: Path) -> tuple[Path | None, str | None]:
        from generator.convert import convert_each

        [done] = convert_each([docx], docx.parent, pool=self.pool())
        return done.pdf, done.error

    def close(self) -> None:
        self.threads.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


# ---------------------------------------------------------------------------
# Presenting library results


def split_advice(message: str) -> tuple[str, str]:
    """A problem message as (说明, 怎么改): the advice is the closing sentence starting with 请."""
    for mark in ("。请", "，请", "；请"):
        at = message.rfind(mark)
        if at >= 0:
            return message[: at + 1], message[at + 1 :]
    return message, ""


def problem_json(p: Problem) -> dict[str, Any]:
    what, how = split_advice(p.message)
    return {
        "level": p.severity.value,
        "error": p.is_error,
        "ref": str(p.ref) if p.ref else "",
        "sheet": p.ref.sheet if p.ref else "",
        "cell": p.ref.cell if p.ref else "",
        "what": what,
        "how": how,
        "code": p.code,
    }


def _cell_text(value: Any) -> str:
    from generator.diff import EMPTY, show_value

    text = show_value(value)
    return "" if text == EMPTY else text


def sheet_view(sheet: RawSheet, cells: list[str]) -> dict[str, Any]:
    """The top-left part of a sheet (and every problem cell inside reach) as rows of text."""
    rows = min(max([sheet.max_row] + [coordinate_from_string(c)[1] for c in cells]), _SHEET_ROWS)
    cols = min(max([sheet.max_col] + [column_index_from_string(coordinate_from_string(c)[0]) for c in cells]), _SHEET_COLS)
    grid = [[_cell_text(sheet.value(r, c)) for c in range(1, cols + 1)] for r in range(1, rows + 1)]
    return {"name": sheet.name, "rows": grid, "cells": cells}


def validation_json(v: Validation, sheets: dict[str, RawSheet] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "errors": len(v.errors),
        "warnings": len(v.warnings),
        "problems": [problem_json(p) for p in v.problems],
    }
    if sheets is not None:
        by_sheet: dict[str, list[str]] = {}
        for p in v.problems:
            if p.ref and p.ref.sheet in sheets:
                by_sheet.setdefault(p.ref.sheet, []).append(p.ref.cell)
        result["sheets"] = [sheet_view(sheets[name], cells) for name, cells in by_sheet.items()]
    return result


def _scrub(message: str, folder: Path) -> str:
    """Library messages name files by path: show the user's file name only, never the server's folders."""
    for prefix in (str(folder.resolve()), str(folder)):
        for sep in ("/in/", "/out/", "/"):
            message = message.replace(prefix + sep, "")
    return message


# ---------------------------------------------------------------------------
# The application


@dataclass
class Web:
    settings: WebSettings
    store: Store
    pdf: PdfService
    batches: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, thread_name_prefix="pjgen-batch"))


def _web(request: Request) -> Web:
    return request.app.state.web


def _session(request: Request) -> str:
    return request.state.session


async def _files(request: Request, limit: int) -> list[UploadFile]:
    """The uploaded files of a multipart form, refused early when the body is too large."""
    size = request.headers.get("content-length")
    if size is None or not size.isdigit():
        raise UploadRefused("请求缺少长度信息，请用页面上的按钮上传。", 411)
    max_upload = _web(request).settings.max_upload
    if int(size) > limit + _FORM_OVERHEAD:
        raise UploadRefused(
            f"文件太大：上传限制为每个工作簿 {max_upload / MB:g} MB。请确认选择的是部门决算工作簿（.xlsx）。", 413
        )
    form = await request.form(max_files=_web(request).settings.max_batch + 2, max_fields=20)
    request.state.form = form  # closed by _with_form once the endpoint is done
    files = [v for _, v in form.multi_items() if isinstance(v, UploadFile) and v.filename]
    for f in files:
        if f.size is not None and f.size > max_upload and not f.filename.lower().endswith(".zip"):
            raise UploadRefused(f"{f.filename} 太大：上传限制为每个工作簿 {max_upload / MB:g} MB。", 413)
    return files


def _new_upload(request: Request) -> Upload:
    """A new upload folder for this session; kept from the idle clean-up until the request ends."""
    upload = _web(request).store.new(_session(request))
    request.state.uploads = [*getattr(request.state, "uploads", []), upload]
    return upload


def _with_form(endpoint: RequestResponseEndpoint) -> RequestResponseEndpoint:
    """Close the uploaded files' temporary copies and release the new uploads when the endpoint is done."""

    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        finally:
            form = getattr(request.state, "form", None)
            if form is not None:
                await form.close()
            for upload in getattr(request.state, "uploads", []):
                upload.release()

    return run


def _save(upload_file: UploadFile, upload: Upload, max_upload: int) -> Path:
    name = upload_file.filename or "workbook.xlsx"
    if not name.lower().endswith(".xlsx"):
        raise UploadRefused(f"{Path(name).name}：只接受 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中另存为 .xlsx 后上传。")
    target = upload.path_for(name)
    written = 0
    with target.open("wb") as out:
        upload_file.file.seek(0)
        while chunk := upload_file.file.read(1 << 20):
            written += len(chunk)
            if written > max_upload:
                out.close()
                target.unlink(missing_ok=True)
                raise UploadRefused(f"{target.name} 太大：上传限制为每个工作簿 {max_upload / MB:g} MB。", 413)
            out.write(chunk)
    return target


def _read_and_check(path: Path) -> tuple[Validation, dict[str, RawSheet]]:
    book = read_workbook(path)  # the content check: a non-.xlsx file gets the CLI's message here
    return validate_book(book), book.sheets


async def _receive(request: Request, count: int, refusal: str) -> tuple[Web, Upload, list[Path]]:
    """Exactly ``count`` uploaded workbooks, saved in a new upload folder; else ``refusal``."""
    web = _web(request)
    files = await _files(request, count * web.settings.max_upload)
    if len(files) != count:
        raise UploadRefused(refusal)
    upload = _new_upload(request)
    return web, upload, [_save(f, upload, web.settings.max_upload) for f in files]


async def _in_thread(upload: Upload, work: Callable[..., _R], *args: Any) -> _R:
    """Run ``work`` off the event loop; a PjgenError becomes the page's refusal, paths scrubbed."""
    try:
        return await run_in_threadpool(work, *args)
    except PjgenError as exc:
        raise UploadRefused(_scrub(str(exc), upload.folder)) from exc


async def api_check(request: Request) -> Response:
    _, upload, (path,) = await _receive(request, 1, "请选择一个工作簿（.xlsx）。")
    v, sheets = await _in_thread(upload, _read_and_check, path)
    return JSONResponse({"id": upload.id, "name": path.name, **validation_json(v, sheets)})


def _build_docx(path: Path, out: Path, template: Path | None) -> BuildResult:
    return build_many([path], BuildOptions(out_dir=out, formats=("docx",), template=template)).results[0]


async def api_build(request: Request) -> Response:
    web, upload, (path,) = await _receive(request, 1, "请选择一个工作簿（.xlsx）。")
    result = await run_in_threadpool(_build_docx, path, upload.folder / "out", web.settings.template)
    answer: dict[str, Any] = {"id": upload.id, "name": path.name}
    if result.validation is not None:
        answer.update(validation_json(result.validation))
    if result.errors or result.docx is None:
        if result.validation is not None and not result.validation.ok:
            message = f"工作簿有 {len(result.validation.errors)} 个错误，没有生成文档。请按下表修改后重新上传。"
        else:
            message = "；".join(_scrub(e, upload.folder) for e in result.errors) or "没有生成文档。"
        return JSONResponse({**answer, "ok": False, "message": message})
    answer.update(ok=True, docx=f"/files/{upload.id}/{upload.offer(result.docx)}")
    if web.pdf.available():
        upload.state.update(pdf="converting", busy=True)
        web.pdf.threads.submit(_convert_one, web, upload, result.docx)
    else:
        upload.state.update(pdf="unavailable", message=no_soffice_message(required=False))
    answer.update(_pdf_state(upload))
    return JSONResponse(answer)


def _convert_one(web: Web, upload: Upload, docx: Path) -> None:
    try:
        pdf, error = web.pdf.convert(docx)
        if pdf is not None:
            upload.state.update(pdf="done", url=f"/files/{upload.id}/{upload.offer(pdf)}")
        else:
            upload.state.update(pdf="failed", message=_scrub(error or "PDF 转换失败。", upload.folder))
    except PjgenError as exc:
        upload.state.update(pdf="failed", message=_scrub(str(exc), upload.folder))
    except Exception:  # noqa: BLE001 - the page must hear of it; the server goes on
        log.exception("PDF conversion failed")
        upload.state.update(pdf="failed", message="PDF 转换时服务器出错，请重试。")
    finally:
        upload.state["busy"] = False


def _pdf_state(upload: Upload) -> dict[str, Any]:
    return {k: upload.state[k] for k in ("pdf", "url", "message") if k in upload.state}


def _owned(request: Request) -> Upload:
    upload = _web(request).store.get(_session(request), request.path_params["upload_id"])
    if upload is None:
        raise UploadRefused("找不到这次上传：可能已超过保留时间被删除，请重新上传。", 404)
    return upload


async def api_build_state(request: Request) -> Response:
    return JSONResponse(_pdf_state(_owned(request)))


def _diff(old: Path, new: Path, template: Path | None) -> dict[str, Any]:
    from generator.diff import compare_workbooks, inline_spans

    c = compare_workbooks(old, new, template)
    text = None
    if c.text is not None:
        text = []
        for t in c.text:
            spans = inline_spans(t.old, t.new) if t.old is not None and t.new is not None else None
            text.append({"kind": t.kind, "where": t.where, "old": t.old, "new": t.new, "spans": spans})
    return {
        "cells": [{"ref": str(x.ref), "old": x.old, "new": x.new} for x in c.cells],
        "text": text,
        "old": {"name": old.name, **validation_json(c.old)},
        "new": {"name": new.name, **validation_json(c.new)},
    }


async def api_diff(request: Request) -> Response:
    web, upload, (old, new) = await _receive(request, 2, "请选择两个工作簿：原工作簿和修改后的工作簿。")
    return JSONResponse(await _in_thread(upload, _diff, old, new, web.settings.template))


async def api_blank(request: Request) -> Response:
    """A blank workbook for the pack chosen on the page (?pack=ID), as `pjgen init --pack ID` writes it."""
    from generator.packs import DEFAULT_PACK, find_pack

    try:
        pack = find_pack(request.query_params.get("pack") or DEFAULT_PACK)
    except PjgenError as exc:
        raise UploadRefused(str(exc)) from exc
    upload = _new_upload(request)
    path = upload.folder / "out" / f"部门决算公开工作簿（{pack.id}）.xlsx"
    path.parent.mkdir()
    await run_in_threadpool(lambda: write_workbook(path, meta={"pack": pack.id}, selection=pack.selection))
    upload.offer(path)
    return FileResponse(path, filename=path.name, media_type=_MEDIA[".xlsx"])


def _next_year(source: Path, pack_id: str | None) -> dict[str, Any]:
    from generator.carry import carry_forward
    from generator.packs import find_pack

    # Beside its source, so that the workbook's record of it ("2023.xlsx") holds when the user keeps both together.
    draft = source.parent / f".next-{secrets.token_hex(4)}.xlsx"
    result = carry_forward(source, draft, find_pack(pack_id) if pack_id else None)
    target = source.parent / f"{result.year}年度工作簿.xlsx"
    if target.exists():
        target = source.parent / f"{result.year}年度工作簿（新）.xlsx"
    draft.rename(target)
    return {"path": target, "year": result.year, "carried": result.carried, "review": result.review}


async def api_next_year(request: Request) -> Response:
    """Next year's workbook (?pack=ID: for another pack, as `pjgen init --from --pack ID`)."""
    _, upload, (source,) = await _receive(request, 1, "请选择上年的工作簿（.xlsx）。")
    made = await _in_thread(upload, _next_year, source, request.query_params.get("pack") or None)
    path = made.pop("path")
    return JSONResponse({"name": path.name, "url": f"/files/{upload.id}/{upload.offer(path)}", **made})


# --- batches -----------------------------------------------------------------


def _unpack(upload_file: UploadFile, upload: Upload, settings: WebSettings) -> list[Path]:
    """The .xlsx members of an uploaded .zip (names flattened; folders, hidden and lock files skipped)."""
    try:
        upload_file.file.seek(0)
        archive = zipfile.ZipFile(upload_file.file)
        members = [
            m for m in archive.infolist()
            if not m.is_dir() and m.filename.lower().endswith(".xlsx")
            and not Path(m.filename).name.startswith(("~$", ".")) and "__MACOSX" not in m.filename
        ]
    except zipfile.BadZipFile as exc:
        raise UploadRefused(f"{upload_file.filename} 不是有效的 .zip 压缩包。") from exc
    if len(members) > settings.max_batch:
        raise UploadRefused(f"{upload_file.filename} 中的工作簿超过 {settings.max_batch} 个，请分批上传。")
    paths = []
    for m in members:
        if m.file_size > settings.max_upload:
            raise UploadRefused(f"{m.filename} 太大：上传限制为每个工作簿 {settings.max_upload / MB:g} MB。", 413)
        target = upload.path_for(m.filename)
        with archive.open(m) as src, target.open("wb") as out:
            data = src.read(settings.max_upload + 1)
            if len(data) > settings.max_upload:  # the size in the directory lied
                raise UploadRefused(f"{m.filename} 太大：上传限制为每个工作簿 {settings.max_upload / MB:g} MB。", 413)
            out.write(data)
        paths.append(target)
    return paths


class _BatchProgress(Reporter):
    def __init__(self, upload: Upload, items: dict[Path, dict[str, Any]], folder: Path) -> None:
        self.upload, self.items, self.folder = upload, items, folder

    def finished(self, result: BuildResult) -> None:
        item = self.items[result.path]
        v = result.validation
        if v is not None:
            item.update(errors=len(v.errors), warnings=len(v.warnings), problems=[problem_json(p) for p in v.problems])
        if result.status == "invalid":
            item.update(state="invalid", label=f"错误 {len(v.errors) if v else 0}")
        elif result.errors:
            item.update(state="failed", label="失败", message="；".join(_scrub(e, self.folder) for e in result.errors))
        else:
            item.update(state="pdf", label="PDF 转换中")
        if result.docx is not None:
            item["docx"] = f"/files/{self.upload.id}/{self.upload.offer(result.docx)}"

    def converting(self, count: int) -> None:
        self.upload.state["label"] = f"正在转换 PDF（{count} 个文档）"


def _run_batch(web: Web, upload: Upload, paths: list[Path]) -> None:
    items = {p: upload.state["items"][i] for i, p in enumerate(paths)}
    try:
        want_pdf = web.pdf.available()
        options = BuildOptions(
            out_dir=upload.folder / "out", formats=("docx", "pdf") if want_pdf else ("docx",),
            template=web.settings.template, pool=web.pdf.pool() if want_pdf else None,
        )
        run = build_many(paths, options, _BatchProgress(upload, items, upload.folder))
        for result in run.results:
            item = items[result.path]
            if result.status == "invalid":
                continue
            if result.errors:
                item.update(state="failed", label="失败", message="；".join(_scrub(e, upload.folder) for e in result.errors))
            else:
                warnings = item.get("warnings", 0)
                item.update(state="built", label=f"已生成（警告 {warnings}）" if warnings else "已生成")
            if result.pdf is not None:
                item["pdf"] = f"/files/{upload.id}/{upload.offer(result.pdf)}"
        if any(r.outputs for r in run.results):
            archive = upload.folder / "全部文档.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
                for r in run.results:
                    for w in r.outputs:
                        z.write(w.path, w.path.name)
            upload.state["zip"] = f"/files/{upload.id}/{upload.offer(archive)}"
        upload.state["notes"] = [] if want_pdf else [no_soffice_message(required=False)]
    except PjgenError as exc:
        upload.state["notes"] = [_scrub(str(exc), upload.folder)]
        for item in items.values():
            if item["state"] == "checking":
                item.update(state="failed", label="失败")
    except Exception:  # noqa: BLE001
        log.exception("batch failed")
        upload.state["notes"] = ["处理这批工作簿时服务器出错，请重试。"]
    finally:
        upload.state.update(done=True, busy=False, label="完成")


async def api_batch(request: Request) -> Response:
    web = _web(request)
    settings = web.settings
    files = await _files(request, settings.max_upload * settings.max_batch)
    if not files:
        raise UploadRefused("请选择工作簿（.xlsx）或装有工作簿的 .zip 压缩包。")
    upload = _new_upload(request)
    paths: list[Path] = []
    for f in files:
        if (f.filename or "").lower().endswith(".zip"):
            paths += await run_in_threadpool(_unpack, f, upload, settings)
        else:
            paths.append(_save(f, upload, settings.max_upload))
    if not paths:
        raise UploadRefused("没有找到 .xlsx 工作簿。")
    if len(paths) > settings.max_batch:
        raise UploadRefused(f"一次最多处理 {settings.max_batch} 个工作簿，请分批上传。")
    upload.state.update(
        busy=True, done=False, label="检查中",
        items=[{"name": p.name, "state": "checking", "label": "检查中"} for p in paths],
    )
    web.batches.submit(_run_batch, web, upload, paths)
    return JSONResponse({"id": upload.id, **upload.state})


async def api_batch_state(request: Request) -> Response:
    upload = _owned(request)
    return JSONResponse({k: v for k, v in upload.state.items() if k != "busy"})


# --- downloads and pages ---------------------------------------------------------

_MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


async def download(request: Request) -> Response:
    upload = _owned(request)
    name = request.path_params["name"]
    path = upload.files.get(name)  # only names the server registered; nothing is joined from the request
    if path is None or not path.is_file():
        raise UploadRefused("找不到该文件。", 404)
    inline = path.suffix == ".pdf" and request.query_params.get("download") is None
    return FileResponse(
        path, media_type=_MEDIA.get(path.suffix, "application/octet-stream"),
        filename=path.name, content_disposition_type="inline" if inline else "attachment",
    )


PAGES = {
    "/": ("check.html", "上传检查"),
    "/build": ("build.html", "生成"),
    "/diff": ("diff.html", "修改对比"),
    "/blank": ("blank.html", "空白工作簿 / 下一年"),
    "/batch": ("batch.html", "批量"),
}


def _page(request: Request) -> Response:
    template, title = PAGES[request.url.path]
    env: Environment = request.app.state.jinja
    web = _web(request)
    from generator.packs import DEFAULT_PACK, available_packs

    html = env.get_template(template).render(
        title=title, pages=PAGES, path=request.url.path, packs=available_packs(), default_pack=DEFAULT_PACK, max_mb=f"{web.settings.max_upload / MB:g}",
        max_batch=web.settings.max_batch, idle_minutes=f"{web.settings.idle / 60:g}",
    )
    return HTMLResponse(html)


async def page(request: Request) -> Response:
    return _page(request)


# --- middleware --------------------------------------------------------------


class Guard(BaseHTTPMiddleware):
    """Token (when set), session cookie, and Chinese answers for refused or failed requests."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        web: Web = request.app.state.web
        token = web.settings.token
        if token is not None:
            given = request.query_params.get("token")
            if given is not None and secrets.compare_digest(given, token):
                target = request.url.remove_query_params("token")
                response: Response = RedirectResponse(str(target.path) + (f"?{target.query}" if target.query else ""), 303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                return response
            if not secrets.compare_digest(request.cookies.get(TOKEN_COOKIE, ""), token):
                return _refuse(request, "需要访问令牌：请使用启动 pjgen serve 时显示的完整地址（含 ?token=…）。", 403)
        session = request.cookies.get(SESSION_COOKIE, "")
        new_session = len(session) < 20
        request.state.session = secrets.token_urlsafe(24) if new_session else session
        try:
            response = await call_next(request)
        except UploadRefused as exc:
            response = _refuse(request, str(exc), exc.status)
        except PjgenError as exc:
            response = _refuse(request, str(exc), 400)
        except Exception:  # noqa: BLE001 - one bad request never takes the server down
            log.exception("request failed: %s", request.url.path)
            response = _refuse(request, "服务器处理时出错。请确认上传的是部门决算工作簿（.xlsx），或稍后重试。", 500)
        if new_session:
            response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict")
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


def _refuse(request: Request, message: str, status: int) -> Response:
    if request.url.path.startswith(("/api/", "/files/")):
        return JSONResponse({"error": message}, status)
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>pjgen</title><p>{_html_escape(message)}</p>", status)


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------


def create_app(settings: WebSettings | None = None) -> Starlette:
    settings = settings or WebSettings()
    web = Web(settings, Store(settings.root, settings.idle), PdfService(settings))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async def sweep() -> None:
            while True:
                await asyncio.sleep(settings.sweep_every)
                await run_in_threadpool(web.store.sweep)

        sweeper = asyncio.create_task(sweep())
        try:
            yield
        finally:
            sweeper.cancel()
            web.batches.shutdown(wait=True, cancel_futures=True)
            web.pdf.close()
            web.store.close()

    routes = [Route(path, page) for path in PAGES] + [
        Route("/api/check", _with_form(api_check), methods=["POST"]),
        Route("/api/build", _with_form(api_build), methods=["POST"]),
        Route("/api/build/{upload_id}", api_build_state),
        Route("/api/diff", _with_form(api_diff), methods=["POST"]),
        Route("/api/blank", _with_form(api_blank)),
        Route("/api/next-year", _with_form(api_next_year), methods=["POST"]),
        Route("/api/batch", _with_form(api_batch), methods=["POST"]),
        Route("/api/batch/{upload_id}", api_batch_state),
        Route("/files/{upload_id}/{name}", download),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard)], lifespan=lifespan)
    app.state.web = web
    app.state.jinja = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
    return app


__all__ = ["WebSettings", "create_app", "split_advice"]
