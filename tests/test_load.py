"""load.py: reading cells into the typed model, one Problem per bad cell.

Each test writes the worked example, breaks one thing, and asserts every problem
`pjgen check` then reports, as sorted (sheet!cell, code) pairs. `expected(...)`
adds the example's one intended warning (BASELINE).
"""

from __future__ import annotations

from decimal import Decimal


from conftest import BASELINE, EXAMPLE_XLSX, ROUNDING_BASELINE, expected, flat, problems_and_messages
from generator.load import load_report
from generator.pipeline import validate
from generator.problems import CellRef
from generator.workbook import read_workbook

D = Decimal
T1, T2, T5, T6 = "收入支出决算总表", "收入决算表", "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表"
T7 = "财政拨款“三公”经费支出决算表"


def load(path):
    return load_report(read_workbook(path))


def check(path):
    """One validation: sorted (sheet!cell, code) pairs and the loaded report."""
    v = validate(path)
    return flat(v.problems), v.report


# ---------------------------------------------------------------------------
# The worked example


def test_worked_example_has_only_the_intended_warning(problems_of):
    assert problems_of(EXAMPLE_XLSX) == sorted(BASELINE)


def test_workbook_written_from_the_toml_matches_the_committed_example(make_workbook, problems_of):
    assert problems_of(make_workbook()) == BASELINE


def test_worked_example_loads_typed_values_with_their_cells():
    report, problems = load(EXAMPLE_XLSX)
    assert problems == []
    assert report.unit_name == "中共昌吉回族自治州委员会组织部"
    assert report.year == 2023 and isinstance(report.year, int)
    assert report.unit.staff_active == 65
    assert len(report.functions) == 10 and report.functions[0] == "负责党的组织制度建设。"
    assert len(report.offices) == 16 and report.subordinates == ()
    # Excel numbers arrive as floats; they become exact Decimals
    assert report.t5.total.amounts.values() == (D("1891.20"), D("1180.94"), D("710.26"))
    assert all(type(a) is Decimal for r in report.t5.rows for a in r.amounts)
    assert report.t5.total.refs.total == CellRef(T5, "C5")
    assert report.t5.row("2013201").refs.basic == CellRef(T5, "D8")
    assert report.t1.income_amount("总计") == D("2667.41")
    assert report.t6.personnel_total == D("1043.46") and report.t6.public_total == D("137.48")
    assert report.t6.personnel_ref == CellRef(T6, "C19")
    assert report.t7.actual.values() == (D("41.33"), D(0), D("37.86"), D(0), D("37.86"), D("3.47"))
    assert (report.t7.budget.car_run, report.t7.budget_refs.car_run) == (D("37.86"), CellRef(T7, "E5"))
    assert report.t8.is_empty and report.t9.is_empty
    assert report.compare.total_last == D("2729.81")
    assert report.compare.ref("total_last") == CellRef("上年及预算对比", "B2")
    assert report.other.vehicles == 8
    assert len(report.general_last) == 26
    assert len(report.projects) == 12
    assert [len(p.indicators) for p in report.projects] == [8, 7, 7, 7, 8, 7, 7, 9, 7, 7, 7, 7]
    assert report.projects[2].execution_rate.quantize(D("0.0001")) == D("0.9938")
    # indicator values such as "=3次" are text, never formulas
    assert report.projects[0].indicators[0].actual == "=3次"
    assert report.overall is None


# ---------------------------------------------------------------------------
# Sheets, fields and columns


