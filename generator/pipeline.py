"""Wires the stages: read → load → check → (context → render → convert)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.checks import run_checks
from generator.load import load_report
from generator.model import Report
from generator.problems import Problem
from generator.workbook import read_workbook


@dataclass
class Validation:
    path: Path
    report: Report | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(path: Path) -> Validation:
    """Read and check a workbook; raises PjgenError only when it cannot be read at all."""
    book = read_workbook(path)
    report, problems = load_report(book)
    problems = list(problems) + run_checks(report)
    problems.sort(key=lambda p: (not p.is_error, _sheet_order(p), _cell_order(p)))
    return Validation(Path(path), report, problems)


def _sheet_order(p: Problem) -> int:
    from generator.schema import SHEET_ORDER

    if p.ref is None:
        return -1
    try:
        return SHEET_ORDER.index(p.ref.sheet)
    except ValueError:
        return len(SHEET_ORDER)


def _cell_order(p: Problem) -> tuple[int, str]:
    if p.ref is None:
        return (0, "")
    letters = "".join(ch for ch in p.ref.cell if ch.isalpha())
    digits = "".join(ch for ch in p.ref.cell if ch.isdigit())
    return (int(digits or 0), letters.rjust(3))


@dataclass
class BuildResult:
    validation: Validation
    docx: Path | None = None
    pdf: Path | None = None


def output_name(report: Report) -> str:
    return f"{report.unit_name}{report.year}年度部门决算公开说明"


def render_report(report: Report) -> bytes:
    from generator.context import build_context
    from generator.render import render_docx

    return render_docx(build_context(report))


def build(path: Path, out_dir: Path) -> BuildResult:
    """Validate, then write the .docx; nothing is written when there are errors."""
    v = validate(path)
    result = BuildResult(v)
    if not v.ok or v.report is None:
        return result
    data = render_report(v.report)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (output_name(v.report) + ".docx")
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    result.docx = target
    return result
