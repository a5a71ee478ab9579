"""The web application: routes, and what starts and stops with it.

Pages (``pages``), the JSON endpoints (``api``, ``batch``), the middleware
(``guard``); each request's work runs in a worker process under a time limit
(``jobs``, ``work``); PDFs are converted outside the request (``pdf``); uploads
live in temporary folders (``store``).
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.web import api, batch, reaper
from generator.web.guard import Guard
from generator.web.jobs import JobPool
from generator.web.pages import PAGES, environment, not_found, page
from generator.web.pdf import PdfService
from generator.web.present import split_advice
from generator.web.service import Web, with_form
from generator.web.settings import MB, Limits, UploadRefused, WebSettings
from generator.web.store import Store

HERE = Path(__file__).parent


def create_app(settings: WebSettings | None = None) -> Starlette:
    settings = settings or WebSettings()
    store = Store(settings.root, settings.idle)
    helper = None
    if settings.reap_children:  # the real server (pjgen serve), one per process
        helper = reaper.start(store.root if store.own_root else None)
        if store.own_root:  # LibreOffice's folders too live in the server's own folder, and go with it
            own_temp = store.root / ".tmp"
            own_temp.mkdir()
            tempfile.tempdir = str(own_temp)
    web = Web(settings, store, PdfService(settings), JobPool(settings.workers, settings.limits))

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
            web.jobs.close()
            web.store.close()
            if helper is not None:
                tempfile.tempdir = None
                helper.close()

    routes = [Route(path, page) for path in PAGES] + [
        Route("/api/check", with_form(api.api_check), methods=["POST"]),
        Route("/api/build", with_form(api.api_build), methods=["POST"]),
        Route("/api/build/{upload_id}", api.api_build_state),
        Route("/api/build/{upload_id}/pdf", api.api_build_retry, methods=["POST"]),
        Route("/api/diff", with_form(api.api_diff), methods=["POST"]),
        Route("/api/blank", api.api_blank),
        Route("/api/next-year", with_form(api.api_next_year), methods=["POST"]),
        Route("/api/batch", with_form(batch.api_batch), methods=["POST"]),
        Route("/api/batch/{upload_id}", batch.api_batch_state),
        Route("/files/{upload_id}/{name}", api.download),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard)], lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found})
    app.state.web = web
    app.state.jinja = environment(HERE / "templates")
    return app


__all__ = ["MB", "Limits", "UploadRefused", "WebSettings", "create_app", "split_advice"]
