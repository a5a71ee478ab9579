"""``pjgen import`` and what it prints (the command-line side of generator.importer): each
table and where it came from, the count of amounts placed (已放入 N / M 个非零金额), every amount
not placed with its cell, the 尾差 of rounding, and whether the target was written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from generator.cli_options import JsonOption
from generator.cli_output import console, err_console, failing

if TYPE_CHECKING:
    from generator.importer import ImportResult


def import_(
    export: Path = typer.Argument(..., help="决算软件导出（或单位保存）的报表工作簿 .xlsx", metavar="导出表"),
    into: Path = typer.Option(..., "--into", metavar="工作簿", help="要填入的 pjgen 工作簿（pjgen init 生成）"),
    replace: bool = typer.Option(False, "--replace", help="覆盖目标工作簿中已有数据的公开表"),
    allow_unplaced: bool = typer.Option(False, "--allow-unplaced",
                                        help="有金额无法放入时仍写入其余金额（未放入的照样逐个列出）"),
    as_json: JsonOption = False,
) -> None:
    """把导出报表中的公开01–09表填入工作簿：按表名、栏目名和栏次、科目编码和项目名称对应，元自动换算为万元。
    写入后读回核对：每个非零金额都放入对应单元格，否则逐个列出；有未放入的金额时不写入（退出码 1），除非加 --allow-unplaced。"""
    from generator.importer import import_tables

    with failing("import" if as_json else None, [into]):
        result = import_tables(export, into, replace, allow_unplaced)
    if as_json:
        from generator import report_json

        report_json.emit(report_json.import_report(into, export, result))
        if not result.saved:
            raise typer.Exit(1)
        return
    if not print_import(result, export, into):
        raise typer.Exit(1)


def print_import(result: ImportResult, export: Path, into: Path) -> bool:
    """Print the summary; False when the import failed (nothing written)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"从 {export.name} 导入"), expand=False)
    for head in ("公开表", "导出表中的工作表", "单位", "结果"):
        table.add_column(head, overflow="fold")
    for t in result.tables:
        unit = t.unit + ("（换算为万元）" if t.unit == "元" else "") + ("" if t.unit_stated else "（未注明，按万元）")
        lost = sum(1 for x in result.lost if x.where.startswith(f"{t.sheet}!"))
        if not t.written:
            done = Text(t.skipped, "yellow")
        elif lost:
            done = Text(f"{len(t.rows)} 行，{lost} 个金额未放入", "red")
        else:
            done = Text(f"{len(t.rows)} 行，金额全部放入", "green")
        table.add_row(f"{t.spec.code} {t.spec.name}", Text(t.sheet), unit, done)
    for spec in result.missing:
        table.add_row(f"{spec.code} {spec.name}", "（未找到）", "", Text("导出表中没有此表，未导入", "red"))
    console.print(table)
    for title, lines in (("未使用的工作表、栏目及其他说明", result.notes),
                         ("未放入的金额", [str(x) for x in result.lost]),
                         ("换算为万元（两位小数）产生的尾差", result.tail)):
        if lines:
            console.print(Text(f"{title}（{len(lines)} 处）：", "yellow"))
            for line in lines:
                console.print(Text(f"  {line}"))
    style = "green" if not result.lost else "bold red"
    console.print(Text(f"已放入 {result.placed} / {result.amounts} 个非零金额。", style))
    if not result.tables:
        err_console.print(Text("没有导入任何表。", "bold red"))
        return False
    if not result.saved:
        if result.lost:
            replace = "目标表已有数据的，加 --replace 覆盖；" if any(not t.written for t in result.tables) else ""
            err_console.print(Text(
                f"未写入 {into}：有 {len(result.lost)} 个金额无法放入（见上）。请核对导出表中列出的单元格；"
                f"{replace}确认可以不要这些金额时，加 --allow-unplaced 写入其余金额。", "bold red"))
        else:
            err_console.print(Text("没有导入任何表。", "bold red"))
        return False
    console.print(Text(f"已写入 {into}。请运行 pjgen check {into} 检查。"))
    return True
