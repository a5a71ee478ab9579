"""pjgen serve with LibreOffice: the PDF follows the .docx, converted outside the request."""

from __future__ import annotations

import os
import time

import pytest
from starlette.testclient import TestClient

from build_support import EXAMPLE, template  # noqa: F401  (fixture)
from generator import convert
from generator.web.app import WebSettings, create_app

pytestmark = pytest.mark.pdf
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_pdf_follows_the_docx(template, tmp_path):
    if convert.find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing; run scripts/setup-system.sh")
        pytest.skip("needs LibreOffice (soffice)")
    with TestClient(create_app(WebSettings(template=template, root=tmp_path / "web"))) as c:
        result = c.post("/api/build", files=[("workbook", ("2023.xlsx", EXAMPLE.read_bytes(), XLSX))]).json()
        assert result["ok"] and result["pdf"] == "converting"
        assert c.get(result["docx"]).status_code == 200  # usable before the PDF exists
        deadline = time.monotonic() + 120
        state = result
        while state["pdf"] == "converting" and time.monotonic() < deadline:
            time.sleep(0.3)
            state = c.get(f"/api/build/{result['id']}").json()
        assert state["pdf"] == "done", state
        r = c.get(state["url"])
        assert r.content.startswith(b"%PDF-") and r.headers["content-type"] == "application/pdf"
        assert r.headers["content-disposition"].startswith("inline")  # readable in the page
        pool = c.app.state.web.pdf.pool()
        folders = [w.work_dir for w in pool._workers]
    assert not any(f is not None and f.exists() for f in folders)  # the server's shutdown ended LibreOffice
