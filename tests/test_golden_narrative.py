"""The narrative built from inputs/2023.xlsx, compared sentence by sentence with
the published reference (tests/data/reference/001_…txt, text extracted from PDF).

Normalisation, sentence splitting and the comparison are tests/golden_compare.py's.
Every reference sentence is reproduced verbatim or listed in DIFFERENCES with the
full sentence pjgen writes instead (its figures compared too) and the reason; every
sentence pjgen writes is in the reference, a documented replacement, or in ADDITIONS.
The fidelity figure (sentences that carry a figure, reproduced verbatim) is printed
at the end of the test run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract import paragraphs
from generator.pipeline import render_report, validate
from golden_compare import (
    CHOICE, MARK, SLIP, Difference, carries_figure, compare_sentences, figures, is_heading, normalise, record_fidelity,
    sentences,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "reference" / "001_a99b0381b148dfd8.txt"
EXAMPLE = ROOT / "inputs" / "2023.xlsx"

START = "§第一部分单位概况§§一、主要职能§"
TABLES_START = "具体项目自评情况附绩效自评表及自评报告。"
TABLES_END = "§十二、其他需说明的事项§"
END = "§九、《国有资本经营预算财政拨款收入支出决算表》"

# Each reference sentence pjgen deliberately writes differently → the exact sentence it
# writes instead, and why (both normalised: half-width punctuation, no spaces or 。).
DIFFERENCES = [
    Difference(
        reference="14.农林水支出(类)巩固脱贫衔接乡村振兴(款)其他巩固脱贫衔接乡村振兴支出(项):支出决算数为0.00万元,"
                  "比上年决算减少200.00万元,下降100%,主要原因是:2023年减少区内协助帮扶克州扶贫经费",
        built="14.农林水支出(类)巩固脱贫衔接乡村振兴(款)其他巩固脱贫衔接乡村振兴支出(项):支出决算数为0.00万元,"
              "比上年决算减少200.00万元,下降100.00%,主要原因是:2023年减少区内协助帮扶克州扶贫经费",
        reason="an inconsistency of the reference: percentages carry two decimals everywhere else (增长100.00%)",
        dropped=("100%",), added=("100.00%",), kind=SLIP,
    ),
    Difference(
        reference="其中:因公出国(境)费支出0.00万元,占0.00%,比上年增加0.00万元,增长0.00%,主要原因是:我单位无因公出国(境)费;"
                  "公务用车购置及运行维护费支出37.86万元,占91.60%,比上年增加6.50万元,增长20.73%,"
                  "主要原因是:本年车辆出行次数增加,车辆老化,车辆燃油费、维修维护费增加;"
                  "公务接待费支出3.47万元,占8.40%,比上年增加1.26万元,增长57.01%,"
                  "主要原因是:本年公务接待批次,公务接待人员增加",
        built="其中:因公出国(境)费支出0.00万元,占0.00%,与上年持平,主要原因是:我单位无因公出国(境)费;"
              "公务用车购置及运行维护费支出37.86万元,占91.60%,比上年增加6.50万元,增长20.73%,"
              "主要原因是:本年车辆出行次数增加,车辆老化,车辆燃油费、维修维护费增加;"
              "公务接待费支出3.47万元,占8.40%,比上年增加1.26万元,增长57.01%,"
              "主要原因是:本年公务接待批次,公务接待人员增加",
        reason="no change is written 与上年持平: 增加0.00万元，增长0.00% reads as growth (and 0/0 has no rate); "
               "the sentence's 10 other figures are the reference's",
        dropped=("0.00", "0.00%"), kind=CHOICE,
    ),
    Difference(
        reference="其中:因公出国(境)费全年预算数0.00万元,决算数0.00万元,预决算差异率0.00%,主要原因是:我单位无因公出国(境)费;"
                  "公务用车购置费全年预算数0.00万元,决算数0.00万元,预决算差异率0.00%,主要原因是:我单位无公务用车购置费;"
                  "公务用车运行费全年预算数37.86万元,决算数37.86万元,预决算差异率0.00%,主要原因是:严格按照预算执行,预决算对比无差异;"
                  "公务接待费全年预算数3.47万元,决算数3.47万元,预决算差异率0.00%,主要原因是:严格按照预算执行,预决算对比无差异",
        built="其中:因公出国(境)费全年预算数0.00万元,决算数0.00万元,未安排预算,未发生支出,主要原因是:我单位无因公出国(境)费;"
              "公务用车购置费全年预算数0.00万元,决算数0.00万元,未安排预算,未发生支出,主要原因是:我单位无公务用车购置费;"
              "公务用车运行费全年预算数37.86万元,决算数37.86万元,预决算差异率0.00%,主要原因是:严格按照预算执行,预决算对比无差异;"
              "公务接待费全年预算数3.47万元,决算数3.47万元,预决算差异率0.00%,主要原因是:严格按照预算执行,预决算对比无差异",
        reason="no percentage of a zero budget (DOMAIN.md): 未安排预算，未发生支出 for 因公出国(境)费 and 公务用车购置费; "
               "the sentence's 10 other figures are the reference's",
        dropped=("0.00%", "0.00%"), kind=CHOICE,
    ),
]

# Sentences pjgen writes that the reference lacks → why they are right.
ADDITIONS: dict[str, str] = {}


def narrative(text: str) -> str:
    """The narrative part: from 第一部分 (after the 目录) to 第四部分's list, tables cut out."""
    start = text.rindex(START)
    head, _, rest = text[start:].partition(TABLES_START)
    _, _, tail = rest.partition(TABLES_END)
    body = head + TABLES_START + TABLES_END + tail
    return body[: body.index(END) + len(END)]


