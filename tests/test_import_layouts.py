"""`pjgen import` on the layouts real exports have, each built here from a table of that shape:
公开04表's repeated fund labels under 年初财政拨款结转和结余, 科目编码 in 类 / 款 / 项 columns, 公开06表
with code columns per block and two blocks, 公开07表's other headings, 万元 with four decimals, and
the workbooks that are not an export of the 公开表 (the 决算 software's internal reports, a 预算)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from generator import schema
from generator.cli import app
from generator.importer import import_tables, read_tables
from generator.money import quantize
from generator.problems import PjgenError

from conftest import example_data_dict
from import_support import add_table, expected_rows, fresh_target, table_rows

runner = CliRunner()


@pytest.fixture
def target(tmp_path) -> Path:
    return fresh_target(tmp_path)


def _sheet(wb: Workbook, name: str, rows: Sequence[Sequence[Any]], merges: Sequence[str] = ()) -> None:
    """A sheet from literal rows (None: an empty cell), with merged ranges."""
    ws = wb.create_sheet(name)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for m in merges:
        ws.merge_cells(m)


def _save(wb: Workbook, path: Path) -> Path:
    if "Sheet" in wb.sheetnames:
        wb.remove(wb["Sheet"])
    wb.save(path)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------
# 公开04表: the fund labels repeated under 年初财政拨款结转和结余


def t4_national(wb: Workbook) -> None:
    """财政拨款收入支出决算总表 in the national layout: the three 年初 sub-rows repeat the labels
    of the three 本年 rows (一、一般公共预算财政拨款 …); the third has nothing in either place."""
    N = None
    _sheet(wb, "财政拨款收入支出决算总表", [
        ["财政拨款收入支出决算总表"],
        ["编制单位：示例单位", N, N, "单位：万元"],
        ["收入", N, "支出"],
        ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["一、一般公共预算财政拨款", 100.00, "一、一般公共服务支出", 110.00, 95.00, 15.00],
        ["二、政府性基金预算财政拨款", 20.00, "二、城乡社区支出", 12.00, 12.00],
        ["三、国有资本经营预算财政拨款", N],
        ["本年收入合计", 120.00, "本年支出合计", 122.00, 107.00, 15.00],
        ["年初财政拨款结转和结余", 15.00, "年末财政拨款结转和结余", 13.00, 3.00, 10.00],
        ["一、一般公共预算财政拨款", 10.00],
        ["二、政府性基金预算财政拨款", 5.00],
        ["三、国有资本经营预算财政拨款", N],
        ["总计", 135.00, "总计", 135.00, 110.00, 25.00],
    ], merges=["A3:B3", "C3:G3"])


def test_t4_sub_rows_of_the_carried_over_funds_are_placed_by_their_section(tmp_path, target):
    wb = Workbook()
    t4_national(wb)
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == [] and result.notes == [] and result.saved
    assert (result.placed, result.amounts) == (21, 21)
    income = {r[0]: r[2] for r in table_rows(target, schema.T4) if r[0]}
    assert income == {
        "一般公共预算财政拨款": Decimal("100.00"), "政府性基金预算财政拨款": Decimal("20.00"),
        "国有资本经营预算财政拨款": "", "本年收入合计": Decimal("120.00"),
        "年初财政拨款结转和结余": Decimal("15.00"), "一般公共预算财政拨款结转和结余": Decimal("10.00"),
        "政府性基金预算财政拨款结转和结余": Decimal("5.00"), "国有资本经营预算财政拨款结转和结余": "",
        "总计": Decimal("135.00"),
    }


def test_t4_with_the_2025_headings_income_and_expense_final_accounts(tmp_path, target):
    """putuo-ecology-2025's heading: 收入决算数 | 支出决算数 over the panels, wrapped fund headings,
    zeros printed as 0.00 everywhere, the 年初 sub-rows with 0.00."""
    N = None
    wb = Workbook()
    _sheet(wb, "财政拨款收入支出决算总表", [
        ["财政拨款收入支出决算总表"],
        [N, N, N, N, N, N, "单位：万元"],
        ["收入决算数", N, "支出决算数"],
        ["项目", "决算数", "项目", "合计", "一般公共预算财\n政拨款", "政府性基金预算\n财政拨款", "国有资本经营预\n算财政拨款"],
        ["一、一般公共预算财政拨款", 4733.14, "一、一般公共服务支出", 0, 0, 0, 0],
        ["二、政府性基金预算财政拨款", 0, "八、社会保障和就业支出", 471.44, 471.44, 0, 0],
        ["三、国有资本经营预算财政拨款", 0, "十、节能环保支出", 4261.70, 4261.70, 0, 0],
        ["本年收入合计", 4733.14, "本年支出合计", 4733.14, 4733.14, 0, 0],
        ["年初财政拨款结转和结余", 0, "年末财政拨款结转和结余", 0, 0, 0, 0],
        ["一、一般公共预算财政拨款", 0],
        ["二、政府性基金预算财政拨款", 0],
        ["三、国有资本经营预算财政拨款", 0],
        ["总计", 4733.14, "总计", 4733.14, 4733.14, 0, 0],
    ], merges=["A3:B3", "C3:G3"])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == [] and result.notes == [] and (result.placed, result.amounts) == (11, 11)
    rows = table_rows(target, schema.T4)
    income = {r[0]: r[2] for r in rows if r[0]}
    assert income["一般公共预算财政拨款"] == Decimal("4733.14") and income["总计"] == Decimal("4733.14")
    assert income["一般公共预算财政拨款结转和结余"] == Decimal("0.00")
    expense = {r[3]: r[5:] for r in rows if len(r) > 3 and r[3]}
    d = Decimal
    assert expense["节能环保支出"] == [d("4261.70"), d("4261.70"), d("0.00"), d("0.00")]
    assert expense["总计"] == [d("4733.14"), d("4733.14"), d("0.00"), d("0.00")]


def test_a_later_row_with_the_same_label_never_overwrites_silently(tmp_path, target):
    """Two 一般公共预算财政拨款 rows before any 年初 section: the second is named, the first kept."""
    wb = Workbook()
    _sheet(wb, "财政拨款收入支出决算总表", [
        ["财政拨款收入支出决算总表"],
        ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["一般公共预算财政拨款", 100.00, "一般公共服务支出", 100.00, 100.00],
        ["一般公共预算财政拨款", 90.00],
        ["本年收入合计", 100.00, "本年支出合计", 100.00, 100.00],
        ["总计", 100.00, "总计", 100.00, 100.00],
    ])
    export = _save(wb, tmp_path / "export.xlsx")
    result = import_tables(export, target)
    assert [str(x) for x in result.lost] == [
        "财政拨款收入支出决算总表!B4（90.00）：收入栏“一般公共预算财政拨款”已由 财政拨款收入支出决算总表!B3 填入 100.00，"
        "同一单元格不覆盖，未导入"]
    assert not result.saved
    import_tables(export, target, allow_unplaced=True)
    income = {r[0]: r[2] for r in table_rows(target, schema.T4) if r[0]}
    assert income["一般公共预算财政拨款"] == Decimal("100.00")


def test_headings_a_continuation_page_repeats_are_not_rows(tmp_path, target):
    """A PDF's second page repeats the headings (收入 | 支出, 项目 | 决算数) amid the rows."""
    N = None
    wb = Workbook()
    _sheet(wb, "收入支出决算总表", [
        ["收入支出决算总表"],
        ["收入", N, "支出"],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", 10.00, "一、一般公共服务支出", 4.00],
        ["收入", N, "支出"],
        ["项目", "决算数", "项目", "决算数"],
        ["本年收入合计", 10.00, "二、教育支出", 6.00],
        ["总计", 10.00, "本年支出合计", 10.00],
        [N, N, "总计", 10.00],
    ], merges=["A2:B2", "C2:D2", "A5:B5", "C5:D5"])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == [] and (result.placed, result.amounts) == (7, 7)
    expense = [(r[3], r[5]) for r in table_rows(target, schema.T1) if len(r) > 3 and r[3]]
    assert expense == [("一般公共服务支出", Decimal("4.00")), ("教育支出", Decimal("6.00")),
                       ("本年支出合计", Decimal("10.00")), ("结余分配", ""), ("年末结转和结余", ""),
                       ("总计", Decimal("10.00"))]


