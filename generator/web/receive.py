"""Uploaded files in, within the limits: refused early and in Chinese when too many or too large.

Files are saved under generated names (``store.Upload.path_for``). In a batch, a
member that cannot be taken (not .xlsx, too large) becomes a failed row of its
own instead of refusing the whole batch.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from generator.web.settings import UploadRefused, WebSettings, megabytes
from generator.web.store import Upload

FORM_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the files


def not_xlsx_message(name: str) -> str:
    return f"{name}：只接受 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中另存为 .xlsx 后上传。"


def too_large_message(name: str, settings: WebSettings) -> str:
    return f"{name} 太大：上传限制为每个工作簿 {megabytes(settings.max_upload)}。"


def too_many_message(settings: WebSettings) -> str:
    return (f"一次最多上传 {settings.max_batch} 个工作簿（或一个装有不超过 {settings.max_batch} 个工作簿的 .zip），"
            "请分批上传。")


async def form_files(request: Request, settings: WebSettings, limit: int, refusal: str) -> list[tuple[str, UploadFile]]:
    """The uploaded files of a multipart form as (field, file), refused before reading when the body is
    larger than ``limit`` or holds more files than a batch may."""
    size = request.headers.get("content-length")
    if size is None or not size.isdigit():
        raise UploadRefused("请求缺少长度信息，请用页面上的按钮上传。", 411)
    if int(size) > limit + FORM_OVERHEAD:
        raise UploadRefused(refusal, 413)
    try:
        form = await request.form(max_files=settings.max_batch, max_fields=20)
    except HTTPException as exc:
        if "files" in str(exc.detail).lower():
            raise UploadRefused(too_many_message(settings), 413) from exc
        raise UploadRefused("上传的内容无法读取，请用页面上的按钮重新上传。") from exc
    request.state.form = form  # closed by the endpoint wrapper once the endpoint is done
    return [(k, v) for k, v in form.multi_items() if isinstance(v, UploadFile) and v.filename]


def vet(upload_file: UploadFile, settings: WebSettings) -> str:
    """The officer's name of an uploaded workbook; refused when not .xlsx or too large."""
    name = Path((upload_file.filename or "工作簿.xlsx").replace("\\", "/")).name
    if not name.lower().endswith(".xlsx"):
        raise UploadRefused(not_xlsx_message(name))
    if upload_file.size is not None and upload_file.size > settings.max_upload:
        raise UploadRefused(too_large_message(name, settings), 413)
    return name


def save(upload_file: UploadFile, upload: Upload, settings: WebSettings) -> Path:
    """One uploaded workbook, saved under a generated name; refused when not .xlsx or too large."""
    name = vet(upload_file, settings)
    target = upload.path_for(name)
    written = 0
    with target.open("wb") as out:
        upload_file.file.seek(0)
        while chunk := upload_file.file.read(1 << 20):
            written += len(chunk)
            if written > settings.max_upload:
                out.close()
                target.unlink(missing_ok=True)
                raise UploadRefused(too_large_message(name, settings), 413)
            out.write(chunk)
    return target


@dataclass
class Member:
    """One workbook of a batch: saved (``path``), or refused alone (``refusal``)."""

    name: str
    path: Path | None = None
    refusal: str | None = None


def _members_of_zip(upload_file: UploadFile, upload: Upload, settings: WebSettings, budget: list[int]) -> list[Member]:
    """The .xlsx members of an uploaded .zip (folders, hidden and lock files skipped)."""
    zip_name = upload_file.filename or "压缩包.zip"
    try:
        upload_file.file.seek(0)
        archive = zipfile.ZipFile(upload_file.file)
        infos = [
            m for m in archive.infolist()
            if not m.is_dir() and m.filename.lower().endswith(".xlsx")
            and not Path(m.filename).name.startswith(("~$", ".")) and "__MACOSX" not in m.filename
        ]
    except zipfile.BadZipFile as exc:
        raise UploadRefused(f"{zip_name} 不是有效的 .zip 压缩包。请重新压缩后上传，或直接选择多个工作簿。") from exc
    if len(infos) > settings.max_batch:
        raise UploadRefused(f"{zip_name} 中有 {len(infos)} 个工作簿。{too_many_message(settings)}", 413)
    members = []
    for m in infos:
        name = Path(m.filename.replace("\\", "/")).name
        if m.file_size > settings.max_upload:
            members.append(Member(name, refusal=too_large_message(name, settings)))
            continue
        if m.file_size > budget[0]:
            members.append(Member(name, refusal=f"{name} 没有处理：这批工作簿解压后超过了批量处理的总限制"
                                                f" {megabytes(settings.max_batch_total)}。请分批上传。"))
            continue
        target = upload.path_for(name)
        try:
            with archive.open(m) as src:
                data = src.read(settings.max_upload + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
            members.append(Member(name, refusal=f"{name} 无法从 {zip_name} 中解压（压缩包已损坏或加密）。"))
            continue
        if len(data) > settings.max_upload:  # the size in the directory lied
            members.append(Member(name, refusal=too_large_message(name, settings)))
            continue
        budget[0] -= len(data)
        target.write_bytes(data)
        members.append(Member(name, target))
    return members


def batch_members(files: list[UploadFile], upload: Upload, settings: WebSettings) -> list[Member]:
    """Every workbook of a batch upload (files and .zip members), each saved or refused on its own."""
    members: list[Member] = []
    budget = [settings.max_batch_total]
    for f in files:
        name = Path((f.filename or "").replace("\\", "/")).name
        if name.lower().endswith(".zip"):
            members += _members_of_zip(f, upload, settings, budget)
            continue
        try:
            members.append(Member(name, save(f, upload, settings)))
        except UploadRefused as exc:
            members.append(Member(name, refusal=str(exc)))
    if len(members) > settings.max_batch:
        raise UploadRefused(too_many_message(settings), 413)
    return members
