"""The fuzz corpus (tests/fuzz_corpus.py): 320 damaged copies of the worked example,
each built in-process through the command line (`pjgen build --format docx`, typer's
CliRunner), and every tenth one checked with `pjgen check` as well.

For each: no traceback, an answer within 10 s of CPU time (a hang guard against
runaway parsing, not a benchmark: CPU time, so that a busy machine does not fail it;
the corpus's timings are benchmarks/bench_fuzz.py's), exit code 0 or 1, no document
written when the workbook has errors, a damaged numeric cell named in the problem
table unless the damaged value is itself valid, an unreadable file refused with one
Chinese error, and hostile text printed literally in the document.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE_XLSX
from fuzz_corpus import COUNTS, corpus
from generator.cli import app
from generator.extract import iter_blocks

CASES = corpus(EXAMPLE_XLSX)
ANSWER_WITHIN = 10  # seconds
runner = CliRunner()


class NoAnswer(Exception):
    pass


@contextmanager
def answer_within(seconds: int) -> Iterator[None]:
    """Raise NoAnswer after `seconds` of CPU time (user + system) in this process."""
    def stop(signum, frame):
        raise NoAnswer(f"no answer within {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def invoke(*args: object):
    with answer_within(ANSWER_WITHIN):
        result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    return result


def test_corpus_is_seeded_and_large_enough():
    assert len(CASES) == sum(COUNTS.values()) >= 300
    assert len({c.id for c in CASES}) == len(CASES)
    assert [c.id for c in corpus(EXAMPLE_XLSX)] == [c.id for c in CASES]  # same seed, same corpus
    families = {c.family for c in CASES}
    assert families == {"file", "sheet", "cell", "text"}
    assert sum(c.cell is not None for c in CASES if c.family == "cell") >= 100


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.id for c in CASES])
def test_damaged_workbook(index, tmp_path):
    case = CASES[index]
    book = case.make(EXAMPLE_XLSX, tmp_path)
    out = tmp_path / "out"
    result = invoke("build", book, "-o", out, "--format", "docx")
    docs = sorted(out.rglob("*.docx")) if out.exists() else []
    if result.exit_code != 0:
        assert docs == [], "a workbook with errors must not produce a document"
    else:
        assert len(docs) == 1
    if case.unreadable:
        assert result.exit_code == 1 and result.output.lstrip().startswith("错误：")
    if case.cell is not None and (case.family == "cell" or result.exit_code != 0):
        assert case.cell in result.output, f"{case.cell} not named:\n{result.output}"
    if case.hostile is not None and result.exit_code == 0:
        text = "\n".join(b.text for b in iter_blocks(docs[0].read_bytes()))
        assert case.hostile in text, "hostile text not printed literally"
    if index % 10 == 0:
        checked = invoke("check", book)
        assert checked.exit_code == result.exit_code
        if case.cell is not None and case.family == "cell":
            assert case.cell in checked.output