# ---------------------------------------------------------------------------
# 科目编码 in 类 / 款 / 项 columns


def t2_with_code_parts(wb: Workbook, lanci: bool = False) -> None:
    """收入决算表 as the national layout prints it: 功能分类科目编码 over 类 | 款 | 项, the heading row
    “类 款 项 合计” carrying the 合计 amounts (or “类 款 项 栏次 1 2 …” above the 合计 row), parts
    typed as numbers (5 for 05), a blank 类 under a row that gave it."""
    N = None
    heads = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    total = [90.00, 80.00, N, 10.00]
    heading = [["类", "款", "项", "栏次", 1, 2, 3, 4, 5, 6, 7], [N, N, N, "合计", *total]] if lanci else \
        [["类", "款", "项", "合计", *total]]
    _sheet(wb, "收入决算表", [
        ["收入决算表"],
        ["编制单位：示例单位", N, N, N, N, N, N, N, N, "单位：万元"],
        ["项目", N, N, N, *heads],
        ["功能分类科目编码", N, N, "科目名称"],
        *heading,
        [208, N, N, "社会保障和就业支出", 90.00, 80.00, N, 10.00],
        [208, 5, N, "行政事业单位养老支出", 90.00, 80.00, N, 10.00],
        [208, 5, 1, "行政单位离退休", 50.00, 50.00],
        [N, 5, 2, "事业单位离退休", 40.00, 30.00, N, 10.00],
    ], merges=["A3:D3", "A4:C4", *(f"{c}3:{c}4" for c in "EFGHIJK")])


