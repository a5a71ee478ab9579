"""批量: many workbooks in one upload, each checked and built on its own (one failing never stops
the others), then their PDFs; a table of every workbook's outcome, its problems, and a .zip with
every document and a 汇总.xlsx (one row per workbook)."""

from __future__ import annotations

import logging
import zipfile
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from generator.web import work
from generator.web.pdf import UNAVAILABLE_MESSAGE
from generator.web.receive import Member, batch_members, form_files, too_many_message
from generator.web.service import Web, new_upload, owned, run_job_sync, web_of
from generator.web.settings import UploadRefused, megabytes
from generator.web.store import Upload

log = logging.getLogger("pjgen.web")

SUMMARY = "汇总.xlsx"
ARCHIVE = "全部文档.zip"
PDF_FAILED = "Word 文档已生成，PDF 没有生成（LibreOffice 转换出错）。可以先下载 Word 文档，用 Word 或 WPS 另存为 PDF，或稍后重新上传再试。"


def _total_refusal(web: Web) -> str:
    s = web.settings
    return (f"这次上传的文件太大：批量上传总共不超过 {megabytes(s.max_batch_total)}"
            f"（最多 {s.max_batch} 个工作簿，每个不超过 {megabytes(s.max_upload)}）。请分批上传。")


def _item(member: Member) -> dict[str, Any]:
    if member.refusal is not None:
        return {"name": member.name, "state": "failed", "label": "失败", "message": member.refusal}
    return {"name": member.name, "state": "checking", "label": "检查中"}


def _build_one(web: Web, upload: Upload, index: int, path: Path, item: dict[str, Any]) -> Path | None:
    """Check and write one workbook's .docx; the item says what happened. Returns the .docx, if any."""
    try:
        result = run_job_sync(web, upload, work.build_docx, path, upload.folder / "out" / str(index),
                              web.settings.template)
    except UploadRefused as exc:
        upload.update(item, state="failed", label="失败", message=str(exc))
        return None
    v = result["validation"]
    if v is not None:
        upload.update(item, errors=v["errors"], warnings=v["warnings"], problems=v["problems"])
    if result["status"] == "invalid":
        upload.update(item, state="invalid", label=f"错误 {v['errors']}")
        try:  # the sheets beside the problems, as on 上传检查
            upload.update(item, sheets=run_job_sync(web, upload, work.check, path, None, None, web.settings.limits.reading)["sheets"])
        except UploadRefused:
            pass
        return None
    if result["docx"] is None:
        upload.update(item, state="failed", label="失败", message="；".join(result["errors"]) or "没有生成文档。")
        return None
    docx = Path(result["docx"])
    upload.update(item, state="pdf", label="PDF 转换中", docx=f"/files/{upload.id}/{upload.offer(docx, _unique(upload, docx.name))}",
                unit=result.get("unit", ""), written=[docx.name])
    return docx


def _unique(upload: Upload, name: str) -> str:
    """A download name not yet used in this upload (two workbooks of one unit give the same title)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while candidate in upload.files:
        n += 1
        candidate = f"{stem}（{n}）{suffix}"
    return candidate


def _finish_item(upload: Upload, item: dict[str, Any]) -> None:
    warnings = item.get("warnings", 0)
    upload.update(item, state="built", label=f"已生成（警告 {warnings}）" if warnings else "已生成")


def _summary_rows(items: list[dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for item in items:
        note = item.get("message") or item.get("pdf_message") or ""
        rows.append([item["name"], item.get("unit", ""), item["label"], item.get("errors", ""), item.get("warnings", ""),
                     "、".join(item.get("written", [])), note])
    return rows


def _package(upload: Upload, items: list[dict[str, Any]]) -> None:
    from generator.workbook import write_table

    summary = upload.folder / SUMMARY
    write_table(summary, "汇总", ["工作簿", "单位", "状态", "错误", "警告", "生成的文件", "说明"],
                _summary_rows(items), widths=(36, 36, 16, 8, 8, 60, 60))
    archive = upload.folder / ARCHIVE
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(summary, SUMMARY)
        for name, path in upload.files.items():
            if path.suffix in (".docx", ".pdf"):
                z.write(path, name)
    upload.update(zip=f"/files/{upload.id}/{upload.offer(archive)}")
    upload.update(summary=f"/files/{upload.id}/{upload.offer(summary)}")


def run_batch(web: Web, upload: Upload, members: list[Member]) -> None:
    items: list[dict[str, Any]] = upload.state["items"]
    try:
        docs: list[tuple[dict[str, Any], Path]] = []
        for index, (member, item) in enumerate(zip(members, items), start=1):
            if member.path is None:
                continue
            docx = _build_one(web, upload, index, member.path, item)
            if docx is not None:
                docs.append((item, docx))
        if docs and web.pdf.available():
            upload.update(label=f"正在转换 PDF（{len(docs)} 个文档）")
            futures: list[tuple[dict[str, Any], Future[Any]]] = [(item, web.pdf.submit(docx)) for item, docx in docs]
            for item, future in futures:
                try:
                    pdf, error = future.result()
                except Exception:  # noqa: BLE001 - one document's failure is its own row
                    log.exception("PDF conversion failed")
                    pdf, error = None, "exception"
                if pdf is not None:
                    upload.update(item, pdf=f"/files/{upload.id}/{upload.offer(pdf, _unique(upload, pdf.name))}",
                                  written=[*item["written"], pdf.name])
                    _finish_item(upload, item)
                else:
                    log.warning("PDF conversion failed: %s", error)
                    _finish_item(upload, item)
                    upload.update(item, label=item["label"] + "，PDF 失败", pdf_message=PDF_FAILED, pdf_failed=True)
        else:
            for item, _ in docs:
                _finish_item(upload, item)
            if docs:
                upload.update(notes=[UNAVAILABLE_MESSAGE])
        _package(upload, items)
    except Exception:  # noqa: BLE001 - the page must hear of it; the server goes on
        log.exception("batch failed")
        upload.update(notes=["处理这批工作簿时服务器出错，请重试。"])
        for item in items:
            if item["state"] in ("checking", "pdf"):
                upload.update(item, state="failed", label="失败")
    finally:
        upload.update(done=True, busy=False, label="完成")


async def api_batch(request: Request) -> Response:
    web = web_of(request)
    files = await form_files(request, web.settings, web.settings.max_batch_total, _total_refusal(web))
    if not files:
        raise UploadRefused("请选择工作簿（.xlsx）或装有工作簿的 .zip 压缩包。")
    if sum(f.size or 0 for _, f in files) > web.settings.max_batch_total:
        raise UploadRefused(_total_refusal(web), 413)
    upload = new_upload(request)
    members = await run_in_threadpool(batch_members, [f for _, f in files], upload, web.settings)
    if not members:
        raise UploadRefused("没有找到 .xlsx 工作簿。请选择工作簿（.xlsx）或装有工作簿的 .zip 压缩包。")
    if len(members) > web.settings.max_batch:
        raise UploadRefused(too_many_message(web.settings), 413)
    upload.update(busy=True, done=False, label="检查中", notes=[], items=[_item(m) for m in members])
    web.batches.submit(run_batch, web, upload, members)
    return JSONResponse({"id": upload.id, **upload.snapshot()})


async def api_batch_state(request: Request) -> Response:
    upload = owned(request)
    return JSONResponse({k: v for k, v in upload.snapshot().items() if k != "busy"})
