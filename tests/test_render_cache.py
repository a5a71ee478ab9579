"""A template is prepared once per process: the next document skips docxtpl's tag clean-up
and Jinja's compilation, and nothing of one document reaches the next."""

from __future__ import annotations

from pathlib import Path

import docxtpl
import jinja2
import pytest

from build_support import EXAMPLE, department
from generator.pipeline import render_report, validate
from generator.render import template_class, rendering_environment

SHANGHAI = EXAMPLE.parent / "shanghai-2024.xlsx"


def _report(path: Path):
    v = validate(path)
    assert v.ok and v.report is not None, [(str(p.ref), p.code) for p in v.errors]
    return v.report, v.pack


def _forget() -> None:
    """As in a new process: nothing cleaned up or compiled yet."""
    rendering_environment.cache_clear()
    template_class.cache_clear()


def _fresh(report, pack) -> bytes:
    """The document rendered with nothing prepared before it."""
    _forget()
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
    _forget()
    render_report(first, pack=pack)
    assert compilations, "the first document compiles its template"
    compilations.clear()
    render_report(second, pack=pack)
    assert compilations == []


def test_the_next_document_cleans_up_no_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = docxtpl.DocxTemplate.patch_xml

    def counting(self, src_xml):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(self, src_xml)

    monkeypatch.setattr(docxtpl.DocxTemplate, "patch_xml", counting)
    first, pack = _report(EXAMPLE)
    second, _ = _report(department(tmp_path, "乙机关"))
    _forget()
    render_report(first, pack=pack)
    assert calls, "the first document cleans up its template's tags"
    calls.clear()
    render_report(second, pack=pack)
    assert calls == []


def test_no_document_carries_into_the_next(tmp_path: Path) -> None:
    first, pack = _report(EXAMPLE)
    second, _ = _report(department(tmp_path, "乙机关"))
    alone = {"first": _fresh(first, pack), "second": _fresh(second, pack)}
    _forget()
    in_turn = [render_report(r, pack=pack) for r in (first, second, first, second)]
    assert alone["first"] != alone["second"]
    assert in_turn == [alone["first"], alone["second"], alone["first"], alone["second"]]


def test_another_template_in_the_same_process_is_its_own(compilations: list[int]) -> None:
    xinjiang, xinjiang_pack = _report(EXAMPLE)
    shanghai, shanghai_pack = _report(SHANGHAI)
    alone = _fresh(shanghai, shanghai_pack)
    _forget()
    render_report(xinjiang, pack=xinjiang_pack)
    compilations.clear()
    assert render_report(shanghai, pack=shanghai_pack) == alone
    assert compilations, "a template not seen before is compiled"


@pytest.mark.parametrize("reason", ["人员增加。", "人员增加；\n车辆减少。\t见附表"])
def test_rendered_as_docxtpl_itself_renders(make_workbook, monkeypatch: pytest.MonkeyPatch, reason: str) -> None:
    """The prepared template (clean-up kept, Listing's search skipped where there is nothing
    to find) gives the bytes docxtpl's own DocxTemplate and a fresh environment give."""
    import zipfile
    from io import BytesIO

    from generator import render as render_module

    def mutate(data):
        data["上年及预算对比"]["收入支出总计变动原因"] = reason

    report, pack = _report(make_workbook(mutate))
    _forget()
    ours = render_report(report, pack=pack)
    body = zipfile.ZipFile(BytesIO(ours)).read("word/document.xml").decode("utf-8")
    assert ("<w:br/>" in body and "<w:tab/>" in body) == ("\n" in reason)  # the Listing case is the one tried
    monkeypatch.setattr(render_module, "template_class", lambda: docxtpl.DocxTemplate)
    monkeypatch.setattr(render_module, "rendering_environment", render_module._environment)
    assert render_report(report, pack=pack) == ours
