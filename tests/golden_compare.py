"""Strict comparison of a built document with a published reference: reusable by every
golden test (one reference per region).

Sentences. Both texts are normalised (NFKC folds full-/half-width punctuation; white
space, PDF line breaks, markdown bold and list bullets are dropped) and split into
sentences at 。 and before each line that opens with a heading or list number
(第一部分, 一、, （一）, 1.), so that a heading is a sentence of its own. Each
reference sentence is either reproduced verbatim or named in a `Difference` that
gives, in full, the sentence pjgen writes instead, with the reason; the figures the
two sentences share are compared as well (`Difference.dropped` / `added` list the
only figures allowed to differ). Every built sentence is either in the reference, the
replacement of a Difference, or in an explicit allow-list of additions with a reason.

Cells (tables). The non-empty cells of a reference table, in reading order, are aligned
with the built table's (difflib); each reference cell that is not reproduced maps to
the exact built cell (or to nothing), and each built cell the reference lacks is in an
allow-list with a reason.

The fidelity figure counts only reference sentences that carry a figure (an Arabic
digit outside the heading number); headings and figure-free sentences are not counted.
Each Difference is of one of two kinds: a SLIP is the reference's own error (a rate
without %, a figure that contradicts the published tables, a misspelt name), which
pjgen cannot reproduce without copying the error; a CHOICE is pjgen's own wording
where the reference's is defensible (与上年持平 for 增加0.00万元). Two figures are
reported: verbatim over all figure sentences, and verbatim over the figure sentences
that are not slips — the measure of pjgen's own fidelity, on which thresholds are set.
Tests hand the summary to `record_fidelity`, and the test run prints it at the end.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.extract import iter_blocks, paragraphs
from generator.pipeline import render_report, validate

HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.(?!\d))")
BARE_HEADING = re.compile(r"\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、")
MARK = "§"
SLIP, CHOICE = "slip", "choice"
FIGURE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?%?")


# ---------------------------------------------------------------------------
# Text


def normalise(text: str, wrapped: tuple[str, ...] = ()) -> str:
    """NFKC, no markup or white space; § before every line that opens with a heading number,
    and after it when the line holds no sentence punctuation (a heading of its own).

    A line that is a bare heading number (（一） alone), or one of ``wrapped`` (lines, without
    white space, that the PDF extraction broke in the middle of a heading or numbered item),
    is joined with the next non-blank line first."""
    lines: list[str] = []
    carry = ""
    for line in unicodedata.normalize("NFKC", text).splitlines():
        line = re.sub(r"^\s*-\s+", "", line.replace("**", "")).strip()  # list bullets of the extraction
        if carry:
            if not line:
                continue
            line, carry = carry + line, ""
        key = re.sub(r"\s+", "", line)
        if (key and BARE_HEADING.fullmatch(key)) or key in wrapped:
            carry = line
            continue
        if HEADING.match(line):
            line = MARK + line + (MARK if not re.search(r"[。:,]", line) else "")
        lines.append(line)
    return re.sub(r"\s+", "", "\n".join(lines + [carry]))


def sentences(text: str) -> list[str]:
    """Sentences of a normalised text, without their closing 。."""
    parts = re.split(r"(?<=。)|" + MARK, text)
    return [s.rstrip("。") for s in parts if s and s.strip("。")]


def norm_cell(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_heading(sentence: str) -> bool:
    return bool(HEADING.match(sentence)) and not re.search(r"[。:,;]", sentence)


def figures(sentence: str) -> list[str]:
    """The figures a sentence states, heading number excluded: amounts, shares, counts, years."""
    m = HEADING.match(sentence)
    return FIGURE.findall(sentence[m.end():] if m else sentence)


def carries_figure(sentence: str) -> bool:
    return not is_heading(sentence) and bool(figures(sentence))


# ---------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Difference:
    """A reference sentence pjgen deliberately writes differently, both in full."""

    reference: str
    built: str | None  # None: pjgen writes no sentence in its place
    reason: str
    dropped: tuple[str, ...] = ()  # figures of the reference the built sentence does not state
    added: tuple[str, ...] = ()  # figures of the built sentence the reference does not state
    kind: str = CHOICE  # SLIP: the reference's own error; CHOICE: pjgen's deliberate wording

    def __post_init__(self) -> None:
        if self.kind not in (SLIP, CHOICE):
            raise ValueError(f"Difference.kind must be {SLIP!r} or {CHOICE!r}: {self.kind!r}")


@dataclass
class SentenceComparison:
    reference: list[str]
    built: list[str]
    differences: list[Difference]
    additions: dict[str, str]
    verbatim: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def figure_sentences(self) -> list[str]:
        return [s for s in self.reference if carries_figure(s)]

    @property
    def figure_verbatim(self) -> list[str]:
        built = set(self.built)
        return [s for s in self.figure_sentences if s in built]

    @property
    def slips(self) -> list[str]:
        """Figure sentences that are the reference's own slips (named as such in a Difference)."""
        named = {d.reference for d in self.differences if d.kind == SLIP}
        return [s for s in self.figure_sentences if s in named]

    @property
    def own_fidelity(self) -> float:
        """Verbatim share of the figure sentences that are not the reference's slips."""
        basis = len(self.figure_sentences) - len(self.slips)
        return len(self.figure_verbatim) / basis if basis else 1.0

    def summary(self, name: str) -> str:
        total, same = len(self.figure_sentences), len(self.figure_verbatim)
        slips = len(self.slips)
        choices = sum(d.kind == CHOICE for d in self.differences)
        headings = sum(is_heading(s) for s in self.reference)
        return (f"{name}: {same} of {total} reference sentences that carry a figure reproduced verbatim "
                f"({same / total:.1%}); slips of the reference: {slips}, so {same} of the other {total - slips} "
                f"({self.own_fidelity:.1%}); pjgen's deliberate differences of wording: {choices}, each "
                f"compared in full; not counted: {headings} headings and {len(self.reference) - total - headings} "
                f"sentences without a figure")


