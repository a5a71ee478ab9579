"""Departments of the shapes real departments have, built for every shipped pack and compared as
full sentences: founded this year (every last-year figure 0), 全年预算 beside (or instead of) 年初预算,
三公 items with a budget and no spending or spending and no budget, a 项 budgeted and not spent."""

from __future__ import annotations

import pytest

from shapes_support import pack_with, render_texts, sentences_of

XJ, SH, SH25 = "xinjiang-2023", "shanghai-2024", "shanghai-2025"


def founded(data):
    """A unit founded during the year: nothing last year."""
    compare = data["上年及预算对比"]
    for label in ("上年收入支出总计", "上年财政拨款收入支出总计", "上年一般公共预算财政拨款支出"):
        compare[label] = "0"
    data["一般公共预算支出上年对比"] = []
    notes = data["三公经费说明"]
    for label in ("上年因公出国（境）费", "上年公务用车购置费", "上年公务用车运行维护费", "上年公务接待费"):
        notes[label] = "0"
    data["其他重要事项"]["上年机关运行经费"] = "0"


def full_budget_only(data):
    """年初预算 0, a 全年预算 given during the year."""
    compare = data["上年及预算对比"]
    compare["财政拨款年初预算数"] = compare["一般公共预算财政拨款支出年初预算数"] = "0"
    compare["财政拨款全年预算数"] = compare["一般公共预算财政拨款支出全年预算数"] = "9800"


def build(tmp_path, pack_id, edit, **wording):
    return sentences_of(render_texts(pack_with(pack_id, **wording), edit, tmp_path))


# ---------------------------------------------------------------------------
# Founded this year: the pack's zero_base in every comparison

@pytest.mark.parametrize(("zero_base", "tail"), [("", "，增长100.00%"), ("增长100%", "，增长100%"),
                                                  ("增长--（基数为0，不可比）", "，增长--（基数为0，不可比）"), ("不写", "")])
def test_founded_this_year_shanghai(tmp_path, zero_base, tail):
    found = build(tmp_path, SH, founded, zero_base=zero_base)
    assert f"与2023年度相比，收入支出总计增加9859.38万元{tail}。" in found
    assert f"与2023年度相比，财政拨款收入支出总计增加9746.50万元{tail}。" in found
    assert f"与2023年度相比，一般公共预算财政拨款支出增加9746.50万元{tail}。" in found
    assert f"机关运行经费支出142.80万元，比2023年度增加142.80万元{tail}。" in found
    assert (f"2024年度“三公”经费财政拨款支出决算数比2023年度增加0.39万元{tail}，其中：因公出国（境）费支出与上一年度持平；"
            f"公务用车购置及运行维护费支出与上一年度持平；公务接待费支出决算增加0.39万元{tail}。") in found


@pytest.mark.parametrize(("zero_base", "tail"), [("", "，增长100.00%"), ("不写", "")])
def test_founded_this_year_xinjiang(tmp_path, zero_base, tail):
    found = build(tmp_path, XJ, founded, zero_base=zero_base)
    reason = "，主要原因是：本年减少区内协助帮扶克州扶贫项目经费、为民办实事工作经费。"
    assert f"收入支出总体与上年相比，增加2,667.41万元{tail}{reason}" in found
    assert f"财政拨款收入支出总体与上年相比，增加1,891.20万元{tail}{reason}" in found
    assert (f"1.一般公共服务支出（类）组织事务（款）行政运行（项）：支出决算数为739.98万元，"
            f"比上年决算增加739.98万元{tail}。") in found
    assert any(s.startswith(f"2023年度财政拨款“三公”经费支出41.33万元，比上年增加41.33万元{tail}，主要原因是：")
               for s in found)


# ---------------------------------------------------------------------------
# 全年预算 beside 年初预算

def test_full_budget_only_shanghai_states_the_full_budget(tmp_path):
    found = build(tmp_path, SH, full_budget_only, budget_basis="全年预算")
    assert "一般公共预算财政拨款支出全年预算为9800.00万元，支出决算为9746.50万元，完成全年预算的99.45%。" in found


def test_full_budget_only_with_the_initial_basis_says_no_initial_budget(tmp_path):
    found = build(tmp_path, SH, full_budget_only)
    assert "一般公共预算财政拨款支出年初预算为0.00万元，支出决算为9746.50万元，未安排年初预算。" in found


