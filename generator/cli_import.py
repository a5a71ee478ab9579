"""What `pjgen import` prints (the command-line side of generator.importer): each table and
where it came from, the count of amounts placed (已放入 N / M 个非零金额), every amount not
placed with its cell, the 尾差 of rounding, and whether the target was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from generator.importer import ImportResult


def print_import(console: Any, err_console: Any, result: ImportResult, export: Path, into: Path) -> bool:
    """Print the summary; False when the import failed (nothing written)."""
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