@pytest.mark.parametrize("lanci", [False, True], ids=["heading-row-with-total", "lanci-row"])
def test_codes_in_class_kuan_xiang_columns_are_composed_and_the_total_row_kept(tmp_path, target, lanci):
    wb = Workbook()
    t2_with_code_parts(wb, lanci)
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == [] and result.notes == [] and (result.placed, result.amounts) == (14, 14)
    d = Decimal
    assert [r[:6] for r in table_rows(target, schema.T2)] == [
        ["", "合计", d("90.00"), d("80.00"), "", d("10.00")],
        ["208", "社会保障和就业支出", d("90.00"), d("80.00"), "", d("10.00")],
        ["20805", "行政事业单位养老支出", d("90.00"), d("80.00"), "", d("10.00")],
        ["2080501", "行政单位离退休", d("50.00"), d("50.00"), "", ""],
        ["2080502", "事业单位离退休", d("40.00"), d("30.00"), "", d("10.00")],
    ]


@pytest.mark.parametrize("split,total_last", [(True, False), (False, False), (True, True)],
                         ids=["three-cells", "one-cell", "headings-only-total-last"])
def test_class_kuan_xiang_heading_over_whole_codes(tmp_path, target, split, total_last):
    """The 2025 Shanghai layout (putuo-ecology-2025): 决算数 under every amount heading, the row
    “类 款 项 合计” (in three cells or one) above rows that give the whole 科目编码 in one cell;
    or (its 公开05表) the row “类 款 项” of headings only, with the 合计 row last."""
    N = None
    heads = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴\n收入", "其他收入"]
    lead = ["类", "款", "项"] if split else ["类 款 项", N, N]
    total = [4733.14, 4733.14, 0, 0, 0, 0, 0]
    body = [["208", N, N, "社会保障和就业支出", 471.44, 471.44, 0, 0, 0, 0, 0],
            ["20805", N, N, "行政事业单位养老支出", 460.67, 460.67, 0, 0, 0, 0, 0],
            ["2080501", N, N, "行政单位离退休", 51.98, 51.98, 0, 0, 0, 0, 0]]
    rows = [lead, *body, [N, N, N, "合计", *total]] if total_last else [[*lead, "合计", *total], *body]
    wb = Workbook()
    _sheet(wb, "收入决算表", [
        ["收入决算表"],
        [N, N, N, N, N, N, N, N, N, "单位：万元"],
        ["项目", N, N, N, *heads],
        ["功能分\n类科目\n编码", N, N, "科目名称", *["决算数"] * 7],
        *rows,
    ], merges=["A3:D3", "A4:C4"])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == [] and result.notes == [] and (result.placed, result.amounts) == (8, 8)
    d = Decimal
    assert [r[:4] for r in table_rows(target, schema.T2)] == [
        ["", "合计", d("4733.14"), d("4733.14")], ["208", "社会保障和就业支出", d("471.44"), d("471.44")],
        ["20805", "行政事业单位养老支出", d("460.67"), d("460.67")], ["2080501", "行政单位离退休", d("51.98"), d("51.98")]]


