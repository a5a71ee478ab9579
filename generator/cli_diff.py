"""``pjgen diff``: the cells changed between two workbooks, then the sentences and table cells
of the document that change with them (inline: deletions red, insertions green)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from generator.cli_check import print_problems
from generator.cli_options import PackDirOption, PackOption, TemplateOption, chosen_pack
from generator.cli_output import console, err_console, failing, text

if TYPE_CHECKING:
    from rich.text import Text


def diff(
    old: Path = typer.Argument(..., help="原工作簿 .xlsx", metavar="原工作簿"),
    new: Path = typer.Argument(..., help="修改后的工作簿 .xlsx", metavar="新工作簿"),
    template: TemplateOption = None,
    pack: PackOption = None,
    pack_dir: PackDirOption = None,
) -> None:
    """比较两个工作簿：列出改动的单元格（工作表!单元格，原值 → 新值），以及文档中因此改变的句子和表格单元格。"""
    from rich.table import Table
    from rich.text import Text

    from generator.diff import compare_workbooks

    with failing():
        result = compare_workbooks(old, new, template, chosen_pack(pack, pack_dir))
    if not result.cells:
        console.print("两个工作簿的内容相同。")
    else:
        table = Table(title=f"改动的单元格（{len(result.cells)} 个）", expand=False)
        table.add_column("位置", no_wrap=True)
        table.add_column("原值", overflow="fold")
        table.add_column("新值", overflow="fold")
        for c in result.cells:
            table.add_row(Text(str(c.ref)), Text(c.old), Text(c.new))
        console.print(table)
    for label, v in (("原工作簿", result.old), ("新工作簿", result.new)):
        if not v.ok:
            print_problems(v)
            err_console.print(text((f"{label} {v.path.name} 有错误，无法生成文档进行比较。", "bold red")))
    if result.text is None:
        raise typer.Exit(1)
    if not result.text:
        console.print("文档内容没有变化。")
        return
    table = Table(title=f"文档中改变的内容（{len(result.text)} 处）", expand=False, show_lines=True)
    table.add_column("位置", overflow="fold", max_width=36)
    table.add_column("原文", overflow="fold")
    table.add_column("新文", overflow="fold")
    for t in result.text:
        if t.old is not None and t.new is not None:
            before, after = _marked(t.old, t.new)
        else:
            before = Text(t.old if t.old is not None else "（无）", style="red" if t.old is not None else "dim")
            after = Text(t.new if t.new is not None else "（无）", style="green" if t.new is not None else "dim")
        table.add_row(Text(t.where), before, after)
    console.print(table)


def _marked(old: str, new: str) -> tuple[Text, Text]:
    from rich.text import Text

    from generator.diff import inline_spans

    before, after = Text(), Text()
    for op, piece in inline_spans(old, new):
        if op == "=":
            before.append(piece)
            after.append(piece)
        elif op == "-":
            before.append(piece, style="bold red")
        else:
            after.append(piece, style="bold green")
    return before, after
