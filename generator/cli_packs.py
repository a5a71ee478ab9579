"""What ``pjgen packs`` prints: the table of shipped and installed packs (a broken installed
pack is a row with its problems, never a crash), and ``--check``/``--install`` of a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.problems import PjgenError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


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


def check_and_install(folder: Path, install: bool, out: Console, err: Console) -> bool:
    """``--check``: print every problem of the pack in ``folder``; ``--install``: then copy it into
    the installed packs. False when there were problems (nothing is installed)."""
    from rich.text import Text

    from generator.packcheck import check_pack

    findings = check_pack(folder)
    for f in findings:
        err.print(Text.assemble(("错误：", "bold red"), f))
    if findings:
        err.print(f"共 {len(findings)} 个问题。" + ("模板包未安装。" if install else ""))
        return False
    if not install:
        out.print(Text.assemble(("✓", "green"), f" {folder}：模板包没有问题。"))
        return True
    from generator.packs import load_pack
    from generator.packstore import install_pack

    try:
        target = install_pack(folder)
    except PjgenError as exc:
        err.print(Text.assemble(("错误：", "bold red"), str(exc)))
        return False
    pack = load_pack(target)
    out.print(Text.assemble(("✓", "green"), f" 已安装模板包 {pack.id}（{pack.version} 版）到 {target}。"
                            f"使用：pjgen init --pack {pack.id} 工作簿.xlsx"))
    return True