def test_a_name_wrapped_onto_a_row_of_its_own_is_joined_and_said(tmp_path, target):
    N = None
    wb = Workbook()
    _sheet(wb, "收入决算表", [
        ["收入决算表"],
        ["科目编码", "科目名称", "本年收入合计"],
        [N, "合计", 229.67],
        ["2080505", "机关事业单位基本养老保险", 229.67],
        [N, "缴费支出"],
        [N, "收入决算表"],  # a continuation page's title: not a name
        ["科目编码", "科目名称", "本年收入合计"],
        [N, "注：本表反映部门本年度取得的各项收入情况。"],
    ])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == []
    assert [r[:3] for r in table_rows(target, schema.T2)] == [
        ["", "合计", Decimal("229.67")], ["2080505", "机关事业单位基本养老保险缴费支出", Decimal("229.67")]]
    assert [n for n in result.notes if "找不到栏目" not in n] == ["收入决算表!B5：“缴费支出”是上一行科目名称的折行，已接上（2080505 机关事业单位基本养老保险缴费支出）"]


def test_a_name_part_holding_the_word_danwei_is_joined(tmp_path, target):
    """“单位” in a wrapped name part (行政事业单位…) is a name, not a 单位 line."""
    N = None
    wb = Workbook()
    _sheet(wb, "收入决算表", [
        ["收入决算表"],
        ["科目编码", "科目名称", "本年收入合计"],
        [N, "合计", 51.98],
        ["2080501", "行政", 51.98],
        [N, "单位离退休"],
    ])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == []
    assert [r[:3] for r in table_rows(target, schema.T2)][1] == ["2080501", "行政单位离退休", Decimal("51.98")]