def test_full_budget_only_xinjiang(tmp_path):
    found = build(tmp_path, XJ, full_budget_only, budget_basis="全年预算")
    reason = "主要原因是：年中追加援疆干部人才相关工作经费和信息系统等级保护复测经费。"
    # 财政拨款 (公开04表 本年支出 2,604.78) and 一般公共预算 (1,891.20) against the same 9,800.00
    assert "与全年预算相比，全年预算数9,800.00万元，决算数1,891.20万元，预决算差异率-80.70%，" + reason in found


def test_item_full_budget_is_compared_and_named(tmp_path):
    def edit(data):
        row = data["项级科目说明"][2]  # 2080505, 年初预算 452.40, 决算 446.11
        row[5] = "446.11"

    found = build(tmp_path, SH, edit, budget_basis="全年预算")
    assert "全年预算为446.11万元，支出决算为446.11万元，完成全年预算的100.00%。" in found
    assert "决算数同预算数持平。" in found
    # the same workbook under the initial basis: the reason rule follows the 年初预算 compared
    found = build(tmp_path, SH, edit)
    assert "年初预算为452.40万元，支出决算为446.11万元，完成年初预算的98.61%。" in found


def test_three_public_full_budget_shanghai(tmp_path):
    def edit(data):
        data["三公经费说明"]["公务接待费全年预算数"] = "0.39"

    found = build(tmp_path, SH, edit, budget_basis="全年预算", zero_budget="")
    assert ("“三公”经费财政拨款支出全年预算为0.39万元，支出决算为0.39万元，完成预算的100.00%，其中："
            "因公出国（境）费决算为0.00万元，未安排预算；公务用车购置及运行维护费支出决算为0.00万元，未安排预算；"
            "公务接待费支出决算为0.39万元，完成预算的100.00%。") in found
    assert "2024年度“三公”经费支出决算数同预算数持平。" in found


# ---------------------------------------------------------------------------
# 三公: a budget and no spending, spending and no budget; zero budget as the pack says

def three_public_mixed(data):
    """因公出国（境）费 budgeted 1.00 and not spent; 公务接待费 0.39 spent without a budget."""
    data["财政拨款“三公”经费支出决算表"] = [
        ["1.00", "1.00", "0.00", "0.00", "0.00", "0.00", "0.39", "0.00", "0.00", "0.00", "0.00", "0.39"]]


@pytest.mark.parametrize(("zero_budget", "car"), [("", "未安排预算"), ("0%", "完成预算的0%")])
def test_three_public_mixed_shanghai(tmp_path, zero_budget, car):
    found = build(tmp_path, SH, three_public_mixed, zero_budget=zero_budget)
    assert ("“三公”经费财政拨款支出年初预算为1.00万元，支出决算为0.39万元，完成预算的39.00%，其中："
            f"因公出国（境）费决算为0.00万元，完成预算的0.00%；公务用车购置及运行维护费支出决算为0.00万元，{car}；"
            "公务接待费支出决算为0.39万元，未安排预算。") in found


def test_three_public_mixed_xinjiang(tmp_path):
    found = build(tmp_path, XJ, three_public_mixed)
    sentence = next(s for s in found if s.startswith("其中：因公出国（境）费全年预算数"))
    assert sentence.startswith("其中：因公出国（境）费全年预算数1.00万元，决算数0.00万元，预决算差异率-100.00%，")
    assert "公务接待费全年预算数0.00万元，决算数0.39万元，未安排预算，" in sentence


# ---------------------------------------------------------------------------
# Budgeted but not spent: the 项 is listed with 决算 0.00

def test_item_budgeted_and_not_spent_is_listed(tmp_path):
    def edit(data):
        data["项级科目说明"].append(["2010301", "行政运行", "机关日常运转", "12.00", "项目未实施", ""])

    found = build(tmp_path, SH, edit)
    assert ("年初预算为12.00万元，支出决算为0.00万元，完成年初预算的0.00%。"
            "决算数小于预算数的主要原因：项目未实施。") in "".join(found)
    # its 类 and 款 are in no sheet (not in 公开05表): the path names what is known
    assert "14、行政运行（项）。" in found


