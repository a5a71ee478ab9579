"""Wires the stages of one workbook: read → load → check → context → render.

Writing outputs and converting them to PDF, for any number of workbooks, is
generator/build.py's part.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks import run_checks
from generator.load import load_report
from generator.model import Report
from generator.output import safe_file_name
from generator.packs import Pack, choose_pack
from generator.printed import printed_by
from generator.problems import Problem, Severity
from generator.render import DocumentInfo
from generator.schema import GENERAL_LAST, SHEET_ORDER
from generator.title import DEFAULT_TITLE, fill_title
from generator.workbook import RawBook, read_workbook


@dataclass
class Validation:
    path: Path
    report: Report | None
    problems: list[Problem] = field(default_factory=list)
    pack: Pack | None = None  # the pack the workbook was checked for

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(path: Path, pack: Pack | None = None, template: Path | None = None) -> Validation:
    """Read and check a workbook for ``pack`` (default: the pack the workbook records) and
    ``template`` (default: the pack's); raises PjgenError only when it cannot be read at all
    or its pack is unknown."""
    return validate_book(read_workbook(path), pack, template)


# A cell that could not be read counts as 0 in the model; the sums it takes part in
# would then disagree as a consequence, not as a mistake of their own.
_UNREADABLE = frozenset({"not-a-number", "number-out-of-range", "formula-without-value", "negative-amount",
                         "not-an-integer", "missing-value"})
_ARITHMETIC = frozenset({"total-mismatch", "cross-table-mismatch", "balance-mismatch", "weights-not-100",
                         "total-score-mismatch"})


def validate_book(book: RawBook, pack: Pack | None = None, template: Path | None = None) -> Validation:
    """Check a workbook already read, for ``pack`` (default: the one it records) and the
    template it will be rendered with (default: the pack's).

    Only the sheets and fields the pack uses are read, and only the fields its template
    prints are mandatory (generator/printed.py). Arithmetic checks are not
    reported for a sheet that has unreadable numbers: they would only repeat the
    unreadable cell's problem. They come back, if still true, once the cell is fixed."""
    pack = pack or choose_pack(book.meta)
    printed = printed_by(template or pack.template)
    report, problems = load_report(book, pack.selection, printed)
    broken = {p.ref.sheet for p in problems if p.code in _UNREADABLE and p.ref is not None}
    derived = [p for p in run_checks(report, printed)
               if not (p.code in _ARITHMETIC and p.ref is not None and p.ref.sheet in broken)]
    problems = _pack_severities([p for p in list(problems) + derived if _in_pack(p, pack)], pack)
    problems.sort(key=lambda p: (not p.is_error, _sheet_order(p), _cell_order(p)))
    return Validation(Path(book.path), report, problems, pack)


# Problems that ask for rows of another sheet than the one they point at: reported only
# for a pack that uses that sheet (a Shanghai document never compares each 科目 with last year).
_ASKS_FOR = {"missing-last-year": GENERAL_LAST.name}


def _in_pack(p: Problem, pack: Pack) -> bool:
    """Whether a problem concerns what the pack uses: a cross-field check may point at a
    field the pack leaves out (no cell: ``CellRef(sheet, "")``) or a sheet it does not use,
    or ask for rows of a sheet the pack does not use (_ASKS_FOR). A sheet that is none of
    pjgen's concerns every pack."""
    if p.code == "unknown-sheet":  # a sheet of no pack at all
        return True
    wanted = _ASKS_FOR.get(p.code)
    if wanted is not None and not pack.selection.uses(wanted):
        return False
    return p.ref is None or (p.ref.cell != "" and pack.selection.uses(p.ref.sheet))


def _pack_severities(problems: list[Problem], pack: Pack) -> list[Problem]:
    """A missing reason is an error, a warning or not reported, as the pack's wording says."""
    level = pack.wording.missing_reason
    if level == "警告":
        return problems
    if level == "不检查":
        return [p for p in problems if p.code != "missing-reason"]
    return [replace(p, severity=Severity.ERROR) if p.code == "missing-reason" else p for p in problems]


def _sheet_order(p: Problem) -> int:
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


def document_title(report: Report, pack: Pack | None = None) -> str:
    """The pack's title for this report (default: the default pack's), as the template's
    ``title`` prints it."""
    from generator.context import title_values

    return fill_title(pack.title if pack else DEFAULT_TITLE, title_values(report))


def output_name(report: Report, pack: Pack | None = None) -> str:
    """The title as a file name (usable on every system), without suffix."""
    return safe_file_name(document_title(report, pack))


def document_info(report: Report, pack: Pack | None = None) -> DocumentInfo:
    return DocumentInfo(title=document_title(report, pack), subject=report.unit_name, year=int(report.year))


def render_report(report: Report, template: Path | None = None, pack: Pack | None = None) -> bytes:
    """The .docx of a valid report with ``pack``'s template and wording (default: the
    default pack); ``template`` replaces the pack's template. The same report, pack and
    template always give the same bytes."""
    from generator.context import build_context
    from generator.render import render_docx

    pack = pack or choose_pack({})
    return render_docx(build_context(report, pack.wording, pack.title), Path(template or pack.template),
                       info=document_info(report, pack))