def _t6_export(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    wb = Workbook()
    _sheet(wb, schema.T6.name, [
        [schema.T6.name], ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"], *rows,
        ["人员经费合计", None, 100, "公用经费合计", None, 10]])
    return _save(wb, path)


def test_a_t6_name_wrapped_above_and_below_its_row_is_joined_and_said(tmp_path, target):
    """A PDF conversion centres a two-line 科目名称 on its row: one part above the row of the
    code and amount, one below, none on the row itself."""
    N = None
    export = _t6_export(tmp_path / "export.xlsx", [
        ["301", "工资福利支出", 100, "302", "商品和服务支出", 10],
        ["30107", "绩效工资", 54, "30201", "办公费", 10],
        [N, "机关事业单位基本养老保", N, N, "信息网络及软件购置", N],
        ["30108", N, 46, "31007", N, 0],
        [N, "险缴费", N, N, "更新", N],
    ])
    result = import_tables(export, target)
    assert result.lost == [] and (result.placed, result.amounts) == (7, 7)
    d = Decimal
    assert [r[:6] for r in table_rows(target, schema.T6)] == [
        ["301", "工资福利支出", d(100), "302", "商品和服务支出", d(10)],
        ["30107", "绩效工资", d(54), "30201", "办公费", d(10)],
        ["30108", "机关事业单位基本养老保险缴费", d(46), "31007", "信息网络及软件购置更新", d(0)],
        ["人员经费合计", "", d(100), "公用经费合计", "", d(10)]]
    assert sorted(result.notes) == sorted([
        f"{schema.T6.name}!B5：“机关事业单位基本养老保”是下一行科目名称的折行，已接上（30108 机关事业单位基本养老保险缴费）",
        f"{schema.T6.name}!B7：“险缴费”是上一行科目名称的折行，已接上（30108 机关事业单位基本养老保险缴费）",
        f"{schema.T6.name}!E5：“信息网络及软件购置”是下一行科目名称的折行，已接上（31007 信息网络及软件购置更新）",
        f"{schema.T6.name}!E7：“更新”是上一行科目名称的折行，已接上（31007 信息网络及软件购置更新）"])


def test_a_t6_name_wrapped_below_its_row_only_is_joined_to_the_row_above(tmp_path, target):
    N = None
    export = _t6_export(tmp_path / "export.xlsx", [
        ["301", "工资福利支出", 100, "302", "商品和服务支出", 10],
        ["30108", "机关事业单位基本养老保", 46, "30201", "办公费", 10],
        [N, "险缴", N, N, N, N],
        [N, "费", N, N, N, N],
        ["30109", "职业年金缴费", 54, N, N, N],
        [N, "（补充）", N, N, N, N],
    ])
    result = import_tables(export, target)
    assert result.lost == []
    assert [r[:3] for r in table_rows(target, schema.T6)][1:3] == [
        ["30108", "机关事业单位基本养老保险缴费", Decimal(46)], ["30109", "职业年金缴费（补充）", Decimal(54)]]


def test_a_xiang_without_its_kuan_is_named_not_taken_for_the_class(tmp_path, target):
    """208 | (blank) | 01 under the class row 208: not the class again (nor a silent duplicate of it)."""
    wb = Workbook()
    N = None
    _sheet(wb, "收入决算表", [
        ["收入决算表"],
        ["功能分类科目编码", N, N, "科目名称", "本年收入合计"],
        ["类", "款", "项"],
        [N, N, N, "合计", 5.00],
        [208, N, N, "社会保障和就业支出", 5.00],
        [208, N, 1, "行政单位离退休", 5.00],
    ], merges=["A2:C2"])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert [str(x) for x in result.lost] == [
        "收入决算表!E6（5.00）：“208？01”不是科目编码（类3位、款5位、项7位），本行未导入"]


# ---------------------------------------------------------------------------
# 公开06表: 类 and 款 columns in each block; two blocks instead of three


def t6_two_blocks_with_code_parts(wb: Workbook) -> None:
    N = None
    _sheet(wb, "一般公共预算财政拨款基本支出决算表", [
        ["一般公共预算财政拨款基本支出决算表"],
        ["编制单位：示例单位", N, N, N, N, N, N, "单位：万元"],
        ["经济分类科目编码", N, "科目名称", "决算数", "经济分类科目编码", N, "科目名称", "决算数"],
        ["类", "款", N, N, "类", "款"],
        ["301", N, "工资福利支出", 262.33, "302", N, "商品和服务支出", 50.50],
        ["301", "01", "基本工资", 262.33, "302", "01", "办公费", 40.50],
        ["303", N, "对个人和家庭的补助", 7.00, "302", "99", "其他商品和服务支出", 10.00],
        ["303", "02", "退休费", 7.00, "310", N, "资本性支出", N],
        ["人员经费合计", N, N, 269.33, "公用经费合计", N, N, 50.50],
    ], merges=["A3:B3", "E3:F3", "C3:C4", "D3:D4", "G3:G4", "H3:H4"])


def test_t6_code_columns_per_block_and_two_blocks(tmp_path, target):
    wb = Workbook()
    t6_two_blocks_with_code_parts(wb)
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.notes == [] and result.lost == []  # no 找不到栏目 for the third block
    assert (result.placed, result.amounts) == (9, 9)
    d = Decimal
    assert [r[:6] for r in table_rows(target, schema.T6)] == [
        ["301", "工资福利支出", d("262.33"), "302", "商品和服务支出", d("50.50")],
        ["30101", "基本工资", d("262.33"), "30201", "办公费", d("40.50")],
        ["303", "对个人和家庭的补助", d("7.00"), "30299", "其他商品和服务支出", d("10.00")],
        ["30302", "退休费", d("7.00"), "310", "资本性支出", ""],
        ["人员经费合计", "", d("269.33"), "公用经费合计", "", d("50.50")],
    ]
    assert all(r[6:] == ["", "", ""] for r in table_rows(target, schema.T6))


def test_t6_a_block_without_its_amount_column_is_still_named(tmp_path, target):
    """Leniency about absent blocks does not hide a block whose 决算数 heading is unknown."""
    wb = Workbook()
    _sheet(wb, "一般公共预算财政拨款基本支出决算表", [
        ["一般公共预算财政拨款基本支出决算表"],
        ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "数额"],
        ["301", "工资福利支出", 1.00, "302", "商品和服务支出", 2.00],
    ])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert any("找不到栏目“决算数”" in n for n in result.notes)
    assert [(x.where, x.value) for x in result.lost] == [("一般公共预算财政拨款基本支出决算表!F3", Decimal(2))]
    assert not result.saved