@pytest.fixture(scope="module")
def built_sentences() -> list[str]:
    v = validate(EXAMPLE)
    assert v.ok, [p.message for p in v.errors]
    return sentences(narrative(normalise("\n".join(paragraphs(render_report(v.report))))))


@pytest.fixture(scope="module")
def reference_sentences() -> list[str]:
    return sentences(narrative(normalise(REFERENCE.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def comparison(built_sentences, reference_sentences):
    result = compare_sentences(reference_sentences, built_sentences, DIFFERENCES, ADDITIONS)
    record_fidelity(result.summary("Xinjiang 2023 narrative (tests/data/reference/001_…txt)"))
    return result


def test_reference_is_parsed(reference_sentences):
    # guards the comparison itself: the reference yields its full narrative
    assert len(reference_sentences) > 100
    assert reference_sentences[0] == "第一部分单位概况"
    assert reference_sentences[-1] == END.lstrip(MARK)


def test_narrative_matches_reference(comparison):
    """Every reference sentence is written verbatim or replaced by exactly its documented sentence;
    nothing else is written."""
    assert comparison.failures == []


def test_fidelity_counts_only_sentences_with_figures(comparison):
    total, same = len(comparison.figure_sentences), len(comparison.figure_verbatim)
    assert not any(is_heading(s) for s in comparison.figure_sentences)
    assert all(carries_figure(s) for s in comparison.figure_sentences)
    assert same == total - len(DIFFERENCES)
    assert same / total >= 0.94, comparison.summary("Xinjiang")


def test_every_difference_changes_only_its_documented_figures():
    for d in DIFFERENCES:
        assert d.built is not None and d.reason
        shared = set(figures(d.reference)) & set(figures(d.built))
        assert shared, d.reference  # the sentence's other figures are compared, not excused


def test_an_undocumented_change_inside_a_documented_sentence_fails(built_sentences, reference_sentences):
    """A wrong figure in a sentence that carries a deliberate difference is caught (the fragment
    matching of earlier versions excused the whole sentence)."""
    wrong = [s.replace("增长57.01%", "增长57.02%") for s in built_sentences]
    result = compare_sentences(reference_sentences, wrong, DIFFERENCES, ADDITIONS)
    assert any("57.02%" in f or "公务接待费支出3.47万元" in f for f in result.failures)


def test_an_added_sentence_fails(built_sentences, reference_sentences):
    added = built_sentences + ["本单位另有说明1.00万元"]
    result = compare_sentences(reference_sentences, added, DIFFERENCES, ADDITIONS)
    assert result.failures == ["pjgen writes a sentence the reference lacks (not allowed): 本单位另有说明1.00万元"]


def test_a_figure_changed_in_a_documented_replacement_fails(reference_sentences):
    d = DIFFERENCES[1]
    wrong = Difference(d.reference, d.built.replace("37.86", "37.85"), d.reason, d.dropped, d.added)
    result = compare_sentences(reference_sentences, [wrong.built], [wrong], {})
    assert any(f.startswith("figures differ beyond the documented ones") for f in result.failures)
