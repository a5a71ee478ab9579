"""The Shanghai 2024 worked example (inputs/shanghai-2024.xlsx, pack shanghai-2024)
compared with the published document it reproduces (tests/data/reference/
putuo-planning-2024.txt, text extracted from the PDF), with tests/golden_compare.py.

Sentences: every reference sentence of 第一部分, 第三部分 and 第四部分 (headings and
sentences without figures included) is reproduced verbatim or
named in a Difference with the EXACT sentence pjgen writes instead, the figures that
differ and why; every sentence pjgen writes is in the reference or is such a
replacement. 52 of the reference's 69 figure sentences are reproduced verbatim. 17
others are the reference's own slips (a rate without %, a leftover 下降（增长）, a
full stop splitting a sentence, an unclosed parenthesis, the department's name
misspelt, 项 names and figures that contradict its own tables, rates truncated
instead of rounded), which pjgen does not copy. The pack's [wording] writes the
reference's 完成预算的0.00% of a zero budget (zero_budget). All 52 figure sentences
that are not slips are verbatim: the threshold is 97 %.

Tables: every non-zero figure of the reference's nine tables, in reading order,
equals the figure in the same place of pjgen's tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract import iter_blocks
from generator.pipeline import validate
from golden_compare import (
    CHOICE, SLIP, Difference, assert_findings, assert_nine_tables, build_example, built_table_figures, carries_figure,
    compare_sentences, record_fidelity, reference_table_figures, shanghai_built_sentences, shanghai_reference_sentences,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "reference" / "putuo-planning-2024.txt"
EXAMPLE = ROOT / "inputs" / "shanghai-2024.xlsx"
UNIT = "上海市普陀区规划和自然资源局"
MISSPELT = "上海市普陀区规划与自然资源局"

DIFFERENCES = [
    # wording slips, avoided by construction
    Difference(
        reference="与2023年度相比,一般公共预算财政拨款支出增加1193.20万元,增长13.95",
        built="与2023年度相比,一般公共预算财政拨款支出增加1193.20万元,增长13.95%",
        reason="a rate with no %", dropped=("13.95",), added=("13.95%",), kind=SLIP),
    Difference(
        reference="2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元,下降(增长)27.78%,其中:因公出国(境)费支出"
                  "与上一年度持平;公务用车购置及运行维护费支出与上一年度持平;公务接待费支出决算减少0.15万元,下降27.78%",
        built="2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元,下降27.78%,其中:因公出国(境)费支出"
              "与上一年度持平;公务用车购置及运行维护费支出与上一年度持平;公务接待费支出决算减少0.15万元,下降27.78%",
        reason="the template's 下降（增长） left in; pjgen picks the word from the sign", kind=SLIP),
    Difference(
        reference="年初预算为0.88万元,支出决算为0.88万元",
        built="年初预算为0.88万元,支出决算为0.88万元,完成年初预算的100.00%",
        reason="a full stop splits item 5's sentence; pjgen writes it as every other item", added=("100.00%",), kind=SLIP),
    Difference(
        reference="完成年初预算的100.00%", built=None,
        reason="the second half of the same split sentence (in the sentence above)", dropped=("100.00%",), kind=SLIP),
    Difference(
        reference="绩效自评中共发现问题0个", built="绩效自评中共发现问题0个)",
        reason="the parenthesis opened at 平均得分99.33分（其中 is never closed", kind=SLIP),
    # the department's name misspelt (与 for 和): pjgen writes the workbook's 单位名称
    Difference(
        reference=f"2024年,{MISSPELT}所属各预算单位开支财政拨款的公务用车保有量为0辆",
        built=f"2024年,{UNIT}所属各预算单位开支财政拨款的公务用车保有量为0辆", reason="name misspelt", kind=SLIP),
    Difference(
        reference=f"{MISSPELT}2024年度无政府性基金预算财政拨款收入和支出",
        built=f"{UNIT}2024年度无政府性基金预算财政拨款收入和支出", reason="name misspelt", kind=SLIP),
    Difference(
        reference=f"{MISSPELT}2024年度无国有资本经营预算财政拨款收入和支出",
        built=f"{UNIT}2024年度无国有资本经营预算财政拨款收入和支出", reason="name misspelt", kind=SLIP),
    # 项 names that are not the tables' 科目名称 (五（三） items 5, 11, 12, 13)
    Difference(
        reference="5、社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位退休人员活动费支出(项)",
        built="5、社会保障和就业支出(类)行政事业单位养老支出(款)其他行政事业单位养老支出(项)",
        reason="2080599 is 其他行政事业单位养老支出 in every table", kind=SLIP),
    Difference(
        reference="11、自然资源海洋气象等支出(类)自然资源事务(款)其他国土资源事务支出(项)",
        built="11、自然资源海洋气象等支出(类)自然资源事务(款)其他自然资源事务支出(项)",
        reason="2200199 is 其他自然资源事务支出 in every table", kind=SLIP),
    Difference(
        reference="12、住房保障支出(类)住房保障支出(款)住房公积金(项)",
        built="12、住房保障支出(类)住房改革支出(款)住房公积金(项)", reason="22102 is 住房改革支出 in every table", kind=SLIP),
    Difference(
        reference="13、住房保障支出(类)住房保障支出(款)购房补贴(项)",
        built="13、住房保障支出(类)住房改革支出(款)购房补贴(项)", reason="22102 is 住房改革支出 in every table", kind=SLIP),
    # rates that do not follow from the published figures (truncated, not rounded)
    Difference(
        reference="一般公共预算财政拨款支出9746.50万元,占本年支出合计的99.86%",
        built="一般公共预算财政拨款支出9746.50万元,占本年支出合计的99.87%",
        reason="9746.50 / 9759.38 = 99.868 %: half-up 99.87 %", dropped=("99.86%",), added=("99.87%",), kind=SLIP),
    Difference(
        reference="一般公共预算财政拨款支出年初预算为10210.34万元,支出决算为9746.50万元,完成年初预算的95.45%",
        built="一般公共预算财政拨款支出年初预算为10210.34万元,支出决算为9746.50万元,完成年初预算的95.46%",
        reason="9746.50 / 10210.34 = 95.457 %: half-up 95.46 %", dropped=("95.45%",), added=("95.46%",), kind=SLIP),
    # figures taken from another table than the section's own (pjgen check reports the tables' disagreement)
    Difference(
        reference="一般公共预算财政拨款支出9746.50万元,主要用于以下方面:社会保障和就业支出(类)754.75万元,占7.74%;"
                  "卫生健康支出(类)236.63万元,占2.43%;城乡社区支出(类)3832.36万元,占39.32%;自然资源海洋气象等支出(类)"
                  "4461.67万元,占45.78%;住房保障支出(类)461.08万元,占4.73%",
        built="一般公共预算财政拨款支出9746.50万元,主要用于以下方面:社会保障和就业支出(类)754.75万元,占7.74%;"
              "卫生健康支出(类)236.64万元,占2.43%;城乡社区支出(类)3832.36万元,占39.32%;自然资源海洋气象等支出(类)"
              "4461.67万元,占45.78%;住房保障支出(类)461.08万元,占4.73%",
        reason="卫生健康支出 is 236.63 in 公开01/04表 but 236.64 in 公开02/03/05表 (40.35 + 196.29); pjgen takes the "
               "一般公共预算财政拨款支出决算表, whose 款 and 项 the section goes on to explain",
        dropped=("236.63",), added=("236.64",), kind=SLIP),
    Difference(
        reference="一般公共预算财政拨款基本支出5377.64万元", built="一般公共预算财政拨款基本支出5364.75万元",
        reason="5377.64 is the 基本支出 of the 支出决算表 (all funds); the 一般公共预算 table gives 5364.75 "
               "= 4884.09 + 480.66", dropped=("5377.64",), added=("5364.75",), kind=SLIP),
    Difference(
        reference="其中:人员经费4896.98万元,主要包括:基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、"
                  "职工基本医疗保险缴费、其他社会保障缴费支出、住房公积金、其他工资福利支出、退休费、奖励金、其他对个人和家庭的补助支出;"
                  "公用经费480.66万元,主要包括:办公费、手续费、水费、电费、邮电费、物业管理费、差旅费、维修(护)费、培训费、公务接待费、"
                  "劳务费、委托业务费、工会经费、福利费、其他交通费用、税金及附加费用、其他商品和服务支出、办公设备购置支出",
        built="其中:人员经费4884.09万元,主要包括:基本工资、津贴补贴、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、"
              "职工基本医疗保险缴费、其他社会保障缴费、住房公积金、其他工资福利支出、退休费;公用经费480.66万元,主要包括:办公费、"
              "手续费、水费、电费、邮电费、物业管理费、差旅费、维修(护)费、培训费、公务接待费、劳务费、委托业务费、工会经费、福利费、"
              "其他交通费用、其他商品和服务支出、办公设备购置",
        reason="4896.98 = 5377.64 − 480.66 (all funds again), 人员经费合计 is 4884.09; the lists name items the "
               "基本支出决算表 gives as 0.00 (奖金, 奖励金, 税金及附加费用, 其他对个人和家庭的补助) — pjgen lists the items "
               "with an amount (不涉及的不列), by their names in the table",
        dropped=("4896.98",), added=("4884.09",), kind=SLIP),
]
# Lines the PDF extraction broke inside a numbered item or a heading (rejoined with the next line).
WRAPPED = (
    "1.履行全民所有自然资源资产所有者职责和所有国土空间",
    "3.参与编制经济社会发展与城市建设中长期规划和年度计",
    "6.负责历史文化风貌区、优秀历史建筑和历史文物古迹的规",
    "12.负责本区域自然资源和不动产确权登记、土地勘测定界",
    f"第三部分{UNIT}2024年度部门决算",
)
@pytest.fixture(scope="module")
def built_docx() -> bytes:
    return build_example(EXAMPLE, "shanghai-2024")


@pytest.fixture(scope="module")
def built(built_docx) -> list[str]:
    return shanghai_built_sentences(built_docx)


@pytest.fixture(scope="module")
def reference() -> list[str]:
    return shanghai_reference_sentences(REFERENCE, WRAPPED)


def test_reference_is_parsed(reference):
    assert len(reference) == 158
    assert reference[0] == "第一部分上海市普陀区规划和自然资源局概况"
    assert reference[-1].startswith("十一、机关运行经费:指行政单位")  # 第四部分's last term
    figure_sentences = [s for s in reference if carries_figure(s)]
    assert len(figure_sentences) == 69
    assert figure_sentences[0].startswith("4.组织指导城市更新")  # (1.–3. have no figure)
    assert figure_sentences[-1] == "单价100万元(含)以上设备(不含车辆)0台(套)"


def test_sentences_match_the_reference(built, reference):
    result = compare_sentences(reference, built, DIFFERENCES, {})
    assert result.failures == []
    record_fidelity(result.summary("上海 2024（putuo-planning-2024）"))
    assert (len(result.figure_verbatim), len(result.slips), len(result.figure_sentences)) == (52, 17, 69)
    # every reference sentence (headings and sentences without figures too) not named in a Difference is verbatim
    assert len(result.verbatim) + len(DIFFERENCES) == len(reference) == 158
    assert result.own_fidelity >= 0.97, result.summary("上海 2024")


def test_every_slip_is_the_references_error_and_choices_are_few():
    """A slip names what is wrong in the reference; pjgen's own deliberate wording stays rare."""
    choices = [d for d in DIFFERENCES if d.kind == CHOICE]
    assert choices == []  # the pack's [wording] writes what the reference writes (zero_budget = "0.00%")
    assert all(d.reason for d in DIFFERENCES if d.kind == SLIP)