# ---------------------------------------------------------------------------
# 公开07表: 公务用车购置及运行费 / 公务用车运行费


def test_t7_headings_purchase_and_running_and_running_costs(tmp_path, target):
    wb = Workbook()
    N = None
    leaves = ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"]
    values = [9.00, 1.00, 5.00, 3.00, 2.00, 3.00, 6.50, 0.50, 4.00, 2.50, 1.50, 2.00]
    _sheet(wb, "财政拨款“三公”经费支出决算表", [
        ["财政拨款“三公”经费支出决算表"],
        ["编制单位：示例单位", *[N] * 10, "单位：万元"],
        ["预算数", *[N] * 5, "决算数"],
        [*leaves, *leaves],
        values,
    ], merges=["A3:F3", "G3:L3"])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.notes == [] and result.lost == [] and result.placed == 12
    assert table_rows(target, schema.T7) == [[Decimal(str(v)).quantize(Decimal("0.01")) for v in values]]


# ---------------------------------------------------------------------------
# 万元 with four decimals


def test_wan_yuan_with_four_decimals_is_rounded_half_up_with_the_tail_listed(tmp_path, target):
    wb = Workbook()
    rows = [["", "合计", "1.0000", "0.5000", "0.5000"],
            ["201", "一般公共服务支出", "0.3333", "0.3333", ""],
            ["208", "社会保障和就业支出", "0.3333", "", "0.3333"],
            ["229", "其他支出", "503.2354", "0.1667", "503.0687"]]
    add_table(wb, schema.T5, rows)
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    d = Decimal
    assert [r[2:] for r in table_rows(target, schema.T5)] == [
        [d("1.00"), d("0.50"), d("0.50")], [d("0.33"), d("0.33"), ""], [d("0.33"), "", d("0.33")],
        [d("503.24"), d("0.17"), d("503.07")]]
    assert result.tables[0].unit == "万元" and result.lost == []
    # 503.2354 = 0.1667 + 503.0687 holds before and after rounding (503.24 = 0.17 + 503.07): no tail
    assert result.tail == []


def test_tail_from_four_decimals_is_reported(tmp_path, target):
    wb = Workbook()
    rows = [["", "合计", "1.0000", "1.0000", ""],
            ["201", "一般公共服务支出", "0.3333", "0.3333", ""],
            ["208", "社会保障和就业支出", "0.3333", "0.3333", ""],
            ["229", "其他支出", "0.3334", "0.3334", ""]]
    add_table(wb, schema.T5, rows)
    result = read_tables(_save(wb, tmp_path / "export.xlsx"))
    assert result.tail == [
        "公开05表合计行“合计”：1.00 万元，分项之和 0.99 万元，尾差 0.01 万元",
        "公开05表合计行“基本支出”：1.00 万元，分项之和 0.99 万元，尾差 0.01 万元",
    ]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=6))
def test_four_decimal_wan_yuan_is_half_up_cents_with_every_tail(tmp_path_factory, amounts):
    """Amounts in 万元 to 0.0001 (Beijing's tables): each rounded half-up to the cent; a tail is
    listed exactly when the rounded parts miss the rounded total (the sum holds unrounded)."""
    folder = tmp_path_factory.mktemp("wan")
    scaled = [Decimal(a) / 10000 for a in amounts]
    rows = [["", "合计", str(sum(scaled, Decimal(0))), "", ""]]
    rows += [[f"2{i:02d}", f"类{i}", str(a), "", ""] for i, a in enumerate(scaled)]
    wb = Workbook()
    add_table(wb, schema.T5, rows)
    result = read_tables(_save(wb, folder / "export.xlsx"))
    got = [r[2] for r in result.tables[0].rows]
    assert got == [quantize(a) for a in [sum(scaled, Decimal(0)), *scaled]]
    tail = quantize(sum(scaled, Decimal(0))) - sum((quantize(a) for a in scaled), Decimal(0))
    assert bool(result.tail) == (tail != 0)
    assert result.lost == [] and result.amounts == sum(1 for a in [sum(amounts), *amounts] if a)