def test_misspelt_sheet_is_missing_and_the_message_names_the_closest_sheet(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def rename(wb):
        wb["单位信息"].title = "单位信"

    edit_workbook(path, rename)
    got, messages = problems_and_messages(path)
    assert got == expected(("", "missing-sheet"))
    (message,) = messages["missing-sheet"]
    assert "“单位信息”" in message and "“单位信”" in message


def test_deleted_sheet_is_missing_and_the_message_points_to_pjgen_init(make_workbook, edit_workbook, problems_of):
    path = make_workbook()
    edit_workbook(path, lambda wb: wb.remove(wb["上年及预算对比"]))
    got, messages = problems_and_messages(path)
    assert got == expected(("", "missing-sheet"))
    (message,) = messages["missing-sheet"]
    # no rename is suggested: the only similar name is another required sheet (一般公共预算支出上年对比)
    assert "“上年及预算对比”" in message and "pjgen init" in message and "一般公共预算支出上年对比" not in message


def test_optional_sheet_may_be_deleted(make_workbook, edit_workbook, problems_of):
    path = make_workbook()
    edit_workbook(path, lambda wb: wb.remove(wb["机构设置"]))
    got, report = check(path)
    assert got == BASELINE
    assert report.offices == () and report.subordinates == ()


def test_sheet_name_with_extra_spaces_is_found(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def rename(wb):
        wb["单位信息"].title = " 单位 信息 "

    edit_workbook(path, rename)
    assert problems_of(path) == BASELINE


def test_renamed_form_label_is_a_missing_field(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, "单位信息", "A2", "单位名")
    assert problems_of(path) == expected(("单位信息!A2", "missing-field"))


def test_form_fields_are_found_by_label_not_by_row(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def swap_rows(wb):
        ws = wb["单位信息"]
        for col in "AB":
            ws[f"{col}6"].value, ws[f"{col}8"].value = ws[f"{col}8"].value, ws[f"{col}6"].value

    edit_workbook(path, swap_rows)
    got, report = check(path)
    assert got == BASELINE
    assert (report.unit.staff_active, report.unit.staff_retired) == (65, 1)
    assert report.unit.ref("staff_active") == CellRef("单位信息", "B8")


def test_renamed_list_header_is_a_missing_column(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, "主要职能", "A1", "职能")
    assert problems_of(path) == expected(("主要职能!A1", "missing-column"))


def test_list_columns_are_found_by_header_not_by_position(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def swap_columns(wb):
        ws = wb["机构设置"]
        for row in range(1, ws.max_row + 1):
            ws.cell(row, 1).value, ws.cell(row, 2).value = ws.cell(row, 2).value, ws.cell(row, 1).value

    edit_workbook(path, swap_columns)
    got, report = check(path)
    assert got == BASELINE
    assert len(report.offices) == 16 and report.offices[0] == "办公室（组织人事科）"


def test_blank_rows_inside_a_list_are_skipped(make_workbook, problems_of):
    path = make_workbook(lambda d: d["主要职能"].insert(3, [""]))
    got, report = check(path)
    assert got == BASELINE
    assert len(report.functions) == 10


# ---------------------------------------------------------------------------
# Cell values


def test_empty_required_fields_are_missing_values(make_workbook, problems_of):
    def blank(d):
        d["单位信息"]["单位名称"] = ""  # text
        d["单位信息"]["年度"] = ""  # integer
        d["单位信息"]["单位性质"] = ""  # choice
        d["上年及预算对比"]["上年收入支出总计"] = ""  # money: empty is missing, not 0

    path = make_workbook(blank)
    assert problems_of(path) == expected(
        ("单位信息!B2", "missing-value"), ("单位信息!B3", "missing-value"), ("单位信息!B4", "missing-value"),
        ("上年及预算对比!B2", "missing-value"))


def test_empty_optional_field_is_fine(make_workbook, problems_of):
    path = make_workbook(lambda d: d["预算绩效"].__setitem__("其他需说明的事项", ""))
    assert problems_of(path) == BASELINE


def test_empty_required_list_cell_is_a_missing_value(make_workbook, problems_of):
    def blank_project_name(d):
        d["绩效自评项目"][0][1] = ""

    path = make_workbook(blank_project_name)
    assert problems_of(path) == expected(("绩效自评项目!B2", "missing-value"))


def test_coded_row_without_a_name_is_a_missing_value(make_workbook, problems_of):
    def blank_name(d):
        d[T2][3][1] = ""  # 2013201 行政运行, sheet row 8

    path = make_workbook(blank_name)
    assert problems_of(path) == expected((f"{T2}!B8", "missing-value"))


def test_numbers_typed_as_text_are_read(make_workbook, set_cell):
    path = make_workbook()
    texts = {  # 上年及预算对比: B2 total_last, B4 fiscal_last, B6 fiscal_budget, B8 general_last, B10 general_budget
        "B2": "2,729.81", "B4": "２０８３．０６", "B6": "１，７２１．１６", "B8": " 2083.06万元 ", "B10": "1721.16\u3000"}
    set_cell(path, *(x for cell, text in texts.items() for x in ("上年及预算对比", cell, text)))
    got, report = check(path)
    assert got == BASELINE
    c = report.compare
    assert (c.total_last, c.fiscal_last, c.fiscal_budget, c.general_last, c.general_budget) == \
        (D("2729.81"), D("2083.06"), D("1721.16"), D("2083.06"), D("1721.16"))


def test_dash_or_empty_in_an_official_table_is_zero(make_workbook, set_cell):
    path = make_workbook()
    # 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入 (all 0.00 in the example)
    set_cell(path, T1, "C8", "—", T1, "C9", "-", T1, "C10", "－", T1, "C11", None)
    got, report = check(path)
    assert got == BASELINE
    assert [report.t1.income_amount(x) for x in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入")] == [0] * 4
    sheet = read_workbook(path).sheets[T1]
    assert [sheet.value(r, 3) for r in (8, 9, 10, 11)] == ["—", "-", "－", None]


def test_text_in_a_form_money_field_is_not_a_number(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, "上年及预算对比", "B2", "约2730")
    got, messages = problems_and_messages(path)
    assert got == expected(("上年及预算对比!B2", "not-a-number"))
    assert "约2730" in messages["not-a-number"][0]


def test_bool_is_not_a_number(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, "上年及预算对比", "B2", True)
    assert problems_of(path) == expected(("上年及预算对比!B2", "not-a-number"))


def test_text_in_an_official_table_is_not_a_number(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, T2, "C8", "abc")  # 2013201 行政运行 本年收入合计
    # Only the cell itself: the sums it takes part in are not reported as mismatches on top
    assert problems_of(path) == expected((f"{T2}!C8", "not-a-number"))


def test_sums_are_checked_again_once_the_sheet_reads(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, T2, "C8", "1.00")  # a readable but wrong 本年收入合计
    assert problems_of(path) == expected((f"{T2}!C8", "total-mismatch"), (f"{T2}!C7", "total-mismatch"))


def test_negative_amount(make_workbook, problems_of):
    path = make_workbook(lambda d: d["上年及预算对比"].__setitem__("上年收入支出总计", "-2729.81"))
    assert problems_of(path) == expected(("上年及预算对比!B2", "negative-amount"))


def test_fraction_in_a_count_is_not_an_integer(make_workbook, problems_of):
    path = make_workbook(lambda d: d["单位信息"].__setitem__("在职人员（人）", 6.5))
    assert problems_of(path) == expected(("单位信息!B6", "not-an-integer"))


def test_integer_count_typed_as_float_or_text_is_fine(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, "单位信息", "B6", 65.0, "单位信息", "B8", " 1 ")
    got, report = check(path)
    assert got == BASELINE
    assert report.unit.staff_active == 65 and type(report.unit.staff_active) is int


def test_value_outside_the_choices_is_invalid(make_workbook, problems_of):
    path = make_workbook(lambda d: d["单位信息"].__setitem__("单位性质", "企业"))
    assert problems_of(path) == expected(("单位信息!B4", "invalid-choice"))


def test_formula_without_cached_value_is_reported_not_read_as_zero(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, "上年及预算对比", "B2", "=2000+729.81")  # openpyxl writes no cached value
    sheet = read_workbook(path).sheets["上年及预算对比"]
    assert sheet.value(2, 2) is None and (2, 2) in sheet.formulas_without_value
    v = validate(path)
    assert flat(v.problems) == expected(("上年及预算对比!B2", "formula-without-value"))
    assert v.report.compare.total_last is None  # unknown, not 0
    (message,) = [p.message for p in v.problems if p.code == "formula-without-value"]
    assert "Excel" in message and "WPS" in message


def test_formula_in_an_official_table_is_reported(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, T2, "C8", "=SUM(D8:I8)")
    # Reported at its cell, never read as 0 (the sums it is part of are not reported on top)
    assert problems_of(path) == expected((f"{T2}!C8", "formula-without-value"))


def test_number_typed_codes_are_read_as_codes(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, T2, "A8", 2013201,  # 科目编码 typed as a number
             "绩效自评项目", "A2", 1,  # 序号 as a number; the indicators say "1"
             "绩效自评指标", "A3", 1.0)
    assert problems_of(path) == BASELINE


# ---------------------------------------------------------------------------
# Official tables: codes, totals, rows


def test_bad_code(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, T2, "A8", "201320")  # six digits
    # the row is skipped, so its 款 20132 no longer adds up in the two non-zero columns
    assert problems_of(path) == expected(
        (f"{T2}!A8", "bad-code"), (f"{T2}!C7", "total-mismatch"), (f"{T2}!D7", "total-mismatch"))


def test_bad_economic_code(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, T6, "A6", "3010")  # was 30101 基本工资
    assert problems_of(path) == expected((f"{T6}!A6", "bad-code"), (f"{T6}!C5", "total-mismatch"))


def test_duplicate_code(make_workbook, problems_of):
    path = make_workbook(lambda d: d[T2].append(list(d[T2][-1])))
    assert problems_of(path) == expected((f"{T2}!A29", "duplicate-code"))


def test_duplicate_total(make_workbook, problems_of):
    path = make_workbook(lambda d: d[T2].append(list(d[T2][0])))
    # the later 合计 row is the one read: the example's 尾差 moves with it
    assert problems_of(path) == expected((f"{T2}!B29", "duplicate-total"), (f"{T2}!C29", "rounding-difference"),
                                         (f"{T2}!D29", "rounding-difference"), resolved=(f"{T2}!C5", f"{T2}!D5"))


def test_missing_total(make_workbook, problems_of):
    path = make_workbook(lambda d: d[T2].pop(0))
    assert problems_of(path) == expected((f"{T2}!B5", "missing-total"), resolved=(f"{T2}!C5", f"{T2}!D5"))


def test_missing_economic_total(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def drop_personnel_total(wb):
        for cell in ("A19", "B19", "C19"):
            wb[T6][cell] = None

    edit_workbook(path, drop_personnel_total)
    # nothing else: no "合计 0.00 ≠ Σ类" and no comparison with 公开05表 on a total that is not there
    assert problems_of(path) == expected((f"{T6}!A5", "missing-total"))


def test_missing_parent(make_workbook, problems_of):
    path = make_workbook(lambda d: d[T2].pop(2))  # 20132 组织事务; its four 项 move up to rows 7–10
    assert problems_of(path) == expected(*((f"{T2}!B{r}", "missing-parent") for r in (7, 8, 9, 10)))


def test_unknown_income_row(make_workbook, problems_of):
    path = make_workbook(lambda d: d[T1].append(["其他", "13", "5.00", "", "", ""]))
    assert problems_of(path) == expected((f"{T1}!A17", "unknown-row"))


def test_misspelt_income_row_suggests_the_label(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, T1, "A12", "其它收入")
    got, messages = problems_and_messages(path)
    assert got == expected(
        (f"{T1}!A12", "unknown-row"), (f"{T1}!A5", "missing-row"),
        (f"{T1}!C13", "total-mismatch"))  # 本年收入合计 now lacks the 142.20 of 其他收入
    assert "是否应为“其他收入”" in messages["unknown-row"][0]


def test_duplicate_income_row(make_workbook, problems_of):
    path = make_workbook(lambda d: d[T1].append(["事业收入", "5", "0.00", "", "", ""]))
    assert problems_of(path) == expected((f"{T1}!A17", "duplicate-row"))


def test_missing_income_row(make_workbook, problems_of):
    def drop(d):
        d[T1][9] = [""] * 6  # 使用非财政拨款结余 (0.00)

    path = make_workbook(drop)
    assert problems_of(path) == expected((f"{T1}!A5", "missing-row"))


def test_missing_expense_trailer_row(make_workbook, problems_of):
    def drop(d):
        d[T1][6][3:] = ["", "", ""]  # 结余分配 (0.00)

    path = make_workbook(drop)
    assert problems_of(path) == expected((f"{T1}!D5", "missing-row"))


def test_labels_are_compared_ignoring_width_and_spaces(make_workbook, set_cell, problems_of):
    path = make_workbook()
    set_cell(path, T1, "A5", " 一般公共预算 财政拨款收入 ",
             "财政拨款“三公”经费支出决算表", "A4", "合计 ")  # header rows are not read
    assert problems_of(path) == BASELINE


# ---------------------------------------------------------------------------
# 项目支出绩效自评 sheets


def test_indicator_of_an_unknown_project(make_workbook, problems_of):
    def add(d):
        d["绩效自评指标"].append(["99", "产出指标", "数量指标", "x", "=1", "=1", "10", "10", ""])

    path = make_workbook(add)
    assert problems_of(path) == expected(("绩效自评指标!A90", "unknown-project"))  # 88 indicators + header


def test_duplicate_project(make_workbook, problems_of):
    path = make_workbook(lambda d: d["绩效自评项目"].append(list(d["绩效自评项目"][-1])))
    assert problems_of(path) == expected(("绩效自评项目!A14", "duplicate-project"))


def test_project_without_indicators(make_workbook, problems_of):
    def add(d):
        row = list(d["绩效自评项目"][0])  # 8.00 / 8.00 / 8.00, 执行率 100 %, 得分 10
        row[0], row[1], row[-1] = "13", "新项目", "10"
        d["绩效自评项目"].append(row)

    path = make_workbook(add)
    assert problems_of(path) == expected(("绩效自评项目!B14", "missing-indicators"))


def test_renamed_project_column_is_reported_once(make_workbook, set_cell, problems_of):
    # even an optional column: the sheet cannot be read, but its indicators are not
    # then reported one by one as belonging to unknown projects
    path = make_workbook()
    set_cell(path, "绩效自评项目", "K1", "年初预算数-上年结转")
    # (no projects are checked, so the example's indicator-rate warning goes too)
    assert problems_of(path) == sorted([("绩效自评项目!K1", "missing-column")] +
                                       [(c, "rounding-difference") for c in ROUNDING_BASELINE])


def test_rows_exported_around_the_data_are_skipped(make_workbook, problems_of):
    """决算 software exports 栏次 rows and 注： footnotes with the data; they are not data."""

    def mutate(d):
        d["收入决算表"].insert(0, ["栏次", "", "1", "2", "3", "4", "5", "6", "7"])
        d["收入决算表"].append(["注：本表反映部门本年度取得的各项收入情况。", "", "", "", "", "", "", "", ""])
        d["收入支出决算总表"].append(["注：本表反映部门本年度的总收支和年末结转结余情况。", "", "", "", "", ""])

    # the 栏次 row moves 收入决算表's 合计 row (and its 尾差) down by one
    assert problems_of(make_workbook(mutate)) == expected(
        (f"{T2}!C6", "rounding-difference"), (f"{T2}!D6", "rounding-difference"), resolved=(f"{T2}!C5", f"{T2}!D5"))


def test_the_2024_label_of_nonfiscal_surplus_is_accepted(make_workbook, set_cell, problems_of):
    """The 2024 national layout writes 使用非财政拨款结余（含专用结余）: the same row."""
    path = make_workbook()
    set_cell(path, T1, "A14", "使用非财政拨款结余（含专用结余）")
    assert problems_of(path) == BASELINE
    row = load(path)[0].t1.income_row("使用非财政拨款结余")
    assert row is not None and str(row.ref) == f"{T1}!C14"