# ---------------------------------------------------------------------------
# A workbook made before the 全年预算 fields existed

def test_a_workbook_without_the_full_budget_rows_and_column_still_loads(tmp_path):
    from openpyxl import load_workbook

    from generator import schema
    from generator.pipeline import validate
    from generator.workbook import write_workbook
    from shapes_support import source_data

    data, meta = source_data(SH)
    path = tmp_path / "old.xlsx"
    write_workbook(path, data, meta=meta)
    pack = pack_with(SH)  # reads the 全年预算 rows and column
    before = [p.flat() for p in validate(path, pack).problems]
    wb = load_workbook(path)
    for spec in (schema.COMPARE, schema.THREE_PUBLIC):
        ws = wb[spec.name]
        for row in reversed(range(1, ws.max_row + 1)):
            if str(ws.cell(row, 1).value or "").endswith("全年预算数"):
                ws.delete_rows(row)
    notes = wb[schema.ITEM_NOTES.name]
    (column,) = [c.column for c in notes[schema.ITEM_NOTES.header_row] if c.value == "全年预算数"]
    notes.delete_cols(column)
    wb.save(path)
    v = validate(path, pack)
    assert [p.flat() for p in v.problems] == before
    assert v.report.compare.general_budget_full is None
    assert all(n.budget_full is None for n in v.report.item_notes) and len(v.report.item_notes) == 13


# ---------------------------------------------------------------------------
# Zero and empty in the 公开 tables

EMPTY_NOTES = {
    SH: ["说明：上海市普陀区规划和自然资源局本年度没有财政拨款“三公”经费支出，故本表无数据。",
         "说明：上海市普陀区规划和自然资源局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
         "说明：上海市普陀区规划和自然资源局本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。"],
    SH25: ["说明：上海市普陀区生态环境局本年度没有财政拨款“三公”经费支出，故本表无数据。",
           "说明：上海市普陀区生态环境局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
           "说明：上海市普陀区生态环境局本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。"],
    XJ: ["注：本单位无财政拨款“三公”经费支出，本表为空表。",
         "注：本单位无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。",
         "注：本单位无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。"],
}


@pytest.mark.parametrize("pack_id", [SH, SH25, XJ])
def test_empty_tables_keep_their_headers_and_print_the_note(tmp_path, pack_id):
    from shapes_support import no_funds_no_three_public, render_blocks

    blocks = render_blocks(pack_with(pack_id), no_funds_no_three_public, tmp_path)
    texts = [b.text.strip() for b in blocks if b.kind == "p"]
    for note in EMPTY_NOTES[pack_id]:
        assert note in texts
    cells = {b.text for b in blocks if b.kind == "cell"}
    assert {"因公出国（境）费", "公务接待费", "年初结转和结余", "年末结转和结余"} <= cells


@pytest.mark.parametrize("pack_id", [SH, SH25])
def test_a_table_with_figures_prints_no_empty_note(tmp_path, pack_id):
    from shapes_support import render_blocks

    texts = [b.text for b in render_blocks(pack_with(pack_id), None, tmp_path) if b.kind == "p"]
    assert not any("没有财政拨款“三公”经费支出" in t for t in texts)


@pytest.mark.parametrize(("table_zero", "cell"), [("0.00", "0.00"), ("空白", "")])
def test_zero_cells_print_as_the_pack_says(tmp_path, table_zero, cell):
    from shapes_support import render_blocks

    blocks = render_blocks(pack_with(XJ, table_zero=table_zero), None, tmp_path)
    # 公开07表: 因公出国（境）费 预算数 is zero in the worked example; its 合计 41.33 is not
    t7 = next(b.table for b in blocks if b.kind == "cell" and b.text == "41.33")
    row = [b.text for b in blocks if b.kind == "cell" and b.table == t7 and b.row == max(
        x.row for x in blocks if x.kind == "cell" and x.table == t7)]
    assert row[:2] == ["41.33", cell]


# ---------------------------------------------------------------------------
# 主要职能 as written

def functions(*items, intro=None):
    def edit(data):
        data["主要职能"] = [[t] for t in items]
        if intro is not None:
            data["单位信息"]["主要职能概述"] = intro
    return edit


