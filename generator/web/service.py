"""The running service (settings, uploads, worker processes, PDFs) and what every endpoint shares:
the session, new and owned uploads, and running a job in a worker with its answer scrubbed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from generator.web.jobs import JobFailed, JobPool
from generator.web.pdf import PdfService
from generator.web.settings import UploadRefused, WebSettings
from generator.web.store import Store, Upload

log = logging.getLogger("pjgen.web")

SERVER_ERROR = "服务器处理时出错。请确认上传的是部门决算工作簿（.xlsx），或稍后重试。"
EXPIRED = "找不到这次上传：可能已超过保留时间被删除，或服务器已重新启动。请重新上传工作簿。"


@dataclass
class Web:
    settings: WebSettings
    store: Store
    pdf: PdfService
    jobs: JobPool
    batches: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, thread_name_prefix="pjgen-batch"))


def web_of(request: Request) -> Web:
    return request.app.state.web


def session(request: Request) -> str:
    return request.state.session


def new_upload(request: Request) -> Upload:
    """A new upload folder for this session; kept from the idle clean-up until the request ends."""
    upload = web_of(request).store.new(session(request))
    request.state.uploads = [*getattr(request.state, "uploads", []), upload]
    return upload


def owned(request: Request) -> Upload:
    upload = web_of(request).store.get(session(request), request.path_params["upload_id"])
    if upload is None:
        raise UploadRefused(EXPIRED, 404)
    return upload


def with_form(endpoint: RequestResponseEndpoint) -> RequestResponseEndpoint:
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


def scrubbed(value: Any, upload: Upload) -> Any:
    """Every string of a JSON-able answer with the server's file names replaced by the officer's
    (paths, given as Path objects, stay as they are)."""
    if isinstance(value, str):
        return upload.scrub(value)
    if isinstance(value, list):
        return [scrubbed(v, upload) for v in value]
    if isinstance(value, dict):
        return {k: scrubbed(v, upload) for k, v in value.items()}
    return value


def run_job_sync(web: Web, upload: Upload, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a worker process under the time limit (blocking); refusals scrubbed."""
    from generator.web.present import for_web

    try:
        return scrubbed(web.jobs.run(fn, *args), upload)
    except UploadRefused as exc:
        raise UploadRefused(for_web(upload.scrub(str(exc))), exc.status) from exc
    except JobFailed as exc:
        log.error("request failed in a worker:\n%s", exc)
        raise UploadRefused(SERVER_ERROR, 500) from exc


async def run_job(web: Web, upload: Upload, fn: Callable[..., Any], *args: Any) -> Any:
    return await run_in_threadpool(run_job_sync, web, upload, fn, *args)
