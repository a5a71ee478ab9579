"""The bomb corpus (tests/bomb_corpus.py) under `pjgen serve`: every case uploaded to 上传检查 is
either refused with the reader's Chinese sentence (naming the sheet, where there is one) or read
with the worked example's own findings, and the server answers the next request as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bomb_corpus import CASES, EXAMPLE, READ, builder
from build_support import template  # noqa: F401  (fixture)
from generator import convert
from generator.web.app import WebSettings, create_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client(template, tmp_path_factory) -> Iterator[TestClient]:  # noqa: F811
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(convert.SOFFICE_ENV, "/nonexistent/soffice")
        settings = WebSettings(template=template, root=tmp_path_factory.mktemp("web"), max_upload=64 * 1024 * 1024)
        with TestClient(create_app(settings), raise_server_exceptions=False) as c:
            yield c


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return builder(tmp_path_factory.mktemp("bombs"))


def _check(c: TestClient, path: Path):
    return c.post("/api/check", files=[("workbook", (path.name, path.read_bytes(), XLSX))])


@pytest.mark.parametrize("case", sorted(CASES))
def test_serve_refuses_or_reads_each_bomb(client, built, case):
    spec = CASES[case]
    r = _check(client, built(case))
    if spec.expected == READ:
        assert r.status_code == 200, r.text
        assert r.json()["errors"] == 0  # the worked example's own findings: warnings only
    else:
        assert r.status_code >= 400, r.text
        message = r.json()["error"]
        assert spec.expected in message and spec.sheet in message and "Traceback" not in message
    ok = _check(client, EXAMPLE)  # and the server goes on serving
    assert ok.status_code == 200 and ok.json()["errors"] == 0
