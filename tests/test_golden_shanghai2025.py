"""The Shanghai 2025 worked example (inputs/shanghai-2025.xlsx, pack shanghai-2025)
compared with the published document it reproduces (tests/data/reference/
putuo-ecology-2025.txt, the page texts of its PDF), with tests/golden_compare.py.

Sentences: every reference sentence of 第一部分, 第三部分 and 第四部分 (headings and
sentences without figures included) is reproduced verbatim or named in a Difference
with the EXACT sentence pjgen writes instead; every sentence pjgen writes is in the
reference, a replacement, or an ADDITION with its reason. 39 of the reference's 57
figure sentences are reproduced verbatim. The 18 others are the reference's own slips:
— 12 项 of 五（三）: the document writes its 20 items in one frame in 11 of them
(年初预算为A万元，支出决算为B万元，决算数大于预算数的主要原因：R) and breaks it in 9 (a full
stop before 决算数 in items 1–4, 9, 13, 16–18; 当年支出决算 in 15–18; the 主要用于 clause
run into the figures with a comma in 14, 16–18; item 9 also groups 1,293.60), plus item
6's 年初预算为0万元: pjgen writes every item in the majority frame;
— a zero written 0 where the document elsewhere (and, for two of them, the 2024 document
in the same sentence) writes 0.00: four times; a leftover 减少为 in a flat 三公 item;
— a growth rate the figures do not give (4.68 / 180.73 = 2.59 %, printed 2.60 %);
— 六's lists of items, which name items the 基本支出决算表 gives as 0.00 or lacks.
None is pjgen's choice: the pack's [wording] writes as the document does (zero_budget =
"0.00%": 完成预算的0.00% for a 三公 item with neither budget nor spending), so all 39 figure
sentences that are not slips are verbatim (100 %); the threshold is 97 %.

The document's other slips lie outside the compared text: its 目录 says "202 年度", and
公开05表's 合计 项目支出 is 1,367.75 against 1,367.76 in 公开03表 (pjgen check reports it).

Tables: every non-zero figure of the reference's nine tables, in reading order,
equals the figure in the same place of pjgen's tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.extract import iter_blocks
from generator.pipeline import validate
from golden_compare import (
    CHOICE, SLIP, Difference, assert_findings, assert_nine_tables, build_example, built_table_cells, built_table_figures,
    carries_figure, compare_sentences, record_fidelity, reference_table_figures, reference_table_lines,
    shanghai_built_sentences, shanghai_reference_sentences,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "reference" / "putuo-ecology-2025.txt"
EXAMPLE = ROOT / "inputs" / "shanghai-2025.xlsx"
UNIT = "上海市普陀区生态环境局"
START = f"{UNIT} 2025 年度部门决算表\n收入支出决算总表"  # the nine tables' heading

_FRAME = ("the document writes the 项 of 五（三） two ways: 11 of its 20 items (5–8, 10–12, 14, 15, 19, 20) run the "
          "figures and the reason into one sentence with a comma, 9 (1–4, 9, 13, 16–18) put a full stop before "
          "决算数; pjgen writes every item in the majority's frame")
_REASON_SPLIT = "the second half of the item's split sentence (in the replacement above)"
_ZERO = "a zero written 0 where the document writes 0.00 elsewhere (七（二）1: 因公出国（境）费支出0.00万元; 五（三）11 and 18: " \
        "年初预算为0.00万元)"
_ZERO_2024 = _ZERO + "; the 2024 document writes 0.00 in this very sentence"


def _split(number: int, budget: str, actual: str, reason_sentence: str, reference: str | None = None,
           reason_named: bool = False, **figures: tuple[str, ...]) -> list[Difference]:
    """An item whose figures and reason the reference splits with a full stop (reason_named: its
    reason sentence is the same as an earlier item's, named there)."""
    figures_part = reference or f"年初预算为{budget}万元,支出决算为{actual}万元"
    built = f"年初预算为{budget}万元,支出决算为{actual}万元,{reason_sentence}"
    split = Difference(reference=figures_part, built=built, reason=f"item {number}: {_FRAME}", kind=SLIP, **figures)
    if reason_named:
        return [split]
    return [split, Difference(reference=reason_sentence, built=None, reason=f"item {number}: {_REASON_SPLIT}", kind=SLIP)]


DIFFERENCES = [
    Difference(
        reference="二、部门决算单位构成(仅有一个单位的部门,本部分内容为“机构设置”)从预算单位构成看,上海市普陀区生态环境局部门决算包括:"
                  "上海市普陀区生态环境局本级决算、下属行政事业单位决算",
        built="从预算单位构成看,上海市普陀区生态环境局部门决算包括:上海市普陀区生态环境局本级决算、下属行政事业单位决算",
        reason="the template's instruction (仅有一个单位的部门…) left in the heading, which runs into the next sentence; "
               "pjgen writes the heading alone (ADDITIONS)", kind=SLIP),
    # 五（三）: one frame for every 项
    *_split(1, "51.50", "51.98", "决算数大于预算数的主要原因:年中人员退休"),
    *_split(2, "60.65", "61.16", "决算数大于预算数的主要原因:年中人员退休", reason_named=True),
    *_split(3, "256.79", "229.67", "决算数小于预算数的主要原因:养老保险实际支出较预算小"),
    *_split(4, "128.40", "116.59", "决算数小于预算数的主要原因:职业年金实际支出较预算小"),
    *_split(9, "1196.07", "1293.60", "决算数大于预算数的主要原因:新进人员及政策性增资",
            reference="年初预算为1196.07万元,支出决算为1,293.60万元", dropped=("1,293.60",), added=("1293.60",)),
    *_split(13, "105.00", "123.02", "决算数大于预算数的主要原因:年中追加项目经费"),
    *_split(16, "40.00", "30.00", "决算数小于预算数的主要原因:土壤污染调查治理项目数较预计少,年中调减了该项目经费",
            reference="16.节能环保支出(类)污染防治(款)其他污染防治支出(项),主要用于土壤污染调查治理审核项目支出,"
                      "年初预算为40.00万元,当年支出决算为30.00万元"),
    *_split(17, "1464.65", "1493.39", "决算数大于预算数的主要原因:事业在职人员增加",
            reference="17.节能环保支出(类)污染减排(款)生态环境监测与信息(项),主要用于监测站基本工资、津贴补贴等人员支出,"
                      "公用支出及项目支出,年初预算为1464.65万元,当年支出决算为1493.39万元"),
    *_split(18, "0.00", "82.80", "决算数大于预算数的主要原因:年中追加了该项目经费",
            reference="18.节能环保支出(类)污染减排(款)生态环境执法监察(项),主要用于生态环境保护综合行政执法装备标准化建设项目支出,"
                      "年初预算为0.00万元,当年支出决算为82.80万元"),
    Difference(
        reference="14.节能环保支出(类)污染防治(款)大气(项),主要用于扬尘污染防治监管等项目支出,年初预算为420.80万元,"
                  "支出决算为379.96万元,决算数小于预算数的主要原因:年中项目经费调减",
        built="年初预算为420.80万元,支出决算为379.96万元,决算数小于预算数的主要原因:年中项目经费调减",
        reason=f"item 14: the 主要用于 clause runs into the figures with a comma (pjgen: a full stop, as items 1–13, "
               f"15, 19, 20, the heading in ADDITIONS); {_FRAME}", kind=SLIP),
    Difference(
        reference="年初预算为215.00万元,当年支出决算为213.10万元,决算数小于预算数的主要原因:费用节省",
        built="年初预算为215.00万元,支出决算为213.10万元,决算数小于预算数的主要原因:费用节省",
        reason="item 15: 当年支出决算 (items 15–18 only) for the 支出决算 of the other 16 items", kind=SLIP),
    Difference(
        reference="年初预算为0万元,支出决算为10.77万元,决算数大于预算数的主要原因:年中人员去世",
        built="年初预算为0.00万元,支出决算为10.77万元,决算数大于预算数的主要原因:年中人员去世",
        reason=f"item 6: {_ZERO}", dropped=("0",), added=("0.00",), kind=SLIP),
    # 六
    Difference(
        reference="其中:人员经费2949.02万元,主要包括:基本工资、津贴补贴、伙食补助费、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、"
                  "职工基本医疗保险缴费、其他社会保障缴费、住房公积金、退休费、其他对个人和家庭的补助;公用经费416.36万元,主要包括:办公费、"
                  "印刷费、咨询费、手续费、水费、电费、邮电费、物业管理费、差旅费、维修(护)费、培训费、专用材料费、劳务费、委托业务费、"
                  "工会经费、福利费、公务用车运行维护费、其他交通费用、其他商品和服务支出、办公设备购置、专用设备购置等",
        built="其中:人员经费2949.02万元,主要包括:基本工资、津贴补贴、伙食补助费、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、"
              "职工基本医疗保险缴费、其他社会保障缴费、住房公积金、其他工资福利支出、退休费;公用经费416.36万元,主要包括:办公费、印刷费、"
              "水费、电费、邮电费、物业管理费、差旅费、维修(护)费、培训费、工会经费、福利费、公务用车运行维护费、其他交通费用、"
              "其他商品和服务支出、办公设备购置、专用设备购置等",
        reason="the lists do not follow the 基本支出决算表: they name 其他对个人和家庭的补助, 手续费, 专用材料费, 劳务费 and 委托业务费 "
               "(0.00 in the table) and 咨询费 (not in the table), and leave out 其他工资福利支出 (81.77); pjgen lists the "
               "items with an amount (不涉及的不列)", kind=SLIP),
    # 七
    Difference(
        reference="2025年度“三公”经费财政拨款支出决算数比2024年度增加5.07万元,增长42.68%,其中:因公出国(境)费支出决算为0.00万元,"
                  "与2024年持平;公务用车购置及运行维护费支出决算增加5.07万元,增长42.68%;公务接待费支出决算减少为0.00万元,与2024年持平",
        built="2025年度“三公”经费财政拨款支出决算数比2024年度增加5.07万元,增长42.68%,其中:因公出国(境)费支出决算为0.00万元,"
              "与2024年持平;公务用车购置及运行维护费支出决算增加5.07万元,增长42.68%;公务接待费支出决算为0.00万元,与2024年持平",
        reason="减少为 left in a flat item (0.00 last year and this year: 与2024年持平)", kind=SLIP),
    Difference(reference="其中:公务用车购置支出为0万元", built="其中:公务用车购置支出为0.00万元", reason=_ZERO_2024,
               dropped=("0",), added=("0.00",), kind=SLIP),
    Difference(reference="3、公务接待费支出0万元", built="3、公务接待费支出0.00万元", reason=_ZERO,
               dropped=("0",), added=("0.00",), kind=SLIP),
    # 十一
    Difference(
        reference="机关运行经费支出185.41万元,比2024年度增加4.68万元,增长2.60%",
        built="机关运行经费支出185.41万元,比2024年度增加4.68万元,增长2.59%",
        reason="4.68 / (185.41 − 4.68) = 4.68 / 180.73 = 2.5895 %: half-up 2.59 %", dropped=("2.60%",), added=("2.59%",),
        kind=SLIP),
    Difference(
        reference="在面向中小企业预留的政府采购项目中,由中小企业供应商中标或成交的,采购金额372.34万元;在面向小微企业预留政府采购项目中,"
                  "由小微企业供应商中标或成交的,采购金额152.92万元;在其他政府采购项目中,由中小企业供应商中标或成交的,采购金额0万元",
        built="在面向中小企业预留的政府采购项目中,由中小企业供应商中标或成交的,采购金额372.34万元;在面向小微企业预留政府采购项目中,"
              "由小微企业供应商中标或成交的,采购金额152.92万元;在其他政府采购项目中,由中小企业供应商中标或成交的,采购金额0.00万元",
        reason=_ZERO_2024, dropped=("0",), added=("0.00",), kind=SLIP),
]
# Sentences pjgen writes that the reference runs into a neighbour (see the Differences above).
ADDITIONS = {
    "二、部门决算单位构成": "the heading, which the reference runs into its next sentence with the template's instruction",
    "14.节能环保支出(类)污染防治(款)大气(项),主要用于扬尘污染防治监管等项目支出": "item 14's heading (reference: one sentence)",
    "16.节能环保支出(类)污染防治(款)其他污染防治支出(项),主要用于土壤污染调查治理审核项目支出": "item 16's heading",
    "17.节能环保支出(类)污染减排(款)生态环境监测与信息(项),主要用于监测站基本工资、津贴补贴等人员支出,公用支出及项目支出":
        "item 17's heading",
    "18.节能环保支出(类)污染减排(款)生态环境执法监察(项),主要用于生态环境保护综合行政执法装备标准化建设项目支出":
        "item 18's heading",
}
# Lines the PDF extraction broke inside a numbered item or a heading (rejoined with the next line).
WRAPPED = (
    "(五)负责本区大气、水体、土壤、噪声、光、固体废物、化学",
    f"第三部分{UNIT}2025年度部门决算情况说",
    *(f"{n}.社会保障和就业支出(类)行政事业单位养老支出(款)" for n in range(1, 6)),
    "7.卫生健康支出(类)行政事业单位医疗(款)行政单",
    "8.卫生健康支出(类)行政事业单位医疗(款)事业单",
    "9.节能环保支出(类)环境保护管理事务(款)行政运",
    "10.节能环保支出(类)环境保护管理事务(款)生态环",
    "11.节能环保支出(类)环境保护管理事务(款)环境保",
    "12.节能环保支出(类)环境保护管理事务(款)生态环",
    "13.节能环保支出(类)环境保护管理事务(款)其他环",
    "16.节能环保支出(类)污染防治(款)其他污染防治支",
    "17.节能环保支出(类)污染减排(款)生态环境监测与",
    "18.节能环保支出(类)污染减排(款)生态环境执法监",
    "19.住房保障支出(类)住房改革支出(款)住房公积金",
)
@pytest.fixture(scope="module")
def built_docx() -> bytes:
    return build_example(EXAMPLE, "shanghai-2025")


@pytest.fixture(scope="module")
def built(built_docx) -> list[str]:
    return shanghai_built_sentences(built_docx)


@pytest.fixture(scope="module")
def reference() -> list[str]:
    return shanghai_reference_sentences(REFERENCE, WRAPPED)


def test_reference_is_parsed(reference):
    assert len(reference) == 172
    assert reference[0] == f"第一部分{UNIT}概况"
    assert reference[1:3] == ["一、主要职能", "根据三定方案,主要职能包括:"]
    assert reference[-1].startswith("十一、机关运行经费:指行政单位")  # 第四部分's last term
    figure_sentences = [s for s in reference if carries_figure(s)]
    assert len(figure_sentences) == 57
    assert figure_sentences[0] == f"纳入{UNIT}2025年度部门决算编制范围的单位包括:"
    assert figure_sentences[-1] == "单价100万元(含)以上设备(不含车辆)6台(套)"


def test_sentences_match_the_reference(built, reference):
    result = compare_sentences(reference, built, DIFFERENCES, ADDITIONS)
    assert result.failures == []
    record_fidelity(result.summary("上海 2025（putuo-ecology-2025）"))
    assert (len(result.figure_verbatim), len(result.slips), len(result.figure_sentences)) == (39, 18, 57)
    # every reference sentence (headings and sentences without figures too) not named in a Difference is verbatim
    named = sum(reference.count(d.reference) for d in DIFFERENCES)
    assert len(result.verbatim) + named == len(reference) == 172
    assert result.own_fidelity >= 0.97, result.summary("上海 2025")


def test_every_difference_is_the_references_slip():
    """No deliberate difference of wording is left: the pack's [wording] writes as the 2025 document does."""
    assert [d for d in DIFFERENCES if d.kind == CHOICE] == []
    assert all(d.reason for d in DIFFERENCES if d.kind == SLIP)
    assert len({d.reference for d in DIFFERENCES}) == len(DIFFERENCES)


def test_items_state_no_completion_rate_and_equal_figures_are_flat(built):
    """The 2025 frame: no 完成年初预算的X% for a 项; 决算数与预算数持平 for item 5 (1.27 = 1.27)."""
    items = [s for s in built if s.startswith("年初预算为")]
    assert len(items) == 20
    assert not [s for s in items if "完成" in s]
    assert "年初预算为1.27万元,支出决算为1.27万元,决算数与预算数持平" in items


# ---------------------------------------------------------------------------
# The nine tables, figure by figure

def test_nine_tables_carry_the_published_figures(built_docx):
    ref = reference_table_figures(REFERENCE.read_text(encoding="utf-8"), START)
    assert_nine_tables(ref, built_table_figures(built_docx), 270, "上海 2025 决算表")


_ZERO_CELL = re.compile(r"(?<![\d.])0\.00(?![\d.])")


def test_zero_cells_print_0_00_as_the_reference_does(built_docx):
    """The 2025 document prints 0.00 in every zero cell of its tables, 公开01/04表 included
    (the 2024 document leaves those two blank); 公开08/09表 have no rows."""
    lines = reference_table_lines(REFERENCE.read_text(encoding="utf-8"), START)
    ref = [sum(len(_ZERO_CELL.findall(line)) for line in table) for table in lines]
    ours = [sum(cell == "0.00" for cell in table) for table in built_table_cells(built_docx)]
    assert ref == ours == [31, 160, 121, 102, 25, 33, 5, 0, 0]


def test_composition_table_lists_the_three_units(built_docx):
    rows = {}
    for b in iter_blocks(built_docx):
        if b.kind == "cell" and b.table == 0 and b.row >= 1:
            rows.setdefault(b.row, []).append(b.text)
    assert [r[:2] for r in rows.values()] == [
        ["1", f"{UNIT}（本级）"], ["2", f"{UNIT}执法大队"], ["3", "上海市普陀区环境监测站"]]


# ---------------------------------------------------------------------------
# The published data's own inconsistencies: pjgen check names the cells, and nothing else

def test_check_reports_the_published_inconsistencies_and_nothing_else():
    v = validate(EXAMPLE)
    assert v.ok
    found = {(str(p.ref), p.code): p.message for p in v.warnings}
    expected = {
        # 项目支出 1,367.76 in 公开03表 against 10.77 + 1,356.98 = 1,367.75 (公开05表's own 合计)
        ("支出决算表!E5", "rounding-difference"): "E6…E33",
        ("一般公共预算财政拨款支出决算表!C5", "rounding-difference"): "D5…E5",  # 3365.38 + 1367.75 ≠ 4733.14
        # 节能环保 2,385.48 + 1,356.98 = 3,742.46 against 3,742.47, in both tables; likewise 21111 and 2111101
        ("支出决算表!C19", "rounding-difference"): "D19…H19",
        ("支出决算表!C30", "rounding-difference"): "D30…H30",
        ("支出决算表!C31", "rounding-difference"): "D31…H31",
        ("一般公共预算财政拨款支出决算表!C19", "rounding-difference"): "D19…E19",
        ("一般公共预算财政拨款支出决算表!C30", "rounding-difference"): "D30…E30",
        ("一般公共预算财政拨款支出决算表!C31", "rounding-difference"): "D31…E31",
        ("一般公共预算财政拨款基本支出决算表!F32", "rounding-difference"): "F33…F41",  # 310: 13.94 + 0.49 ≠ 14.44
        ("一般公共预算财政拨款基本支出决算表!F42", "rounding-difference"): "F5…F32",  # 401.93 + 14.44 ≠ 416.36
        ("上年及预算对比!B8", "rounding-difference"): "项级科目说明!D2…D21",  # Σ项 年初预算 4628.16
        # 机关运行经费 185.41 against 公用经费 416.36: the department includes a 事业单位 (监测站)
        ("其他重要事项!B2", "running-cost-differs"): "",
    }
    assert_findings(found, expected)  # no missing-last-year: the pack does not use 一般公共预算支出上年对比
