"""Load test of pjgen serve: 20 users upload, check and build at once, on 127.0.0.1 only.

Bounded: 20 clients, one check and one build each, every request with a time
limit. Every answer must be right (each user gets the document of the workbook
they sent, not another's) and the server must still answer afterwards. PDF
conversion is off in that test; the second one (marked pdf) has four users build
PDFs at once on a pool of two LibreOffice processes while a page is loaded, and
each must get the PDF of their own unit. Timings are measured by
benchmarks/bench_web.py, not asserted here.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import pytest
from docx import Document

from build_support import department, template  # noqa: F401  (fixture)
from conftest import BASELINE, need_pdf_tools
from generator import convert
from generator.web.app import WebSettings, create_app
from web_support import running

USERS = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIX = "2023年度部门决算公开说明"


def _user(base: str, book: Path) -> tuple[str, int, int, str, int]:
    with httpx.Client(base_url=base, timeout=180) as client:  # its own cookies: its own session
        files = {"workbook": (book.name, book.read_bytes(), XLSX)}
        checked = client.post("/api/check", files=files).json()
        built = client.post("/api/build", files=files).json()
        docx = client.get(built["docx"])
        title = Document(io.BytesIO(docx.content)).core_properties.title
        return book.stem, checked["errors"], checked["warnings"], title, docx.status_code


def test_twenty_users_at_once(template, tmp_path, monkeypatch):
    monkeypatch.setenv(convert.SOFFICE_ENV, "/nonexistent/soffice")
    units = [department(tmp_path / "in", f"第{n}单位") for n in range(5)]
    books = [units[n % len(units)] for n in range(USERS)]
    app = create_app(WebSettings(template=template, root=tmp_path / "web"))
    with running(app) as base:
        with ThreadPoolExecutor(max_workers=USERS) as users:
            answers = list(users.map(lambda book: _user(base, book), books))
        assert answers == [(b.stem, 0, len(BASELINE), f"{b.stem}{SUFFIX}", 200) for b in books]
        assert httpx.get(f"{base}/", timeout=30).status_code == 200  # still up
        store = app.state.web.store
        assert store.count() == 2 * USERS
        assert len(store.sessions()) == USERS  # every user stayed in their own session
    assert not list((tmp_path / "web").iterdir())  # the server's shutdown removed every upload (and its marker)


PDF_USERS = 4


def _pdf_user(base: str, book: Path) -> tuple[str, str]:
    """Build, wait for the PDF, return (the unit asked for, the PDF's title)."""
    import subprocess
    import tempfile
    import time

    with httpx.Client(base_url=base, timeout=300) as client:
        built = client.post("/api/build", files={"workbook": (book.name, book.read_bytes(), XLSX)}).json()
        state = built
        deadline = time.monotonic() + 300
        while state["pdf"] == "converting" and time.monotonic() < deadline:
            time.sleep(0.3)
            state = client.get(f"/api/build/{built['id']}").json()
        assert state["pdf"] == "done", state
        pdf = client.get(state["url"])
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf.content)
            f.flush()
            info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
        title = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Title:"))
        return book.stem, title


@pytest.mark.pdf
def test_four_pdf_builds_at_once_and_a_page_load_meanwhile(template, tmp_path):
    import time

    need_pdf_tools("pdfinfo")
    books = [department(tmp_path / "in", f"第{n}单位") for n in range(PDF_USERS)]
    app = create_app(WebSettings(template=template, root=tmp_path / "web", pdf_processes=2))
    with running(app) as base:
        app.state.web.pdf.warm()
        with ThreadPoolExecutor(max_workers=PDF_USERS) as users:
            futures = [users.submit(_pdf_user, base, book) for book in books]
            time.sleep(2)  # the builds are under way
            started = time.monotonic()
            page = httpx.get(f"{base}/build", timeout=60)
            page_seconds = time.monotonic() - started
            answers = [f.result() for f in futures]
        assert page.status_code == 200 and "生成" in page.text
        assert page_seconds < 10  # measured (benchmarks/bench_web.py); about 0.1 s on a quiet machine
        assert answers == [(b.stem, f"{b.stem}{SUFFIX}") for b in books]  # each user got their own PDF
        assert len(app.state.web.pdf.waits) == PDF_USERS
