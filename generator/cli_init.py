"""``pjgen init``: a blank workbook for a pack, or next year's workbook made from last year's
(``--from``)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from generator.cli_options import PackDirOption, chosen_pack
from generator.cli_output import console, error, failing, text


def init(
    path: Path = typer.Argument(..., help="新工作簿的路径，如 2024.xlsx", metavar="路径"),
    source: Optional[Path] = typer.Option(
        None, "--from", metavar="上年工作簿", help="上年工作簿：沿用其文字内容，并以其决算数填写上年数"),
    pack: Optional[str] = typer.Option(None, "--pack", help="模板包名称（pjgen packs 列出全部）；默认 xinjiang-2023",
                                       metavar="模板包"),
    pack_dir: PackDirOption = None,
) -> None:
    """生成空白工作簿（只含所选模板包需要的工作表和项目、表头、填写说明）。不会覆盖已有文件。"""
    import io

    from generator.output import create_new
    from generator.packs import choose_pack, workbook_meta
    from generator.printed import printed_by
    from generator.workbook import write_workbook

    if path.suffix.lower() != ".xlsx":
        error(f"文件名应以 .xlsx 结尾：{path}")
        raise typer.Exit(2)
    if source is not None:
        from generator.carry import carry_forward

        with failing():
            result = carry_forward(source, path, chosen_pack(pack, pack_dir))
        console.print(text(f"已根据 {source.name} 生成 {result.year} 年度工作簿：{path}。"))
        console.print(text(f"取自上年工作簿（上年决算数，check 时核对）：{'；'.join(result.carried)}。"))
        console.print(text(f"沿用上年内容（浅黄色单元格，需复核）：{'；'.join(result.review)}。"))
        console.print(text(f"本年数据请导入或填写（pjgen import 导出表.xlsx --into {path}），然后运行 pjgen check {path}。"))
        return
    chosen = chosen_pack(pack, pack_dir) or choose_pack({})
    buffer = io.BytesIO()
    write_workbook(buffer, meta=workbook_meta(chosen), selection=chosen.selection, printed=printed_by(chosen.template))
    with failing():
        create_new(path, buffer.getvalue())
    console.print(text(f"已生成空白工作簿：{path}（模板包 {chosen.id}）。填写后运行 pjgen check {path} 检查。"))
