"""A real pjgen server for the browser and load tests: uvicorn in a thread, on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

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