# ---------------------------------------------------------------------------
# The nine tables, figure by figure

def test_nine_tables_carry_the_published_figures(built_docx):
    ref = reference_table_figures(REFERENCE.read_text(encoding="utf-8"), "上海市规划和自然资源局 2024 年度部门决算表")
    assert_nine_tables(ref, built_table_figures(built_docx), 234, "上海 2024 决算表")


def test_composition_table_lists_the_five_units(built_docx):
    rows = {}
    for b in iter_blocks(built_docx):
        if b.kind == "cell" and b.table == 0 and b.row >= 1:
            rows.setdefault(b.row, []).append(b.text)
    assert [r[:2] for r in rows.values()] == [
        ["1", "上海市普陀区规划和自然资源局（本级）"],
        ["2", "上海市普陀区规划和自然资源局执法大队（下属参公事业单位）"],
        ["3", "上海市普陀区土地发展中心（下属事业单位）"],
        ["4", "上海市普陀区自然资源确权登记事务中心（下属事业单位）"],
        ["5", "上海市普陀区规划和自然资源管理事务中心（下属事业单位）"],
    ]


# ---------------------------------------------------------------------------
# The published data's own inconsistencies: pjgen check names both cells

def test_check_names_the_published_inconsistencies():
    v = validate(EXAMPLE)
    assert v.ok
    found = {(str(p.ref), p.code): p.message for p in v.warnings}
    expected = {
        # a class total one cent off between two tables
        ("收入支出决算总表!F13", "cross-table-rounding"): "支出决算表!C13",  # 卫生健康 236.63 / 236.64
        ("收入支出决算总表!F15", "cross-table-rounding"): "支出决算表!C17",  # 城乡社区 3845.25 / 3845.24
        ("财政拨款收入支出决算总表!G13", "cross-table-rounding"): "一般公共预算财政拨款支出决算表!C13",
        # sums that do not add up
        ("财政拨款收入支出决算总表!F29", "rounding-difference"): "财政拨款收入支出决算总表!F5…F28",
        ("一般公共预算财政拨款支出决算表!C5", "rounding-difference"): "D5…E5",  # 5364.75 + 4381.74
        ("一般公共预算财政拨款支出决算表!C17", "rounding-difference"): "D17…E17",  # 1572.70 + 2259.65
        ("一般公共预算财政拨款支出决算表!C18", "rounding-difference"): "D18…E18",  # 1084.02 + 8.77
        ("一般公共预算财政拨款支出决算表!C19", "rounding-difference"): "D19…E19",
        ("一般公共预算财政拨款基本支出决算表!F5", "rounding-difference"): "F6…F32",  # 302: 440.88 ≠ 440.90
        ("一般公共预算财政拨款基本支出决算表!C43", "rounding-difference"): "C5…C19",  # 4816.14 + 67.96 ≠ 4884.09
        ("其他重要事项!B5", "rounding-difference"): "B6…B8",  # 122.43 + 1387.72 + 809.07 ≠ 2319.21
        ("上年及预算对比!B8", "rounding-difference"): "项级科目说明!D2…D14",  # Σ项 年初预算 10210.33
    }
    # 机关运行经费 142.80 below 公用经费 480.66 is no warning: the department includes 事业单位 (单位构成)
    assert_findings(found, expected)


# ---------------------------------------------------------------------------
# The template is the source: its control tags are readable in Word