def compare_sentences(reference: list[str], built: list[str], differences: list[Difference],
                      additions: dict[str, str]) -> SentenceComparison:
    """Every way the built sentences depart from the reference and the documented differences."""
    result = SentenceComparison(reference, built, differences, additions)
    ref_set, built_set = set(reference), set(built)
    by_ref = {d.reference: d for d in differences}
    replacements = {d.built for d in differences if d.built is not None}
    for s in reference:
        if s in built_set:
            result.verbatim.append(s)
        elif s not in by_ref:
            result.failures.append(f"reference sentence not reproduced and not a documented difference: {s}")
    for d in differences:
        if d.reference not in ref_set:
            result.failures.append(f"documented difference names no reference sentence: {d.reference}")
        if d.reference in built_set:
            result.failures.append(f"documented difference no longer differs (pjgen writes it verbatim): {d.reference}")
        if d.built is not None and d.built not in built_set:
            result.failures.append(f"pjgen no longer writes the documented replacement: {d.built}")
        expected = Counter(figures(d.reference)) - Counter(d.dropped)
        got = Counter(figures(d.built or "")) - Counter(d.added)
        if expected != got or Counter(d.dropped) - Counter(figures(d.reference)):
            result.failures.append(
                f"figures differ beyond the documented ones: reference {sorted(expected.elements())} "
                f"vs pjgen {sorted(got.elements())}: {d.reference}")
    for s in built:
        if s not in ref_set and s not in replacements and s not in additions:
            result.failures.append(f"pjgen writes a sentence the reference lacks (not allowed): {s}")
    for s in additions:
        if s not in built_set:
            result.failures.append(f"allowed addition no longer written: {s}")
        elif s in ref_set:
            result.failures.append(f"allowed addition is in the reference after all: {s}")
    return result


# ---------------------------------------------------------------------------
# Cells


@dataclass
class CellComparison:
    total: int = 0
    same: int = 0
    failures: list[str] = field(default_factory=list)
    changed: list[tuple[int, str, str | None]] = field(default_factory=list)  # (table, reference, built)
    added: list[tuple[int, str]] = field(default_factory=list)


