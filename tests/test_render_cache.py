"""A template is compiled once per process: the next document skips Jinja's compilation,
and nothing of one document reaches the next."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from build_support import EXAMPLE, department
from generator.pipeline import render_report, validate
from generator.render import rendering_environment

SHANGHAI = EXAMPLE.parent / "shanghai-2024.xlsx"


def _report(path: Path):
    v = validate(path)
    assert v.ok and v.report is not None, [(str(p.ref), p.code) for p in v.errors]
    return v.report, v.pack


def _fresh(report, pack) -> bytes:
    """The document rendered with nothing compiled before it."""
    rendering_environment.cache_clear()
    return render_report(report, pack=pack)


@pytest.fixture
def compilations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = jinja2.Environment.compile

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return calls


def test_the_next_document_compiles_nothing(tmp_path: Path, compilations: list[int]) -> None:
    first, pack = _report(EXAMPLE)
    second, _ = _report(department(tmp_path, "乙机关"))
    rendering_environment.cache_clear()
    render_report(first, pack=pack)
    assert compilations, "the first document compiles its template"
    compilations.clear()
    render_report(second, pack=pack)
    assert compilations == []


def test_no_document_carries_into_the_next(tmp_path: Path) -> None:
    first, pack = _report(EXAMPLE)
    second, _ = _report(department(tmp_path, "乙机关"))
    alone = {"first": _fresh(first, pack), "second": _fresh(second, pack)}
    rendering_environment.cache_clear()
    in_turn = [render_report(r, pack=pack) for r in (first, second, first, second)]
    assert alone["first"] != alone["second"]
    assert in_turn == [alone["first"], alone["second"], alone["first"], alone["second"]]


def test_another_template_in_the_same_process_is_its_own(compilations: list[int]) -> None:
    xinjiang, xinjiang_pack = _report(EXAMPLE)
    shanghai, shanghai_pack = _report(SHANGHAI)
    alone = _fresh(shanghai, shanghai_pack)
    rendering_environment.cache_clear()
    render_report(xinjiang, pack=xinjiang_pack)
    compilations.clear()
    assert render_report(shanghai, pack=shanghai_pack) == alone
    assert compilations, "a template not seen before is compiled"
