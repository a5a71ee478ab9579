"""pjgen build with many workbooks: keeps going, summary, exit code, -j, one LibreOffice pool."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from build_support import EXAMPLE, department, edit_workbook, template  # noqa: F401  (fixture)
from conftest import BASELINE
from generator import convert
from generator.cli import app
from generator.output import MANIFEST_NAME, sha256_file
from generator.build import BuildOptions, Reporter, build_many, collect_workbooks
from generator.problems import WorkbookNotFound

runner = CliRunner()
SUFFIX = "2023年度部门决算公开说明"


def pjgen(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def departments(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("departments")
    return [department(folder, name) for name in ("甲单位", "乙机关", "丙中心")]


@pytest.fixture
def folder_with_broken(tmp_path, departments) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for book in departments[:2]:
        (folder / book.name).write_bytes(book.read_bytes())
    (folder / "坏文件.xlsx").write_text("单位名称,金额\n", encoding="utf-8")  # a CSV renamed to .xlsx
    edit_workbook(departments[2], folder / "有错误.xlsx", {("上年及预算对比", "B2"): "两千"})
    (folder / "~$甲单位.xlsx").write_bytes(b"excel lock file")  # skipped
    return folder


class ConverterCalls(list):
    """The documents of each ``convert_each`` call; ``pools``: the converter each call was given."""

    def __init__(self) -> None:
        super().__init__()
        self.pools: list = []


@pytest.fixture
def fake_converter(monkeypatch):
    calls = ConverterCalls()

    def fake(docx_paths, out_dir, *, timeout=180, font_dir=None, processes=1, pool=None):
        calls.append([Path(p) for p in docx_paths])
        calls.pools.append(pool)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        done = []
        for p in docx_paths:
            pdf = Path(out_dir) / (Path(p).stem + ".pdf")
            pdf.write_bytes(b"%PDF-1.7 " + Path(p).name.encode())
            done.append(convert.Converted(Path(p), pdf))
        return done

    monkeypatch.setattr(convert, "convert_each", fake)
    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")
    return calls


def test_folder_with_one_broken_workbook(template, tmp_path, folder_with_broken):
    out = tmp_path / "out"
    result = pjgen("build", folder_with_broken, "-o", out, "-f", "docx", "--template", template)
    assert result.exit_code == 1
    built = sorted(p.name for p in out.glob("*.docx"))
    assert built == [f"乙机关{SUFFIX}.docx", f"甲单位{SUFFIX}.docx"]
    text = result.output
    for name in ("甲单位.xlsx", "乙机关.xlsx", "坏文件.xlsx", "有错误.xlsx"):
        assert name in text  # every workbook has a row in the summary
    assert "~$甲单位.xlsx" not in text
    assert "共 4 个工作簿：2 个已生成，0 个无变化，1 个有错误，1 个失败。" in text
    assert "上年及预算对比!B2" in text  # the errors of the invalid workbook are listed


def test_statuses_and_counts(template, tmp_path, folder_with_broken):
    run = build_many(collect_workbooks([folder_with_broken]), BuildOptions(tmp_path, ("docx",), template=template))
    summary = [(r.path.name, r.status, len(r.validation.warnings) if r.validation else None) for r in run.results]
    warned = len(BASELINE)  # the worked example's own warnings
    assert summary == [
        ("乙机关.xlsx", "built", warned),
        ("坏文件.xlsx", "failed", None),
        ("有错误.xlsx", "invalid", warned),
        ("甲单位.xlsx", "built", warned),
    ]
    assert not run.ok


def test_all_good_exits_zero_and_reruns_unchanged(template, tmp_path, departments):
    out = tmp_path / "out"
    first = pjgen("build", *departments, "-o", out, "-f", "docx", "--template", template)
    assert first.exit_code == 0, first.output
    assert "3 个已生成" in first.output
    second = pjgen("build", *departments, "-o", out, "-f", "docx", "--template", template)
    assert second.exit_code == 0
    assert "3 个无变化" in second.output and "没有变化" in second.output


def test_parallel_build_gives_the_same_files(template, tmp_path, departments):
    serial = build_many(departments, BuildOptions(tmp_path / "serial", ("docx",), template=template))
    parallel = build_many(departments, BuildOptions(tmp_path / "parallel", ("docx",), template=template, jobs=2))
    assert [r.status for r in parallel.results] == ["built"] * 3
    assert [r.path for r in parallel.results] == departments  # input order, not finishing order
    for a, b in zip(serial.results, parallel.results):
        assert a.docx.read_bytes() == b.docx.read_bytes()


def test_pdfs_of_a_run_share_one_converter(template, tmp_path, departments, fake_converter):
    result = pjgen("build", *departments, "-o", tmp_path, "--template", template)
    assert result.exit_code == 0, result.output
    assert sorted(d.name for call in fake_converter for d in call) == sorted(f"{b.stem}{SUFFIX}.docx" for b in departments)
    assert len({id(p) for p in fake_converter.pools}) == 1 and fake_converter.pools[0] is not None
    assert len(list(tmp_path.glob("*.pdf"))) == 3 and len(list(tmp_path.glob("*.docx"))) == 3
    assert not list(tmp_path.glob(".pjgen-work-*"))


def test_a_document_converts_while_the_next_renders(template, tmp_path, departments, fake_converter, monkeypatch):
    """The converter gets the first document before the last workbook is rendered."""
    import threading

    from generator import build as build_module

    real = build_module.render_report
    converting = threading.Event()
    seen: list[str] = []

    def render(report, *args):
        if report.unit_name == departments[-1].stem:
            converting.wait(timeout=20)  # without pipelining nothing converts before this returns
            seen.append(f"render {report.unit_name}" + (" after a conversion began" if converting.is_set() else ""))
        return real(report, *args)

    fake = convert.convert_each

    def converting_fake(docx_paths, out_dir, **options):
        converting.set()
        return fake(docx_paths, out_dir, **options)

    monkeypatch.setattr(build_module, "render_report", render)
    monkeypatch.setattr(convert, "convert_each", converting_fake)
    run = build_many(departments, BuildOptions(tmp_path, template=template))
    assert run.ok, [r.errors for r in run.results]
    assert seen == [f"render {departments[-1].stem} after a conversion began"]
    assert all(r.pdf is not None for r in run.results)


def test_failed_conversion_keeps_the_docx(template, tmp_path, departments, monkeypatch):
    def broken(docx_paths, out_dir, **options):
        raise convert.ConversionFailed("PDF 转换超时（180 秒）")

    monkeypatch.setattr(convert, "convert_each", broken)
    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")
    result = pjgen("build", *departments[:2], "-o", tmp_path, "--template", template)
    assert result.exit_code == 1
    assert "PDF 转换超时" in result.output
    assert len(list(tmp_path.glob("*.docx"))) == 2 and not list(tmp_path.glob("*.pdf"))


def test_locked_output_leaves_the_rest_consistent(template, tmp_path, departments, fake_converter):
    out = tmp_path / "out"
    assert pjgen("build", *departments, "-o", out, "--template", template).exit_code == 0
    corrected = [
        edit_workbook(book, tmp_path / book.name, {("上年及预算对比", "B2"): 2739.81}) for book in departments
    ]
    locked = out / f"乙机关{SUFFIX}.docx"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (out / ("~$" + locked.name[2:])).write_bytes(b"owner")

    result = pjgen("build", *corrected, "-o", out, "--template", template)
    assert result.exit_code == 1
    assert "乙机关" in result.output and "Word/WPS" in result.output
    assert locked.read_bytes() == before[locked.name]
    assert (out / f"乙机关{SUFFIX}.pdf").read_bytes() == before[f"乙机关{SUFFIX}.pdf"]  # the pair stays matched
    for name in ("甲单位", "丙中心"):
        assert (out / f"{name}{SUFFIX}.docx").read_bytes() != before[f"{name}{SUFFIX}.docx"]
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    for name, entry in manifest.items():
        assert sha256_file(out / name) == entry["sha256"], name  # the record tells the truth


def test_same_unit_twice(template, tmp_path, departments):
    copy = tmp_path / "甲单位副本.xlsx"
    copy.write_bytes(departments[0].read_bytes())
    run = build_many([departments[0], copy], BuildOptions(tmp_path / "out", ("docx",), template=template))
    assert [r.status for r in run.results] == ["built", "failed"]
    assert "同名" in run.results[1].errors[0]


def test_reporter_sees_every_workbook(template, tmp_path, departments, fake_converter):
    events: list[tuple] = []

    class Recorder(Reporter):
        def started(self, total):
            events.append(("started", total))

        def finished(self, result):
            events.append(("finished", result.path.name))

        def converting(self, count):
            events.append(("converting", count))

        def converted(self):
            events.append(("converted",))

    build_many(departments, BuildOptions(tmp_path, template=template), Recorder())
    assert events == [
        ("started", 3),
        *[("finished", p.name) for p in departments],
        ("converting", 3),
        ("converted",),
    ]


def test_collect_workbooks(tmp_path, departments):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("b.xlsx", "a.XLSX", "~$a.xlsx", ".hidden.xlsx", "notes.txt"):
        (folder / name).write_bytes(b"")
    (folder / "sub").mkdir()
    found = collect_workbooks([folder, folder / "b.xlsx", departments[0]])
    assert [p.name for p in found] == ["a.XLSX", "b.xlsx", departments[0].name]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(WorkbookNotFound):
        collect_workbooks([empty])


def test_missing_workbook_is_one_failure_among_others(template, tmp_path, departments):
    result = pjgen("build", departments[0], tmp_path / "没有这个.xlsx", "-o", tmp_path / "out", "-f", "docx",
                   "--template", template)
    assert result.exit_code == 1
    assert "找不到工作簿文件" in result.output
    assert (tmp_path / "out" / f"甲单位{SUFFIX}.docx").is_file()


@pytest.mark.pdf
def test_pdfs_of_several_workbooks_in_one_soffice_run(template, tmp_path, departments, monkeypatch):
    if convert.find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing; run scripts/setup-system.sh")
        pytest.skip("needs LibreOffice (soffice)")
    real = convert.SofficePool.export
    calls = []

    def counting(self, jobs, on_done=None):
        calls.append((id(self), len(jobs), self.processes))
        return real(self, jobs, on_done)

    monkeypatch.setattr(convert.SofficePool, "export", counting)
    run = build_many(departments[:2], BuildOptions(tmp_path, template=template))
    assert run.ok, [r.errors for r in run.results]
    assert [(jobs, processes) for _, jobs, processes in calls] == [(1, 1), (1, 1)]  # each as it is written
    assert len({pool for pool, _, _ in calls}) == 1  # one pool, one soffice process
    for r in run.results:
        assert r.pdf is not None and r.pdf.read_bytes().startswith(b"%PDF-")


def test_unit_name_that_is_no_file_name(template, tmp_path):
    book = department(tmp_path / "in", "某局")
    edit_workbook(book, book, {("单位信息", "B2"): "某局/某办"})
    run = build_many([book], BuildOptions(tmp_path / "out", ("docx",), template=template))
    assert run.ok, run.results[0].errors
    assert run.results[0].docx == tmp_path / "out" / f"某局_某办{SUFFIX}.docx"
    from docx import Document

    assert Document(run.results[0].docx).core_properties.title == f"某局/某办{SUFFIX}"


@pytest.mark.pdf
def test_a_document_libreoffice_cannot_convert_fails_alone(template, tmp_path, departments, monkeypatch):
    if convert.find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing; run scripts/setup-system.sh")
        pytest.skip("needs LibreOffice (soffice)")
    from generator import build as build_module

    real = build_module.render_report

    def render(report, *args):  # 乙机关's document comes out as bytes LibreOffice cannot open
        data = real(report, *args)
        return b"PK\x03\x04 damaged" + data[:100] if report.unit_name == "乙机关" else data

    monkeypatch.setattr(build_module, "render_report", render)
    out = tmp_path / "out"
    result = pjgen("build", *departments, "-o", out, "--template", template)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == [f"丙中心{SUFFIX}.pdf", f"甲单位{SUFFIX}.pdf"]
    assert f"乙机关{SUFFIX}.docx" in result.output and "PDF 转换失败" in result.output
    assert "共 3 个工作簿：2 个已生成，0 个无变化，0 个有错误，1 个失败。" in result.output