def test_a_serial_number_column_is_not_an_amount(tmp_path, target):
    wb = Workbook()
    _sheet(wb, "一般公共预算财政拨款支出决算表", [
        ["一般公共预算财政拨款支出决算表"],
        ["序号", "科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [1, None, "合计", 3.00, 3.00],
        [2, "201", "一般公共服务支出", 3.00, 3.00],
    ])
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == [] and result.notes == [] and (result.placed, result.amounts) == (4, 4)


# ---------------------------------------------------------------------------
# Workbooks that are not an export of the 公开表


def internal_report_set(path: Path) -> Path:
    """The 决算 software's own report set: sheets named “Z01 收入支出决算总表(财决01表)” …, two
    title lines, headings on rows 4–5, rows of the internal report (其中 rows, 行次 columns)."""
    wb = Workbook()
    N = None
    _sheet(wb, "Z01 收入支出决算总表(财决01表)", [
        ["收入支出决算总表"], [N, N, N, N, N, "财决01表"], ["编制单位：示例单位", N, N, N, N, "单位：元"],
        ["收入", N, N, "支出"], ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["一、一般公共预算财政拨款收入", 1, 1000000, "一、一般公共服务支出", 32, 1000000],
        ["    其中：教育收费", 2, 200000],
        ["本年收入合计", 9, 1000000, "本年支出合计", 60, 1000000],
        ["总计", 12, 1000000, "总计", 64, 1000000],
    ], merges=["A4:C4", "D4:F4"])
    _sheet(wb, "Z03 收入决算表(财决03表)", [
        ["收入决算表"], [N, N, N, "财决03表"], ["编制单位：示例单位", N, N, "单位：元"],
        ["项目", N, "本年收入合计", "财政拨款收入"], ["科目编码", "科目名称"],
        [N, "合计", 1000000, 1000000], ["201", "一般公共服务支出", 1000000, 1000000],
    ])
    return _save(wb, path)


def test_the_internal_report_set_is_refused_naming_the_tables_expected(tmp_path, target):
    export = internal_report_set(tmp_path / "export.xlsx")
    with pytest.raises(PjgenError) as caught:
        read_tables(export)
    message = str(caught.value)
    assert "决算软件的内部报表" in message and "Z01 收入支出决算总表(财决01表)" in message
    assert all(f"{s.name}（{s.code}）" in message for s in schema.OFFICIAL_TABLES)
    before = _sha(target)
    result = runner.invoke(app, ["import", str(export), "--into", str(target)])
    assert result.exit_code == 1 and "内部报表" in result.output and "Traceback" not in result.output
    assert _sha(target) == before


def test_internal_sheet_names_are_accepted_when_the_mapping_is_certain(tmp_path, target):
    """The nine 公开表 under the software's sheet names, every amount placed: imported."""
    data = example_data_dict()
    wb = Workbook()
    for n, spec in enumerate(schema.OFFICIAL_TABLES, start=1):
        add_table(wb, spec, data[spec.name], sheet_name=f"Z{n:02d} {spec.name}(财决{n:02d}表)")
    result = import_tables(_save(wb, tmp_path / "export.xlsx"), target)
    assert result.lost == [] and result.saved and len(result.written) == 9
    for spec in schema.OFFICIAL_TABLES:
        assert table_rows(target, spec) == expected_rows(spec), spec.code


def test_a_budget_workbook_is_recognised_and_refused(tmp_path, target):
    wb = Workbook()
    N = None
    _sheet(wb, "收支预算总表", [["2025年部门收支预算总表"], [N, N, N, "单位：万元"],
                               ["收入", N, "支出"], ["项目", "预算数", "项目", "预算数"],
                               ["一般公共预算拨款收入", 100.00, "一般公共服务支出", 100.00]])
    _sheet(wb, "一般公共预算支出预算表", [["一般公共预算支出预算表"], ["科目编码", "科目名称", "合计"],
                                      ["201", "一般公共服务支出", 100.00]])
    export = _save(wb, tmp_path / "export.xlsx")
    with pytest.raises(PjgenError, match="是预算工作簿.*不是决算报表"):
        read_tables(export)
    result = runner.invoke(app, ["import", str(export), "--into", str(target)])
    assert result.exit_code == 1 and "预算工作簿" in result.output and "Traceback" not in result.output
