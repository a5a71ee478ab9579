"""The Converter interface, held by both implementations: SofficePool (the default,
a Basic macro) and UnoserverPool (unoserver over UNO). The same contract for each:
start and health, a junk document fails alone, a killed soffice is replaced, and
the 目录 shows the real page numbers."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from generator import convert, unoserver_pool
from generator.convert import Converter, SofficePool, convert_each, open_converter
from generator.problems import ConversionFailed
from generator.unoserver_pool import UnoserverPool

from conftest import need_pdf_tools
from test_convert import HEADINGS, POPPLER, _page_count, _page_text, _squash, make_report_docx

KINDS = ["soffice", "unoserver"]


def need_converter(kind: str) -> None:
    need_pdf_tools(*POPPLER)
    if kind == "unoserver" and not unoserver_pool.available():
        message = "unoserver tests need python3-uno and the unoserver package; run scripts/setup-system.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _office_pids(folder: Path) -> list[int]:
    """soffice.bin processes started with a profile inside ``folder``."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "soffice.bin" in cmdline and str(folder) in cmdline:
                pids.append(int(proc.name))
    return pids


# --- without LibreOffice running ----------------------------------------------


@pytest.mark.parametrize("cls", [SofficePool, UnoserverPool])
def test_both_implementations_are_converters(cls: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(unoserver_pool, "uno_python", lambda: "/usr/bin/python3")
    monkeypatch.setattr(unoserver_pool, "unoserver_path", lambda: Path("/site-packages"))
    with cls(2) as converter:  # constructing starts nothing
        assert isinstance(converter, Converter)
        assert converter.processes == 2 and not converter.healthy()


def test_the_converter_is_chosen_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(unoserver_pool, "uno_python", lambda: "/usr/bin/python3")
    monkeypatch.setattr(unoserver_pool, "unoserver_path", lambda: Path("/site-packages"))
    monkeypatch.delenv(convert.CONVERTER_ENV, raising=False)
    with open_converter() as default:
        assert type(default) is SofficePool
    monkeypatch.setenv(convert.CONVERTER_ENV, "unoserver")
    with open_converter() as chosen:
        assert type(chosen) is UnoserverPool


def test_an_unknown_converter_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(convert.CONVERTER_ENV, "word")
    with pytest.raises(ConversionFailed, match="PJGEN_CONVERTER 的值 word 无效，应为 soffice 或 unoserver"):
        open_converter()


def test_unoserver_without_uno_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(unoserver_pool, "uno_python", lambda: None)
    with pytest.raises(ConversionFailed, match="python3-uno.*pip install unoserver"):
        UnoserverPool(1)


# --- the contract, for each implementation -------------------------------------


@pytest.mark.pdf
@pytest.mark.parametrize("kind", KINDS)
def test_start_health_and_close(kind: str, tmp_path: Path) -> None:
    need_converter(kind)
    with open_converter(1, kind=kind, timeout=120) as converter:
        converter.start()
        assert converter.healthy()
        [folder] = [w.work_dir for w in converter._workers]
        assert folder is not None and _office_pids(folder)
    assert not converter.healthy()
    assert not folder.exists() and _office_pids(folder) == []  # processes ended, profile removed


@pytest.mark.pdf
@pytest.mark.parametrize("kind", KINDS)
def test_a_junk_document_fails_alone(kind: str, tmp_path: Path) -> None:
    need_converter(kind)
    junk = tmp_path / "坏文件.docx"
    junk.write_bytes(b"PK\x03\x04" + os.urandom(20_000))
    good = [make_report_docx(tmp_path / f"好文件{n}.docx") for n in range(2)]
    out = tmp_path / "out"
    with open_converter(1, kind=kind, timeout=120) as converter:
        done = convert_each([good[0], junk, good[1]], out, pool=converter)
    assert done[1].pdf is None and "无法打开 坏文件.docx" in (done[1].error or "")
    assert [c.pdf for c in (done[0], done[2])] == [out / "好文件0.pdf", out / "好文件1.pdf"]
    assert all(_page_count(c.pdf) >= 3 for c in (done[0], done[2]) if c.pdf)
    assert sorted(p.name for p in out.iterdir()) == ["好文件0.pdf", "好文件1.pdf"]


@pytest.mark.pdf
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds soffice.bin through /proc")
@pytest.mark.parametrize("kind", KINDS)
def test_a_killed_soffice_is_replaced(kind: str, tmp_path: Path) -> None:
    need_converter(kind)
    src = make_report_docx(tmp_path / "决算说明.docx")
    with open_converter(1, kind=kind, timeout=120) as converter:
        converter.start()
        [worker] = converter._workers
        [pid] = _office_pids(worker.work_dir)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while converter.healthy() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not converter.healthy()  # the death is seen
        [done] = convert_each([src], tmp_path / "out", pool=converter)
        assert done.error is None and done.pdf is not None and _page_count(done.pdf) >= 3
        assert converter.healthy() and _office_pids(worker.work_dir) not in ([], [pid])


@pytest.mark.pdf
@pytest.mark.parametrize("kind", KINDS)
def test_toc_page_numbers_are_updated(kind: str, tmp_path: Path) -> None:
    need_converter(kind)
    src = make_report_docx(tmp_path / "决算说明.docx")
    with open_converter(1, kind=kind, timeout=120) as converter:
        [done] = convert_each([src], tmp_path / "out", pool=converter)
    assert done.pdf is not None, done.error
    pages = {n: _page_text(done.pdf, n) for n in range(1, _page_count(done.pdf) + 1)}
    toc_line = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", re.M)
    toc = {_squash(title): int(number) for title, number in toc_line.findall(pages[1])}
    assert list(toc) == [_squash(h) for h in HEADINGS], pages[1]  # the placeholder is gone
    found: dict[str, int] = {}
    for number, text in pages.items():
        for line in text.splitlines():
            if "..." not in line and _squash(line) in toc:
                found.setdefault(_squash(line), number)
    assert found == toc and len(set(toc.values())) >= 3


@pytest.mark.pdf
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds soffice.bin through /proc")
@pytest.mark.parametrize("kind", KINDS)
def test_a_soffice_killed_under_a_document_costs_no_document(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_converter(kind)
    from generator import soffice_pool

    sources = [make_report_docx(tmp_path / f"doc{n}.docx") for n in range(2)]
    killed: list[int] = []

    def kill_office(folder: Path | None) -> None:
        if not killed and folder is not None:
            killed.extend(_office_pids(folder))
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    if kind == "soffice":
        real_write = soffice_pool.write_job

        def write_job(user, job):  # type: ignore[no-untyped-def]
            real_write(user, job)
            if job is not None:  # the job is handed over, and soffice dies
                kill_office(user.parent.parent)

        monkeypatch.setattr(soffice_pool, "write_job", write_job)
    else:
        real_proxy = unoserver_pool.UnoserverWorker._proxy

        def proxy(self, timeout):  # type: ignore[no-untyped-def]
            if timeout > self.timeout:  # the conversion call, not the start-up probe
                kill_office(self.work_dir)
            return real_proxy(self, timeout)

        monkeypatch.setattr(unoserver_pool.UnoserverWorker, "_proxy", proxy)
    with open_converter(1, kind=kind, timeout=120) as converter:
        done = convert_each(sources, tmp_path / "out", pool=converter)
    assert killed  # soffice really was killed under the first document
    assert [c.error for c in done] == [None, None]
    assert all(c.pdf is not None and _page_count(c.pdf) >= 3 for c in done)
