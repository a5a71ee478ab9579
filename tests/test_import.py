"""`pjgen import EXPORT --into WORKBOOK`: export-like workbooks (built by tests/import_support.py,
in the layouts the 决算 software and departments produce: Xinjiang's, and Shanghai's from
tests/data/reference's putuo-planning-2024 tables) imported into a fresh workbook."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from generator import schema
from generator.cli import app
from generator.importer import import_tables, read_tables
from generator.money import quantize
from generator.problems import PjgenError

from conftest import example_data_dict
from import_support import add_table, expected_rows, fresh_target, table_rows, xinjiang_export

runner = CliRunner()


@pytest.fixture
def target(tmp_path) -> Path:
    return fresh_target(tmp_path)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------
# Layouts


def test_xinjiang_export_fills_all_nine_tables_exactly(tmp_path, target):
    export = xinjiang_export(tmp_path / "export.xlsx")
    result = import_tables(export, target)
    assert [t.spec.key for t in result.written] == [s.key for s in schema.OFFICIAL_TABLES]
    assert result.unplaced == [] and result.tail == [] and result.missing == []
    for spec in schema.OFFICIAL_TABLES:
        assert table_rows(target, spec) == expected_rows(spec), spec.code


def test_shifted_columns_extra_title_rows_and_blank_separators(tmp_path, target):
    export = xinjiang_export(tmp_path / "export.xlsx", shift=2, title_rows=3, blank_every=4)
    result = import_tables(export, target)
    assert result.unplaced == [] and len(result.written) == 9
    for spec in schema.OFFICIAL_TABLES:
        assert table_rows(target, spec) == expected_rows(spec), spec.code


def test_amounts_in_yuan_become_wan_yuan_half_up(tmp_path, target):
    wb = Workbook()
    wb.remove(wb.active)
    # 5,000 元 = 0.50 万元; 49 元 = 0.0049 → 0.00; 50 元 = 0.005 → 0.01 (half-up, not half-even)
    rows = [["", "合计", "0.5099"] + ["0.5099", "", "", "", "", ""],
            ["201", "一般公共服务支出", "0.5049", "0.5049", "", "", "", "", ""],
            ["229", "其他支出", "0.0050", "0.0050", "", "", "", "", ""]]
    add_table(wb, schema.T2, rows, unit="元")
    wb.save(tmp_path / "export.xlsx")
    result = import_tables(tmp_path / "export.xlsx", target)
    assert table_rows(target, schema.T2) == [
        ["", "合计", Decimal("0.51"), Decimal("0.51"), "", "", "", "", ""],
        ["201", "一般公共服务支出", Decimal("0.50"), Decimal("0.50"), "", "", "", "", ""],
        ["229", "其他支出", Decimal("0.01"), Decimal("0.01"), "", "", "", "", ""],
    ]
    assert result.tables[0].unit == "元"


def test_the_tail_created_by_rounding_is_reported(tmp_path, target):
    wb = Workbook()
    wb.remove(wb.active)
    # in 元: 10,000 = 4,444 + 5,556 exactly; in 万元: 1.00 against 0.44 + 0.56 = 1.00 — no tail;
    # 10,000 = 3,333 + 3,333 + 3,334 → 1.00 against 0.33 + 0.33 + 0.33 = 0.99: a tail of 0.01
    rows = [["", "合计", "1.0000", "1.0000", "", "", "", "", ""],
            ["201", "一般公共服务支出", "0.3333", "0.3333", "", "", "", "", ""],
            ["208", "社会保障和就业支出", "0.3333", "0.3333", "", "", "", "", ""],
            ["229", "其他支出", "0.3334", "0.3334", "", "", "", "", ""]]
    add_table(wb, schema.T2, rows, unit="元")
    wb.save(tmp_path / "export.xlsx")
    result = import_tables(tmp_path / "export.xlsx", target)
    assert result.tail == [
        "公开02表合计行“本年收入合计”：1.00 万元，分项之和 0.99 万元，尾差 0.01 万元",
        "公开02表合计行“财政拨款收入”：1.00 万元，分项之和 0.99 万元，尾差 0.01 万元",
    ]


def test_a_difference_already_in_the_export_is_not_called_a_tail(tmp_path, target):
    """In 元 the 合计 10,000 is not 3,333 + 3,333: not made by rounding, so not reported here
    (pjgen check reports it as total-mismatch)."""
    wb = Workbook()
    wb.remove(wb.active)
    rows = [["", "合计", "1.0000", "", "", "", "", "", ""],
            ["201", "一般公共服务支出", "0.3333", "", "", "", "", "", ""],
            ["208", "社会保障和就业支出", "0.3333", "", "", "", "", "", ""]]
    add_table(wb, schema.T2, rows, unit="元")
    wb.save(tmp_path / "export.xlsx")
    assert import_tables(tmp_path / "export.xlsx", target).tail == []


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=6))
def test_yuan_conversion_is_half_up_cents_of_wan_yuan(tmp_path_factory, amounts):
    folder = tmp_path_factory.mktemp("yuan")
    total = sum(amounts)
    rows = [["", "合计", str(Decimal(total) / 10000), "", "", ""]]
    rows += [[f"2{i:02d}", f"类{i}", str(Decimal(a) / 10000), "", "", ""] for i, a in enumerate(amounts)]
    wb = Workbook()
    wb.remove(wb.active)
    add_table(wb, schema.T5, rows, unit="元")
    wb.save(folder / "export.xlsx")
    result = read_tables(folder / "export.xlsx")
    got = result.tables[0].rows
    assert [r[2] for r in got] == [quantize(Decimal(a) / 10000) for a in [total, *amounts]]
    converted = [quantize(Decimal(a) / 10000) for a in amounts]
    tail = quantize(Decimal(total) / 10000) - sum(converted, Decimal(0))
    assert bool(result.tail) == (tail != 0)  # the sum holds in 元 by construction


SHANGHAI_CLASSES = (
    ("一般公共服务支出", ""), ("外交支出", ""), ("国防支出", ""), ("公共安全支出", ""), ("教育支出", ""),
    ("科学技术支出", ""), ("文化旅游体育与传媒支出", ""), ("社会保障和就业支出", "754.75"), ("卫生健康支出", "236.63"),
    ("节能环保支出", ""), ("城乡社区支出", "3845.25"), ("农林水支出", ""), ("交通运输支出", ""),
    ("资源勘探工业信息等支出", ""), ("商业服务业等支出", ""), ("金融支出", ""), ("援助其他地区支出", ""),
    ("自然资源海洋气象等支出", "4461.67"), ("住房保障支出", "461.08"), ("粮油物资储备支出", ""),
    ("国有资本经营预算支出", ""), ("灾害防治及应急管理支出", ""), ("其他支出", ""), ("抗疫特别国债安排的支出", ""),
)
NUMERALS = ("一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 二十一 二十二 二十三 二十四"
            .split())


def shanghai_t1(wb: Workbook) -> None:
    """收入支出决算总表 as putuo-planning-2024.pdf prints it: 项目 | 决算数 on each side, no 行次,
    numbered labels, all 24 function classes listed (blank where nothing was spent)."""
    ws = wb.create_sheet("收入支出决算总表")
    ws["A1"] = "收入支出决算总表"
    ws.merge_cells("A1:D1")
    ws["D2"] = "单位：万元"
    ws["A3"], ws["C3"] = "收入", "支出"
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:D3")
    ws["A4"], ws["B4"], ws["C4"], ws["D4"] = "项目", "决算数", "项目", "决算数"
    income = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
              "四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入"]
    for i, (name, amount) in enumerate(SHANGHAI_CLASSES):
        r = 5 + i
        if i < len(income):
            ws.cell(r, 1, income[i])
            if i == 0:
                ws.cell(r, 2, 9746.50)
        ws.cell(r, 3, f"{NUMERALS[i]}、{name}")
        if amount:
            ws.cell(r, 4, float(amount))
    r = 5 + len(SHANGHAI_CLASSES)
    for left, lv, right, rv in (("本年收入合计", 9746.50, "本年支出合计", 9759.38),
                                ("使用非财政拨款结余", None, "结余分配", None),
                                ("年初结转和结余", 112.88, "年末结转和结余", 100.00),
                                ("总计", 9859.38, "总计", 9859.38)):
        ws.cell(r, 1, left), ws.cell(r, 3, right)
        if lv is not None:
            ws.cell(r, 2, lv)
        if rv is not None:
            ws.cell(r, 4, rv)
        r += 1
    ws.cell(r, 1, "注：本表反映部门本年度的总收支和年末结转结余情况。")


def test_shanghai_income_and_expense_summary(tmp_path, target):
    wb = Workbook()
    wb.remove(wb.active)
    shanghai_t1(wb)
    wb.save(tmp_path / "export.xlsx")
    result = import_tables(tmp_path / "export.xlsx", target)
    assert result.unplaced == []
    rows = table_rows(target, schema.T1)
    income = {r[0]: r[2] for r in rows if r[0]}
    assert income["一般公共预算财政拨款收入"] == Decimal("9746.50")
    assert income["年初结转和结余"] == Decimal("112.88") and income["总计"] == Decimal("9859.38")
    assert income["事业收入"] == ""  # listed, nothing received
    expense = [(r[3], r[4], r[5]) for r in rows if len(r) > 3 and r[3]]
    listed = [(name, Decimal(a) if a else "") for name, a in SHANGHAI_CLASSES]  # blank classes stay listed
    listed += [("本年支出合计", Decimal("9759.38")), ("结余分配", ""), ("年末结转和结余", Decimal("100.00")),
               ("总计", Decimal("9859.38"))]
    assert expense == [(name, str(line), a) for line, (name, a) in enumerate(listed, start=13)]


def test_shanghai_income_table_with_its_headings(tmp_path, target):
    """收入决算表 as Shanghai prints it: 项目 over 功能分类科目编码 / 科目名称, wrapped headings
    (附属单位⏎上缴收入), no 栏次 row, names that wrap onto a second line."""
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("收入决算表")
    ws["A1"] = "收入决算表"
    ws["I2"] = "单位：万元"
    ws["A3"] = "项目"
    ws.merge_cells("A3:B3")
    for col, head in zip("CDEFGHI", ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                                     "附属单位\n上缴收入", "其他收入")):
        ws[f"{col}3"] = head
        ws.merge_cells(f"{col}3:{col}4")
    ws["A4"], ws["B4"] = "功能分类\n科目编码", "科目名称"
    rows = [("", "合计", 9746.50), ("208", "社会保障和就业支出", 754.75), ("20805", "行政事业单位养老支出", 754.75),
            ("2080501", "行政单位离退休", 54.53), ("2080502", "事业单位离退休", 28.11),
            ("2080505", "机关事业单位基本养老保险缴\n费支出", 446.11), ("2080506", "机关事业单位职业年金缴费支出", 225.12),
            ("2080599", "其他行政事业单位养老支出", 0.88), ("221", "住房保障支出", 8991.75),
            ("22102", "住房改革支出", 8991.75), ("2210201", "住房公积金", 8991.75)]
    r = 5
    for code, name, amount in rows:
        if code:
            ws.cell(r, 1, int(code))  # codes typed as numbers
        ws.cell(r, 2, name)
        ws.cell(r, 3, amount)
        ws.cell(r, 4, amount)
        r += 2  # a blank line after each row, as in the PDF
    ws.cell(r, 1, "注：本表反映部门本年度取得的各项收入情况。")
    wb.save(tmp_path / "export.xlsx")
    result = import_tables(tmp_path / "export.xlsx", target)
    assert result.unplaced == [] and result.tables[0].unit_stated
    got = table_rows(target, schema.T2)
    assert [r[:4] for r in got] == [[code, name.replace("\n", "") if code else "合计", Decimal(str(a)), Decimal(str(a))]
                                     for code, name, a in rows]


def test_columns_placed_by_lanci_when_a_heading_is_not_known(tmp_path, target):
    wb = Workbook()
    wb.remove(wb.active)
    heads = ["科目编码", "科目名称", "支出合计（本年）", "基本支出", "项目支出"]  # first amount heading unknown
    rows = [["", "合计", "30.00", "10.00", "20.00"], ["201", "一般公共服务支出", "30.00", "10.00", "20.00"]]
    add_table(wb, schema.T5, rows, heads=heads, tops=())
    wb.save(tmp_path / "export.xlsx")
    result = import_tables(tmp_path / "export.xlsx", target)
    assert result.unplaced == []
    assert table_rows(target, schema.T5)[0] == ["", "合计", Decimal("30.00"), Decimal("10.00"), Decimal("20.00")]


def test_sheet_names_with_codes_and_cut_at_31_characters(tmp_path, target):
    data = example_data_dict()
    wb = Workbook()
    wb.remove(wb.active)
    add_table(wb, schema.T1, data[schema.T1.name], sheet_name="Z01 收入支出决算总表", title=False)
    add_table(wb, schema.T2, data[schema.T2.name], sheet_name="财决02表-收入决算表", title=False)
    long = "附表9 2024年度部门决算 国有资本经营预算财政拨款收入支出决算表"
    add_table(wb, schema.T9, data[schema.T9.name], sheet_name=long[:31], title=False)
    add_table(wb, schema.T5, data[schema.T5.name], sheet_name="公开05表")  # title inside the sheet
    add_table(wb, schema.T7, data[schema.T7.name], sheet_name="Sheet3")  # found by its title row
    wb.create_sheet("封面")["A1"] = "2024年度部门决算"
    wb.save(tmp_path / "export.xlsx")
    assert len(long[:31]) == 31
    result = import_tables(tmp_path / "export.xlsx", target)
    assert {t.spec.key: t.sheet for t in result.tables} == {
        "t1": "Z01 收入支出决算总表", "t2": "财决02表-收入决算表", "t5": "公开05表", "t7": "Sheet3", "t9": long[:31]}
    assert result.unplaced == ["工作表“封面”不是公开01–09表中的任何一张（标题或表名不符），未导入"]
    for spec in (schema.T1, schema.T2, schema.T5, schema.T7):
        assert table_rows(target, spec) == expected_rows(spec), spec.code


def test_a_table_missing_from_the_export_is_listed_and_left_alone(tmp_path, target):
    export = xinjiang_export(tmp_path / "export.xlsx", skip=("t6",))
    before = table_rows(target, schema.T6)
    result = runner.invoke(app, ["import", str(export), "--into", str(target)])
    assert result.exit_code == 0, result.output
    assert "公开06表" in result.output and "导出表中没有此表" in result.output
    assert table_rows(target, schema.T6) == before


def test_rows_and_columns_that_cannot_be_placed_are_listed_with_their_cells(tmp_path, target):
    wb = Workbook()
    wb.remove(wb.active)
    heads = list(schema.T5.header) + ["备注"]
    rows = [["", "合计", "30.00", "10.00", "20.00", "说明"], ["201", "一般公共服务支出", "30.00", "10.00", "20.00"],
            ["2O1", "编码写错的行", "1.00", "1.00", ""]]
    add_table(wb, schema.T5, rows, heads=heads, tops=list(schema.T5.header_top) + [("备注", 1)], lanci=False)
    wb.save(tmp_path / "export.xlsx")
    before = _sha(target)
    result = import_tables(tmp_path / "export.xlsx", target)
    assert result.notes == ["一般公共预算财政拨款支出决算表!F4：列“备注”不是本表的栏目，未导入"]
    assert [str(x) for x in result.lost] == [
        "一般公共预算财政拨款支出决算表!C7（1.00）：“2O1”不是科目编码（类3位、款5位、项7位），本行未导入",
        "一般公共预算财政拨款支出决算表!D7（1.00）：“2O1”不是科目编码（类3位、款5位、项7位），本行未导入",
    ]
    assert (result.placed, result.amounts) == (6, 8)
    assert not result.saved and _sha(target) == before  # an amount would be lost: nothing written
    result = import_tables(tmp_path / "export.xlsx", target, allow_unplaced=True)
    assert result.saved and len(result.lost) == 2
    assert len(table_rows(target, schema.T5)) == 2


def test_filled_tables_are_not_overwritten_without_replace(tmp_path, target):
    export = xinjiang_export(tmp_path / "export.xlsx")
    wb = load_workbook(target)
    wb[schema.T2.name]["C5"] = 1
    wb.save(target)
    result = import_tables(export, target)
    assert [t.spec.key for t in result.tables if not t.written] == ["t2"]
    assert "已有数据" in result.tables[1].skipped
    t2_amounts = len(result.tables[1].census)
    assert t2_amounts > 0 and len(result.lost) == t2_amounts and not result.saved
    assert all("已有数据" in x.reason and x.where.startswith("收入决算表!") for x in result.lost)
    result = import_tables(export, target, allow_unplaced=True)
    assert result.saved
    assert table_rows(target, schema.T2) == [["", "合计", Decimal(1), "", "", "", "", "", ""]]
    assert table_rows(target, schema.T3) == expected_rows(schema.T3)
    result = import_tables(export, target, replace=True)
    assert result.lost == [] and result.saved
    assert table_rows(target, schema.T2) == expected_rows(schema.T2)


def test_export_is_never_modified_and_nothing_half_written(tmp_path, target):
    export = xinjiang_export(tmp_path / "export.xlsx")
    before = _sha(export)
    import_tables(export, target)
    assert _sha(export) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024.xlsx", "export.xlsx"]


def test_target_must_be_a_pjgen_workbook(tmp_path):
    export = xinjiang_export(tmp_path / "export.xlsx")
    with pytest.raises(PjgenError, match="找不到目标工作簿"):
        import_tables(export, tmp_path / "nothing.xlsx")
    other = Workbook()
    other.save(tmp_path / "other.xlsx")
    with pytest.raises(PjgenError, match="缺少工作表"):
        import_tables(export, tmp_path / "other.xlsx")
    result = runner.invoke(app, ["import", str(export), "--into", str(tmp_path / "nothing.xlsx")])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_import_then_check_passes_for_the_worked_example(tmp_path, make_workbook):
    """The worked example with its nine tables cleared, refilled from an export in 元, checks as before
    (the 尾差 of the conversion stays within the checks' rounding tolerance)."""
    from generator.pipeline import validate
    from conftest import BASELINE, flat

    book = make_workbook(lambda data: [data.__setitem__(s.name, None) for s in schema.OFFICIAL_TABLES])
    export = xinjiang_export(tmp_path / "export.xlsx", unit="元")
    result = runner.invoke(app, ["import", str(export), "--into", str(book)])
    assert result.exit_code == 0, result.output
    assert flat(validate(book).problems) == sorted(BASELINE)
    for spec in schema.OFFICIAL_TABLES:
        assert table_rows(book, spec) == expected_rows(spec), spec.code
