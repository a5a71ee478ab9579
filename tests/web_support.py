"""A real pjgen server for the browser and load tests: uvicorn in a thread, on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from starlette.applications import Starlette

from generator.web.serve import free_port


@contextlib.contextmanager
def running(app: Starlette) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1; yields the base URL; stops the server on exit."""
    import uvicorn

    port = free_port("127.0.0.1")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        assert not thread.is_alive(), "server did not stop"


def crash(*args: object) -> None:
    """A job that fails unexpectedly inside a worker process (tests put it in place of a real one)."""
    raise RuntimeError("boom")


def refuse_template(*args: object) -> None:
    """A job that stops with the library's message about a missing template."""
    from generator.problems import TemplateMissing

    raise TemplateMissing("找不到 Word 模板：x.docx。请确认模板包完整，或用 --pack、--pack-dir、--template 指定模板。")


def sleep_job(seconds: float, *args: object) -> None:
    """A job that takes ``seconds``."""
    time.sleep(seconds)


def entries(folder) -> list:
    """What a folder holds, less the store's owner marker."""
    from generator.web.store import MARKER

    return sorted(p for p in folder.iterdir() if p.name != MARKER)


def chromium() -> str | None:
    """Debian's Chromium (or PJGEN_CHROMIUM), for Playwright."""
    configured = os.environ.get("PJGEN_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(name).is_file():
            return name
    return shutil.which("chromium")


def need(what: str) -> None:
    """Skip without ``what`` on a developer's machine; fail under CI."""
    message = f"browser tests need {what}; run scripts/setup-system.sh"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def launched() -> Iterator[object]:
    """A headless Chromium through Playwright."""
    executable = chromium()
    if executable is None:
        need("Chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def shot(page, name: str) -> None:
    """Save the page as docs/screenshots/web-<name>.png when PJGEN_WEB_SCREENSHOTS names the folder."""
    folder = os.environ.get("PJGEN_WEB_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"web-{name}.png"))


def hog(*args: object) -> int:
    """A job that asks for far more memory than a worker may have."""
    return len(bytearray(4 * 1024 * 1024 * 1024))


def die(*args: object) -> None:
    """A job whose process ends abruptly."""
    os._exit(3)
