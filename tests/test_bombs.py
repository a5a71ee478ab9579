"""The bomb corpus (tests/bomb_corpus.py) under `pjgen check`, `build` and `import`.

Each case is either refused with one Chinese error naming what is too large (the sheet,
where there is one), writing nothing, or read within the limits with exactly the worked
example's findings; every command stays under 300 MB. Peak memory is measured in the
child process (RUSAGE_CHILDREN); times are reported by benchmarks/bench_bombs.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bomb_corpus import CASES, EXAMPLE, READ, ROOT, builder, pjgen, run_measured

PEAK_MB = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return builder(tmp_path_factory.mktemp("bombs"))


@pytest.fixture(scope="module")
def example_summary(tmp_path_factory) -> str:
    """The last line of `pjgen check` on the worked example (its 10 warnings)."""
    code, out, _ = run_measured([*pjgen(), "check", str(EXAMPLE)], ROOT)
    assert code == 0
    return out.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def empty_target(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("target") / "target.xlsx"
    code, out, _ = run_measured([*pjgen(), "init", str(path)], ROOT)
    assert code == 0, out
    return path


def _refused(case: str, code: int, out: str) -> None:
    spec = CASES[case]
    assert code == 1, out
    assert spec.expected in out and "错误" in out
    assert spec.sheet in out
    assert "Traceback" not in out


@pytest.mark.parametrize("case", sorted(CASES))
def test_check(built, example_summary, case):
    code, out, peak = run_measured([*pjgen(), "check", str(built(case))], ROOT)
    assert peak < PEAK_MB, f"{case}: {peak:.0f} MB"
    if CASES[case].expected == READ:
        assert code == 0 and out.strip().splitlines()[-1] == example_summary  # the example's own findings
    else:
        _refused(case, code, out)


@pytest.mark.parametrize("case", sorted(CASES))
def test_build(built, tmp_path, case):
    out_dir = tmp_path / "out"
    code, out, peak = run_measured([*pjgen(), "build", str(built(case)), "--format", "docx", "-o", str(out_dir)], ROOT)
    assert peak < PEAK_MB, f"{case}: {peak:.0f} MB"
    docx = list(out_dir.glob("*.docx")) if out_dir.exists() else []
    if CASES[case].expected == READ:
        assert code == 0 and len(docx) == 1, out
    else:
        _refused(case, code, out)
        assert docx == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_import(built, empty_target, tmp_path, case):
    target = tmp_path / "target.xlsx"
    shutil.copy(empty_target, target)
    before = target.read_bytes()
    code, out, peak = run_measured([*pjgen(), "import", str(built(case)), "--into", str(target)], ROOT)
    assert peak < PEAK_MB, f"{case}: {peak:.0f} MB"
    if CASES[case].expected == READ:
        assert code == 0 and target.read_bytes() != before, out
    else:
        _refused(case, code, out)
        assert target.read_bytes() == before


def test_import_into_a_workbook_of_a_million_formatted_rows_is_refused(built, tmp_path):
    target = tmp_path / "target.xlsx"
    shutil.copy(built("empty-rows"), target)
    before = target.read_bytes()
    code, out, peak = run_measured([*pjgen(), "import", str(EXAMPLE), "--into", str(target), "--replace"], ROOT)
    assert peak < PEAK_MB, f"{peak:.0f} MB"
    assert code == 1 and "工作表“收入决算表”有 1,048,576 行（多为空行）" in out
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", ["diff", "init --from"])
def test_the_other_readers_refuse_too(built, tmp_path, command):
    """`diff` and `init --from` read through the same reader: one case each way suffices."""
    bomb = built("row-elements")
    if command == "diff":
        args = [*pjgen(), "diff", str(EXAMPLE), str(bomb)]
    else:
        args = [*pjgen(), "init", str(tmp_path / "next.xlsx"), "--from", str(bomb)]
    code, out, peak = run_measured(args, ROOT)
    assert peak < PEAK_MB, f"{peak:.0f} MB"
    _refused("row-elements", code, out)
    assert not (tmp_path / "next.xlsx").exists()
