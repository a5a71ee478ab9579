"""Verified placement: after writing, `pjgen import` reads back what it wrote and accounts for every
non-zero amount of the export — in its target cell, or named with the export's sheet!cell. The
count is printed (已放入 N / M 个非零金额); an amount not placed means nothing is written and exit 1,
unless --allow-unplaced. Losses the readers do not report themselves are still named: the
census is taken from the sheet, and the read-back from the written file."""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from generator import schema
from generator.cli import app
from generator.importer import import_tables
from generator.importer import place as place_module
from generator.importer import run as run_module
from generator.schema import TableShape

from conftest import example_data_dict
from import_support import add_table, amount_cols, expected_rows, fresh_target, table_rows, xinjiang_export

runner = CliRunner()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _nonzero_amounts() -> int:
    """The worked example's non-zero amounts in its nine tables, counted from its data."""
    data = example_data_dict()
    n = 0
    for spec in schema.OFFICIAL_TABLES:
        amounts = set(amount_cols(spec)) - ({1, 4} if spec.shape is TableShape.TWO_PANEL else set())
        for row in data[spec.name] or []:
            n += sum(1 for i, v in enumerate(row) if i in amounts and v != "" and Decimal(v) != 0)
    return n


def _t5_export(path: Path, extra: list[list[Any]] = ()) -> Path:  # type: ignore[assignment]
    wb = Workbook()
    wb.remove(wb.active)
    rows = [["", "合计", "30.00", "10.00", "20.00"], ["201", "一般公共服务支出", "30.00", "10.00", "20.00"],
            *extra]
    add_table(wb, schema.T5, rows)
    wb.save(path)
    return path


def test_the_summary_counts_every_nonzero_amount_of_the_export(tmp_path):
    target = fresh_target(tmp_path)
    export = xinjiang_export(tmp_path / "export.xlsx")
    result = runner.invoke(app, ["import", str(export), "--into", str(target)])
    assert result.exit_code == 0, result.output
    m = _nonzero_amounts()
    assert m > 200
    assert f"已放入 {m} / {m} 个非零金额" in result.output


def test_an_unplaced_amount_writes_nothing_and_exits_1_unless_allowed(tmp_path):
    target = fresh_target(tmp_path)
    wb = Workbook()
    wb.remove(wb.active)
    heads = [*schema.T5.header, "调整数"]
    add_table(wb, schema.T5, [["", "合计", "30.00", "10.00", "20.00", "5.00"],
                              ["201", "一般公共服务支出", "30.00", "10.00", "20.00", "5.00"]],
              heads=heads, tops=[*schema.T5.header_top, ("调整数", 1)], lanci=False)
    wb.save(tmp_path / "export.xlsx")
    before = _sha(target)
    result = runner.invoke(app, ["import", str(tmp_path / "export.xlsx"), "--into", str(target)])
    assert result.exit_code == 1
    assert "已放入 6 / 8 个非零金额" in result.output
    assert "一般公共预算财政拨款支出决算表!F5（5.00）：列“调整数”不是本表的栏目，未导入" in result.output
    assert "一般公共预算财政拨款支出决算表!F6（5.00）" in result.output and "未写入" in result.output
    assert _sha(target) == before
    result = runner.invoke(app, ["import", str(tmp_path / "export.xlsx"), "--into", str(target), "--allow-unplaced"])
    assert result.exit_code == 0 and "已写入" in result.output and "已放入 6 / 8 个非零金额" in result.output
    assert table_rows(target, schema.T5)[1] == ["201", "一般公共服务支出", Decimal("30.00"), Decimal("10.00"),
                                                Decimal("20.00")]


def test_a_repeated_code_with_another_amount_is_named_not_overwritten(tmp_path):
    target = fresh_target(tmp_path)
    export = _t5_export(tmp_path / "export.xlsx", [["201", "一般公共服务支出", "31.00", "10.00", "20.00"]])
    result = import_tables(export, target, allow_unplaced=True)
    assert [str(x) for x in result.lost] == [
        "一般公共预算财政拨款支出决算表!C8（31.00）：公开05表科目 201 已由 一般公共预算财政拨款支出决算表!C7 填入 30.00，"
        "同一单元格不覆盖，未导入"]
    assert table_rows(target, schema.T5)[1][2] == Decimal("30.00")
    assert len(table_rows(target, schema.T5)) == 2


def test_an_amount_in_yuan_not_placed_is_named_in_yuan(tmp_path):
    target = fresh_target(tmp_path)
    wb = Workbook()
    wb.remove(wb.active)
    add_table(wb, schema.T5, [["", "合计", "1.00", "1.00", ""], ["2O1", "编码写错", "1.00", "1.00", ""]], unit="元")
    wb.save(tmp_path / "export.xlsx")
    result = import_tables(tmp_path / "export.xlsx", target)
    assert str(result.lost[0]).startswith("一般公共预算财政拨款支出决算表!C7（10,000.00 元）：“2O1”不是科目编码")


