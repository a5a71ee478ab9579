"""Nothing outlives pjgen serve: what an earlier run left is removed on start (its own folders only),
and LibreOffice, the worker processes and the uploads go with the server even when it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from build_support import EXAMPLE
from generator.convert import find_soffice
from generator.web.serve import free_port
from generator.web.store import MARKER, Store, remove_leftovers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ended_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(done.stdout)


def _root(base: Path, name: str, pid: int | None) -> Path:
    root = base / name
    (root / "AAAAAAAAAAAAAAAAAAAAAA" / "in").mkdir(parents=True)
    (root / "AAAAAAAAAAAAAAAAAAAAAA" / "in" / "1.xlsx").write_bytes(b"PK")
    if pid is not None:
        (root / MARKER).write_text(f"{pid}\n", encoding="ascii")
    return root


def test_start_removes_what_an_ended_server_left_and_nothing_else(tmp_path):
    dead = _root(tmp_path, "pjgen-web-dead", _ended_pid())
    alive = _root(tmp_path, "pjgen-web-alive", os.getpid())
    unmarked = _root(tmp_path, "pjgen-web-unmarked", None)
    other = _root(tmp_path, "somebody-else", _ended_pid())
    assert remove_leftovers(tmp_path) == [dead]
    assert not dead.exists() and alive.exists() and unmarked.exists() and other.exists()


def test_a_given_root_loses_only_the_upload_folders_of_an_ended_server(tmp_path):
    root = _root(tmp_path, "uploads", _ended_pid())
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    (root / "my-folder").mkdir()
    store = Store(root)
    assert [p.name for p in store.leftovers] == ["AAAAAAAAAAAAAAAAAAAAAA"]
    assert sorted(p.name for p in root.iterdir()) == [MARKER, "my-folder", "notes.txt"]
    store.close()
    assert sorted(p.name for p in root.iterdir()) == ["my-folder", "notes.txt"]


def _ours(tmp: Path) -> list[int]:
    """Processes started with TMPDIR=tmp (the server's children inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = entry.joinpath("environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"TMPDIR={tmp}".encode() in env:
            found.append(int(entry.name))
    return found


@pytest.mark.pdf
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_the_server_ends_libreoffice_and_removes_the_uploads(tmp_path):
    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing; run scripts/setup-system.sh")
        pytest.skip("needs LibreOffice (soffice)")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port("127.0.0.1")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--no-browser", "--port", str(port)],
                              env={**os.environ, "TMPDIR": str(tmp)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as client:
            for _ in range(300):
                try:
                    if client.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            built = client.post("/api/build", files={"workbook": ("2023.xlsx", EXAMPLE.read_bytes(), XLSX)}).json()
            state = built
            deadline = time.monotonic() + 120
            while state["pdf"] == "converting" and time.monotonic() < deadline:
                time.sleep(0.3)
                state = client.get(f"/api/build/{built['id']}").json()
            assert state["pdf"] == "done"
        children = [pid for pid in _ours(tmp) if pid != server.pid]
        assert children  # LibreOffice and the workers are running
        assert any(p.name.startswith("pjgen-web-") for p in tmp.iterdir())
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    deadline = time.monotonic() + 30
    while _ours(tmp) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _ours(tmp) == []  # nothing of the server's is left running
    assert [p.name for p in tmp.iterdir() if p.name.startswith(("pjgen-web-", "pjgen-soffice-", "pjgen-pool-"))] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_the_server_and_everything_it_started(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port("127.0.0.1")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--no-browser", "--port", str(port)],
                              env={**os.environ, "TMPDIR": str(tmp)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(300):
                try:
                    if client.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            checked = client.post("/api/check", files={"workbook": ("2023.xlsx", EXAMPLE.read_bytes(), XLSX)})
            assert checked.status_code == 200
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) is not None
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    deadline = time.monotonic() + 30
    while _ours(tmp) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _ours(tmp) == []
    assert [p.name for p in tmp.iterdir() if p.name.startswith(("pjgen-web-", "pjgen-soffice-", "pjgen-pool-"))] == []