def section_one(texts):
    """The paragraphs between 一、主要职能 and 二、…."""
    start = texts.index("一、主要职能")
    end = next(i for i in range(start + 1, len(texts)) if texts[i].startswith(("二、机构设置", "二、部门决算单位构成")))
    return [t for t in texts[start + 1:end] if t.strip()]


@pytest.mark.parametrize(("pack_id", "items", "expected"), [
    (SH, ("负责规划管理。", "负责土地管理。"), ["1.负责规划管理。", "2.负责土地管理。"]),
    (SH, ("1.负责规划管理。", "2.负责土地管理。"), ["1.负责规划管理。", "2.负责土地管理。"]),
    (SH, ("（一）负责规划管理。", "（二）负责土地管理。"), ["（一）负责规划管理。", "（二）负责土地管理。"]),
    (SH, ("一、负责规划管理。", "二、负责土地管理。"), ["一、负责规划管理。", "二、负责土地管理。"]),
    (SH, ("负责全区规划和自然资源管理工作。",), ["负责全区规划和自然资源管理工作。"]),
    (XJ, ("负责组织工作。", "负责干部工作。"), ["（一）负责组织工作。", "（二）负责干部工作。"]),
    (XJ, ("1.负责组织工作。", "2.负责干部工作。"), ["1.负责组织工作。", "2.负责干部工作。"]),
    (XJ, ("负责全州组织工作。",), ["负责全州组织工作。"]),
])
def test_functions_are_printed_as_written(tmp_path, pack_id, items, expected):
    texts = render_texts(pack_with(pack_id), functions(*items), tmp_path)
    found = section_one(texts)
    assert found[-len(expected):] == expected


def test_functions_preamble_then_items(tmp_path):
    texts = render_texts(pack_with(XJ), functions("1.负责组织工作。", "2.负责干部工作。",
                                                  intro="根据三定方案，主要职能包括："), tmp_path)
    assert section_one(texts) == ["根据三定方案，主要职能包括：", "1.负责组织工作。", "2.负责干部工作。"]


@pytest.mark.parametrize("pack_id", [SH, XJ])
def test_a_first_row_ending_in_a_colon_is_the_preamble(tmp_path, pack_id):
    texts = render_texts(pack_with(pack_id), functions("根据三定方案，主要职能包括：", "负责组织工作。", "负责干部工作。",
                                                       intro=""), tmp_path)
    numbered = ["1.负责组织工作。", "2.负责干部工作。"] if pack_id == SH else ["（一）负责组织工作。", "（二）负责干部工作。"]
    assert section_one(texts) == ["根据三定方案，主要职能包括：", *numbered]


def test_no_preamble_leaves_no_empty_paragraph(tmp_path):
    texts = render_texts(pack_with(XJ), functions("负责全州组织工作。", intro=""), tmp_path)
    start = texts.index("一、主要职能")
    assert texts[start + 1] == "负责全州组织工作。"


# ---------------------------------------------------------------------------
# The Shanghai 2025 pack: the same shapes in its own frames (the 项 state no rate; a flat 三公 item
# states its amount; 完成预算的0.00% of a zero budget, as the 2025 document prints)


@pytest.mark.parametrize(("zero_base", "tail"), [("", "，增长100.00%"), ("增长100%", "，增长100%"), ("不写", "")])
def test_founded_this_year_shanghai2025(tmp_path, zero_base, tail):
    found = build(tmp_path, SH25, founded, zero_base=zero_base)
    assert f"与2024年度相比，收入支出总计增加4733.14万元{tail}。" in found
    assert f"与2024年度相比，财政拨款收入支出总计增加4733.14万元{tail}。" in found
    assert f"与2024年度相比，一般公共预算财政拨款支出增加4733.14万元{tail}。" in found
    assert f"机关运行经费支出185.41万元，比2024年度增加185.41万元{tail}。" in found
    assert (f"2025年度“三公”经费财政拨款支出决算数比2024年度增加16.95万元{tail}，其中：因公出国（境）费支出决算为"
            f"0.00万元，与2024年持平；公务用车购置及运行维护费支出决算增加16.95万元{tail}；公务接待费支出决算为0.00万元，"
            "与2024年持平。") in found