def test_a_repeated_row_with_equal_amounts_is_the_same_figure(tmp_path):
    """A row a continuation page repeats: its amounts are in the target already, nothing is lost."""
    target = fresh_target(tmp_path)
    export = _t5_export(tmp_path / "export.xlsx", [["201", "一般公共服务支出", "30.00", "10.00", "20.00"]])
    result = import_tables(export, target)
    assert result.lost == [] and result.saved and (result.placed, result.amounts) == (9, 9)
    assert len(table_rows(target, schema.T5)) == 2


def test_a_row_a_reader_drops_without_saying_is_still_named(tmp_path, monkeypatch):
    """The census comes from the sheet, not from the readers: a reader losing a row in silence
    (a bug) shows as amounts not placed, with their cells."""
    target = fresh_target(tmp_path)
    export = _t5_export(tmp_path / "export.xlsx", [["208", "社会保障和就业支出", "1.00", "1.00", ""]])
    coded = place_module.Placer.coded
    monkeypatch.setattr(place_module.Placer, "coded", lambda self: [r for r in coded(self) if r[0] != "208"])
    before = _sha(target)
    result = import_tables(export, target)
    assert [(x.where, x.value) for x in result.lost] == [
        ("一般公共预算财政拨款支出决算表!C8", Decimal(1)), ("一般公共预算财政拨款支出决算表!D8", Decimal(1))]
    assert all("未能对应" in x.reason for x in result.lost)
    assert not result.saved and _sha(target) == before


def test_a_value_the_written_file_does_not_hold_is_named(tmp_path, monkeypatch):
    """The read-back: a write that puts another value in a cell is caught after writing."""
    target = fresh_target(tmp_path)
    export = _t5_export(tmp_path / "export.xlsx")
    write = run_module.replace_table_rows

    def damaged(path, tables):
        first, grid = tables[schema.T5.name]
        grid = [list(r) for r in grid]
        grid[1][3] = Decimal("10.01")
        return write(path, {**tables, schema.T5.name: (first, grid)})

    monkeypatch.setattr(run_module, "replace_table_rows", damaged)
    result = import_tables(export, target)
    assert [str(x) for x in result.lost] == [
        "一般公共预算财政拨款支出决算表!D7（10.00）：写入后读回，目标单元格与导出表不符，未放入"]
    assert not result.saved


# ---------------------------------------------------------------------------
# Property: shuffled rows, shifted columns, title rows


def _shuffled(spec, rows: list[list[str]], rnd: random.Random) -> list[list[str]]:
    if spec.shape is TableShape.CODED:
        total, body = rows[:1], rows[1:]
        rnd.shuffle(body)
        at = rnd.randrange(len(body) + 1)  # the 合计 row anywhere, as some exports print it last
        return body[:at] + total + body[at:]
    if spec.shape is TableShape.ECONOMIC:
        rows = list(rows)
        rnd.shuffle(rows)
        return rows
    return rows  # the two-panel tables pair income and expense on a row: order is the layout


def _by_code(rows: list[list[Any]]) -> list[list[Any]]:
    return sorted(rows, key=lambda r: [str(v) for v in r])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), shift=st.integers(0, 3), title_rows=st.integers(1, 4),
       blank_every=st.sampled_from([0, 2, 5]), lanci=st.booleans())
def test_shuffled_rows_shifted_columns_and_title_rows_place_every_amount(tmp_path_factory, seed, shift, title_rows,
                                                                        blank_every, lanci):
    folder = tmp_path_factory.mktemp("prop")
    rnd = random.Random(seed)
    data = example_data_dict()
    wb = Workbook()
    wb.remove(wb.active)
    for spec in schema.OFFICIAL_TABLES:
        add_table(wb, spec, _shuffled(spec, [list(r) for r in data[spec.name]], rnd), shift=shift,
                  title_rows=title_rows, blank_every=blank_every, lanci=lanci)
    wb.save(folder / "export.xlsx")
    target = fresh_target(folder)
    result = import_tables(folder / "export.xlsx", target)
    assert result.amounts == _nonzero_amounts()
    assert result.lost == [] and result.placed == result.amounts and result.saved
    for spec in schema.OFFICIAL_TABLES:
        assert _by_code(table_rows(target, spec)) == _by_code(expected_rows(spec)), spec.code


def test_a_table_the_target_already_fills_is_named_and_the_way_out_said(tmp_path):
    target = fresh_target(tmp_path)
    export = _t5_export(tmp_path / "export.xlsx")
    assert runner.invoke(app, ["import", str(export), "--into", str(target)]).exit_code == 0
    before = _sha(target)
    result = runner.invoke(app, ["import", str(export), "--into", str(target)])
    assert result.exit_code == 1 and _sha(target) == before
    assert "已放入 0 / 6 个非零金额" in result.output and "加 --replace 覆盖" in result.output
    result = runner.invoke(app, ["import", str(export), "--into", str(target), "--replace"])
    assert result.exit_code == 0 and "已放入 6 / 6 个非零金额" in result.output