def compare_cells(tables: list[tuple[list[str], list[str]]],
                  differences: dict[tuple[int, str], tuple[str | None, str]],
                  additions: dict[tuple[int, str], str]) -> CellComparison:
    """tables: (reference cells, built cells) per table, numbered from 1.

    differences: (table, reference cell) → (built cell in its place, or None; reason).
    additions: (table, built cell) → reason it is in the built table and not in the reference.
    """
    result = CellComparison()
    used_diff: set[tuple[int, str]] = set()
    used_add: set[tuple[int, str]] = set()
    for n, (ref, built) in enumerate(tables, start=1):
        result.total += len(ref)
        matcher = difflib.SequenceMatcher(a=ref, b=built, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                result.same += a1 - a0
                continue
            pairs: list[tuple[str | None, str | None]]
            if op == "replace" and a1 - a0 == b1 - b0:
                pairs = list(zip(ref[a0:a1], built[b0:b1]))
            else:
                pairs = [(c, None) for c in ref[a0:a1]] + [(None, c) for c in built[b0:b1]]
            for r, b in pairs:
                if r is not None:
                    want = differences.get((n, r))
                    used_diff.add((n, r))
                    if want is None or want[0] != b:
                        result.failures.append(f"table {n}: reference cell {r!r} → pjgen {b!r} (not documented)")
                    else:
                        result.changed.append((n, r, b))
                elif b is not None:
                    used_add.add((n, b))
                    if (n, b) not in additions:
                        result.failures.append(f"table {n}: pjgen adds cell {b!r} the reference lacks (not allowed)")
                    else:
                        result.added.append((n, b))
    for key in differences.keys() - used_diff:
        result.failures.append(f"documented cell difference no longer occurs: {key}")
    for key in additions.keys() - used_add:
        result.failures.append(f"allowed cell addition no longer occurs: {key}")
    return result


# ---------------------------------------------------------------------------
# Reporting the fidelity figures at the end of the run

FIDELITY: list[str] = []


def record_fidelity(line: str) -> None:
    """Shown in the test run's summary (conftest.pytest_terminal_summary)."""
    if line not in FIDELITY:
        FIDELITY.append(line)


# The Shanghai layout (2024 and 2025): the sentences compared are 第一部分 (after the 目录) up to the
# 单位构成 table, then 第三部分 and 第四部分. The extracted reference runs the 单位构成 table's cells into
# the sentence before it; that table, and the nine 决算表, are compared as tables.
SHANGHAI_COMPOSITION_HEAD = "序号单位名称备注"  # the 单位构成 table's header row, normalised


def shanghai_reference_body(text: str) -> str:
    text = text[text.rindex("第一部分上海市"):]
    return text[: text.index(SHANGHAI_COMPOSITION_HEAD)] + text[text.rindex(MARK + "第三部分上海市"):]


def shanghai_built_body(text: str) -> str:
    text = text[text.index("第一部分上海市"):]
    return text[: text.index(MARK + "第二部分")] + text[text.index(MARK + "第三部分"):]


def shanghai_built_sentences(docx: bytes) -> list[str]:
    return sentences(shanghai_built_body(normalise("\n".join(paragraphs(docx)))))


def shanghai_reference_sentences(reference: Path, wrapped: tuple[str, ...]) -> list[str]:
    return sentences(shanghai_reference_body(normalise(reference.read_text(encoding="utf-8"), wrapped=wrapped)))


# The nine 决算表 of the Shanghai layout, figure by figure: the reference's lines under each table title
# (from the 部门决算表 heading to 第三部分), the built document's cells per table (table 0: 单位构成).
SHANGHAI_TABLE_TITLES = (
    "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表")
AMOUNT = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")


def reference_table_lines(text: str, start: str) -> list[list[str]]:
    """The lines of each of the reference's nine tables, from the heading ``start`` to 第三部分."""
    begin = text.index(start)
    tables: list[list[str]] = []
    for line in text[begin: text.index("第三部分", begin)].splitlines():
        if line.strip() in SHANGHAI_TABLE_TITLES:
            tables.append([])
        elif tables:
            tables[-1].append(line)
    return tables


def nonzero_amounts(text: str) -> list[str]:
    """The non-zero amounts (two decimals) of a line or cell, thousands separators dropped."""
    return [a for a in AMOUNT.findall(text.replace(",", "")) if Decimal(a) != 0]


def reference_table_figures(text: str, start: str) -> list[list[str]]:
    """Non-zero amounts of each of the reference's nine tables, in reading order."""
    return [[a for line in lines for a in nonzero_amounts(line)] for lines in reference_table_lines(text, start)]


def built_table_cells(docx: bytes) -> list[list[str]]:
    """The cell texts of each table after the 单位构成 table (table 0), in reading order."""
    tables: dict[int, list[str]] = {}
    for b in iter_blocks(docx):
        if b.kind == "cell" and b.table >= 1:
            tables.setdefault(b.table, []).append(b.text.strip())
    return [tables[i] for i in sorted(tables)]


def built_table_figures(docx: bytes) -> list[list[str]]:
    """Non-zero amounts of each built table (a cell that is exactly one amount), in reading order."""
    return [[c.replace(",", "") for c in cells if AMOUNT.fullmatch(c.replace(",", "")) and nonzero_amounts(c)]
            for cells in built_table_cells(docx)]


def assert_findings(found: dict[tuple[str, str], str], expected: dict[tuple[str, str], str]) -> None:
    """Every expected (cell, code) finding is reported, its message naming the other cells ("A…B": the first
    and the last of the cells the message lists; "" when it names none), and nothing else is reported."""
    for key, other_cell in expected.items():
        assert key in found, key
        if other_cell:
            assert key[0] in found[key] and all(c in found[key] for c in other_cell.split("…")), found[key]
    assert set(found) == set(expected)


def build_example(workbook: Path, pack_id: str) -> bytes:
    """The worked example's document, built with the pack its workbook records."""
    v = validate(workbook)
    assert v.ok, [(str(p.ref), p.code) for p in v.errors]
    assert v.pack is not None and v.pack.id == pack_id  # recorded in the workbook
    return render_report(v.report, pack=v.pack)


def assert_nine_tables(reference: list[list[str]], built: list[list[str]], total: int, label: str) -> None:
    """Every non-zero figure of the reference's nine tables in the same place of the built ones; ``total``:
    how many there are (so that the comparison really covers the tables)."""
    assert len(reference) == len(built) == 9
    result = compare_cells(list(zip(reference, built)), {}, {})
    assert result.failures == []
    assert result.same == result.total == total
    record_fidelity(f"{label}: {result.same} of {result.total} non-zero table figures in place")
