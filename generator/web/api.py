"""The JSON endpoints of 上传检查, 生成, 修改对比 and 空白工作簿 / 下一年, and the downloads.

Each saves its workbooks in a new upload folder (under generated names) and runs
the library's work in a worker process (``work``, through ``service.run_job``).
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from generator.output import safe_file_name
from generator.problems import PjgenError
from generator.web import work
from generator.web.pdf import FAILED_MESSAGE, UNAVAILABLE_MESSAGE
from generator.web.receive import form_files, save, vet
from generator.web.service import Web, new_upload, owned, run_job, web_of
from generator.web.settings import UploadRefused, megabytes
from generator.web.store import Upload

log = logging.getLogger("pjgen.web")

MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


async def receive(request: Request, fields: tuple[str, ...], optional: tuple[str, ...] = (),
                  refusal: str = "请选择一个工作簿（.xlsx）。") -> tuple[Web, Upload, dict[str, Path]]:
    """The workbooks of the form's ``fields`` (each exactly once; ``optional`` ones at most once),
    saved in a new upload folder; else ``refusal``."""
    web = web_of(request)
    settings = web.settings
    files = await form_files(
        request, settings, (len(fields) + len(optional)) * settings.max_upload,
        f"文件太大：上传限制为每个工作簿 {megabytes(settings.max_upload)}。请确认选择的是部门决算工作簿（.xlsx）。")
    given = [k for k, _ in files]
    if sorted(k for k in given if k in fields) != sorted(fields) or len(given) != len(set(given)) \
            or any(k not in fields + optional for k in given):
        raise UploadRefused(refusal)
    for _, f in files:
        vet(f, settings)  # refused before anything is saved
    upload = new_upload(request)
    return web, upload, {k: save(f, upload, settings) for k, f in files}


# --- 上传检查 -------------------------------------------------------------------------


async def api_check(request: Request) -> Response:
    """One workbook; with ``prior`` (last year's workbook) as ``pjgen check --prior``."""
    web, upload, paths = await receive(request, ("workbook",), ("prior",))
    path, prior = paths["workbook"], paths.get("prior")
    result = await run_job(web, upload, work.check, path, prior, upload.display_name(prior) if prior else None,
                           web.settings.limits.reading)
    return JSONResponse({"id": upload.id, "name": upload.display_name(path), **result})


# --- 生成 ------------------------------------------------------------------------------


async def api_build(request: Request) -> Response:
    web, upload, paths = await receive(request, ("workbook",))
    path = paths["workbook"]
    result = await run_job(web, upload, work.build_docx, path, upload.folder / "out", web.settings.template)
    answer: dict[str, Any] = {"id": upload.id, "name": upload.display_name(path)}
    if result["validation"] is not None:
        answer.update(result["validation"])
    if result["docx"] is None:
        if result["status"] == "invalid":
            message = f"工作簿有 {answer['errors']} 个错误，没有生成文档。请按下表修改后重新上传。"
        else:
            message = "；".join(result["errors"]) or "没有生成文档。"
        return JSONResponse({**answer, "ok": False, "message": message})
    docx = Path(result["docx"])
    answer.update(ok=True, title=docx.stem, docx=f"/files/{upload.id}/{upload.offer(docx)}")
    start_pdf(web, upload, docx)
    answer.update(pdf_state(upload))
    return JSONResponse(answer)


def start_pdf(web: Web, upload: Upload, docx: Path) -> None:
    if not web.pdf.available():
        upload.update(pdf="unavailable", message=UNAVAILABLE_MESSAGE, retry=False)
        return
    attempt = upload.state.get("attempt", 0) + 1
    upload.update(pdf="converting", busy=True, docx=str(docx), attempt=attempt, retry=False)
    with upload.lock:
        upload.state.pop("message", None)
        upload.state.pop("url", None)
    future = web.pdf.submit(docx)
    future.add_done_callback(lambda f: _pdf_done(upload, attempt, f))


def _pdf_done(upload: Upload, attempt: int, future: Any) -> None:
    if upload.state.get("attempt") != attempt:
        return  # superseded by a newer attempt
    try:
        pdf, error = future.result()
    except Exception:  # noqa: BLE001 - the page must hear of it; the server goes on
        log.exception("PDF conversion failed")
        pdf, error = None, "exception"
    if pdf is not None:
        upload.update(pdf="done", url=f"/files/{upload.id}/{upload.offer(pdf)}", busy=False)
    else:
        log.warning("PDF conversion failed: %s", error)
        upload.update(pdf="failed", message=FAILED_MESSAGE, retry=True, busy=False)


def pdf_state(upload: Upload) -> dict[str, Any]:
    state = upload.snapshot()
    return {k: state[k] for k in ("pdf", "url", "message", "retry", "attempt") if k in state}


async def api_build_state(request: Request) -> Response:
    return JSONResponse({"id": request.path_params["upload_id"], **pdf_state(owned(request))})


async def api_build_retry(request: Request) -> Response:
    """重新生成 PDF: convert the upload's Word document again."""
    upload = owned(request)
    docx = upload.state.get("docx")
    if docx is None:
        raise UploadRefused("这次上传没有 Word 文档，无法生成 PDF。请重新上传工作簿。", 404)
    if upload.state.get("pdf") != "converting":
        start_pdf(web_of(request), upload, Path(docx))
    return JSONResponse({"id": upload.id, **pdf_state(upload)})


# --- 修改对比, 空白工作簿, 下一年 -----------------------------------------------------------


async def api_diff(request: Request) -> Response:
    web, upload, paths = await receive(request, ("old", "new"),
                                       refusal="请选择两个工作簿：原工作簿和修改后的工作簿。")
    old, new = paths["old"], paths["new"]
    result = await run_job(web, upload, work.diff, old, new, web.settings.template)
    result["old"]["name"], result["new"]["name"] = upload.display_name(old), upload.display_name(new)
    return JSONResponse(result)


async def api_blank(request: Request) -> Response:
    """A blank workbook for the pack chosen on the page (?pack=ID), as `pjgen init --pack ID` writes it.
    Written to a temporary file that is removed once sent: no upload folder is made."""
    from generator.packs import DEFAULT_PACK, find_pack

    try:
        pack = find_pack(request.query_params.get("pack") or DEFAULT_PACK)
    except PjgenError as exc:
        raise UploadRefused(str(exc)) from exc
    web = web_of(request)
    handle, name = tempfile.mkstemp(suffix=".xlsx", dir=web.store.root)
    os.close(handle)
    path = Path(name)
    try:
        await run_in_threadpool(work.blank, path, pack.id)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(path, filename=f"部门决算公开工作簿（{pack.id}）.xlsx", media_type=MEDIA[".xlsx"],
                        background=BackgroundTask(path.unlink, missing_ok=True))


async def api_next_year(request: Request) -> Response:
    """Next year's workbook (?pack=ID: for another pack, as `pjgen init --from --pack ID`)."""
    web, upload, paths = await receive(request, ("workbook",), refusal="请选择上年的工作簿（.xlsx）。")
    stored = paths["workbook"]
    # Beside a copy under the officer's own name (when it fits), so the new workbook's record of its source holds.
    source = stored.with_name(safe_file_name(upload.display_name(stored)))
    if len(source.name.encode()) > 180 or source.name.startswith("."):
        source = stored
    else:
        stored.rename(source)
        upload.names[source] = upload.names.pop(stored)
    made = await run_job(web, upload, work.next_year, source, request.query_params.get("pack") or None)
    path = Path(made.pop("path"))
    return JSONResponse({"name": path.name, "url": f"/files/{upload.id}/{upload.offer(path)}", **made})


# --- downloads --------------------------------------------------------------------------


async def download(request: Request) -> Response:
    upload = owned(request)
    name = request.path_params["name"]
    path = upload.files.get(name)  # only names the server registered; nothing is joined from the request
    if path is None or not path.is_file():
        raise UploadRefused("找不到该文件：这个下载地址不是本服务器给出的，或文件已被删除。请回到页面重新生成。", 404)
    inline = path.suffix == ".pdf" and request.query_params.get("download") is None
    return FileResponse(
        path, media_type=MEDIA.get(path.suffix, "application/octet-stream"),
        filename=name, content_disposition_type="inline" if inline else "attachment",
    )
