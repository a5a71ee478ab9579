"""``pjgen packs``: the table of shipped and installed packs (a broken installed pack is a row
with its problems, never a crash) and the official fonts found; ``--check``/``--install`` of a
folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from generator.cli_output import console, err_console, error, fonts_line, text
from generator.problems import PjgenError

if TYPE_CHECKING:
    from rich.table import Table


def packs(
    check_dir: Optional[Path] = typer.Option(
        None, "--check", help="检查一个模板包文件夹：模板中的标记和 pack.toml", metavar="文件夹"),
    install_dir: Optional[Path] = typer.Option(
        None, "--install", help="检查一个模板包文件夹，没有问题时安装到本机的模板包文件夹，之后可用 --pack 名称 使用",
        metavar="文件夹"),
) -> None:
    """列出模板包（自带的和已安装的，及其位置）和找到的正式字体；--check 文件夹 检查自制的模板包，--install 文件夹 检查后安装。"""
    if check_dir is not None and install_dir is not None:
        error("--check 和 --install 只能用一个（--install 会先检查）。")
        raise typer.Exit(2)
    folder = check_dir if check_dir is not None else install_dir
    if folder is not None:
        ok = check_and_install(folder, install=install_dir is not None)
        if not ok:
            raise typer.Exit(1)
        return
    console.print(list_packs_table())
    from generator.places import user_packs_dir

    console.print(text(f"已安装的模板包存放在：{user_packs_dir()}（可用环境变量 PJGEN_PACKS 改用其他文件夹）"))
    console.print(text(fonts_line(None)))


def list_packs_table() -> Table:
    from rich.table import Table
    from rich.text import Text

    from generator.packstore import list_packs

    table = Table(title="模板包", expand=False)
    for head in ("名称（--pack）", "版本", "地区", "年度", "来源"):
        table.add_column(head, no_wrap=True)
    table.add_column("说明 / 位置", overflow="fold")
    for entry in list_packs():
        if entry.pack is None:
            shown = Text("模板包有误，不能使用：\n" + "\n".join(entry.problems) + f"\n{entry.folder}", "red")
            table.add_row(Text(entry.id), "", "", "", Text(entry.origin), shown)
            continue
        p = entry.pack
        about = Text(p.description)
        about.append(f"\n{entry.folder}", "dim")
        if entry.shadowed:
            about.append("\n与自带的模板包同名，不会被使用；请在 pack.toml 中另取 id 后重新安装。", "yellow")
        table.add_row(Text(p.id), Text(p.version), Text(p.region), str(p.year), Text(entry.origin), about)
    return table


def check_and_install(folder: Path, install: bool) -> bool:
    """``--check``: print every problem of the pack in ``folder``; ``--install``: then copy it into
    the installed packs. False when there were problems (nothing is installed)."""
    from generator.packcheck import check_pack

    findings = check_pack(folder)
    for f in findings:
        error(f)
    if findings:
        err_console.print(f"共 {len(findings)} 个问题。" + ("模板包未安装。" if install else ""))
        return False
    if not install:
        console.print(text(("✓", "green"), f" {folder}：模板包没有问题。"))
        return True
    from generator.packs import load_pack
    from generator.packstore import install_pack

    try:
        target = install_pack(folder)
    except PjgenError as exc:
        error(str(exc))
        return False
    pack = load_pack(target)
    console.print(text(("✓", "green"), f" 已安装模板包 {pack.id}（{pack.version} 版）到 {target}。"
                                f"使用：pjgen init --pack {pack.id} 工作簿.xlsx"))
    return True
