"""Render workers: started from a fork server that has imported what they need (Linux/macOS),
spawned on Windows; each gets the environment of the process that made its pool; workbooks
failing in a worker are reported as when rendered in the command's own process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from build_support import EXAMPLE, edit_workbook, template  # noqa: F401  (fixture)
from generator import workers
from generator.build import BuildOptions, build_many, render_workbook

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="Windows has no fork server")

# Imported by a worker while it renders, they would mean the fork server did not preload them.
HEAVY = ("generator", "openpyxl", "docx", "docxtpl", "jinja2", "lxml", "markupsafe")


def imports_of_a_render(path: Path) -> list[str]:
    """Run in a worker: the modules first imported while rendering ``path``."""
    before = set(sys.modules)
    rendered = render_workbook(path, None)
    assert rendered.data is not None, rendered.error
    return sorted(set(sys.modules) - before)


def environment_value(name: str) -> str | None:
    return os.environ.get(name)


def test_windows_spawns(monkeypatch):
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert workers.context().get_start_method() == "spawn"


@posix_only
def test_workers_start_from_a_fork_server():
    assert workers.context().get_start_method() == "forkserver"


@posix_only
def test_a_worker_renders_without_importing_the_pipeline_again():
    with workers.pool(1) as pool:
        new = pool.submit(imports_of_a_render, EXAMPLE).result(timeout=120)
    assert [m for m in new if m.split(".")[0] in HEAVY] == []


def test_workers_take_the_environment_of_the_pool_s_maker(monkeypatch):
    with workers.pool(1) as pool:  # the fork server, if any, runs from here on
        assert pool.submit(environment_value, "PJGEN_WORKER_PROBE").result(timeout=60) is None
    monkeypatch.setenv("PJGEN_WORKER_PROBE", "第二次")
    monkeypatch.delenv("PJGEN_PACKS", raising=False)
    with workers.pool(1) as pool:
        assert pool.submit(environment_value, "PJGEN_WORKER_PROBE").result(timeout=60) == "第二次"
        assert pool.submit(environment_value, "PJGEN_PACKS").result(timeout=60) is None


def test_failing_workbooks_are_reported_from_workers_as_in_process(template, tmp_path):  # noqa: F811
    good = tmp_path / "甲单位.xlsx"
    good.write_bytes(EXAMPLE.read_bytes())
    broken = tmp_path / "坏文件.xlsx"
    broken.write_text("单位名称,金额\n", encoding="utf-8")  # a CSV renamed to .xlsx
    invalid = tmp_path / "有错误.xlsx"
    edit_workbook(EXAMPLE, invalid, {("上年及预算对比", "B2"): "两千"})
    books = [good, broken, invalid]

    def outcome(jobs: int) -> list[tuple]:
        run = build_many(books, BuildOptions(tmp_path / f"j{jobs}", ("docx",), template=template, jobs=jobs))
        return [(r.path.name, r.status, r.errors, [p.flat() for p in r.validation.errors] if r.validation else None)
                for r in run.results]

    serial, parallel = outcome(1), outcome(2)
    assert parallel == serial
    assert [status for _, status, _, _ in parallel] == ["built", "failed", "invalid"]
    assert parallel[1][2] and parallel[2][3]  # the reason and the cells are there


def test_a_worker_with_another_copy_of_pjgen_fails_loudly(monkeypatch):
    monkeypatch.setattr(os, "environ", dict(os.environ))  # start_worker replaces the environment
    with pytest.raises(RuntimeError, match="不是同一份"):
        workers.start_worker({}, "/elsewhere/generator/__init__.py")
    assert os.environ != {}  # nothing taken before the check


@pytest.mark.parametrize(("jobs", "books", "early"), [(2, 2, True), (1, 2, False), (2, 1, False)])
def test_the_command_starts_the_fork_server_early_only_for_parallel_work(monkeypatch, tmp_path, template,  # noqa: F811
                                                                          jobs, books, early):
    from typer.testing import CliRunner

    from generator.cli import app

    calls: list[bool] = []
    monkeypatch.setattr(workers, "start_early", lambda: calls.append(True))
    paths = []
    for i in range(books):
        paths.append(tmp_path / f"{i}.xlsx")
        paths[-1].write_bytes(EXAMPLE.read_bytes())
    args = ["build", *map(str, paths), "-o", str(tmp_path / "out"), "-f", "docx", "-j", str(jobs), "--template", str(template)]
    CliRunner().invoke(app, args)
    assert calls == ([True] if early else [])