def test_founded_this_year_shanghai2025_with_the_packs_own_wording(tmp_path):
    """The shipped pack's zero_base is "增长100%" (whole percent, as the 2025 documents print)."""
    found = sentences_of(render_texts(pack_with(SH25), founded, tmp_path))
    assert "与2024年度相比，收入支出总计增加4733.14万元，增长100%。" in found


def test_full_budget_only_shanghai2025_states_the_full_budget(tmp_path):
    found = build(tmp_path, SH25, full_budget_only, budget_basis="全年预算")
    assert "一般公共预算财政拨款支出全年预算为9800.00万元，支出决算为4733.14万元，完成全年预算的48.30%。" in found
    found = build(tmp_path, SH25, full_budget_only)
    assert "一般公共预算财政拨款支出年初预算为0.00万元，支出决算为4733.14万元，未安排年初预算。" in found


def test_item_full_budget_shanghai2025_is_compared_and_named(tmp_path):
    def edit(data):
        row = data["项级科目说明"][2]  # 2080505, 年初预算 256.79, 决算 229.67
        row[5] = "229.67"

    item = "3.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项），主要用于支付机关事业单位在职人员基本养老保险缴费支出。"
    found = build(tmp_path, SH25, edit, budget_basis="全年预算")
    assert item in found
    assert "全年预算为229.67万元，支出决算为229.67万元，决算数与预算数持平。" in found
    found = build(tmp_path, SH25, edit)  # the reason follows the 年初预算 compared
    assert "年初预算为256.79万元，支出决算为229.67万元，决算数小于预算数的主要原因：养老保险实际支出较预算小。" in found


@pytest.mark.parametrize(("zero_budget", "car"), [("0.00%", "完成预算的0.00%"), ("", "未安排预算")])
def test_three_public_mixed_shanghai2025(tmp_path, zero_budget, car):
    found = build(tmp_path, SH25, three_public_mixed, zero_budget=zero_budget)
    assert ("“三公”经费财政拨款支出年初预算为1.00万元，支出决算为0.39万元，完成预算的39.00%，其中："
            f"因公出国（境）费决算为0.00万元，完成预算的0.00%；公务用车购置及运行维护费支出决算为0.00万元，{car}；"
            "公务接待费支出决算为0.39万元，未安排预算。") in found
    # 公务接待费: nothing last year, so the pack's zero_base; 因公出国（境）费 budgeted and not spent is flat
    assert ("2025年度“三公”经费财政拨款支出决算数比2024年度减少11.49万元，下降96.72%，其中：因公出国（境）费支出决算为"
            "0.00万元，与2024年持平；公务用车购置及运行维护费支出决算减少11.88万元，下降100.00%；公务接待费支出决算"
            "增加0.39万元，增长100%。") in found


def test_item_budgeted_and_not_spent_is_listed_shanghai2025(tmp_path):
    def edit(data):
        data["项级科目说明"].append(["2010301", "行政运行", "机关日常运转", "12.00", "项目未实施", ""])

    found = build(tmp_path, SH25, edit)
    assert "21.行政运行（项），主要用于机关日常运转。" in found
    assert "年初预算为12.00万元，支出决算为0.00万元，决算数小于预算数的主要原因：项目未实施。" in found


@pytest.mark.parametrize(("items", "expected"), [
    (("负责规划管理。", "负责土地管理。"), ["（一）负责规划管理。", "（二）负责土地管理。"]),
    (("1.负责规划管理。", "2.负责土地管理。"), ["1.负责规划管理。", "2.负责土地管理。"]),
    (("负责全区生态环境管理工作。",), ["负责全区生态环境管理工作。"]),
])
def test_functions_are_printed_as_written_shanghai2025(tmp_path, items, expected):
    texts = render_texts(pack_with(SH25), functions(*items, intro=""), tmp_path)
    assert section_one(texts) == expected


def test_a_first_row_ending_in_a_colon_is_the_preamble_shanghai2025(tmp_path):
    texts = render_texts(pack_with(SH25), functions("根据三定方案，主要职能包括：", "负责组织工作。", "负责干部工作。",
                                                    intro=""), tmp_path)
    assert section_one(texts) == ["根据三定方案，主要职能包括：", "（一）负责组织工作。", "（二）负责干部工作。"]
